"""The generation of what the indicators read, and the year's figures cached by it.

``FigureInputs.generation`` counts the committed writes to the rows of every app that declares
indicators, the people registry and the unit tree. Model signals count ORM writes; bulk paths
(``core.bulk.insert_rows``, imports, restores, queryset bulk writes) send
``core.bulk.rows_written``. The count goes up after the write commits (``transaction
.on_commit``: one short UPDATE, writers never wait on the counter), so anything computed while
a write was in flight carries the older generation and is not used once it commits.

Until then, the connection that wrote sees its own uncommitted rows, which no stored or cached
figure holds: ``uncommitted_writes`` tells readers to compute live.

``year_values`` is ``compute_all`` cached in Django's cache (shared by every process when
``QPDP_CACHE_URL`` says so) under the generation: between two writes every dashboard of the
same units and year is read, not computed; after a write the key changes.

A second counter (``FigureInputs.PLANS_ROW``, ``is_plan``) counts the writes to the planning
app's own rows (plans, targets, locks, weights, written limitations), counted the same way:
an assembled review (``review.data.cached_review``) is cached under both generations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any, ClassVar
from weakref import WeakSet

from django.apps import apps as global_apps
from django.core.cache import cache as shared_cache
from django.db import connection, transaction
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from qpdp.core import indicators
from qpdp.core.bulk import rows_written
from qpdp.core.indicators import Value
from qpdp.core.units import Unit, UnitSuccession
from qpdp.planning.models import FigureInputs

CACHE_SECONDS = 24 * 3600  # a later generation uses other keys; this only frees memory
_WRITTEN = "qpdp_inputs_written"  # set on the connection until its transaction commits


def current_generation() -> int:
    found = FigureInputs.objects.filter(pk=FigureInputs.ROW).values_list("generation", flat=True)
    return next(iter(found), 0)


def current_generations() -> tuple[int, int]:
    """The generations of the indicators' inputs and of the plans (``is_plan``), one query."""
    rows = FigureInputs.objects.filter(pk__in=[FigureInputs.ROW, FigureInputs.PLANS_ROW])
    found = dict(rows.values_list("pk", "generation"))
    return found.get(FigureInputs.ROW, 0), found.get(FigureInputs.PLANS_ROW, 0)


def uncommitted_writes() -> bool:
    """Whether this connection's open transaction wrote what the indicators or reviews read."""
    return connection.in_atomic_block and getattr(connection, _WRITTEN, False)


class Kept[T]:
    """The last ``size`` results of ``cached`` in this process, unpickled (a province's review
    takes 40 ms to unpickle). What it holds is shared by the requests: never change it. A key
    names its generations, read from the database on each call, so a kept result is never
    older than the last commit either."""

    every: ClassVar[WeakSet[Kept[Any]]] = WeakSet()

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()
        Kept.every.add(self)

    @classmethod
    def clear_all(cls) -> None:
        """Forget every kept result (the tests, whose rolled-back writes reuse generations)."""
        for kept in list(cls.every):
            kept.clear()

    def get(self, key: str) -> T | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: T) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def cache_key(name: str, parts: Sequence[str]) -> str:
    """A key of Django's cache for ``name``; ``parts`` must name every generation the value
    depends on (a later generation uses another key)."""
    return f"qpdp:{name}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached[T](key: str, compute: Callable[[], T], kept: Kept[T] | None = None) -> T:
    """``compute()`` kept in Django's cache under ``key`` (``cache_key``), and in ``kept``."""
    found = None if kept is None else kept.get(key)
    if found is not None:
        return found
    found = shared_cache.get(key)
    if found is None:
        found = compute()
        shared_cache.set(key, found, CACHE_SECONDS)
    if kept is not None:
        kept.put(key, found)
    return found


def year_values(
    units: Sequence[Unit], start: dt.date, end: dt.date, codes: Sequence[str]
) -> dict[str, dict[int, Value]]:
    """``indicators.compute_all`` for ``units`` and the period, cached under the generation."""
    if uncommitted_writes():
        return indicators.compute_all(units, start, end, codes)
    parts = [str(current_generation()), f"{start}:{end}", ",".join(codes)]
    parts += [f"{u.pk}/{u.path}" for u in units]
    key = cache_key("figures", parts)
    return cached(key, lambda: indicators.compute_all(units, start, end, codes))


def inputs_changed(row: int = FigureInputs.ROW) -> None:
    """Count one more generation of ``row`` once the current transaction commits (at once
    outside one)."""
    if connection.in_atomic_block:
        setattr(connection, _WRITTEN, True)
    transaction.on_commit(partial(bump, row))


def bump(row: int = FigureInputs.ROW) -> None:
    """One more generation of ``row`` (what a commit runs after a write)."""
    setattr(connection, _WRITTEN, False)
    now = timezone.now()
    counted = FigureInputs.objects.filter(pk=row).update(
        generation=F("generation") + 1, changed_at=now
    )
    if not counted:
        _row, created = FigureInputs.objects.get_or_create(
            pk=row, defaults={"generation": 1, "changed_at": now}
        )
        if not created:  # another process made the row meanwhile
            bump(row)


@cache
def input_apps() -> frozenset[str]:
    """The apps whose rows the indicators read: each app that declares indicators, and the
    people registry they count."""
    declared = {i.compute.__module__.split(".")[1] for i in indicators.all_indicators()}
    return frozenset(declared | {"people"})


def is_input(model: type[Model]) -> bool:
    """Whether the indicators read ``model``'s rows; a migration's historical models are not
    (the counter's own table may not exist yet), nor a table derived from the inputs (the
    call-up's stored pools: building one on a page view changes no figure)."""
    if model._meta.apps is not global_apps or getattr(model, "derived_from_inputs", False):
        return False
    return model in (Unit, UnitSuccession) or model._meta.app_label in input_apps()


def is_plan(model: type[Model]) -> bool:
    """Whether a review reads ``model``'s rows besides the figures: the planning app's plans,
    targets, locks and their snapshots, weights and written limitations; not the counter nor
    the stored figures (the figures' generation already keys them)."""
    if model._meta.apps is not global_apps or getattr(model, "derived_from_inputs", False):
        return False
    return model._meta.app_label == "planning" and model is not FigureInputs


def _written(sender: Any, **kwargs: Any) -> None:
    if sender is None or is_input(sender):
        inputs_changed()
    if sender is None or is_plan(sender):
        inputs_changed(FigureInputs.PLANS_ROW)


def connect() -> None:
    """Listen to ORM writes and to bulk writes (``PlanningConfig.ready``)."""
    post_save.connect(_written, dispatch_uid="planning.generation.saved")
    post_delete.connect(_written, dispatch_uid="planning.generation.deleted")
    rows_written.connect(_written, dispatch_uid="planning.generation.bulk")
