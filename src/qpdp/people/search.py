"""Accent-insensitive name search that uses an index on both engines.

The folded name is stored in ``search_key``. PostgreSQL indexes it with a trigram GIN index, so
``LIKE '%…%'`` is an index scan; SQLite has an FTS5 table with the trigram tokenizer kept in step
by triggers (see migration 0002). Queries shorter than three letters fall back to a prefix match.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from qpdp.core.access import AnyUser, can_see_personal_numbers
from qpdp.core.vietnamese import fold

MIN_TRIGRAM = 3


def filter_by_name(queryset: QuerySet, text: str, *, by_number: bool = True) -> QuerySet:
    """People whose name contains ``text`` (accents ignored), or whose identity number starts
    with it when it is all digits. ``by_number=False`` (a role that may not see identity
    numbers) matches digits against nothing: a prefix search would reveal a masked number one
    digit at a time."""
    key = fold(text)
    if not key:
        return queryset
    if key.isdigit():
        return queryset.filter(id_number__startswith=key) if by_number else queryset.none()
    if len(key) < MIN_TRIGRAM:
        return queryset.filter(search_key__startswith=key)
    if connection.vendor == "sqlite":
        phrase = '"' + key.replace('"', '""') + '"'
        return queryset.filter(
            pk__in=RawSQL("SELECT rowid FROM people_person_fts WHERE search_key MATCH %s", [phrase])
        )
    return queryset.filter(search_key__contains=key)


def people_named(user: AnyUser | None, text: str) -> QuerySet:
    """The ids of the people a registry's name search finds for ``user`` (a subquery): by name,
    and by identity-number prefix only for a role that may read identity numbers. Without a
    user (a filter set built without its request) digits match nothing."""
    from qpdp.people.models import Person

    by_number = user is not None and can_see_personal_numbers(user)
    return filter_by_name(Person.objects.all(), text, by_number=by_number).values("pk")
