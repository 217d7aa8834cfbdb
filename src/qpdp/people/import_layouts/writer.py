"""The people layout's writes: new people in bulk through the engine, changed people in batches.

New people go through ``imports.writer.create_records`` (COPY + ``INSERT … SELECT`` on
PostgreSQL, ``executemany`` on SQLite) with their roster key computed per row and their first
residence period written beside them. A change goes through the ORM in batches because it may
move the person (closing one residence period, opening another) and change the derived name keys;
the replaced values are kept on the run's link for undo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final, cast

from django.utils import timezone

from qpdp.core.vietnamese import roster_key
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.imports.staging import Plan
from qpdp.imports.writer import NEW_ID, Companion, NewColumn, create_records
from qpdp.people.models import Person, Residence
from qpdp.people.services import DERIVED_FIELDS, NAME_FIELDS, derive_names

_RESTORABLE: Final = frozenset(
    model_field.attname
    for model_field in Person._meta.concrete_fields
    if model_field.attname not in ("id", "version", *DERIVED_FIELDS)
)
_BATCH: Final = 1000


def _roster_key(data: Mapping[str, Any]) -> dict[str, bytes]:
    """The roster key of a new person (bytes: computed as the row is written, not staged)."""
    return {"roster_key": roster_key(*(data.get(part) or "" for part in NAME_FIELDS))}


def create_people(run: ImportRun, plans: Sequence[Plan], *, today: dt.date) -> int:
    """Insert new people, their residence periods from ``today`` and the run's links; returns
    the count. Each plan gets its new person's id, for records a layout writes beside him."""
    first_residence = Companion(
        Residence,
        ("person", "unit", "valid_from", "valid_to"),
        (NEW_ID, NewColumn("residence_unit_id"), today, None),
    )
    return create_records(run, Person, plans, derived=_roster_key, companions=(first_residence,))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def update_people(run: ImportRun, plans: Sequence[Plan], *, today: dt.date) -> int:
    """Apply each plan's changes in batches, keeping the replaced values for undo."""
    now = timezone.now()
    links: list[ImportedRow] = []
    for start in range(0, len(plans), _BATCH):
        batch = plans[start : start + _BATCH]
        people = Person.objects.in_bulk([plan.record_id for plan in batch])
        changed: set[str] = {"version", "updated_at"}
        moved: list[tuple[int, int]] = []
        for plan in batch:
            person = people[cast(int, plan.record_id)]
            before: dict[str, Any] = {}
            for attname, value in plan.changes.items():
                before[attname] = _plain(getattr(person, attname))
                if attname == "birth_date":
                    value = dt.date.fromisoformat(value)
                setattr(person, attname, value)
                changed.add("residence_unit" if attname == "residence_unit_id" else attname)
            if "residence_unit_id" in before:
                moved.append((person.pk, person.residence_unit_id))
            if changed & set(NAME_FIELDS):
                derive_names(person)
                changed.update(DERIVED_FIELDS)
            before["version"] = person.version
            person.version += 1
            person.updated_at = now
            links.append(
                ImportedRow(
                    run=run,
                    record_id=person.pk,
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
    people = Person.objects.in_bulk([link.record_id for link in links])
    changed: set[str] = {"version", "updated_at"}
    for link in links:
        person = people[link.record_id]
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
        if changed & set(NAME_FIELDS):
            derive_names(person)
            changed.update(DERIVED_FIELDS)
        person.version += 1
        person.updated_at = now
    Person.objects.bulk_update(people.values(), sorted(changed), batch_size=_BATCH)
