"""Read-only queries of the rear-policy registry: the overdue cases, and each ward's totals of
families, payments, visits and gifts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from qpdp.conscription import selectors as conscription
from qpdp.conscription.models import CallUpOrder, Discharge, Outcome
from qpdp.core.access import AnyUser
from qpdp.core.dated import latest_in_force
from qpdp.core.indicators import subtree_totals
from qpdp.core.units import Unit
from qpdp.welfare import rules
from qpdp.welfare.models import (
    BaseSalary,
    BenefitCase,
    SoldierFamily,
    SupportPayment,
    Visit,
    VisitKind,
)


def base_salary(day: dt.date) -> int | None:
    """The base salary (lương cơ sở) in force on ``day``, in đồng a month (None before the first
    row): every "× lương cơ sở" amount of the project is computed from it (awards too)."""
    row = latest_in_force(BaseSalary.objects.all(), day)
    return None if row is None else row.amount


def unregistered_handovers(user: AnyUser) -> QuerySet[CallUpOrder]:
    """The handed-over call-up orders ``user`` may write whose family is not in the register
    yet, latest handover first: what the family registration page offers."""
    return (
        CallUpOrder.objects.editable_by(user)
        .filter(outcome=Outcome.HANDED_OVER, handed_over_on__isnull=False, family__isnull=True)
        .select_related("person", "unit")
        .order_by("-handed_over_on", "-year", "number", "pk")
    )


def with_discharge(families: QuerySet[SoldierFamily]) -> QuerySet[SoldierFamily]:
    """``families`` with ``discharge_day``: the day of the call-up's discharge record of the
    soldier's order where there is one, else the day typed on the family (``discharged_on``)."""
    return families.annotate(
        discharge_day=Coalesce(conscription.discharge_day("handover"), "discharged_on")
    )


def recorded_discharge(family: SoldierFamily) -> Discharge | None:
    """The call-up's discharge record of the soldier's order, or None (one query)."""
    return conscription.order_discharge(family.handover_id)


def discharge_day_of(
    family: SoldierFamily, recorded: Discharge | Literal[False] | None = False
) -> dt.date | None:
    """``with_discharge``'s day for one family; ``recorded`` is its ``recorded_discharge`` when
    the caller has read it already (one query otherwise)."""
    if recorded is False:
        recorded = recorded_discharge(family)
    return family.discharged_on if recorded is None else recorded.discharged_on


def families_serving(start: dt.date, end: dt.date) -> QuerySet[SoldierFamily]:
    """Families whose soldier served at some time between ``start`` and ``end``."""
    return with_discharge(SoldierFamily.objects.all()).filter(
        Q(discharge_day__isnull=True) | Q(discharge_day__gte=start), enlisted_on__lte=end
    )


def overdue(cases: QuerySet[BenefitCase], on: dt.date) -> QuerySet[BenefitCase]:
    """Open cases whose current step was due before ``on`` (``rules.is_late``)."""
    return cases.filter(status__in=rules.OPEN_STATUSES, due_on__lt=on).order_by("due_on", "pk")


@dataclass(frozen=True, slots=True)
class WardTotals:
    """One unit's (subtree's) rear-policy work in a period."""

    unit: Unit
    families: int
    payments: int
    paid: int
    visits: int
    gifts: int
    gift_value: int


def totals(units: Sequence[Unit], start: dt.date, end: dt.date) -> list[WardTotals]:
    """Per unit: families of soldiers serving in the period, allowances paid (number, đồng),
    visits, Tết gifts (number, value), each one grouped query over the unit paths."""
    payments = SupportPayment.objects.filter(paid_on__gte=start, paid_on__lte=end)
    visits = Visit.objects.filter(visited_on__gte=start, visited_on__lte=end)
    gifts = visits.filter(kind=VisitKind.TET_GIFT)
    path = "family__unit__path"
    families = subtree_totals(units, families_serving(start, end), aggregate=Count("pk"))
    paid_count = subtree_totals(units, payments, path_field=path, aggregate=Count("pk"))
    paid = subtree_totals(units, payments, path_field=path, aggregate=Sum("amount"))
    visit_count = subtree_totals(
        units, visits.exclude(kind=VisitKind.TET_GIFT), path_field=path, aggregate=Count("pk")
    )
    gift_count = subtree_totals(units, gifts, path_field=path, aggregate=Count("pk"))
    gift_value = subtree_totals(units, gifts, path_field=path, aggregate=Sum("gift_value"))
    return [
        WardTotals(
            unit,
            int(families[unit.pk]),
            int(paid_count[unit.pk]),
            int(paid[unit.pk]),
            int(visit_count[unit.pk]),
            int(gift_count[unit.pk]),
            int(gift_value[unit.pk]),
        )
        for unit in units
    ]
