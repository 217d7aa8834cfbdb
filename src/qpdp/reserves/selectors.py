"""Read-only questions about the reserve other apps and the pages ask; nothing here writes.

Other apps (militia: Art. 11.2.c; the call-up's discharge: Art. 45) call these functions, never
the models directly, so the reserve's internals can change without them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, QuerySet

from qpdp.core.access import AnyUser
from qpdp.core.ages import latest_birth_reaching
from qpdp.core.breaches import Flag
from qpdp.core.periods import in_force_on
from qpdp.reserves import rules
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons


def assigned_people(person_ids: Iterable[int], on: dt.date) -> set[int]:
    """Those of ``person_ids`` assigned to a reserve unit on ``on``: exempt from militia duty
    (Militia Law Art. 11.2.c) and not allowed to volunteer for it (Art. 11.3)."""
    return set(
        Assignment.objects.active_on(on)
        .filter(soldier__person_id__in=list(person_ids))
        .values_list("soldier__person_id", flat=True)
    )


def open_record(person_id: int) -> ReserveSoldier | None:
    """The person's record in the reserve not yet transferred out (one at most: the
    ``reserve_one_open_record`` constraint), or None; the call-up's discharge asks it before
    registering a discharged soldier, so he is never registered twice."""
    return ReserveSoldier.objects.filter(
        person_id=person_id, transferred_out_on__isnull=True
    ).first()


def soldiers_for(user: AnyUser) -> QuerySet[ReserveSoldier]:
    return ReserveSoldier.objects.visible_to(user).select_related("person", "unit")


def units_for(user: AnyUser) -> QuerySet[ReserveUnit]:
    return ReserveUnit.objects.visible_to(user).select_related("unit")


def assignments_for(user: AnyUser) -> QuerySet[Assignment]:
    return Assignment.objects.visible_to(user).select_related(
        "soldier__person", "reserve_unit__unit"
    )


def drills_for(user: AnyUser) -> QuerySet[Drill]:
    return Drill.objects.visible_to(user).select_related("unit", "reserve_unit")


def summonses_for(user: AnyUser, drill: Drill) -> QuerySet[Summons]:
    return Summons.objects.visible_to(user).filter(drill=drill).select_related("soldier__person")


def age_group(soldier: ReserveSoldier, on: dt.date) -> str:
    """Nhóm A/B on ``on`` (Art. 26), or past the limit, or uncertain."""
    return rules.age_group(soldier.person.birth, soldier.person.gender, on)


def flags(
    soldier: ReserveSoldier, on: dt.date, *, discharged_on: dt.date | None = None
) -> list[Flag]:
    """What the officer should act on; ``discharged_on`` is the call-up's discharge record's
    day where the page has read one (the soldier's own field otherwise)."""
    if soldier.transferred_out_on is not None and soldier.transferred_out_on <= on:
        return []
    return rules.soldier_flags(
        soldier.person.birth,
        soldier.person.gender,
        on,
        soldier.registered_on,
        discharged_on or soldier.discharged_on,
    )


def due_for_transfer_out(soldiers: QuerySet[ReserveSoldier], on: dt.date) -> list[ReserveSoldier]:
    """Soldiers still in the reserve on ``on`` who are past the Art. 25 age: a bounded scan of
    those born before the youngest possible limit, then the exact rule."""
    oldest_limit = min(rules.reserve_age_limit(g) for g in (rules.MALE, rules.FEMALE))
    born_by = latest_birth_reaching(oldest_limit + 1, on)
    candidates = soldiers.filter(
        in_force_on(on, "registered_on", "transferred_out_on"), person__birth_date__lte=born_by
    )
    return [
        soldier
        for soldier in candidates.select_related("person", "unit")
        if any(flag.code == rules.PAST_AGE for flag in flags(soldier, on))
    ]


def strength(reserve_units: Iterable[ReserveUnit], on: dt.date) -> dict[int, int]:
    """Soldiers assigned on ``on`` to each unit, in one grouped query."""
    rows = (
        Assignment.objects.active_on(on)
        .filter(reserve_unit__in=[u.pk for u in reserve_units])
        .values("reserve_unit")
        .annotate(n=Count("pk"))
        .values_list("reserve_unit", "n")
    )
    return dict(rows)
