"""Read-only questions about the militia that the pages, the API and other apps ask; nothing here
writes or decides the law.

Other apps use these functions, never the models: the call-up module asks
``standing_members_on`` (deferral ground h, Military Service Law Art. 41.1.h) and
``standing_service_months`` (24 months recognised as active service, Art. 4.4.a), and
``members_to_release_on_call_up`` before it releases a called-up member (Militia Law
Art. 12.1.d) through ``services.end_membership``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from qpdp.core.access import AnyUser, scope_units
from qpdp.core.ages import AgeCheck, latest_birth_reaching
from qpdp.core.breaches import Flag
from qpdp.core.periods import in_force_on
from qpdp.core.units import Unit, UnitKind
from qpdp.militia import rules
from qpdp.militia.models import (
    Attendance,
    DutyDecision,
    Membership,
    MilitiaUnit,
    TrainingPlan,
)
from qpdp.militia.rules import DutyDecisionKind, EndReason, ForceKind


def communes_without_mobile_platoon(user: AnyUser, on: dt.date, *, limit: int) -> list[Unit]:
    """Communes in force in ``user``'s scope with no mobile militia platoon on ``on``: every
    commune has one (Art. 15 as amended in 2025). At most ``limit``, by name."""
    platoons = (
        MilitiaUnit.objects.active_on(on)
        .filter(force_kind=ForceKind.MOBILE, level=rules.Level.PLATOON)
        .values("unit")
    )
    communes = scope_units(user).filter(kind=UnitKind.COMMUNE).valid_on(on)
    return list(communes.exclude(pk__in=platoons).order_by("name", "pk")[:limit])


def units_for(user: AnyUser) -> QuerySet[MilitiaUnit]:
    return MilitiaUnit.objects.visible_to(user).select_related("unit", "parent")


def members_for(user: AnyUser) -> QuerySet[Membership]:
    return Membership.objects.visible_to(user).select_related(
        "person", "militia_unit", "militia_unit__unit"
    )


def decisions_for(user: AnyUser) -> QuerySet[DutyDecision]:
    return DutyDecision.objects.visible_to(user).select_related("person", "unit")


def plans_for(user: AnyUser) -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.visible_to(user).select_related("unit")


def attendance_for(user: AnyUser, plan: TrainingPlan) -> QuerySet[Attendance]:
    return (
        Attendance.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("membership__person", "membership__militia_unit")
    )


def facts_of(membership: Membership) -> rules.MemberFacts:
    return rules.MemberFacts(
        birth=membership.person.birth,
        gender=membership.person.gender,
        kind=membership.militia_unit.force_kind,
        term_start=membership.term_start,
        term_end=membership.term_end,
        extended_until=membership.extended_until,
        volunteer=membership.volunteer,
    )


def flags(membership: Membership, on: dt.date) -> list[Flag]:
    """Past term, past age or age unknown, for a member serving on ``on`` (none otherwise)."""
    if membership.joined_on > on or (membership.ended_on is not None and membership.ended_on <= on):
        return []
    return rules.flags(facts_of(membership), on)


def flagged(memberships: QuerySet[Membership], on: dt.date) -> list[tuple[Membership, list[Flag]]]:
    """Members serving on ``on`` whose term has run out or who are past (or may be past) the
    age: the rows come from a bounded query (term ended, or born before the youngest limit's
    start), then the exact rules decide."""
    oldest_birth = latest_birth_reaching(
        rules.age_limit(rules.duty.FEMALE, on, volunteer=False), on
    )
    candidates = (
        memberships.filter(in_force_on(on, "joined_on", "ended_on"))
        .filter(
            Q(term_end__lt=on, extended_until__isnull=True)
            | Q(extended_until__lt=on)
            | Q(person__birth_date__lte=oldest_birth)
            | ~Q(person__birth_precision="D")
        )
        .select_related("person", "militia_unit", "militia_unit__unit")
    )
    found = []
    for membership in candidates:
        member_flags = rules.flags(facts_of(membership), on)
        if member_flags:
            found.append((membership, member_flags))
    return found


def strength(militia_units: Iterable[MilitiaUnit], on: dt.date) -> dict[int, int]:
    """Members serving on ``on`` in each unit, in one grouped query."""
    rows = (
        Membership.objects.active_on(on)
        .filter(militia_unit__in=[u.pk for u in militia_units])
        .values("militia_unit")
        .annotate(n=Count("pk"))
        .values_list("militia_unit", "n")
    )
    return dict(rows)


type PersonIds = Iterable[int] | QuerySet[Any]
"""Person ids, or a queryset of them the database reads as a subquery: a ward's call-up pool
holds more people than a list of parameters may."""


def _ids(person_ids: PersonIds) -> Iterable[int] | QuerySet[Any]:
    return person_ids if isinstance(person_ids, QuerySet) else list(person_ids)


def standing_members_on(person_ids: PersonIds, on: dt.date) -> set[int]:
    """Those of ``person_ids`` serving as standing militia on ``on``: the deferral ground h of
    the Military Service Law (Art. 41.1.h)."""
    return set(
        Membership.objects.active_on(on)
        .filter(person_id__in=_ids(person_ids), militia_unit__force_kind=ForceKind.STANDING)
        .values_list("person_id", flat=True)
    )


def standing_service_months(person_ids: PersonIds, on: dt.date) -> dict[int, int]:
    """Whole months each of ``person_ids`` has served as standing militia up to ``on`` (all
    memberships added up; only people with some service are keys). Military Service Law
    Art. 4.4.a counts 24 months or more as having completed active service, once the provincial
    commander recognises it."""
    months: dict[int, int] = defaultdict(int)
    rows = Membership.objects.filter(
        person_id__in=_ids(person_ids),
        militia_unit__force_kind=ForceKind.STANDING,
        joined_on__lte=on,
    ).values_list("person_id", "joined_on", "ended_on")
    for person_id, joined_on, ended_on in rows:
        last_day = on if ended_on is None or ended_on > on else ended_on - dt.timedelta(days=1)
        months[person_id] += rules.service_months(joined_on, last_day)
    return dict(months)


def standing_completed(person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` who completed standing-militia duty: class-one reserve soldiers
    (Military Service Law Art. 24.2.e) and counted as having served (Militia Law Art. 13.3)."""
    return set(
        Membership.objects.filter(
            person_id__in=list(person_ids),
            militia_unit__force_kind=ForceKind.STANDING,
            end_reason=EndReason.COMPLETED,
        ).values_list("person_id", flat=True)
    )


def members_to_release_on_call_up(person_ids: Iterable[int], on: dt.date) -> QuerySet[Membership]:
    """The memberships serving on ``on`` of people called up to the army or the police: each is
    released on Art. 12.1.d (``rules.CALLED_UP_RELEASE_GROUND``)."""
    return Membership.objects.active_on(on).filter(person_id__in=list(person_ids))


def decisions_in_force(person_ids: Iterable[int], on: dt.date) -> QuerySet[DutyDecision]:
    """Deferrals still running and exemptions, signed by ``on``, of ``person_ids``."""
    return DutyDecision.objects.filter(
        Q(kind=DutyDecisionKind.EXEMPTION) | Q(until__gt=on),
        person_id__in=list(person_ids),
        decided_on__lte=on,
    )


def broad_militia(members: QuerySet[Membership], on: dt.date) -> list[Membership]:
    """People who completed their duty and are still of militia age on ``on``: the broad militia
    the commune registers and manages (Art. 13.2), one row per person (the latest service)."""
    serving = Membership.objects.active_on(on).values("person_id")
    completed = (
        members.filter(end_reason=EndReason.COMPLETED, ended_on__lte=on)
        .exclude(person_id__in=serving)
        .select_related("person", "militia_unit")
    )
    latest: dict[int, Membership] = {}
    for membership in completed.order_by("person_id", "ended_on"):
        check = rules.duty_age_check(
            membership.person.birth, membership.person.gender, on, volunteer=False
        )
        if check is AgeCheck.WITHIN:
            latest[membership.person_id] = membership
    return list(latest.values())
