"""Cycles and their quotas, assigned top-down through the levels of the cycle's regime
(Art. 34.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, HandoverAdjustment, Quota
from qpdp.conscription.services._common import _check_in_cycle, _create, _update
from qpdp.conscription.services.completion import handed_over_count
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.units import Unit, UnitKind


@transaction.atomic
def create_cycle(
    user: AnyUser,
    *,
    unit: Unit,
    year: int,
    handover_date: dt.date,
    sequence: int = 1,
    list_date: dt.date | None = None,
    registration_date: dt.date | None = None,
    exam_start: dt.date | None = None,
    exam_end: dt.date | None = None,
    calls_women: bool = False,
    handover_adjustment: str = HandoverAdjustment.NONE,
    handover_adjustment_reason: str = "",
) -> CallUpCycle:
    """A cycle run by ``unit`` (the city before 07/2025, the province since) for ``year``;
    ``calls_women`` when the army needs women who volunteer (Art. 6.2).

    Default dates follow the law: list on 1 January, registration in April (Art. 16), health
    examination 1 November – 31 December of the year before the handover (Art. 40.5); the
    handover is in February or March (Art. 33). A second call is exempt from both (its dates
    are the Prime Minister's); a first call moved by a disaster or dangerous epidemic names the
    adjustment and its reason (Art. 33), which also frees its examination days.
    """
    check_unit_writable(user, unit)
    reason = handover_adjustment_reason.strip()
    if bool(handover_adjustment) != bool(reason):
        raise ValidationError(
            _(
                "Điều chỉnh thời gian giao quân phải ghi cả nguyên nhân (thảm họa thiên tai, "
                "dịch bệnh nguy hiểm) và lý do (Điều 33 Luật Nghĩa vụ quân sự)."
            ),
            code=ErrorCode.HANDOVER_ADJUSTMENT_INCOMPLETE,
        )
    if handover_date.year != year:
        raise ValidationError(
            _("Ngày giao quân phải thuộc năm gọi nhập ngũ %(year)s.") % {"year": year},
            code=ErrorCode.HANDOVER_DATE_YEAR,
        )
    try:
        regime = rules.cycle_regime(handover_date)
    except rules.NoRuleInForce as exc:
        raise ValidationError(
            _("Ngày giao quân trước ngày Luật Nghĩa vụ quân sự 2015 có hiệu lực (01/01/2016)."),
            code=ErrorCode.HANDOVER_BEFORE_LAW,
        ) from exc
    adjusted = bool(handover_adjustment)
    rules.validate_handover_date(handover_date, second_call=sequence > 1, adjusted=adjusted)
    owners = regime.quota_chain[:-1]
    if unit.kind not in owners or not unit.is_valid_on(handover_date):
        raise ValidationError(
            _(
                "Đợt tuyển quân năm %(year)s do đơn vị cấp %(levels)s còn hiệu lực vào ngày giao "
                "quân chủ trì (Điều 34 Luật Nghĩa vụ quân sự)."
            )
            % {"year": year, "levels": ", ".join(str(UnitKind(k).label) for k in owners)},
            code=ErrorCode.CYCLE_UNIT_LEVEL,
        )
    exam_from, exam_to = rules.exam_window(year - 1)
    exam_start, exam_end = exam_start or exam_from, exam_end or exam_to
    if sequence == 1 and not adjusted:
        rules.validate_exam_period(year, exam_start, exam_end)
    cycle = CallUpCycle(
        unit=unit,
        year=year,
        sequence=sequence,
        handover_date=handover_date,
        list_date=list_date or dt.date(year - 1, 1, 1),
        registration_date=registration_date or dt.date(year - 1, 4, 1),
        exam_start=exam_start,
        exam_end=exam_end,
        calls_women=calls_women,
        handover_adjustment=handover_adjustment,
        handover_adjustment_reason=reason,
    )
    return _create(user, cycle, unit)


def quota_levels(cycle: CallUpCycle) -> tuple[str, ...]:
    """The unit kinds quotas pass through in this cycle, from its owner down (Art. 34.3):
    district → commune for a city's cycle before 07/2025, province → commune since."""
    chain = cycle.regime.quota_chain
    kind = cycle.unit.kind
    return chain[chain.index(kind) :] if kind in chain else chain


def _quota_parent(unit: Unit, levels: Sequence[str], units: dict[int, Unit]) -> Unit | None:
    """The ancestor one level up the cycle's chain (a ward's district, or its province since
    07/2025); ``units`` holds the ancestors by id."""
    index = levels.index(unit.kind) if unit.kind in levels else 0
    if index == 0:
        return None
    for ancestor_id in reversed(unit.ancestor_ids()[:-1]):
        ancestor = units.get(ancestor_id)
        if ancestor is not None and ancestor.kind == levels[index - 1]:
            return ancestor
    return None


@transaction.atomic
def assign_quota(
    user: AnyUser, cycle: CallUpCycle, unit: Unit, number: int, *, assigned_on: dt.date
) -> Quota:
    """Set (or change) the number ``unit`` must call in ``cycle``.

    Top-down (Art. 34.3): the owner first, then each level from its parent's quota. Never below
    what the unit has already handed over: the handover is a fact that stands.
    """
    check_unit_writable(user, unit)
    levels = quota_levels(cycle)
    if unit.kind not in levels:
        raise ValidationError(
            _("Theo quy định áp dụng cho đợt này, chỉ tiêu chỉ giao cho: %(levels)s.")
            % {"levels": ", ".join(str(UnitKind(k).label) for k in levels)},
            code=ErrorCode.QUOTA_LEVEL,
        )
    _check_in_cycle(cycle, unit)
    if number < 0:
        raise ValidationError(_("Chỉ tiêu không được âm."), code=ErrorCode.QUOTA_NEGATIVE)
    ancestors = {u.pk: u for u in unit.ancestors()}
    parent = _quota_parent(unit, levels, ancestors)
    if parent is not None and not Quota.objects.filter(cycle=cycle, unit=parent).exists():
        raise ValidationError(
            _("Phải giao chỉ tiêu cho %(parent)s trước khi giao cho %(unit)s.")
            % {"parent": parent.label, "unit": unit.label},
            code=ErrorCode.QUOTA_PARENT_FIRST,
        )
    handed = handed_over_count(cycle, [unit])
    if number < handed:
        raise ValidationError(
            _("Chỉ tiêu %(number)s thấp hơn số đã giao quân (%(handed)s).")
            % {"number": number, "handed": handed},
            code=ErrorCode.QUOTA_BELOW_HANDED_OVER,
        )
    existing = Quota.objects.filter(cycle=cycle, unit=unit).first()
    if existing is not None:
        return _update(user, existing, unit, number=number, assigned_on=assigned_on)
    return _create(
        user, Quota(cycle=cycle, unit=unit, number=number, assigned_on=assigned_on), unit
    )


@dataclass(frozen=True, slots=True)
class QuotaMismatch:
    """A parent whose quota differs from its children's total: shown as a warning."""

    parent: Unit
    parent_number: int
    children_total: int

    def __str__(self) -> str:
        return _(
            "Tổng chỉ tiêu giao cho các đơn vị thuộc %(unit)s là %(children)s, khác chỉ tiêu "
            "được giao %(parent)s."
        ) % {
            "unit": self.parent.label,
            "children": self.children_total,
            "parent": self.parent_number,
        }


def quota_mismatches(cycle: CallUpCycle) -> list[QuotaMismatch]:
    """Units whose quota differs from the sum of their children's one level down the chain
    (a warning, not a refusal: quotas are assigned over several days). A unit above the commune
    level with no child quota yet counts its children as 0."""
    levels = quota_levels(cycle)
    quotas = list(cycle.quotas.select_related("unit").order_by("unit__path"))
    ancestor_ids = {pk for quota in quotas for pk in quota.unit.ancestor_ids()}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ancestor_ids)}
    totals = {q.unit_id: 0 for q in quotas if q.unit.kind != levels[-1]}
    for quota in quotas:
        parent = _quota_parent(quota.unit, levels, units)
        if parent is not None and parent.pk in totals:
            totals[parent.pk] += quota.number
    return [
        QuotaMismatch(quota.unit, quota.number, totals[quota.unit_id])
        for quota in quotas
        if quota.unit_id in totals and totals[quota.unit_id] != quota.number
    ]
