"""Read-only queries the call-up pages need beyond ``services``: what a user may see of a cycle,
the council's lists, deadlines missed. Nothing here writes or decides the law."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from qpdp.conscription import rules, services
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    Discharge,
    HealthResult,
    Outcome,
    Quota,
    Registration,
)
from qpdp.conscription.rules import PoolState
from qpdp.conscription.rules.ages import MALE_REGISTRATION_AGE
from qpdp.conscription.services import PoolEntry
from qpdp.core.access import AnyUser, is_admin, scope_roots, scope_unit_ids, scope_units
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person


def cycles_for(user: AnyUser) -> QuerySet[CallUpCycle]:
    """Cycles run by a unit in the user's scope or by one above it: a ward's staff works the
    city's cycle for its own ward."""
    cycles = CallUpCycle.objects.select_related("unit").order_by("-year", "-sequence", "pk")
    if not user.is_authenticated:
        return cycles.none()
    if is_admin(user):
        return cycles
    if user.unit is None:
        return cycles.none()
    roots = scope_roots(user)
    above = {pk for root in roots for pk in root.ancestor_ids()}
    return cycles.filter(Q(unit__in=scope_unit_ids(user)) | Q(unit_id__in=above))


def units_running_cycles(user: AnyUser) -> QuerySet[Unit]:
    """The units of the user's scope that may run a cycle: a province or a city."""
    return (
        scope_units(user).filter(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT]).order_by("path")
    )


def cycle_units(cycle: CallUpCycle) -> QuerySet[Unit]:
    """The units of the cycle's territory that existed on its handover date."""
    return (
        Unit.objects.subtree_of([cycle.unit]).valid_on(cycle.handover_date).order_by("path", "pk")
    )


def cycle_wards(cycle: CallUpCycle, user: AnyUser) -> QuerySet[Unit]:
    """The communes of the cycle the user may work: staff their own, commanders all below."""
    return (
        cycle_units(cycle)
        .filter(kind=UnitKind.COMMUNE, pk__in=scope_units(user).values("pk"))
        .order_by("name", "pk")
    )


def quota_units(cycle: CallUpCycle, user: AnyUser) -> QuerySet[Unit]:
    """Units of the cycle at the levels its regime assigns quotas to, within the user's scope."""
    return cycle_units(cycle).filter(
        kind__in=services.quota_levels(cycle), pk__in=scope_units(user).values("pk")
    )


def council_units(cycle: CallUpCycle, user: AnyUser) -> QuerySet[Unit]:
    """Units of the cycle that have a Military Service Council and whose records the user may
    write: the cycle's own unit (the city's council before 07/2025, the province's since) and its
    communes (Art. 36.2)."""
    return cycle_units(cycle).filter(
        kind__in=cycle.regime.council_levels, pk__in=scope_units(user).values("pk")
    )


def cycle_council_meetings(cycle: CallUpCycle, user: AnyUser) -> QuerySet[CouncilMeeting]:
    """The cycle's council meetings the user may see, unit by unit, with the communes proposed."""
    return (
        CouncilMeeting.objects.visible_to(user)
        .filter(cycle=cycle)
        .select_related("unit")
        .prefetch_related("communes")
        .order_by("unit__path", "held_on", "pk")
    )


def reference_date(cycle: CallUpCycle, today: dt.date) -> dt.date:
    """The date the pool is judged on by default: today, but never past the last day orders
    may be delivered (Art. 34.6), so a finished cycle shows the lists as they were decided."""
    return min(today, rules.latest_order_date(cycle.handover_date))


def next_registration_numbers(unit: Unit, year: int, count: int) -> list[str]:
    """``count`` unused registration numbers of ``unit`` for ``year``, as "2022-0007"."""
    prefix = f"{year}-"
    used = Registration.objects.filter(unit=unit, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()), default=0)
    return [f"{prefix}{last + i:04d}" for i in range(1, count + 1)]


def health_results(
    cycle: CallUpCycle, person_ids: Iterable[int]
) -> dict[int, dict[str, HealthResult]]:
    """Each person's results in the cycle by kind (pre-screening, examination)."""
    found: dict[int, dict[str, HealthResult]] = defaultdict(dict)
    for result in HealthResult.objects.filter(cycle=cycle, person_id__in=list(person_ids)):
        found[result.person_id][result.kind] = result
    return found


def live_orders(cycle: CallUpCycle, person_ids: Iterable[int]) -> dict[int, CallUpOrder]:
    """The order each person holds in the cycle, unless cancelled."""
    orders = CallUpOrder.objects.filter(cycle=cycle, person_id__in=list(person_ids)).exclude(
        outcome=Outcome.CANCELLED
    )
    return {order.person_id: order for order in orders}


def ward_quota(cycle: CallUpCycle, ward: Unit) -> int | None:
    return Quota.objects.filter(cycle=cycle, unit=ward).values_list("number", flat=True).first()


@dataclass(frozen=True, slots=True)
class ReviewLists:
    """The council's lists for one commune (Art. 37, 39): within the quota, the reserve beyond
    it, the deferred and the exempt."""

    callable: list[PoolEntry]
    reserve: list[PoolEntry]
    deferred: list[PoolEntry]
    exempt: list[PoolEntry]


def review_lists(
    entries: Sequence[PoolEntry], quota: int | None, ordered: Iterable[int] = ()
) -> ReviewLists:
    """Split the callable by the quota; people already holding an order come first."""
    first = set(ordered)
    fit = sorted(
        (e for e in entries if e.state is PoolState.CALLABLE),
        key=lambda e: e.person.pk not in first,
    )
    limit = quota if quota is not None else len(fit)
    return ReviewLists(
        callable=fit[:limit],
        reserve=fit[limit:],
        deferred=[e for e in entries if e.state is PoolState.DEFERRED],
        exempt=[e for e in entries if e.state is PoolState.EXEMPT],
    )


def unregistered(cycle: CallUpCycle, wards: QuerySet[Unit], user: AnyUser) -> QuerySet[Person]:
    """The one definition of "not registered" that the cycle overview, the registration page and
    the home page count (issue 12: they once counted 72, 71 and the late registrants apart).

    The men of the cycle's January list (``services.first_registration_list``: turning 17 in the
    registration year, living in ``wards``) that ``user`` may see and that hold no first
    registration today. A man who registered late is registered: his registration shows the
    date. Overdue once the registration day has passed (Art. 16.2).
    """
    listed = services.first_registration_list(cycle.registration_date.year, wards)
    return listed.filter(pk__in=Person.objects.visible_to(user).values("pk"))


def unregistered_definition(cycle: CallUpCycle, today: dt.date) -> str:
    """The definition shown beside every count of ``unregistered``: who, on which day, which
    article."""
    year = cycle.registration_date.year
    return _(
        "Nam công dân sinh năm %(born)s (đủ 17 tuổi trong năm %(year)s) cư trú tại xã, phường "
        "(xã, phường đã giải thể: cư trú ngày 01/01/%(year)s), trong phạm vi bạn được xem, chưa "
        "đăng ký nghĩa vụ quân sự lần đầu tính đến ngày %(today)s; quá hạn sau ngày %(deadline)s "
        "(Điều 16 Luật Nghĩa vụ quân sự). Người đã đăng ký muộn và người đang bị áp dụng biện pháp "
        "theo Điều 13 ngày 01/01 không tính."
    ) % {
        "born": year - MALE_REGISTRATION_AGE,
        "year": year,
        "today": f"{today:%d/%m/%Y}",
        "deadline": f"{cycle.registration_date:%d/%m/%Y}",
    }


@dataclass(frozen=True, slots=True)
class Overdue:
    """A step of the cycle whose deadline has passed unfinished in a ward."""

    ward: Unit
    deadline: dt.date
    detail: str


def overdue(
    cycle: CallUpCycle, wards: Sequence[Unit], user: AnyUser, today: dt.date
) -> list[Overdue]:
    """Missed deadlines in the user's wards: the first registration (Art. 16.2, counted by
    ``unregistered``), then the steps ``services.overdue_steps`` follows (orders short of the
    quota, handovers not recorded)."""
    found: list[Overdue] = []
    if today > cycle.registration_date:
        for ward in wards:
            late = unregistered(cycle, Unit.objects.filter(pk=ward.pk), user).count()
            if late:
                detail = _("%(n)s công dân chưa đăng ký nghĩa vụ quân sự lần đầu, đã quá hạn.")
                found.append(Overdue(ward, cycle.registration_date, detail % {"n": late}))
    mine = {w.pk for w in wards}
    found.extend(
        Overdue(step.unit, step.deadline, step.message)
        for step in services.overdue_steps(cycle, on=today)
        if step.unit.pk in mine
    )
    return found


def cycle_decisions(cycle: CallUpCycle, user: AnyUser) -> QuerySet[Decision]:
    return (
        Decision.objects.visible_to(user)
        .filter(cycle=cycle)
        .select_related("person", "unit", "proposed_by", "decided_by")
        .order_by("decided_on", "-proposed_on", "pk")
    )


def cycle_orders(cycle: CallUpCycle, user: AnyUser) -> QuerySet[CallUpOrder]:
    return (
        CallUpOrder.objects.visible_to(user)
        .filter(cycle=cycle)
        .select_related("person", "unit", "issuer", "replaces", "discharge")
        .order_by("issuer", "year", "number")
    )


# -- what other registries read of the discharge ------------------------------------------------


def discharge_day(order: str) -> F:
    """The discharge day recorded for the call-up order at ``order`` (a lookup path from the
    reader's model, as welfare's ``"handover"``), None without a record: one join, so a list
    or a filter reads it in its own query."""
    return F(f"{order}__discharge__discharged_on")


def order_discharge(order_id: int) -> Discharge | None:
    """The discharge recorded for a call-up order, or None."""
    return Discharge.objects.select_related("order").filter(order_id=order_id).first()


def latest_discharge(person_id: int) -> Discharge | None:
    """The person's latest recorded discharge (from any of his handed-over orders), or None."""
    return (
        Discharge.objects.select_related("order")
        .filter(order__person_id=person_id)
        .order_by("-discharged_on", "-pk")
        .first()
    )
