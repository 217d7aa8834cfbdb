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
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from functools import cache
from typing import Any

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


def uncommitted_writes() -> bool:
    """Whether this connection's open transaction wrote what the indicators read."""
    return connection.in_atomic_block and getattr(connection, _WRITTEN, False)


def year_values(
    units: Sequence[Unit], start: dt.date, end: dt.date, codes: Sequence[str]
) -> dict[str, dict[int, Value]]:
    """``indicators.compute_all`` for ``units`` and the period, cached under the generation."""
    if uncommitted_writes():
        return indicators.compute_all(units, start, end, codes)
    parts = [str(current_generation()), f"{start}:{end}", ",".join(codes)]
    parts += [f"{u.pk}/{u.path}" for u in units]
    key = "qpdp:figures:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    found: dict[str, dict[int, Value]] | None = shared_cache.get(key)
    if found is None:
        found = indicators.compute_all(units, start, end, codes)
        shared_cache.set(key, found, CACHE_SECONDS)
    return found


def inputs_changed() -> None:
    """Count one more generation once the current transaction commits (at once outside one)."""
    if connection.in_atomic_block:
        setattr(connection, _WRITTEN, True)
    transaction.on_commit(bump)


def bump() -> None:
    """One more generation (what a commit runs after a write)."""
    setattr(connection, _WRITTEN, False)
    now = timezone.now()
    counted = FigureInputs.objects.filter(pk=FigureInputs.ROW).update(
        generation=F("generation") + 1, changed_at=now
    )
    if not counted:
        _row, created = FigureInputs.objects.get_or_create(
            pk=FigureInputs.ROW, defaults={"generation": 1, "changed_at": now}
        )
        if not created:  # another process made the row meanwhile
            bump()


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


def _written(sender: Any, **kwargs: Any) -> None:
    if sender is None or is_input(sender):
        inputs_changed()


def connect() -> None:
    """Listen to ORM writes and to bulk writes (``PlanningConfig.ready``)."""
    post_save.connect(_written, dispatch_uid="planning.generation.saved")
    post_delete.connect(_written, dispatch_uid="planning.generation.deleted")
    rows_written.connect(_written, dispatch_uid="planning.generation.bulk")
