"""Defense education indicators (domain brief §10.10): people trained against the plan, by
group, and the share of each group's post holders holding a current certificate.

Planned numbers belong to the year of the plan, trained people to the period holding the
course's last day, counted by the unit that sent them; the certificate share is measured on the
period's last day. Groups are data, but an indicator is a declaration: the groups reported one
by one are those a province or commune trains or sends (``REPORTED_GROUPS``, codes seeded by
migration 0002); every group counts in the totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.core.indicators import (
    Compute,
    Indicator,
    People,
    Source,
    Value,
    in_subtrees,
    kept_since,
    ratio_of,
    register,
    roll_up,
    rows_in,
    subtree_totals,
)
from qpdp.core.units import Unit
from qpdp.education import selectors
from qpdp.education.models import Attendance, Course, Official, PlanLine
from qpdp.people.models import Person

SECTION = "defense_education"  # planning.Section.DEFENSE_EDUCATION
# Kept from the first course a unit ran or sent people to: before, no figure rather than 0.
KEPT = kept_since(Source(Course, "starts_on"), Source(Attendance, "course__starts_on"))
PEOPLE = _("người")
TASK = _("Bồi dưỡng kiến thức quốc phòng và an ninh")
REPORTED_GROUPS = {
    "3": _("đối tượng 3"),
    "4": _("đối tượng 4"),
    "village_head": _("trưởng thôn, tổ trưởng tổ dân phố"),
    "mass_org_head": _("người đứng đầu đoàn thể ở thôn, tổ dân phố"),
}


def _planned_rows(start: dt.date, end: dt.date, group: str | None) -> QuerySet[PlanLine]:
    rows = PlanLine.objects.filter(plan__year__gte=start.year, plan__year__lte=end.year)
    return rows if group is None else rows.filter(group__code=group)


def _trained_rows(start: dt.date, end: dt.date, group: str | None) -> QuerySet[Attendance]:
    rows = selectors.trained_rows(start, end)
    return rows if group is None else rows.filter(course__group__code=group)


def _holders(end: dt.date, group: str) -> QuerySet[Official]:
    return selectors.officials_on(end).filter(group__code=group)


def _certified(end: dt.date, group: str) -> QuerySet[Official]:
    return selectors.with_certificate(_holders(end, group), end).filter(certified=True)


def planned(group: str | None = None) -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        rows = _planned_rows(start, end, group)
        return subtree_totals(units, rows, path_field="plan__unit__path", aggregate=Sum("number"))

    return compute


def trained(group: str | None = None) -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        rows = _trained_rows(start, end, group)
        return subtree_totals(units, rows, aggregate=Count("person", distinct=True))

    return compute


def trained_people(group: str | None = None) -> People:
    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        rows = rows_in(unit, _trained_rows(start, end, group))
        return Person.objects.filter(pk__in=rows.values("person"))

    return people


def certified_share(group: str) -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        """Holders and certified holders in one grouped query (``selectors.with_certificate``)."""
        if not units:
            return {}
        rows = (
            selectors.with_certificate(_holders(end, group), end)
            .filter(in_subtrees(units, "unit__path"))
            .order_by()
            .values("unit__path")
            .annotate(
                holding=Count("person", distinct=True),
                holding_certified=Count("person", distinct=True, filter=Q(certified=True)),
            )
        )
        holders: dict[str, Value] = {}
        certified: dict[str, Value] = {}
        for row in rows:
            holders[row["unit__path"]] = row["holding"]
            certified[row["unit__path"]] = row["holding_certified"]
        return ratio_of(roll_up(units, certified), roll_up(units, holders))

    return compute


def certified_people(group: str) -> People:
    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=rows_in(unit, _certified(end, group)).values("person"))

    return people


register(
    Indicator(
        "education.planned",
        _("Số người theo kế hoạch bồi dưỡng kiến thức quốc phòng và an ninh"),
        PEOPLE,
        planned(),
        section=SECTION,
        description=_("Tổng chỉ tiêu trong kế hoạch bồi dưỡng năm của đơn vị và cấp dưới."),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "education.trained",
        _("Số người được bồi dưỡng kiến thức quốc phòng và an ninh"),
        PEOPLE,
        trained(),
        section=SECTION,
        target_code="education.planned",
        people=trained_people(),
        task=TASK,
        counted=PEOPLE,
        verb=_("bồi dưỡng"),
        description=_("Người đạt yêu cầu ở lớp kết thúc trong kỳ, tính cho đơn vị cử đi học."),
        recorded=KEPT,
    )
)
for code, name in REPORTED_GROUPS.items():
    register(
        Indicator(
            f"education.planned.{code}",
            format_lazy(_("Kế hoạch bồi dưỡng: {group}"), group=name),
            PEOPLE,
            planned(code),
            section=SECTION,
            recorded=KEPT,
        )
    )
    register(
        Indicator(
            f"education.trained.{code}",
            format_lazy(_("Số người được bồi dưỡng: {group}"), group=name),
            PEOPLE,
            trained(code),
            section=SECTION,
            target_code=f"education.planned.{code}",
            people=trained_people(code),
            task=format_lazy(
                _("Bồi dưỡng kiến thức quốc phòng và an ninh cho {group}"), group=name
            ),
            counted=PEOPLE,
            verb=_("bồi dưỡng"),
            recorded=KEPT,
        )
    )
    register(
        Indicator(
            f"education.certified_share.{code}",
            format_lazy(_("Tỷ lệ có giấy chứng nhận còn hiệu lực: {group}"), group=name),
            _("%"),
            certified_share(code),
            section=SECTION,
            people=certified_people(code),
            description=_(
                "Người giữ chức vụ thuộc đối tượng vào ngày cuối kỳ có giấy chứng nhận bồi dưỡng "
                "chưa hết thời hạn bồi dưỡng lại, chia cho số người giữ chức vụ đó."
            ),
            recorded=KEPT,
        )
    )
