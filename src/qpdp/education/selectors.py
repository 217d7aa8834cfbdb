"""Read-only queries of the defense education registry, for pages, the API, the indicators and
the commands: who is due for training, and each group's plan against what was done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Case, DateField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django_stubs_ext import WithAnnotations

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


def officials_on(on: dt.date) -> QuerySet[Official]:
    """Post holders in office on ``on``."""
    return Official.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on
    )


def passed(on: dt.date) -> QuerySet[Attendance]:
    """Passing attendances of courses that ended by ``on``."""
    return Attendance.objects.filter(result__in=PASSING, course__ends_on__lte=on)


class Certificate(TypedDict):
    """What ``with_certificate`` adds to each post holder."""

    refresh: int | None
    cutoff: dt.date
    last_trained: dt.date | None
    certified: bool


def with_certificate(
    officials: QuerySet[Official], on: dt.date
) -> QuerySet[WithAnnotations[Official, Certificate]]:
    """``officials`` annotated with ``certified``: on ``on`` the person holds a certificate of
    his group that has not lapsed under the group's refresh interval in force that day
    (``rules.certificate_current``); ``last_trained`` is the day his latest one was earned.

    One query: the interval is a subquery per row, turned into the last training day that has
    lapsed by ``on`` (``rules.trained_by_cutoff``, one ``WHEN`` per possible number of years),
    so a figure over every group costs a single grouped query.
    """
    interval = (
        RefreshPeriod.objects.filter(group=OuterRef("group"), valid_from__lte=on)
        .order_by("-valid_from")
        .values("years")[:1]
    )
    cutoff = Case(
        *(
            When(refresh=years, then=Value(rules.trained_by_cutoff(on, years)))
            for years in range(1, rules.MAX_REFRESH_YEARS + 1)
        ),
        default=Value(dt.date.min),
        output_field=DateField(),
    )
    own = passed(on).filter(person=OuterRef("person"), course__group=OuterRef("group"))
    return officials.annotate(
        refresh=Subquery(interval),
        cutoff=cutoff,
        last_trained=Subquery(own.order_by("-course__ends_on").values("course__ends_on")[:1]),
    ).annotate(certified=Exists(own.filter(course__ends_on__gt=OuterRef("cutoff"))))


def due(
    officials: QuerySet[Official], on: dt.date
) -> QuerySet[WithAnnotations[Official, Certificate]]:
    """Post holders in office on ``on`` who were never trained for their group or whose last
    certificate lapsed (``rules.training_due``), with ``last_trained`` annotated."""
    in_office = officials.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)
    return (
        with_certificate(in_office, on)
        .filter(certified=False)
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
