"""Stored pool states: a ward's pool page reads each citizen's state from ``PoolSnapshot`` rows
instead of evaluating the rules over every citizen of call-up age on each view (issue 15: the
pool was 1.3 s alone at a million people, four queries over the province and the rules per man).

The snapshot is never stale without saying so:

- a page asking for a ward, cycle and day with no snapshot builds it (``snapshot``);
- every write to what the rules read re-evaluates the people it names in every stored pool
  (``refresh_people``, called by the model signals in ``conscription.signals``), in the
  writer's transaction, so a rollback undoes both;
- bulk writes that bypass the ORM's signals (imports and their undo, seeded populations, a
  restore) send ``core.bulk.rows_written``, and a change of the unit tree ``units_changed``:
  the snapshots are dropped (``invalidate``) and rebuilt by the next page; an import runs in
  ``core.bulk.bulk_writes()``, which also suspends the per-person refresh meanwhile;
- the page re-evaluates the people it shows (their reasons are read live) and corrects any
  stored state that disagrees (``page_entries``);
- the page shows ``refreshed_at``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from qpdp.conscription.models import CallUpCycle, PoolSnapshot, PoolStanding
from qpdp.conscription.rules import PoolState
from qpdp.conscription.services._common import _residence_on
from qpdp.conscription.services.pool import PoolEntry, entries_of, evaluate_values, pool_people
from qpdp.core.bulk import in_bulk_writes, insert_rows
from qpdp.core.units import Unit
from qpdp.people.models import Residence

logger = logging.getLogger(__name__)

_COLUMNS = ("snapshot", "person", "state", "roster_key")


def snapshot(cycle: CallUpCycle, ward: Unit, on: dt.date) -> PoolSnapshot:
    """The stored pool of ``ward`` in ``cycle`` on ``on``, built now if there is none for that
    day (a snapshot of another day is replaced: one per cycle and ward)."""
    found = PoolSnapshot.objects.filter(cycle=cycle, unit=ward).first()
    if found is not None and found.on == on:
        return found
    return build(cycle, ward, on)


def build(cycle: CallUpCycle, ward: Unit, on: dt.date) -> PoolSnapshot:
    """Evaluate the ward's whole pool once and store every state (COPY on PostgreSQL).

    Two requests building the same ward at once: the second meets the unique constraint,
    waits for the first (PostgreSQL) and reads its snapshot."""
    units = Unit.objects.filter(pk=ward.pk)
    people, evaluations, _records = evaluate_values(
        cycle, pool_people(cycle, units, on), on, "roster_key"
    )
    try:
        with transaction.atomic():
            PoolSnapshot.objects.filter(cycle=cycle, unit=ward).delete()
            stored = PoolSnapshot.objects.create(
                cycle=cycle,
                unit=ward,
                on=on,
                refreshed_at=timezone.now(),
                counts=Counter(e.state.value for e in evaluations),
            )
            insert_rows(
                PoolStanding,
                _COLUMNS,
                (
                    (stored.pk, p[0], e.state.value, bytes(p[-1]))
                    for p, e in zip(people, evaluations, strict=True)
                ),
            )
    except IntegrityError:
        return PoolSnapshot.objects.get(cycle=cycle, unit=ward)
    return stored


def counts(stored: PoolSnapshot) -> Counter[PoolState]:
    """How many citizens of the stored pool are in each state (kept on the snapshot)."""
    return Counter({PoolState(state): n for state, n in stored.counts.items() if n})


def standings(stored: PoolSnapshot, state: str = "") -> QuerySet[PoolStanding]:
    """The stored pool's rows in roster order, of one state when ``state`` is given."""
    rows = stored.standings.all()
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("roster_key", "person_id")


def page_entries(stored: PoolSnapshot, rows: Sequence[PoolStanding]) -> list[PoolEntry]:
    """The entries of a page of ``standings``: the people and their reasons evaluated live (a
    hundred people, nine queries), in the page's order. A stored state the live evaluation
    contradicts is corrected, and the correction logged (counts only, no personal data): a
    write path that forgot to refresh shows here rather than on the page."""
    ids = [row.person_id for row in rows]
    live = {entry.person.pk: entry for entry in entries_of(stored.cycle, ids, stored.on)}
    wrong = [
        row for row in rows if row.person_id in live and live[row.person_id].state != row.state
    ]
    if wrong:
        logger.warning("pool snapshot %s: %d stored states corrected", stored.pk, len(wrong))
        for row in wrong:
            row.state = live[row.person_id].state
        PoolStanding.objects.bulk_update(wrong, ["state"])
        # What missed these rows may have missed the counts too: count them again.
        found = stored.standings.values_list("state").annotate(n=Count("pk")).order_by()
        stored.counts = dict(found)
        stored.save(update_fields=["counts"])
    return [live[pk] for pk in ids if pk in live]


def refresh_people(person_ids: Iterable[int]) -> None:
    """Re-evaluate ``person_ids`` in every stored pool: their rows are replaced by their state
    now, in each ward whose pool they belong to (a move changes the ward). Inside
    ``core.bulk.bulk_writes()`` nothing is done here: the snapshots are dropped when it ends."""
    ids = set(person_ids)
    if not ids or in_bulk_writes():
        return
    with transaction.atomic():
        _refresh(ids)


def _refresh(ids: set[int]) -> None:
    # Locked: two writers adjusting one snapshot's counts must not lose an update.
    stored = list(
        PoolSnapshot.objects.select_for_update().select_related("cycle").order_by("cycle_id", "on")
    )
    if not stored:
        return
    delta = _drop(ids)
    rows: list[tuple[int, int, str, bytes]] = []
    for (cycle, on), group in groupby(stored, key=lambda s: (s.cycle, s.on)):
        by_ward = {s.unit_id: s.pk for s in group}
        units = Unit.objects.filter(pk__in=by_ward)
        people_qs = pool_people(cycle, units, on).filter(pk__in=ids)
        people, evaluations, _records = evaluate_values(
            cycle, people_qs, on, "roster_key", "residence_unit_id"
        )
        wards = _wards_of([p[0] for p in people], by_ward, on)
        for p, e in zip(people, evaluations, strict=True):
            for ward_id in wards[p[0]] | ({p[-1]} & by_ward.keys()):
                rows.append((by_ward[ward_id], p[0], e.state.value, bytes(p[-2])))
    insert_rows(PoolStanding, _COLUMNS, rows)
    for snapshot_id, _person, state, _key in rows:
        delta[snapshot_id][state] += 1
    _count(stored, delta)


def forget_people(person_ids: Iterable[int]) -> None:
    """Take people about to be deleted out of every stored pool, counts included (the rows
    would go with them by cascade, the counts would not)."""
    if in_bulk_writes():
        return
    with transaction.atomic():
        stored = list(PoolSnapshot.objects.select_for_update())
        if stored:
            _count(stored, _drop(set(person_ids)))


def _drop(ids: set[int]) -> dict[int, Counter[str]]:
    """Delete the people's rows from every stored pool; returns the change of each count."""
    delta: dict[int, Counter[str]] = defaultdict(Counter)
    old = PoolStanding.objects.filter(person__in=ids)
    for snapshot_id, state in old.values_list("snapshot_id", "state"):
        delta[snapshot_id][state] -= 1
    old.delete()
    return delta


def _count(stored: list[PoolSnapshot], delta: dict[int, Counter[str]]) -> None:
    """Apply ``delta`` to the snapshots' counts and mark them refreshed now."""
    now = timezone.now()
    for found in stored:
        found.refreshed_at = now
        for state, change in delta[found.pk].items():
            found.counts[state] = found.counts.get(state, 0) + change
    PoolSnapshot.objects.bulk_update(stored, ["refreshed_at", "counts"])


def _wards_of(ids: list[int], wards: Iterable[int], on: dt.date) -> dict[int, set[int]]:
    """For each of ``ids``, the ended wards among ``wards`` he lived in on ``on``: the per-person
    side of ``_common._residents``, whose other side (the ward he lives in now) the caller has."""
    found: dict[int, set[int]] = defaultdict(set)
    lived = Residence.objects.filter(
        _residence_on(on),
        person__in=ids,
        unit__in=Unit.objects.filter(pk__in=list(wards), valid_to__isnull=False),
    ).values_list("person_id", "unit_id")
    for person_id, unit_id in lived:
        found[person_id].add(unit_id)
    return {pk: found.get(pk, set()) for pk in ids}


def invalidate() -> int:
    """Drop every stored pool (the next page of each ward rebuilds it); returns how many.

    A restored backup older than the stored pools has no table for them yet (``qpdp migrate``
    comes after): nothing to drop then."""
    if PoolSnapshot._meta.db_table not in connection.introspection.table_names():
        return 0
    dropped, _by_model = PoolSnapshot.objects.all().delete()
    return dropped
