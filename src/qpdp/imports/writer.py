"""The set-based write path the engine offers a registry: new records in bulk, linked to the run.

New records skip the ORM: their values arrive ready for the database (ISO dates, unit ids), ids
are allocated up front from the table's own sequence (rows written beside a record and the run's
links need them, and reading them back by a natural key would miss records without one), and
each chunk is written with a few statements. On PostgreSQL the chunk is COPied into an unindexed
temporary table and merged with ``INSERT … SELECT`` into the record's table, each companion
table (``Companion``: a person's first residence period) and the run's links; on SQLite it goes
in with ``executemany`` on the raw connection, in the caller's transaction.
``core.bulk.insert_rows`` would convert every cell with ``get_db_prep_save``: a third of the
write time at a million rows, for values that need no conversion.

Changing existing records is the registry's own business (it knows what a change implies);
it links each changed record to the run with an ``ImportedRow`` holding the replaced values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from qpdp.core.bulk import column_defaults
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.imports.staging import Plan

type Derived = Callable[[Mapping[str, Any]], Mapping[str, Any]]
"""Column values computed from a plan's data as a row is built (a roster key): per row, cheap."""


@dataclass(frozen=True, slots=True)
class NewColumn:
    """A value taken from the new record's row: its id, or one of its columns (by attname)."""

    attname: str


NEW_ID = NewColumn("id")


@dataclass(frozen=True, slots=True)
class Companion:
    """A row written beside each new record, in the same statements as the records.

    ``fields`` are the companion model's fields (``"person"`` for a foreign key) and ``values``
    what each gets: a ``NewColumn`` of the new record, or one constant for every row.
    """

    model: type[models.Model]
    fields: tuple[str, ...]
    values: tuple[object, ...]

    def __post_init__(self) -> None:
        if len(self.fields) != len(self.values):
            raise ValueError("a companion needs one value per field")


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh ids of ``model``, never one a deleted record had (audit entries keep it)."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        start = max(highest, sequence[0] if sequence else 0) + 1
    return list(range(start, start + count))


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _column(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field) or model_field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return model_field.column


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def create_records(
    run: ImportRun,
    model: type[models.Model],
    plans: Sequence[Plan],
    *,
    derived: Derived | None = None,
    companions: Sequence[Companion] = (),
) -> int:
    """Insert one ``model`` record per plan from its data, the companions beside each, and the
    run's links; returns the count. Each plan gets its new record's id (``plan.record_id``),
    for what a layout writes beside the record through the services.

    ``plan.data`` holds database-ready values keyed by attribute name; keys that are not
    columns of ``model`` are left out, columns the data lacks get their default
    (``core.bulk.column_defaults``).
    """
    if not plans:
        return 0
    ids = allocate_ids(model, len(plans))
    attnames, columns, template = column_defaults(model, timezone.now())
    position = {name: index for index, name in enumerate(attnames)}
    id_at = position[NEW_ID.attname]
    slots = [(position[name], name) for name in attnames if name != NEW_ID.attname]
    rows: list[list[Any]] = []
    for pk, plan in zip(ids, plans, strict=True):
        data = plan.data
        row = list(template)
        for index, name in slots:
            if name in data:
                row[index] = data[name]
        if derived is not None:
            for name, value in derived(data).items():
                row[position[name]] = value
        row[id_at] = plan.record_id = pk
        rows.append(row)
    version = position.get("version")
    if connection.vendor == "postgresql":
        _merge_postgresql(run, model, columns, rows, plans, companions, version is not None)
    else:
        _insert_sqlite(run, model, columns, position, rows, plans, companions, version)
    return len(ids)


_LINK_FIELDS = ("run", "record_id", "row_number", "action", "before", "version_after")


def _constant(companion: Companion, name: str, value: object) -> Any:
    """A companion's constant as the database takes it (a date as text on SQLite)."""
    model_field = companion.model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field.get_db_prep_save(value, connection)


def _insert_sqlite(
    run: ImportRun,
    model: type[models.Model],
    columns: Sequence[str],
    position: Mapping[str, int],
    rows: list[list[Any]],
    plans: Sequence[Plan],
    companions: Sequence[Companion],
    version: int | None,
) -> None:
    id_at = position[NEW_ID.attname]
    marks = ", ".join(["%s"] * len(columns))
    link = _quoted(_column(ImportedRow, name) for name in _LINK_FIELDS)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {_table(model)} ({_quoted(columns)}) VALUES ({marks})", rows
        )
        for companion in companions:
            picks: list[tuple[int | None, Any]] = [
                (position[value.attname], None)
                if isinstance(value, NewColumn)
                else (None, _constant(companion, name, value))
                for name, value in zip(companion.fields, companion.values, strict=True)
            ]
            names = _quoted(_column(companion.model, name) for name in companion.fields)
            cursor.executemany(
                f"INSERT INTO {_table(companion.model)} ({names}) "
                f"VALUES ({', '.join(['%s'] * len(picks))})",
                [
                    tuple(row[at] if at is not None else constant for at, constant in picks)
                    for row in rows
                ],
            )
        cursor.executemany(
            f"INSERT INTO {_table(ImportedRow)} ({link}) VALUES (%s, %s, %s, %s, '{{}}', %s)",
            [
                (
                    run.pk,
                    row[id_at],
                    plan.row,
                    RowAction.CREATED.value,
                    row[version] if version is not None else 1,
                )
                for row, plan in zip(rows, plans, strict=True)
            ],
        )


def _merge_postgresql(
    run: ImportRun,
    model: type[models.Model],
    columns: Sequence[str],
    rows: list[list[Any]],
    plans: Sequence[Plan],
    companions: Sequence[Companion],
    versioned: bool,
) -> None:
    """COPY into an unindexed temporary table, then one ``INSERT … SELECT`` per target table."""
    table = _table(model)
    stage = connection.ops.quote_name(f"qpdp_import_stage_{model._meta.db_table}")
    link = _quoted(_column(ImportedRow, name) for name in _LINK_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} "
            f"(LIKE {table}, import_row integer) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {stage}")
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {stage} ({_quoted(columns)}, import_row) FROM STDIN") as copy:
            for row, plan in zip(rows, plans, strict=True):
                copy.write_row([*row, plan.row])
        cursor.execute(
            f"INSERT INTO {table} ({_quoted(columns)}) SELECT {_quoted(columns)} FROM {stage}"
        )
        for companion in companions:
            selected: list[str] = []
            params: list[Any] = []
            for name, value in zip(companion.fields, companion.values, strict=True):
                if isinstance(value, NewColumn):
                    selected.append(connection.ops.quote_name(_column(model, value.attname)))
                elif value is None:
                    selected.append("NULL")
                else:
                    selected.append("%s")
                    params.append(_constant(companion, name, value))
            names = _quoted(_column(companion.model, name) for name in companion.fields)
            cursor.execute(
                f"INSERT INTO {_table(companion.model)} ({names}) "
                f"SELECT {', '.join(selected)} FROM {stage}",
                params,
            )
        version = connection.ops.quote_name(_column(model, "version")) if versioned else "1"
        cursor.execute(
            f"INSERT INTO {_table(ImportedRow)} ({link}) "
            f"SELECT %s, id, import_row, %s, '{{}}'::jsonb, {version} FROM {stage}",
            [run.pk, RowAction.CREATED.value],
        )
