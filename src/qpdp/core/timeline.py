"""The person page's records kept by other registries (militia service, the reserve…),
contributed by the apps: the people app knows no registry.

An app declares its section in ``<app>/timeline.py`` (imported the first time a person page is
shown, ``core.registry``), as it declares home panels in ``<app>/home.py``. A section is a
template and a function returning the person's records the user may see (one or two queries);
a section with no record is left off the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from qpdp.core.access import AnyUser
from qpdp.core.registry import Registry


@dataclass(frozen=True)
class PersonSection:
    name: str
    template_name: str  # rendered with ``records`` and ``person``
    records: Callable[[AnyUser, Model], Sequence[Any]]
    order: int = 100


_sections: Registry[PersonSection] = Registry(
    "person section", "timeline", lambda section: section.name
)

register = _sections.register
unregister = _sections.unregister


def sections_for(user: AnyUser, person: Model) -> list[tuple[PersonSection, Sequence[Any]]]:
    """Each section (by ``order``) with the person's records ``user`` may see, those with none
    left out."""
    found = []
    for section in sorted(_sections.items().values(), key=lambda s: (s.order, s.name)):
        records = section.records(user, person)
        if records:
            found.append((section, records))
    return found
