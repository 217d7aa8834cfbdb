"""Monthly range partitions of an append-only table on PostgreSQL, and nothing on SQLite.

A partitioned table keeps each month in its own table: retention drops a month in an instant
instead of deleting millions of rows, and queries over recent months read recent partitions
only. PostgreSQL requires the primary key to include the partition key, so the table's key
becomes ``(id, <time column>)`` in the database while Django keeps ``id`` as the model's key
(ids still come from one sequence, so they stay unique); hence no foreign key may point at a
partitioned table, which ``partition`` checks. Months are calendar months in UTC, named
``<table>_pYYYYMM``; a ``<table>_default`` partition catches rows outside them (a clock gone
wrong), and ``ensure_months`` moves such rows into their month when it is created.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

_MONTH: Final = re.compile(r"_p(\d{4})(\d{2})$")


def month_start(moment: dt.datetime | dt.date) -> dt.datetime:
    return dt.datetime(moment.year, moment.month, 1, tzinfo=dt.UTC)


def next_month(start: dt.datetime) -> dt.datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def months(first: dt.datetime, last: dt.datetime) -> Iterator[dt.datetime]:
    """The starts of the months from ``first``'s to ``last``'s, both included."""
    month = month_start(first)
    while month <= last:
        yield month
        month = next_month(month)


def is_partitioned(connection: BaseDatabaseWrapper, table: str) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table]
        )
        return cursor.fetchone() is not None


def month_partitions(connection: BaseDatabaseWrapper, table: str) -> dict[str, dt.datetime]:
    """The table's monthly partitions, by name, with the start of their month."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = {}
    for name in names:
        match = _MONTH.search(name)
        if match and name.startswith(table):
            found[name] = dt.datetime(int(match[1]), int(match[2]), 1, tzinfo=dt.UTC)
    return found


def ensure_months(
    connection: BaseDatabaseWrapper, table: str, column: str, first: dt.datetime, last: dt.datetime
) -> list[str]:
    """Create the missing monthly partitions from ``first`` to ``last``; returns their names.

    A month is built beside the table, filled with the default partition's rows of that month,
    then attached, so rows that landed in the default partition find their month.
    """
    q = connection.ops.quote_name
    existing = month_partitions(connection, table)
    created = []
    default = f"{table}_default"
    with connection.cursor() as cursor:
        for start in months(first, last):
            name = f"{table}_p{start:%Y%m}"
            if name in existing:
                continue
            end = next_month(start)
            cursor.execute(
                f"CREATE TABLE {q(name)} (LIKE {q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            )
            cursor.execute(
                f"WITH moved AS (DELETE FROM {q(default)} "
                f"WHERE {q(column)} >= %s AND {q(column)} < %s "
                f"RETURNING *) INSERT INTO {q(name)} SELECT * FROM moved",
                [start, end],
            )
            cursor.execute(  # bounds as literals: DDL takes no parameters
                f"ALTER TABLE {q(table)} ATTACH PARTITION {q(name)} "
                f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
            )
            created.append(name)
    return created


def drop_months_before(
    connection: BaseDatabaseWrapper, table: str, cutoff: dt.datetime
) -> list[str]:
    """Drop the monthly partitions wholly older than ``cutoff``; returns their names.

    A month that straddles the cutoff stays whole until all of it is older. Deferred foreign-key
    checks of this transaction are run first: PostgreSQL drops no table they are pending on.
    """
    q = connection.ops.quote_name
    dropped = []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, start in sorted(month_partitions(connection, table).items()):
            if next_month(start) <= cutoff:
                cursor.execute(f"DROP TABLE {q(name)}")
                dropped.append(name)
    return dropped


def rows_in_months_before(connection: BaseDatabaseWrapper, table: str, cutoff: dt.datetime) -> int:
    """How many rows ``drop_months_before`` would remove."""
    q = connection.ops.quote_name
    total = 0
    with connection.cursor() as cursor:
        for name, start in month_partitions(connection, table).items():
            if next_month(start) <= cutoff:
                cursor.execute(f"SELECT count(*) FROM {q(name)}")
                total += cursor.fetchone()[0]
    return total


# --- converting a table (the migration) -------------------------------------------------------


def _definitions(cursor: CursorWrapper, table: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The table's secondary indexes (their CREATE statements, for ``{table}`` to fill in) and
    its foreign-key and check constraints (name, definition), to put back on the new table."""
    cursor.execute(
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = to_regclass(%s) AND NOT indisprimary",
        [table],
    )
    indexes = [
        re.sub(r" ON (ONLY )?\S+ USING ", " ON {table} USING ", row[0]) for row in cursor.fetchall()
    ]
    cursor.execute(
        "SELECT contype, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype NOT IN ('p', 'n')",
        [table],
    )
    constraints = []
    for kind, name, definition in cursor.fetchall():
        if kind not in ("f", "c"):
            raise RuntimeError(f"{table}.{name}: a unique constraint cannot survive partitioning")
        constraints.append((name, definition))
    return indexes, constraints


def _refuse_references(cursor: CursorWrapper, table: str) -> None:
    cursor.execute(
        "SELECT conname FROM pg_constraint WHERE confrelid = to_regclass(%s) AND contype = 'f'",
        [table],
    )
    names = [row[0] for row in cursor.fetchall()]
    if names:
        raise RuntimeError(f"{table} cannot be partitioned: foreign keys point at it: {names}")


def _rebuild(
    cursor: CursorWrapper,
    connection: BaseDatabaseWrapper,
    old: str,
    table: str,
    indexes: list[str],
    constraints: list[tuple[str, str]],
) -> None:
    q = connection.ops.quote_name
    cursor.execute(f"DROP TABLE {q(old)}")
    for statement in indexes:
        cursor.execute(statement.replace("{table}", q(table)))
    for name, definition in constraints:
        cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")


def partition(
    connection: BaseDatabaseWrapper, table: str, column: str, *, months_ahead: int, now: dt.datetime
) -> None:
    """Turn ``table`` (key ``id``) into a table partitioned by month of ``column``, keeping every
    row, index, constraint and the id sequence's position. PostgreSQL only; one transaction."""
    q = connection.ops.quote_name
    old, sequence = f"{table}_unpartitioned", f"{table}_id_seq"
    with connection.cursor() as cursor:
        _refuse_references(cursor, table)
        indexes, constraints = _definitions(cursor, table)
        cursor.execute(f"SELECT coalesce(max(id), 0), min({q(column)}) FROM {q(table)}")
        last_id, oldest = cursor.fetchone()
        cursor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
        cursor.execute(f"ALTER TABLE {q(old)} ALTER COLUMN id DROP IDENTITY IF EXISTS")
        cursor.execute(f"ALTER TABLE {q(old)} ALTER COLUMN id DROP DEFAULT")
        cursor.execute(f"DROP SEQUENCE IF EXISTS {q(sequence)}")
        cursor.execute(
            f"CREATE TABLE {q(table)} (LIKE {q(old)} INCLUDING DEFAULTS) "
            f"PARTITION BY RANGE ({q(column)})"
        )
        cursor.execute(f"CREATE SEQUENCE {q(sequence)} OWNED BY {q(table)}.id")
        cursor.execute("SELECT setval(%s, %s, false)", [sequence, last_id + 1])
        cursor.execute(
            f"ALTER TABLE {q(table)} ALTER COLUMN id SET DEFAULT nextval('{sequence}'::regclass)"
        )
        cursor.execute(f"CREATE TABLE {q(table + '_default')} PARTITION OF {q(table)} DEFAULT")
        last = month_start(now)
        for _ in range(months_ahead):
            last = next_month(last)
        ensure_months(connection, table, column, min(oldest or now, now), last)
        cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM {q(old)}")
        _rebuild(cursor, connection, old, table, indexes, constraints)
        cursor.execute(
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(table + '_pkey')} "
            f"PRIMARY KEY (id, {q(column)})"
        )


def unpartition(connection: BaseDatabaseWrapper, table: str) -> None:
    """Undo ``partition``: one plain table with its rows, key ``id`` and an identity column."""
    q = connection.ops.quote_name
    old = f"{table}_partitioned"
    with connection.cursor() as cursor:
        _refuse_references(cursor, table)
        indexes, constraints = _definitions(cursor, table)
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {q(table)}")
        (last_id,) = cursor.fetchone()
        cursor.execute(f"ALTER TABLE {q(table)} RENAME TO {q(old)}")
        cursor.execute(f"CREATE TABLE {q(table)} (LIKE {q(old)})")
        cursor.execute(f"INSERT INTO {q(table)} SELECT * FROM {q(old)}")
        _rebuild(cursor, connection, old, table, indexes, constraints)  # the sequence goes too
        cursor.execute(
            f"ALTER TABLE {q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS "
            f"IDENTITY (START WITH {int(last_id) + 1})"
        )
        cursor.execute(
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(table + '_pkey')} PRIMARY KEY (id)"
        )
