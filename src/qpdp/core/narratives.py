"""Sentences the apps contribute to the year-end review, found by topic: core knows no registry.

The review (``planning.review``) writes each of its parts from indicators; some facts read
better as a sentence the registry writes itself ("Ủy ban nhân dân thành phố tặng Giấy khen cho
05 tập thể…"). An app declares such writers in ``<app>/narratives.py``; the review asks for a
topic's sentences and never imports the app (awards already depends on planning's ranking).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qpdp.core.registry import Registry
from qpdp.core.units import Unit

AWARDS = "awards"
"""The review's "Thi đua, khen thưởng" part."""


@dataclass(frozen=True)
class Narrative:
    """``write(unit, year)`` gives the sentences of ``topic`` for the unit's review of the year
    (none when there is nothing to say), in Vietnamese whatever the interface language."""

    name: str
    topic: str
    write: Callable[[Unit, int], list[str]]


_narratives: Registry[Narrative] = Registry("review narrative", "narratives", lambda n: n.name)

register = _narratives.register
unregister = _narratives.unregister


def sentences(topic: str, unit: Unit, year: int) -> list[str]:
    """Every registered writer's sentences on ``topic``, in registration order."""
    return [
        text
        for narrative in _narratives.items().values()
        if narrative.topic == topic
        for text in narrative.write(unit, year)
    ]
