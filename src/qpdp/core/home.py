"""The home page's sections, contributed by the apps: core knows no registry.

An app declares its panels in ``<app>/home.py`` (imported the first time the home page is
shown), as apps declare indicators in ``<app>/indicators.py``. A panel is a template and a
function that computes what it shows for the request's user, within the user's scope.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    template_name: str
    context: Callable[[HttpRequest], Mapping[str, Any]]
    order: int = 100


_registry: dict[str, HomePanel] = {}
_discovered = False
_lock = threading.Lock()


def register(panel: HomePanel) -> HomePanel:
    """Add ``panel``; a second, different panel with the same name is an error."""
    existing = _registry.get(panel.name)
    if existing is not None and existing != panel:
        raise ValueError(f"home panel {panel.name!r} is already registered")
    _registry[panel.name] = panel
    return panel


def panels() -> list[HomePanel]:
    """Every panel, by ``order`` then name, after importing ``<app>.home`` of every app once."""
    global _discovered
    if not _discovered:
        with _lock:
            if not _discovered:
                from django.utils.module_loading import autodiscover_modules

                autodiscover_modules("home")
                _discovered = True
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.name))
