"""Read-only queries of the defense education registry, for pages, the API, the indicators and
the commands: who is due for training, and each group's plan against what was done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from qpdp.core.dated import in_force
from qpdp.core.indicators import in_subtrees
from qpdp.core.units import Unit
from qpdp.education import rules
from qpdp.education.models import (
    PASSING,
    Attendance,
    Official,
    PlanLine,
    RefreshPeriod,
    TargetGroup,
)


def refresh_years(on: dt.date) -> dict[int, int | None]:
    """Each group's refresh interval in force on ``on`` (group id → years; None: never lapses).
    A group without any row has no interval either."""
    rows = list(RefreshPeriod.objects.all())
    result: dict[int, int | None] = {}
    for group_id in {row.group_id for row in rows}:
        row = in_force(rows, on, key=lambda r: r.group_id, wanted=group_id)
        result[group_id] = row.years if row is not None else None
    return result


def officials_on(on: dt.date) -> QuerySet[Official]:
    """Post holders in office on ``on``."""
    return Official.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
    )


def passed(on: dt.date) -> QuerySet[Attendance]:
    """Passing attendances of courses that ended by ``on``."""
    return Attendance.objects.filter(result__in=PASSING, course__ends_on__lte=on)


def current_certificate(on: dt.date, *, person: str = "person", group: str = "group") -> Q:
    """Rows (officials by default) whose person holds, on ``on``, a certificate of their group
    that has not lapsed under the group's refresh interval (``rules.certificate_current``)."""
    condition = Q(pk__in=[])
    matching = passed(on).filter(person=OuterRef(person), course__group=OuterRef(group))
    intervals = refresh_years(on)
    lapsing = {gid: years for gid, years in intervals.items() if years is not None}
    for group_id, years in lapsing.items():
        fresh = matching.filter(course__ends_on__gt=rules.trained_by_cutoff(on, years))
        condition |= Q(Exists(fresh), **{f"{group}_id": group_id})
    condition |= Q(Exists(matching)) & ~Q(**{f"{group}_id__in": list(lapsing)})
    return condition


def due(officials: QuerySet[Official], on: dt.date) -> QuerySet[Official]:
    """Post holders in office on ``on`` who were never trained for their group or whose last
    certificate lapsed (``rules.training_due``), with ``last_trained`` annotated."""
    last = (
        passed(on)
        .filter(person=OuterRef("person"), course__group=OuterRef("group"))
        .order_by("-course__ends_on")
        .values("course__ends_on")[:1]
    )
    in_office = officials.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)
    return (
        in_office.annotate(last_trained=Subquery(last))
        .filter(~current_certificate(on))
        .select_related("person", "unit", "group", "post")
    )


@dataclass(frozen=True, slots=True)
class GroupProgress:
    """One group's planned and trained numbers for a unit's subtree and year."""

    group: TargetGroup
    planned: int
    trained: int


def progress(unit: Unit, year: int) -> list[GroupProgress]:
    """Planned (the plans of the unit and below) against trained (distinct people who passed a
    course of the group that ended in the year, by the unit that sent them), per group."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    planned: dict[int, int] = {}
    lines = PlanLine.objects.filter(in_subtrees([unit], "plan__unit__path"), plan__year=year)
    for group_id, number in lines.values_list("group_id", "number"):
        planned[group_id] = planned.get(group_id, 0) + number
    trained: dict[int, set[int]] = {}
    rows = trained_rows(start, end).filter(in_subtrees([unit], "unit__path"))
    for group_id, person_id in rows.values_list("course__group_id", "person_id"):
        trained.setdefault(group_id, set()).add(person_id)
    groups: Iterable[TargetGroup] = TargetGroup.objects.filter(pk__in={*planned, *trained})
    return [GroupProgress(g, planned.get(g.pk, 0), len(trained.get(g.pk, ()))) for g in groups]


def trained_rows(start: dt.date, end: dt.date) -> QuerySet[Attendance]:
    """Passing attendances of courses that ended between ``start`` and ``end``."""
    return Attendance.objects.filter(
        result__in=PASSING, course__ends_on__gte=start, course__ends_on__lte=end
    )
