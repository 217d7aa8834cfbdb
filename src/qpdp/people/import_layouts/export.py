"""The people layout's export: a unit's residents in the layout's columns (``qpdp export people``).

Each column is written as the layout reads it back (the unit as its code, gender and education
as their Vietnamese labels, a partial birth date as "03/2004"), so an export imports unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from django.db.models import QuerySet

from qpdp.core.units import Unit
from qpdp.imports.records import Export
from qpdp.people.models import Person


def _education(person: Person) -> str:
    return person.get_education_level_display() if person.education_level is not None else ""


_COLUMNS: Final[dict[str, Callable[[Person], Any]]] = {
    "id_number": lambda person: person.id_number or "",
    "legacy_id_number": lambda person: person.legacy_id_number,
    "full_name": lambda person: person.full_name,
    "birth_date": lambda person: person.birth_date_display,
    "gender": lambda person: person.get_gender_display(),
    "ethnicity": lambda person: person.ethnicity,
    "religion": lambda person: person.religion,
    "education_level": _education,
    "residence_unit": lambda person: person.residence_unit.code,
    "address": lambda person: person.address,
    "phone": lambda person: person.phone,
    "occupation": lambda person: person.occupation,
    "workplace": lambda person: person.workplace,
    "notes": lambda person: person.notes,
}
"""The people layout's fields that a person has as such, with how each is written out."""


def residents(unit: Unit) -> QuerySet[Person]:
    """The people living in ``unit``'s subtree, in roster order."""
    return (
        Person.objects.filter(residence_unit__in=unit.subtree().values("pk"))
        .select_related("residence_unit")
        .order_by("roster_key", "pk")
    )


PEOPLE_EXPORT: Final = Export(columns=_COLUMNS, records=residents, counted="công dân")
