"""Read-only questions about the person registry that other registries ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from qpdp.core.units import Unit
from qpdp.people.models import Person, Residence


def residents(
    unit: Unit,
    on: dt.date,
    *,
    born_from: dt.date,
    born_to: dt.date,
    gender: str | None = None,
    exclude: Iterable[int] = (),
) -> list[Person]:
    """The people registered in ``unit`` on ``on`` (through their residence history, so a 2022
    ward keeps the people who lived there) born between the two days, in identity-number order:
    a stable order, so the demos that cast residents in a part choose the same people each time."""
    people = Person.objects.filter(birth_date__gte=born_from, birth_date__lte=born_to).exclude(
        pk__in=list(exclude)
    )
    if gender is not None:
        people = people.filter(gender=gender)
    rows = (
        Residence.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            unit=unit,
            person__in=people,
        )
        .select_related("person")
        .order_by("person__id_number", "person_id")
    )
    found: dict[int, Person] = {}
    for row in rows:
        found.setdefault(row.person_id, row.person)
    return list(found.values())
