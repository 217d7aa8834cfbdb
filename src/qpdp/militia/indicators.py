"""Militia indicators for the dashboard, the ranking and the year-end review (section "militia").

Strength figures are taken on the last day of the period (who serves on 31 December); training
figures count the plans that start within the period. Each figure is one grouped query over the
unit paths of the units keeping the militia units (``subtree_totals`` / ``subtree_figures``), so
an enterprise's self-defense counts in its commune and every level above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from qpdp.core.indicators import (
    Indicator,
    Source,
    Value,
    kept_since,
    per_unit,
    percentage,
    ratio_of,
    register,
    rows_in,
    subtree_figures,
    subtree_totals,
    subtree_unit_figures,
)
from qpdp.core.periods import in_force_on
from qpdp.core.units import Unit
from qpdp.militia.models import Attendance, Membership, MilitiaUnit
from qpdp.people.models import Person, Residence

SECTION = "militia"  # planning.Section.MILITIA
MEMBER_PATH = "militia_unit__unit__path"
ATTENDANCE_PATH = "membership__militia_unit__unit__path"
# The register is kept from its first militia unit on: before that, no figure rather than 0.
KEPT = kept_since(Source(MilitiaUnit, "established_on"))
PEOPLE = _("người")
PERCENT = _("%")
COMRADES = _("đồng chí")
TASK = _("Xây dựng lực lượng dân quân tự vệ")


def serving(end: dt.date) -> QuerySet[Membership]:
    """Members serving on the period's last day."""
    return Membership.objects.filter(in_force_on(end, "joined_on", "ended_on"))


def _party_members(end: dt.date) -> QuerySet[Membership]:
    return serving(end).filter(person__party_member=True)


def _trainees(start: dt.date, end: dt.date) -> QuerySet[Attendance]:
    return Attendance.objects.filter(plan__starts_on__gte=start, plan__starts_on__lte=end)


def core_members(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Core militia and self-defense serving on the last day of the period."""
    return subtree_totals(units, serving(end), path_field=MEMBER_PATH, aggregate=Count("pk"))


def party_members(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Members serving on the last day who are members of the Communist Party."""
    return subtree_totals(units, _party_members(end), path_field=MEMBER_PATH, aggregate=Count("pk"))


def _residents(end: dt.date) -> QuerySet[Residence]:
    """Residence periods in force on the period's last day: a 2022 ward keeps its 2022
    population after the merger."""
    return Residence.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end),
        Q(valid_to__isnull=True) | Q(valid_to__gte=end),
    )


def _active_units(end: dt.date) -> QuerySet[MilitiaUnit]:
    return MilitiaUnit.objects.filter(in_force_on(end, "established_on", "dissolved_on"))


def core_share(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Core militia serving on the last day as a percentage of the residents that day, to two
    decimals (reviews report 1.4% to 1.8%); absent where the unit has no residents.

    Residents are the residence periods in force that day, counted as rows in one grouped
    pass: the services close a person's period before opening the next (``people.services
    .move_residence``, the import writer). Counted per unit in a correlated subquery with
    DISTINCT people, a million periods took 2.3 s; grouped, 0.5 s (issue 15)."""
    members = core_members(units, start, end)
    residents = subtree_totals(units, _residents(end), aggregate=Count("pk"))
    result: dict[int, Value] = {}
    for pk, count in residents.items():
        value = percentage(members.get(pk, 0), count, places="0.01")
        if value is not None:
            result[pk] = value
    return result


def authorised_strength(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """The authorised strength of the units in being on the last day of the period."""
    return subtree_totals(units, _active_units(end), aggregate=Sum("authorised_strength"))


def staffing(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Members serving ÷ authorised strength on the last day, in per cent (one query)."""
    figures = subtree_unit_figures(
        units,
        {
            "members": per_unit(serving(end), "militia_unit__unit", Count("pk")),
            "strength": per_unit(_active_units(end), "unit", Sum("authorised_strength")),
        },
    )
    return ratio_of(figures["members"], figures["strength"])


def training_completion(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
    """Members who attended every day the law sets for them (Art. 28.1) ÷ members on the plans
    starting in the period, in per cent; one grouped query for both."""
    figures = subtree_figures(
        units,
        _trainees(start, end),
        path_field=ATTENDANCE_PATH,
        aggregates={
            "done": Count("pk", filter=Q(attended_days__gte=F("required_days"))),
            "all": Count("pk"),
        },
    )
    return ratio_of(figures["done"], figures["all"])


def _serving_people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=rows_in(unit, serving(end), MEMBER_PATH).values("person"))


def _party_people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
    rows = rows_in(unit, _party_members(end), MEMBER_PATH)
    return Person.objects.filter(pk__in=rows.values("person"))


def _trained_people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
    done = _trainees(start, end).filter(attended_days__gte=F("required_days"))
    rows = rows_in(unit, done, ATTENDANCE_PATH)
    return Person.objects.filter(pk__in=rows.values("membership__person"))


register(
    Indicator(
        "militia.core_members",
        _("Số dân quân tự vệ nòng cốt"),
        PEOPLE,
        core_members,
        section=SECTION,
        people=_serving_people,
        task=TASK,
        counted=COMRADES,
        verb=_("biên chế"),
        description=_("Dân quân tự vệ đang thực hiện nghĩa vụ vào ngày cuối kỳ."),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "militia.core_share",
        _("Tỷ lệ dân quân tự vệ nòng cốt so với dân số"),
        PERCENT,
        core_share,
        section=SECTION,
        people=_serving_people,
        description=_(
            "Dân quân tự vệ nòng cốt chia cho số dân cư trú. Luật không quy định tỷ lệ: chỉ tiêu "
            "do đơn vị giao hằng năm (các địa phương thường báo cáo 1,4% đến 1,8%)."
        ),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "militia.authorised_strength",
        _("Biên chế các đơn vị dân quân tự vệ"),
        PEOPLE,
        authorised_strength,
        section=SECTION,
        recorded=KEPT,
    )
)
register(
    Indicator(
        "militia.staffing",
        _("Tỷ lệ quân số dân quân tự vệ so với biên chế"),
        PERCENT,
        staffing,
        section=SECTION,
        people=_serving_people,
        recorded=KEPT,
    )
)
register(
    Indicator(
        "militia.training_completion",
        _("Tỷ lệ dân quân tự vệ huấn luyện đủ thời gian"),
        PERCENT,
        training_completion,
        section=SECTION,
        people=_trained_people,
        description=_(
            "Số được huấn luyện đủ số ngày luật định (khoản 1 Điều 28 Luật Dân quân tự vệ) chia "
            "cho số có trong kế hoạch huấn luyện năm."
        ),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "militia.party_members",
        _("Số dân quân tự vệ là đảng viên"),
        PEOPLE,
        party_members,
        section=SECTION,
        people=_party_people,
        task=_("Phát triển đảng viên trong dân quân tự vệ"),
        counted=COMRADES,
        recorded=KEPT,
    )
)
