"""Declarations apps make in a module of their own, found the first time they are asked for.

Indicators (``<app>/indicators.py``), import layouts (``<app>/import_layouts.py``) and demo data
(``<app>/demo.py``) are declared where the app keeps them: the module calls ``register`` at
import, and the registry imports that module of every installed app once (``autodiscover``)
before it answers. Shared code therefore never imports a domain app to know what it declares.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Registry[T]:
    """Items of one kind by key, in registration order (apps in ``INSTALLED_APPS`` order)."""

    def __init__(
        self,
        kind: str,
        module: str,
        key: Callable[[T], str],
        check: Callable[[T], None] | None = None,
    ) -> None:
        self.kind = kind
        self.module = module
        self.key = key
        self.check = check
        self._items: dict[str, T] = {}
        self._discovered = False
        self._lock = threading.Lock()

    def register(self, item: T) -> T:
        """Add ``item``; registering it again is harmless, a different item with its key is an
        error (two apps claiming one code), and so is an item ``check`` refuses."""
        key = self.key(item)
        existing = self._items.get(key)
        if existing is not None and existing != item:
            raise ValueError(f"{self.kind} {key!r} is already registered")
        if self.check is not None:
            self.check(item)
        self._items[key] = item
        return item

    def unregister(self, key: str) -> None:
        """Remove an item (tests that declare throwaway items clean up with this)."""
        self._items.pop(key, None)

    def autodiscover(self) -> None:
        """Import ``<app>.<module>`` of every installed app, once."""
        if self._discovered:
            return
        with self._lock:
            if not self._discovered:
                from django.utils.module_loading import autodiscover_modules

                autodiscover_modules(self.module)
                self._discovered = True

    def get(self, key: str) -> T:
        """The item with ``key``; ``KeyError`` naming it if none."""
        self.autodiscover()
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"no {self.kind} {key!r}") from None

    def items(self) -> dict[str, T]:
        """Every item by key, in registration order."""
        self.autodiscover()
        return dict(self._items)
