"""Targets handed down from a unit to its children, checked against the parent's own target
(``rules.check_shares``: a count may not be over-shared, a shortfall is a warning)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core import indicators
from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.planning import rules
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.figures import children_in_year, is_rate, target_code, targets_for
from qpdp.planning.models import Target
from qpdp.planning.services._common import account, check_commander, create, delete, update


@dataclass(frozen=True, slots=True)
class TargetKind:
    """A target that can be set: the code ``Target.indicator_code`` holds and how to read it."""

    code: str
    label: Any
    unit_of_measure: Any
    rate: bool
    better: str


def target_kinds() -> list[TargetKind]:
    """Every target the registry measures something against, in declaration order. Its label
    is that of the indicator with the same code, else of the first indicator measured by it."""
    declared = {i.code: i for i in indicators.all_indicators()}
    kinds: dict[str, TargetKind] = {}
    for indicator in declared.values():
        code = target_code(indicator)
        if code in kinds:
            continue
        named = declared.get(code, indicator)
        kinds[code] = TargetKind(
            code, named.label, named.unit_of_measure, is_rate(named), named.better
        )
    return list(kinds.values())


def target_checks(
    parent: Unit, year: int, codes: Sequence[str] | None = None
) -> list[rules.TargetCheck]:
    """The findings of comparing ``parent``'s targets with those it handed to its children."""
    children = children_in_year(parent, year)
    if not children:
        return []
    values = targets_for([parent, *children], year)
    found = []
    for kind in target_kinds():
        if codes is not None and kind.code not in codes:
            continue
        shares = [values[(c.pk, kind.code)] for c in children if (c.pk, kind.code) in values]
        check = rules.check_shares(
            parent.label,
            values.get((parent.pk, kind.code)),
            shares,
            rate=kind.rate,
            better=kind.better,
            label=str(kind.label),
        )
        if check is not None:
            found.append(check)
    return found


@dataclass(frozen=True, slots=True)
class TargetChanges:
    """Targets for ``year`` of ``unit`` and its children: (unit id, target code) → value, None
    to remove one."""

    unit: Unit
    year: int
    values: Mapping[tuple[int, str], Decimal | None]


@transaction.atomic
def set_targets(user: AnyUser, changes: TargetChanges) -> list[str]:
    """Set the year's targets of the unit and its children; return the warnings. Refuses as a
    whole, with every reason, if a count would be over-shared between the children of the unit
    or between the unit and its siblings."""
    unit, year, values = changes.unit, changes.year, changes.values
    members = {u.pk: u for u in [unit, *children_in_year(unit, year)]}
    known = {kind.code for kind in target_kinds()}
    existing = {
        (t.unit_id, t.indicator_code): t
        for t in Target.objects.filter(unit__in=list(members), year=year)
    }
    changed_codes: set[str] = set()
    for (unit_id, code), value in values.items():
        member = members.get(unit_id)
        if member is None:
            raise ValidationError(
                _("Chỉ giao chỉ tiêu cho %(unit)s và các đơn vị trực thuộc trong năm %(year)s.")
                % {"unit": unit.label, "year": year},
                code=ErrorCode.TARGET_UNIT_OUTSIDE,
            )
        if code not in known:
            raise ValidationError(
                _("Không có chỉ tiêu mã %(code)s.") % {"code": code}, code=ErrorCode.TARGET_UNKNOWN
            )
        if value is not None and value < 0:
            raise ValidationError(_("Chỉ tiêu không được âm."), code=ErrorCode.TARGET_NEGATIVE)
        target = existing.get((unit_id, code))
        if target is None and value is None:
            continue
        if target is not None and value is not None and target.value == value:
            continue
        check_commander(user, member)
        changed_codes.add(code)
        if value is None:
            assert target is not None
            delete(user, target, member)
        elif target is None:
            create(
                user,
                Target(
                    unit=member, year=year, indicator_code=code, value=value, set_by=account(user)
                ),
                member,
            )
        else:
            update(user, target, member, {"value": value, "set_by": account(user)})
    if not changed_codes:
        return []
    codes = sorted(changed_codes)
    findings = target_checks(unit, year, codes)
    if unit.parent is not None:
        findings += target_checks(unit.parent, year, codes)
    refused = [f.message for f in findings if f.refused]
    if refused:
        raise ValidationError(
            [ValidationError(message, code=ErrorCode.TARGET_OVER_SHARED) for message in refused]
        )
    return [f.message for f in findings]


def carry_targets(
    targets: Sequence[Target], mapping: Mapping[int, Unit], year: int, user: AnyUser
) -> list[Target]:
    """Next year's targets from this year's, each moved to the unit that took over its unit.

    Targets of units merged into one are combined: counts add up (the new ward inherits the
    shares of the wards it replaced); a rate keeps the most demanding value. Units that already
    have a target for the year keep it.
    """
    rates = {kind.code: kind for kind in target_kinds()}
    combined: dict[tuple[int, str], Decimal] = {}
    owners: dict[int, Unit] = {}
    for target in targets:
        successor = mapping.get(target.unit_id)
        if successor is None:
            continue
        key = (successor.pk, target.indicator_code)
        owners[successor.pk] = successor
        kind = rates.get(target.indicator_code)
        if key not in combined:
            combined[key] = target.value
        elif kind is not None and kind.rate:
            pick = max if kind.better == "higher" else min
            combined[key] = pick(combined[key], target.value)
        else:
            combined[key] += target.value
    taken = set(
        Target.objects.filter(unit__in=list(owners), year=year).values_list(
            "unit_id", "indicator_code"
        )
    )
    by_unit: dict[int, list[Target]] = defaultdict(list)
    for (unit_id, code), value in combined.items():
        if (unit_id, code) not in taken:
            by_unit[unit_id].append(
                Target(
                    unit=owners[unit_id],
                    year=year,
                    indicator_code=code,
                    value=value,
                    note=_("Chuyển từ chỉ tiêu năm %(year)s") % {"year": year - 1},
                    set_by=account(user),
                )
            )
    return [t for rows in by_unit.values() for t in rows]
