"""Writes of the review pages: the city's ranking weights and tie-break rule, and the unit's
written limitations (one transaction each, audited)."""

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
from qpdp.planning.models import RankingTieBreak, RankingWeight, WrittenLimitations
from qpdp.planning.services._common import check_commander, check_writer, cleaned


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """The weight of each indicator (by code) in ``unit``'s ranking of its wards for ``year``,
    and the indicator that orders equal scores (None: equal scores stay ties)."""

    unit: Unit
    year: int
    weights: Mapping[str, Decimal]
    tie_break: str | None


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
    if entry.tie_break is not None and entry.tie_break not in declared:
        unknown.append(entry.tie_break)
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
    return changed + _set_tie_break(user, entry)


def _set_tie_break(user: AnyUser, entry: RankingWeights) -> int:
    """Store, change or clear the tie-break rule; 1 when it changed."""
    row = RankingTieBreak.objects.filter(unit=entry.unit, year=entry.year).first()
    code = entry.tie_break
    if code is None:
        if row is None:
            return 0
        audit.delete_audited(user, row, entry.unit)
    elif row is None:
        new = RankingTieBreak(unit=entry.unit, year=entry.year, indicator_code=code)
        audit.create_audited(user, new, entry.unit)
    elif row.indicator_code != code:
        audit.update_audited(user, row, entry.unit, {"indicator_code": code})
    else:
        return 0
    return 1


@dataclass(frozen=True, slots=True)
class Limitations:
    """The "Tồn tại, hạn chế" ``unit``'s officer wrote for ``year``; blank text goes back to the
    section generated from the figures."""

    unit: Unit
    year: int
    text: str


@transaction.atomic
def set_limitations(user: AnyUser, entry: Limitations) -> WrittenLimitations | None:
    """Store, change or clear the unit's written limitations (staff and commanders of a unit in
    scope write the report's text; leaders read it)."""
    check_writer(user, entry.unit)
    text = cleaned({"text": entry.text})["text"]
    row = WrittenLimitations.objects.filter(unit=entry.unit, year=entry.year).first()
    if not text:
        if row is not None:
            audit.delete_audited(user, row, entry.unit)
        return None
    if row is None:
        new = WrittenLimitations(unit=entry.unit, year=entry.year, text=text)
        return audit.create_audited(user, new, entry.unit)
    if row.text != text:
        audit.update_audited(user, row, entry.unit, {"text": text})
    return row
