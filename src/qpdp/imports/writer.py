"""The set-based write path of a people import: new people in bulk, changed people in batches.

``core.bulk.insert_rows`` (COPY on PostgreSQL, ``executemany`` on SQLite) skips the ORM's per-row
SQL building, so ids are allocated up front from the table's own sequence: the residence rows and
the run's links need them, and reading them back by identity number would miss people without one.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, Final, cast

from django.db import connection
from django.utils import timezone

from qpdp.core.bulk import insert_rows
from qpdp.imports.analysis import Plan
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.people.models import Person, Residence
from qpdp.people.services import _derive


def _columns() -> tuple[str, ...]:
    """Every column of the person table, read from the model so a new field needs no change."""
    return tuple(model_field.name for model_field in Person._meta.concrete_fields)


_DERIVED: Final = ("full_name", "search_key", "roster_key")
_NAME_PARTS: Final = ("family_name", "middle_name", "given_name")
_BATCH: Final = 1000


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


def _defaults() -> dict[str, Any]:
    """What the ORM would store for a column the file leaves out: default, NULL or ""."""
    defaults: dict[str, Any] = {}
    for model_field in Person._meta.concrete_fields:
        name = model_field.name
        if model_field.has_default():
            defaults[name] = model_field.get_default()
        else:
            defaults[name] = None if model_field.null else ""
    return defaults


def create_people(run: ImportRun, plans: list[Plan], *, today: dt.date) -> int:
    """Insert new people, their residence periods and the run's links; returns the count."""
    ids = allocate_ids(len(plans))
    now = timezone.now()
    defaults = _defaults()
    columns = _columns()

    def person_rows() -> Any:
        for pk, plan in zip(ids, plans, strict=True):
            values = {**defaults, **plan.data}
            derived = SimpleNamespace(**{part: values[part] for part in _NAME_PARTS})
            _derive(cast(Person, derived))
            values.update(vars(derived), id=pk, version=1, created_at=now, updated_at=now)
            values["residence_unit"] = values["residence_unit"].pk
            yield tuple(values[name] for name in columns)

    insert_rows(Person, columns, person_rows())
    insert_rows(
        Residence,
        ("person", "unit", "valid_from", "valid_to"),
        (
            (pk, plan.data["residence_unit"].pk, today, None)
            for pk, plan in zip(ids, plans, strict=True)
        ),
    )
    insert_rows(
        ImportedRow,
        ("run", "person", "row_number", "action", "before", "version_after"),
        (
            (run.pk, pk, plan.row, RowAction.CREATED, {}, 1)
            for pk, plan in zip(ids, plans, strict=True)
        ),
    )
    return len(ids)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def update_people(run: ImportRun, plans: list[Plan], *, today: dt.date) -> int:
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
            for name, value in plan.changes.items():
                attname = "residence_unit_id" if name == "residence_unit" else name
                before[attname] = _plain(getattr(person, attname))
                setattr(person, attname, value.pk if name == "residence_unit" else value)
                changed.add(attname.removesuffix("_id") if name == "residence_unit" else name)
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


def restore_people(links: list[ImportedRow], *, moved_on: dt.date) -> None:
    """Put back the values an import replaced (undo), and reopen the residence it closed."""
    now = timezone.now()
    people = Person.objects.in_bulk([link.person_id for link in links])
    changed: set[str] = {"version", "updated_at"}
    for link in links:
        person = people[cast(int, link.person_id)]
        for attname, value in link.before.items():
            if attname == "version":
                continue
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
