"""The person registry: the list and its exports are scoped; a person outside the scope is 404."""

from __future__ import annotations

from typing import Any

from tests.core.helpers import edit_person_form, new_person_form
from tests.security.conftest import World
from tests.security.matrix import OK_OR_REDIRECT, Entry, writers, writes
from tests.security.matrix import sees as sees_ward


def person(world: World, target: str) -> dict[str, Any]:
    return {"pk": world.fit[target].pk}


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "people:list": Entry(),
    # Accounts of wards abolished in 2025 (all but the admin here) are sent back to the list.
    "people:create": Entry(
        allow=writers, ok=OK_OR_REDIRECT, post=lambda w, t: new_person_form(w.ward["A"])
    ),
    "people:export": (
        Entry(query={"format": "xlsx"}),
        Entry(query={"format": "csv"}),
    ),
    "people:detail": Entry(kwargs=person, allow=sees_ward),
    "people:update": Entry(
        kwargs=person,
        allow=writes,
        post=lambda w, t: edit_person_form(w.fit[t], given_name="Đổi", address="Số 9"),
    ),
    "people:delete": Entry(kwargs=person, allow=writes, post=lambda w, t: {"confirm": "on"}),
}
