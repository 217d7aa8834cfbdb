"""Workflows that change the person registry: one transaction each, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, check_object_writable, check_unit_writable
from qpdp.core.identity import IdentityError, validate_id_number, validate_legacy_id_number
from qpdp.core.units import Unit
from qpdp.core.vietnamese import (
    capitalise_name,
    clean_text,
    fold,
    full_name_of,
    name_search_key,
    roster_key,
)
from qpdp.people.models import Person, Residence

TEXT_FIELDS = ("legacy_id_number", "ethnicity", "religion", "address", "occupation", "workplace")
NAME_FIELDS = ("family_name", "middle_name", "given_name")


class StaleRecord(ValidationError):
    """The record changed since the officer opened it (optimistic locking)."""


def normalise(data: Mapping[str, Any]) -> dict[str, Any]:
    """NFC, collapsed spaces, capitalised names: the form every input is stored in."""
    clean = dict(data)
    for field in NAME_FIELDS:
        if field in clean:
            clean[field] = capitalise_name(clean[field] or "")
    for field in TEXT_FIELDS:
        if field in clean:
            clean[field] = clean_text(clean[field] or "")
    if "notes" in clean:
        clean["notes"] = "\n".join(clean_text(line) for line in (clean["notes"] or "").splitlines())
    if clean.get("id_number") == "":
        clean["id_number"] = None
    return clean


DERIVED_FIELDS = ("full_name", "search_key", "roster_key")
"""Person columns computed from the name parts by ``derive_names``, never typed in."""


def derive_names(person: Person) -> None:
    """Set the full name, search key and roster key from the name parts.

    Every write of a name goes through here or through the same ``core.vietnamese`` functions
    row by row (the import's and the demo's bulk paths), so the keys are computed one way.
    """
    parts = (person.family_name, person.middle_name, person.given_name)
    person.full_name = full_name_of(*parts)
    person.search_key = name_search_key(*parts)
    person.roster_key = roster_key(*parts)


def _check_identity(person: Person) -> None:
    errors: dict[str, str] = {}
    if person.id_number:
        try:
            validate_id_number(
                person.id_number, gender=person.gender, birth_year=person.birth_date.year
            )
        except IdentityError as exc:
            errors["id_number"] = str(exc)
    if person.legacy_id_number:
        try:
            validate_legacy_id_number(person.legacy_id_number)
        except IdentityError as exc:
            errors["legacy_id_number"] = str(exc)
    if errors:
        raise ValidationError(errors)


def similar_people(
    *, full_name: str, birth_date: dt.date, residence_unit: Unit, exclude_pk: int | None = None
) -> list[Person]:
    """People who look like the one being entered: same folded name and birth date, same ward."""
    qs = Person.objects.filter(
        search_key=fold(full_name), birth_date=birth_date, residence_unit=residence_unit
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:5])


@transaction.atomic
def create_person(user: AnyUser, data: Mapping[str, Any], *, today: dt.date) -> Person:
    clean = normalise(data)
    unit: Unit = clean["residence_unit"]
    check_unit_writable(user, unit)
    person = Person(**clean)
    derive_names(person)
    _check_identity(person)
    person.full_clean(exclude=["roster_key"])
    person.save()
    Residence.objects.create(person=person, unit=unit, valid_from=today)
    audit.record(user, audit.Action.CREATE, person, after=audit.snapshot(person), unit=unit)
    return person


@transaction.atomic
def update_person(
    user: AnyUser, person: Person, data: Mapping[str, Any], *, version: int, today: dt.date
) -> Person:
    """Apply ``data``; refuse if someone else saved the record since ``version`` was read."""
    check_object_writable(user, person)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(locked)
    if locked.version != version:
        raise StaleRecord(
            _("Bản ghi đã được người khác sửa sau khi bạn mở. Hãy tải lại trang để xem thay đổi.")
        )
    clean = normalise(data)
    old_unit = locked.residence_unit
    for field, value in clean.items():
        setattr(locked, field, value)
    if locked.residence_unit_id != old_unit.pk:
        check_unit_writable(user, locked.residence_unit)
    derive_names(locked)
    _check_identity(locked)
    locked.full_clean(exclude=["roster_key"])
    locked.version += 1
    locked.save()
    if locked.residence_unit_id != old_unit.pk:
        move_residence(locked, locked.residence_unit, on=today)
    after = audit.snapshot(locked)
    if audit.diff(before, after):
        audit.record(
            user,
            audit.Action.UPDATE,
            locked,
            before=before,
            after=after,
            unit=locked.residence_unit,
        )
    return locked


def move_residence(person: Person, unit: Unit, *, on: dt.date) -> None:
    """Close the open residence period the day before ``on`` and open one in ``unit``."""
    Residence.objects.filter(person=person, valid_to__isnull=True).update(
        valid_to=on - dt.timedelta(days=1)
    )
    Residence.objects.create(person=person, unit=unit, valid_from=on)


@transaction.atomic
def delete_person(user: AnyUser, person: Person) -> None:
    check_object_writable(user, person)
    before = audit.snapshot(person)
    unit = person.residence_unit
    audit.record(user, audit.Action.DELETE, person, before=before, unit=unit)
    person.delete()
