"""Military-service indicators for the dashboard and the year-end review (domain brief §10).

A cycle belongs to the period that holds its handover date ("tuyển quân năm 2022" is the
intake handed over in February 2022); first registrations belong to the period holding their
registration date. Each figure is one grouped query over the unit paths (``subtree_totals``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    HealthResult,
    Outcome,
    Quota,
    Registration,
)
from qpdp.conscription.rules import DecisionKind
from qpdp.core.indicators import (
    Compute,
    Indicator,
    People,
    Source,
    Value,
    covered_by,
    in_subtrees,
    kept_since,
    ratio_of,
    register,
    rows_in,
    subtree_totals,
)
from qpdp.core.units import SEGMENT, Unit
from qpdp.people.choices import EducationLevel
from qpdp.people.models import Person

PEOPLE = _("người")
PERCENT = _("%")
CITIZENS = _("công dân")
SECTION = "recruitment"  # planning.Section.RECRUITMENT: the plan's area these figures report in
FIRST_REGISTRATION_AGE = 17  # Art. 16.1: men who turn 17 in the year

Rows = Callable[[dt.date, dt.date], QuerySet]  # the registry rows one figure counts


def _in_period(start: dt.date, end: dt.date) -> Q:
    return Q(cycle__handover_date__gte=start, cycle__handover_date__lte=end)


def quota(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """The number each unit was assigned (Art. 34): its own quota where it has one, else the sum
    of the highest quotas below it, so a city's figure is never its own plus its wards'.

    One query returns the quotas in the subtrees; each quota counts for the units between it and
    the nearest quota above it (exclusive), which is a walk up its path, not a join per unit.
    """
    if not units:
        return {}
    rows = list(
        Quota.objects.filter(_in_period(start, end), in_subtrees(units, "unit__path"))
        .order_by()
        .values_list("cycle_id", "unit__path", "number")
    )
    paths_by_cycle: dict[int, set[str]] = defaultdict(set)
    for cycle_id, path, _number in rows:
        paths_by_cycle[cycle_id].add(path)
    wanted: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        wanted[unit.path].append(unit.pk)
    totals: dict[int, Value] = dict.fromkeys((u.pk for u in units), 0)
    for cycle_id, path, number in rows:
        quota_paths = paths_by_cycle[cycle_id]
        above = max(
            (end_ for end_ in range(SEGMENT, len(path), SEGMENT) if path[:end_] in quota_paths),
            default=0,
        )
        for end_ in range(above + SEGMENT, len(path) + 1, SEGMENT):
            for pk in wanted.get(path[:end_], ()):
                totals[pk] += number
    return totals


def _cycles(start: dt.date, end: dt.date) -> QuerySet[CallUpCycle]:
    return CallUpCycle.objects.filter(handover_date__gte=start, handover_date__lte=end)


# A cycle's figures exist only where a cycle handed over in the period: a year without one has no
# quota and no handover, not a quota of 0.
IN_CYCLES = covered_by(_cycles, "unit__path")
_KEPT_REGISTERS = kept_since(Source(Registration, "registered_on"))


def _registered(units: Sequence[Unit], start: dt.date, end: dt.date) -> set[int]:
    """First registrations are recorded where a cycle ran that year (its registration day) or
    the register was kept from an earlier registration on."""
    return IN_CYCLES(units, start, end) | _KEPT_REGISTERS(units, start, end)


def _handed_over_orders(start: dt.date, end: dt.date) -> QuerySet[CallUpOrder]:
    return CallUpOrder.objects.filter(_in_period(start, end), outcome=Outcome.HANDED_OVER)


def _first_registrations(start: dt.date, end: dt.date) -> QuerySet[Registration]:
    return Registration.objects.filter(
        registered_on__gte=start,
        registered_on__lte=end,
        person__birth_date__year=ExtractYear("registered_on") - FIRST_REGISTRATION_AGE,
    )


def _handed_over_fit(start: dt.date, end: dt.date) -> QuerySet[CallUpOrder]:
    fit = HealthResult.objects.filter(
        cycle=OuterRef("cycle"),
        person=OuterRef("person"),
        kind=HealthKind.EXAMINATION,
        health_class__lte=2,
    )
    return _handed_over_orders(start, end).filter(Exists(fit))


def _handed_over_graduates(start: dt.date, end: dt.date) -> QuerySet[CallUpOrder]:
    return _handed_over_orders(start, end).filter(
        person__education_level__gte=EducationLevel.COLLEGE
    )


def _handed_over_party_members(start: dt.date, end: dt.date) -> QuerySet[CallUpOrder]:
    return _handed_over_orders(start, end).filter(person__party_member=True)


def _decided(kind: str) -> Rows:
    def rows(start: dt.date, end: dt.date) -> QuerySet[Decision]:
        return Decision.objects.filter(_in_period(start, end), kind=kind, decided_on__isnull=False)

    return rows


def _counted(rows: Rows, *, distinct_people: bool = False) -> Compute:
    """The figure of a row set: one grouped count over the unit paths."""
    aggregate = Count("person", distinct=True) if distinct_people else Count("pk")

    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        return subtree_totals(units, rows(start, end), aggregate=aggregate)

    compute.__doc__ = rows.__doc__
    return compute


def _people(rows: Rows) -> People:
    """The people behind a row set's figure for one unit: the same rows, drilled into."""

    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=rows_in(unit, rows(start, end)).values("person"))

    return people


handed_over = _counted(_handed_over_orders)
handed_over.__doc__ = "Citizens handed over to the army (giao quân), by the commune of their order."
first_registrations = _counted(_first_registrations)
first_registrations.__doc__ = """First registrations (Art. 16) made in the period by citizens in
the year they turn 17, by the unit where they registered."""
handed_over_fit = _counted(_handed_over_fit)
handed_over_fit.__doc__ = "Handed over with health class 1 or 2 at the cycle's examination."
handed_over_graduates = _counted(_handed_over_graduates)
handed_over_graduates.__doc__ = "Handed over holding a college (cao đẳng) degree or higher."
handed_over_party_members = _counted(_handed_over_party_members)
handed_over_party_members.__doc__ = "Handed over who are members of the Communist Party."
deferrals = _counted(_decided(DecisionKind.DEFERRAL), distinct_people=True)
deferrals.__doc__ = "Citizens granted a deferral (tạm hoãn, Art. 41.1) in the period's cycles."
exemptions = _counted(_decided(DecisionKind.EXEMPTION), distinct_people=True)
exemptions.__doc__ = "Citizens granted an exemption (miễn, Art. 41.2) in the period's cycles."


def completion(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Handed over ÷ quota, in per cent to one decimal (brief §10.1); absent without a quota."""
    return ratio_of(handed_over(units, start, end), quota(units, start, end))


register(
    Indicator(
        "conscription.quota",
        _("Chỉ tiêu gọi công dân nhập ngũ"),
        PEOPLE,
        quota,
        section=SECTION,
        description=_("Số lượng gọi công dân nhập ngũ được giao (Điều 34 Luật NVQS)."),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.handed_over",
        _("Số công dân đã giao quân"),
        PEOPLE,
        handed_over,
        section=SECTION,
        target_code="conscription.quota",
        people=_people(_handed_over_orders),
        task=_("Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ"),
        counted=CITIZENS,
        verb=_("giao"),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.completion",
        _("Tỷ lệ hoàn thành chỉ tiêu giao quân"),
        PERCENT,
        completion,
        section=SECTION,
        target_code="conscription.completion",
        people=_people(_handed_over_orders),
        description=_("Số đã giao quân chia cho chỉ tiêu được giao."),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.first_registrations",
        _("Số công dân nam đủ 17 tuổi đăng ký nghĩa vụ quân sự lần đầu"),
        PEOPLE,
        first_registrations,
        section=SECTION,
        people=_people(_first_registrations),
        task=_("Đăng ký nghĩa vụ quân sự lần đầu cho công dân nam đủ 17 tuổi"),
        counted=CITIZENS,
        verb=_("đăng ký"),
        description=_("Đăng ký lần đầu trong kỳ, của công dân đủ 17 tuổi trong năm (Điều 16)."),
        recorded=_registered,
    )
)
register(
    Indicator(
        "conscription.handed_over_health_1_2",
        _("Số giao quân có sức khỏe loại 1, loại 2"),
        PEOPLE,
        handed_over_fit,
        section=SECTION,
        people=_people(_handed_over_fit),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.handed_over_graduates",
        _("Số giao quân có trình độ cao đẳng, đại học"),
        PEOPLE,
        handed_over_graduates,
        section=SECTION,
        people=_people(_handed_over_graduates),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.handed_over_party_members",
        _("Số giao quân là đảng viên"),
        PEOPLE,
        handed_over_party_members,
        section=SECTION,
        people=_people(_handed_over_party_members),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.deferrals",
        _("Số công dân được tạm hoãn gọi nhập ngũ"),
        PEOPLE,
        deferrals,
        section=SECTION,
        better="lower",
        people=_people(_decided(DecisionKind.DEFERRAL)),
        recorded=IN_CYCLES,
    )
)
register(
    Indicator(
        "conscription.exemptions",
        _("Số công dân được miễn gọi nhập ngũ"),
        PEOPLE,
        exemptions,
        section=SECTION,
        better="lower",
        people=_people(_decided(DecisionKind.EXEMPTION)),
        recorded=IN_CYCLES,
    )
)
