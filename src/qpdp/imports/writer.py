"""The set-based write path of a people import: new people in bulk, changed people in batches.

New people skip the ORM: their values arrive ready for the database (ISO dates, unit ids), ids
are allocated up front from the table's own sequence (the residence rows and the run's links
need them, and reading them back by identity number would miss people without one), and each
chunk is written with a few statements. On PostgreSQL the chunk is COPied into an unindexed
temporary table and merged with ``INSERT … SELECT`` into the person, residence and link tables;
on SQLite it goes in with ``executemany`` on the raw connection, in the caller's transaction.
``core.bulk.insert_rows`` would convert every cell with ``get_db_prep_save``: a third of the
write time at a million rows, for values that need no conversion.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, cast

from django.db import connection, models
from django.utils import timezone

from qpdp.core.vietnamese import fold, sort_key
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.imports.staging import Plan
from qpdp.people.models import Person, Residence
from qpdp.people.services import _derive

_DERIVED: Final = ("full_name", "search_key", "roster_key")
_RESTORABLE: Final = frozenset(
    model_field.attname
    for model_field in Person._meta.concrete_fields
    if model_field.attname not in ("id", "version", *_DERIVED)
)
_NAME_PARTS: Final = ("family_name", "middle_name", "given_name")
_BATCH: Final = 1000
_STAGE_TABLE: Final = "qpdp_import_person_stage"

# Names repeat (a few hundred family and given names make most of a ward), so the expensive
# per-part folds and ICU keys are cached; a full name is rarely repeated, its parts are.
_fold_part = lru_cache(maxsize=1 << 16)(fold)
_sort_key_part = lru_cache(maxsize=1 << 16)(sort_key)


def search_key(family: str, middle: str, given: str) -> str:
    """``fold`` of the full name, part by part: what ``people.services`` stores as search key."""
    return " ".join(key for part in (family, middle, given) if part and (key := _fold_part(part)))


def roster_key(family: str, middle: str, given: str) -> bytes:
    """``core.vietnamese.roster_key`` (given, middle, family name keys), with the parts cached."""
    return _sort_key_part(given) + _sort_key_part(middle) + _sort_key_part(family)


def allocate_ids(count: int) -> list[int]:
    """``count`` fresh person ids, never one a deleted person had (audit entries keep it)."""
    if count == 0:
        return []
    table = Person._meta.db_table
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


def _person_template(now: dt.datetime) -> tuple[list[str], list[str], list[Any]]:
    """Attribute names, column names, and the value each column gets when the file is silent:
    the model's default, NULL or "", the timestamps of this write, version 1."""
    attnames, columns, values = [], [], []
    for model_field in Person._meta.concrete_fields:
        name = model_field.attname
        if name in ("created_at", "updated_at"):
            value = model_field.get_db_prep_save(now, connection)
        elif name == "version":
            value = 1
        elif model_field.has_default():
            value = model_field.get_db_prep_save(model_field.get_default(), connection)
        else:
            value = None if model_field.null else ""
        attnames.append(name)
        columns.append(str(model_field.column))
        values.append(value)
    return attnames, columns, values


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def create_people(run: ImportRun, plans: Sequence[Plan], *, today: dt.date) -> int:
    """Insert new people, their residence periods and the run's links; returns the count.

    Each plan gets its new person's id, for records a layout writes beside the person."""
    if not plans:
        return 0
    ids = allocate_ids(len(plans))
    attnames, columns, template = _person_template(timezone.now())
    position = {name: index for index, name in enumerate(attnames)}
    id_at, roster_at = position["id"], position["roster_key"]
    slots = [(position[name], name) for name in attnames if name not in ("id", "roster_key")]
    rows: list[list[Any]] = []
    for pk, plan in zip(ids, plans, strict=True):
        data = plan.data
        row = list(template)
        for index, name in slots:
            if name in data:
                row[index] = data[name]
        row[id_at] = plan.person_id = pk
        parts = [data.get(part) or "" for part in _NAME_PARTS]
        row[roster_at] = roster_key(*parts)
        rows.append(row)
    if connection.vendor == "postgresql":
        _merge_postgresql(run, columns, rows, plans, today)
    else:
        _insert_sqlite(run, columns, rows, plans, today)
    return len(ids)


def _column(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field) or model_field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return model_field.column


def _link_columns() -> tuple[str, str, str]:
    """The residence and link columns a chunk writes, and the person's unit column, quoted."""
    residence = _quoted(
        _column(Residence, name) for name in ("person", "unit", "valid_from", "valid_to")
    )
    link = _quoted(
        _column(ImportedRow, name)
        for name in ("run", "person", "row_number", "action", "before", "version_after")
    )
    return residence, link, connection.ops.quote_name(_column(Person, "residence_unit"))


def _insert_sqlite(
    run: ImportRun,
    columns: Sequence[str],
    rows: list[list[Any]],
    plans: Sequence[Plan],
    today: dt.date,
) -> None:
    residence, link, _unit = _link_columns()
    unit_at = columns.index(_column(Person, "residence_unit"))
    id_at = columns.index(_column(Person, "id"))
    people = connection.ops.quote_name(Person._meta.db_table)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {people} ({_quoted(columns)}) VALUES ({marks})", rows)
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(Residence._meta.db_table)} ({residence}) "
            "VALUES (%s, %s, %s, NULL)",
            [(row[id_at], row[unit_at], today.isoformat()) for row in rows],
        )
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(ImportedRow._meta.db_table)} ({link}) "
            "VALUES (%s, %s, %s, %s, '{}', 1)",
            [
                (run.pk, row[id_at], plan.row, RowAction.CREATED.value)
                for row, plan in zip(rows, plans, strict=True)
            ],
        )


def _merge_postgresql(
    run: ImportRun,
    columns: Sequence[str],
    rows: list[list[Any]],
    plans: Sequence[Plan],
    today: dt.date,
) -> None:
    """COPY into an unindexed temporary table, then one ``INSERT … SELECT`` per target table."""
    residence, link, unit = _link_columns()
    people = connection.ops.quote_name(Person._meta.db_table)
    stage = connection.ops.quote_name(_STAGE_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} "
            f"(LIKE {people}, import_row integer) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {stage}")
        raw = cursor.cursor  # psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {stage} ({_quoted(columns)}, import_row) FROM STDIN") as copy:
            for row, plan in zip(rows, plans, strict=True):
                copy.write_row([*row, plan.row])
        cursor.execute(
            f"INSERT INTO {people} ({_quoted(columns)}) SELECT {_quoted(columns)} FROM {stage}"
        )
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(Residence._meta.db_table)} ({residence}) "
            f"SELECT id, {unit}, %s, NULL FROM {stage}",
            [today],
        )
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(ImportedRow._meta.db_table)} ({link}) "
            f"SELECT %s, id, import_row, %s, '{{}}'::jsonb, 1 FROM {stage}",
            [run.pk, RowAction.CREATED.value],
        )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def update_people(run: ImportRun, plans: Sequence[Plan], *, today: dt.date) -> int:
    """Apply each plan's changes in batches, keeping the replaced values for undo."""
    now = timezone.now()
    links: list[ImportedRow] = []
    for start in range(0, len(plans), _BATCH):
        batch = plans[start : start + _BATCH]
        people = Person.objects.in_bulk([plan.person_id for plan in batch])
        changed: set[str] = {"version", "updated_at"}
        moved: list[tuple[int, int]] = []
        for plan in batch:
            person = people[cast(int, plan.person_id)]
            before: dict[str, Any] = {}
            for attname, value in plan.changes.items():
                before[attname] = _plain(getattr(person, attname))
                if attname == "birth_date":
                    value = dt.date.fromisoformat(value)
                setattr(person, attname, value)
                changed.add("residence_unit" if attname == "residence_unit_id" else attname)
            if "residence_unit_id" in before:
                moved.append((person.pk, person.residence_unit_id))
            if changed & set(_NAME_PARTS):
                _derive(person)
                changed.update(_DERIVED)
            before["version"] = person.version
            person.version += 1
            person.updated_at = now
            links.append(
                ImportedRow(
                    run=run,
                    person_id=person.pk,
                    row_number=plan.row,
                    action=RowAction.UPDATED,
                    before=before,
                    version_after=person.version,
                )
            )
        Person.objects.bulk_update(people.values(), sorted(changed))
        if moved:
            Residence.objects.filter(
                person_id__in=[pk for pk, _unit in moved], valid_to__isnull=True
            ).update(valid_to=today - dt.timedelta(days=1))
            Residence.objects.bulk_create(
                Residence(person_id=pk, unit_id=unit, valid_from=today) for pk, unit in moved
            )
    ImportedRow.objects.bulk_create(links, batch_size=_BATCH)
    return len(links)


def restore_people(links: Sequence[ImportedRow], *, moved_on: dt.date) -> None:
    """Put back the values an import replaced (undo), and reopen the residence it closed."""
    now = timezone.now()
    people = Person.objects.in_bulk([link.person_id for link in links])
    changed: set[str] = {"version", "updated_at"}
    for link in links:
        person = people[cast(int, link.person_id)]
        for attname, value in link.before.items():
            if attname not in _RESTORABLE:
                continue  # the version, or what a layout wrote beside the person
            if attname == "birth_date" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            setattr(person, attname, value)
            changed.add("residence_unit" if attname == "residence_unit_id" else attname)
            if attname == "residence_unit_id":
                Residence.objects.filter(
                    person=person, valid_from=moved_on, valid_to__isnull=True
                ).delete()
                Residence.objects.filter(
                    person=person, valid_to=moved_on - dt.timedelta(days=1)
                ).update(valid_to=None)
        if changed & set(_NAME_PARTS):
            _derive(person)
            changed.update(_DERIVED)
        person.version += 1
        person.updated_at = now
    Person.objects.bulk_update(people.values(), sorted(changed), batch_size=_BATCH)


def link_records(run: ImportRun, key: str, written: Sequence[tuple[int, Person, int]]) -> None:
    """Remember the records a layout wrote beside its people (``row``, ``person``, record id),
    so ``linked_ids`` can find them at undo: one link per row, keyed ``key``."""
    ImportedRow.objects.bulk_create(
        ImportedRow(
            run=run,
            person=person,
            row_number=row,
            action=RowAction.UPDATED,
            before={"version": person.version, key: record_id},
            version_after=person.version,
        )
        for row, person, record_id in written
    )


def linked_ids(run: ImportRun, key: str) -> list[Any]:
    """The ids of the records ``link_records`` remembered under ``key``; the links of the run's
    new people are dropped (those people are deleted, not restored, by the undo that follows)."""
    ids = list(run.rows.filter(before__has_key=key).values_list(f"before__{key}", flat=True))
    created = run.rows.filter(action=RowAction.CREATED).values("person")
    run.rows.filter(before__has_key=key, person__in=created).delete()
    return ids
