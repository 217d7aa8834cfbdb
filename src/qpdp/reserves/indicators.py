"""Reserve-force indicators for the dashboard, the ranking and the year-end review (section
"reserves").

Soldiers count in the commune or agency that registered them, as on the last day of the period;
assignments and authorised strength in the locality that builds the reserve unit; drill turnout
in the soldier's commune, over the drills that start within the period. One grouped query over
the unit paths per figure (two for a ratio of two registers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from qpdp.core.indicators import (
    Compute,
    Indicator,
    People,
    Source,
    Value,
    kept_since,
    per_unit,
    ratio_of,
    register,
    rows_in,
    subtree_figures,
    subtree_totals,
    subtree_unit_figures,
)
from qpdp.core.periods import in_force_on
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.reserves.models import Assignment, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import Category

SECTION = "reserves"  # planning.Section.RESERVES
SOLDIER_PATH = "unit__path"
ASSIGNMENT_PATH = "reserve_unit__unit__path"
SUMMONS_PATH = "soldier__unit__path"
# The register is kept from its first soldier or reserve unit on: before, no figure rather than 0.
KEPT = kept_since(Source(ReserveSoldier, "registered_on"), Source(ReserveUnit, "established_on"))
PEOPLE = _("người")
PERCENT = _("%")
COMRADES = _("đồng chí")


def in_reserve(end: dt.date) -> QuerySet[ReserveSoldier]:
    return ReserveSoldier.objects.filter(in_force_on(end, "registered_on", "transferred_out_on"))


def assigned(end: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(in_force_on(end, "assigned_on", "ended_on"))


def _summonses(start: dt.date, end: dt.date) -> QuerySet[Summons]:
    return Summons.objects.filter(drill__starts_on__gte=start, drill__starts_on__lte=end)


def _of_category(category: str) -> Callable[[dt.date], QuerySet[ReserveSoldier]]:
    def rows(end: dt.date) -> QuerySet[ReserveSoldier]:
        return in_reserve(end).filter(category=category)

    return rows


def _count(rows: Callable[[dt.date], QuerySet], path: str) -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        return subtree_totals(units, rows(end), path_field=path, aggregate=Count("pk"))

    return compute


def _people(rows: Callable[[dt.date], QuerySet], path: str, person: str) -> People:
    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=rows_in(unit, rows(end), path).values(person))

    return people


category_one = _count(_of_category(Category.ONE), SOLDIER_PATH)
category_two = _count(_of_category(Category.TWO), SOLDIER_PATH)
assigned_count = _count(assigned, ASSIGNMENT_PATH)


def _active_units(end: dt.date) -> QuerySet[ReserveUnit]:
    return ReserveUnit.objects.filter(in_force_on(end, "established_on", "dissolved_on"))


def authorised_strength(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Authorised strength of the reserve units in being on the last day of the period."""
    return subtree_totals(units, _active_units(end), aggregate=Sum("authorised_strength"))


def staffing(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Soldiers assigned ÷ authorised strength, in per cent (above 100 within the 10–15% spare
    of Reserve Law Art. 15.2); both in one query."""
    figures = subtree_unit_figures(
        units,
        {
            "assigned": per_unit(assigned(end), "reserve_unit__unit", Count("pk")),
            "strength": per_unit(_active_units(end), "unit", Sum("authorised_strength")),
        },
    )
    return ratio_of(figures["assigned"], figures["strength"])


def speciality_match(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Assignments in the unit's own military speciality ÷ all assignments (Art. 16.1)."""
    figures = subtree_figures(
        units,
        assigned(end),
        path_field=ASSIGNMENT_PATH,
        aggregates={"match": Count("pk", filter=Q(speciality_matched=True)), "all": Count("pk")},
    )
    return ratio_of(figures["match"], figures["all"])


def drill_turnout(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Soldiers who reported ÷ soldiers summoned, over the drills starting in the period."""
    figures = subtree_figures(
        units,
        _summonses(start, end),
        path_field=SUMMONS_PATH,
        aggregates={
            "reported": Count("pk", filter=Q(reported_at__isnull=False)),
            "all": Count("pk"),
        },
    )
    return ratio_of(figures["reported"], figures["all"])


def _matched(end: dt.date) -> QuerySet[Assignment]:
    return assigned(end).filter(speciality_matched=True)


def _reported_people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
    rows = rows_in(unit, _summonses(start, end).filter(reported_at__isnull=False), SUMMONS_PATH)
    return Person.objects.filter(pk__in=rows.values("soldier__person"))


_assigned_people = _people(assigned, ASSIGNMENT_PATH, "soldier__person")

register(
    Indicator(
        "reserves.category_one",
        _("Số quân nhân dự bị hạng một"),
        PEOPLE,
        category_one,
        section=SECTION,
        people=_people(_of_category(Category.ONE), SOLDIER_PATH, "person"),
        task=_("Đăng ký, quản lý quân nhân dự bị hạng một"),
        counted=COMRADES,
        verb=_("quản lý"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.category_two",
        _("Số quân nhân dự bị hạng hai"),
        PEOPLE,
        category_two,
        section=SECTION,
        people=_people(_of_category(Category.TWO), SOLDIER_PATH, "person"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.authorised_strength",
        _("Biên chế các đơn vị dự bị động viên"),
        PEOPLE,
        authorised_strength,
        section=SECTION,
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.assigned",
        _("Số quân nhân dự bị đã sắp xếp vào đơn vị"),
        PEOPLE,
        assigned_count,
        section=SECTION,
        people=_assigned_people,
        task=_("Sắp xếp quân nhân dự bị vào đơn vị dự bị động viên"),
        counted=COMRADES,
        verb=_("sắp xếp"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.staffing",
        _("Tỷ lệ sắp xếp quân nhân dự bị so với biên chế"),
        PERCENT,
        staffing,
        section=SECTION,
        people=_assigned_people,
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.speciality_match",
        _("Tỷ lệ sắp xếp đúng chuyên nghiệp quân sự"),
        PERCENT,
        speciality_match,
        section=SECTION,
        people=_people(_matched, ASSIGNMENT_PATH, "soldier__person"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "reserves.drill_turnout",
        _("Tỷ lệ quân nhân dự bị có mặt khi kiểm tra, huấn luyện"),
        PERCENT,
        drill_turnout,
        section=SECTION,
        people=_reported_people,
        description=_(
            "Số có mặt chia cho số được gọi trong các đợt huấn luyện tập trung, kiểm tra sẵn sàng "
            "động viên bắt đầu trong kỳ."
        ),
        recorded=KEPT,
    )
)
