"""Set-based bulk writes that skip the ORM's per-row SQL building.

About 90% of ``bulk_create``'s time is Django building SQL (PERFORMANCE-NOTES.md): PostgreSQL
COPY and SQLite ``executemany`` on the raw connection are 5–15× faster. Rows are plain tuples in
the order of ``fields``; values are converted with each field's ``get_db_prep_save`` so what is
stored matches what the ORM would store, unless the caller says they are ``prepared`` already
(plain ints, strings, dates, bytes: what the demo generator builds column-wise), which saves a
Python call per cell.

Such writes send no model signals, so every path that writes rows without them sends
``rows_written`` (the model, or None for "any table"): what is derived from the rows (the stored
figures of finished years, ``planning.stored``; the stored pools of the call-up) learns of them
there. A model that is itself derived from others says so with ``derived_from_inputs = True``:
writing it changes no input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, models
from django.dispatch import Signal

rows_written = Signal()
"""Sent after rows were written without model signals; ``sender`` is the model, or None when
the writer does not know which (an import, a restore, the end of ``bulk_writes``)."""

_bulk: ContextVar[bool] = ContextVar("qpdp_bulk_writes", default=False)


@contextmanager
def bulk_writes() -> Iterator[None]:
    """Mark a bulk write (an import, its undo): receivers of the model signals skip their
    per-record work while it runs (``in_bulk_writes``), and ``rows_written`` (sender None)
    tells them to start over after it."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)
        rows_written.send(sender=None)


def in_bulk_writes() -> bool:
    return _bulk.get()


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 5000,
    prepared: bool = False,
) -> int:
    """Insert ``rows`` into ``model``'s table; returns the number of rows written."""
    meta_fields = [_concrete(model, name) for name in fields]
    columns = [str(f.column) for f in meta_fields]
    table = model._meta.db_table
    if not prepared:
        rows = (
            tuple(f.get_db_prep_save(v, connection) for f, v in zip(meta_fields, row, strict=True))
            for row in rows
        )
    if connection.vendor == "postgresql":
        written = _copy(table, columns, rows)
    else:
        written = _executemany(table, columns, rows, batch_size)
    rows_written.send(sender=model)
    return written


def column_defaults(
    model: type[models.Model], now: dt.datetime
) -> tuple[list[str], list[str], list[Any]]:
    """Attribute names, column names, and the value each column gets when a bulk write is
    silent about it: the model's default, NULL or "", the time of this write for automatic
    timestamps (the database has no defaults of its own: Django sets them)."""
    attnames, columns, values = [], [], []
    for model_field in model._meta.concrete_fields:
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = model_field.get_db_prep_save(now, connection)
        elif model_field.has_default():
            value = model_field.get_db_prep_save(model_field.get_default(), connection)
        else:
            value = None if model_field.null else ""
        attnames.append(model_field.attname)
        columns.append(str(model_field.column))
        values.append(value)
    return attnames, columns, values


@contextmanager
def indexes_deferred(*tables: type[models.Model]) -> Iterator[None]:
    """Drop the non-unique indexes of the models' tables (PostgreSQL) and build them again, with
    their exact definitions, on leaving; elsewhere do nothing.

    Building an index once after a large load is several times faster than keeping it up to
    date row by row (docs/scaling/generator.md: 2,000,000 people, 179 s with the indexes, 17 s
    without and 48 s to build all seven). Must run inside a transaction, so a failure leaves the
    indexes as they were; the tables are locked against readers meanwhile, and deferred
    foreign keys are checked at each statement.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_deferred needs a transaction")
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c"
            " ON c.relname = i.indexname AND c.relnamespace = to_regnamespace(i.schemaname)"
            " JOIN pg_index x ON x.indexrelid = c.oid"
            " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
            " AND NOT x.indisunique ORDER BY i.indexname",
            [names],
        )
        saved = cursor.fetchall()
        for name, _definition in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        # Foreign keys are checked after each statement, not queued to the end: an index cannot
        # be built over pending checks, and millions of them would be held in memory.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        for _name, definition in saved:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _concrete(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _executemany(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], size: int
) -> int:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    count = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
