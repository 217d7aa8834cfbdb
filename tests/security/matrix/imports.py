"""Imports: the history is scoped; only the officer who uploaded a run (or an administrator)
commits, restarts or undoes it; the mapping screen only exists for the session that uploaded."""

from __future__ import annotations

from typing import Any

from tests.security.conftest import World
from tests.security.matrix import OK_OR_REDIRECT, Entry, admin_only, nobody, writes
from tests.security.matrix import sees as sees_ward


def run(world: World, target: str) -> dict[str, Any]:
    return {"pk": world.run[target].pk}


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "imports:home": Entry(),
    "imports:mapping": Entry(
        kwargs=lambda w, t: {"token": "khong-co"}, allow=nobody, guess=False, targets=("A",)
    ),
    "imports:detail": Entry(kwargs=run, allow=sees_ward),
    "imports:progress": Entry(kwargs=run, allow=sees_ward, ok=OK_OR_REDIRECT),
    # The runs were uploaded by the administrator: other officers may not act on them.
    "imports:commit": Entry(kwargs=run, allow=admin_only, post=lambda w, t: {"mode": "valid"}),
    "imports:restart": Entry(kwargs=run, allow=admin_only, ok=OK_OR_REDIRECT, post=lambda w, t: {}),
    "imports:undo": Entry(kwargs=run, allow=admin_only, ok=OK_OR_REDIRECT, post=lambda w, t: {}),
    "imports:errors": Entry(kwargs=run, allow=writes),
}
