"""Declarations the apps make for core to find without importing them: indicators
(``<app>/indicators.py``), home sections (``<app>/home.py``). A registry imports those modules
of every installed app the first time it is read."""

from __future__ import annotations

import threading


class Registry[T]:
    """Named declarations of one kind, found in ``<app>/<module>.py``."""

    def __init__(self, module: str, kind: str) -> None:
        self.module = module
        self.kind = kind
        self._items: dict[str, T] = {}
        self._discovered = False
        self._lock = threading.Lock()

    def register(self, name: str, item: T) -> T:
        """Add ``item``; a second, different item under the same name is an error."""
        existing = self._items.get(name)
        if existing is not None and existing != item:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Remove an item (tests that declare throwaway items clean up with this)."""
        self._items.pop(name, None)

    def autodiscover(self) -> None:
        """Import ``<app>.<module>`` of every installed app, once."""
        if self._discovered:
            return
        with self._lock:
            if not self._discovered:
                from django.utils.module_loading import autodiscover_modules

                autodiscover_modules(self.module)
                self._discovered = True

    def get(self, name: str) -> T:
        self.autodiscover()
        try:
            return self._items[name]
        except KeyError:
            raise KeyError(f"no {self.kind} {name!r}") from None

    def all(self) -> list[T]:
        """Every item, in registration order (apps in INSTALLED_APPS order)."""
        self.autodiscover()
        return list(self._items.values())
