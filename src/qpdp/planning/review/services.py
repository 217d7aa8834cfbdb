"""Writes of the review pages: the city's ranking weights (one transaction, audited)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core import audit, indicators
from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.models import RankingWeight
from qpdp.planning.services._common import check_commander


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """The weight of each indicator (by code) in ``unit``'s ranking of its wards for ``year``."""

    unit: Unit
    year: int
    weights: Mapping[str, Decimal]


@transaction.atomic
def set_weights(user: AnyUser, entry: RankingWeights) -> int:
    """Replace the unit's ranking weights for the year; returns how many changed.

    Only the unit's commander sets them (they decide the emulation ranking of its wards).
    Every declared indicator gets a row, so the weights once saved no longer follow the
    defaults (``ranking.default_weights``) when indicators are added later.
    """
    unit, year, weights = entry.unit, entry.year, entry.weights
    check_commander(user, unit)
    declared = {i.code for i in indicators.all_indicators()}
    unknown = sorted(set(weights) - declared)
    if unknown:
        raise ValidationError(
            _("Không có chỉ số: %(codes)s.") % {"codes": ", ".join(unknown)},
            code=ErrorCode.INDICATOR_UNKNOWN,
        )
    if any(w < 0 for w in weights.values()):
        raise ValidationError(_("Trọng số không được âm."), code=ErrorCode.WEIGHT_NEGATIVE)
    existing = {w.indicator_code: w for w in RankingWeight.objects.filter(unit=unit, year=year)}
    changed = 0
    for code, weight in weights.items():
        row = existing.get(code)
        if row is None:
            row = RankingWeight.objects.create(
                unit=unit, year=year, indicator_code=code, weight=weight
            )
            audit.record(user, audit.Action.CREATE, row, after=audit.snapshot(row), unit=unit)
            changed += 1
        elif row.weight != weight:
            before = audit.snapshot(row)
            row.weight = weight
            row.save(update_fields=["weight"])
            audit.record(
                user, audit.Action.UPDATE, row, before=before, after=audit.snapshot(row), unit=unit
            )
            changed += 1
    return changed
