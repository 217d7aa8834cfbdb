"""Choosing a person of the registry on another registry's form: a search step on the form page
(``?q=``, people the user may write, by name through the search index) whose matches are links
``?person=<pk>``; the form's hidden field then checks the id is one the user may write.

Registries (militia, reserves, the call-up's Art. 13 and Art. 4.4 facts) use this instead of a
select of a whole ward; the people app links to no registry, so there is no "add to …" button on
the person page.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from qpdp.core.access import can_see_personal_numbers
from qpdp.people.models import Person
from qpdp.people.search import filter_by_name

PERSON_MATCHES = 20


class PersonPickerMixin:
    """Adds ``person`` (the chosen one), ``matches`` and ``query`` to a form page's context; the
    template includes ``people/_person_picker.html`` (``keep`` names the query parameters the
    search keeps, as the unit the page was opened for)."""

    request: HttpRequest
    picker_keeps: tuple[str, ...] = ()

    @cached_property
    def editable_people(self) -> QuerySet[Person]:
        return Person.objects.editable_by(self.request.user)

    def chosen_person(self) -> Person | None:
        pk = self.request.POST.get("person") or self.request.GET.get("person") or ""
        return self.editable_people.filter(pk=pk).first() if pk.isdigit() else None

    def matches(self) -> list[Person]:
        query = self.request.GET.get("q", "").strip()
        if not query:
            return []
        by_number = can_see_personal_numbers(self.request.user)
        found = filter_by_name(self.editable_people, query, by_number=by_number)
        return list(
            found.select_related("residence_unit").order_by("roster_key", "pk")[:PERSON_MATCHES]
        )

    def picker_context(self) -> dict[str, Any]:
        return {
            "person": self.chosen_person(),
            "matches": self.matches(),
            "query": self.request.GET.get("q", ""),
            "picker_keeps": [
                (name, self.request.GET[name])
                for name in self.picker_keeps
                if self.request.GET.get(name)
            ],
        }
