"""The home page's sections, contributed by the apps: core knows no registry.

An app declares its panels in ``<app>/home.py`` (imported the first time the home page is
shown, ``core.registry``), as apps declare indicators in ``<app>/indicators.py``. A panel is a
template and a function that computes what it shows for the request's user, within the user's
scope. The home page is the officer's work list: a panel that lists things to do gives
``Task``s and renders them with ``core/home_tasks.html``, so every app's items read alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from qpdp.core.registry import Registry


@dataclass(frozen=True)
class HomePanel:
    name: str
    template_name: str
    context: Callable[[HttpRequest], Mapping[str, Any]]
    order: int = 100


@dataclass(frozen=True, slots=True)
class Task:
    """One line of the work list: what to do, by when, and the page where it is done.

    ``note`` defines the figure in ``text`` (who counts, on which day, which article), shown
    beside it, so the same figure read on two pages can be checked against one definition.
    """

    text: str
    url: str
    deadline: dt.date | None = None
    overdue: bool = False
    note: str = ""


_panels: Registry[HomePanel] = Registry("home panel", "home", lambda panel: panel.name)

register = _panels.register
unregister = _panels.unregister


def panels() -> list[HomePanel]:
    """Every panel, by ``order`` then name."""
    return sorted(_panels.items().values(), key=lambda panel: (panel.order, panel.name))
