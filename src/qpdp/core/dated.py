"""Effective-dated rule tables: one lookup shared by every app's rules (call-up regimes, grounds
and health standards; militia ages and authorities; reserve classes).

The law changes on known dates (01/07/2020, 01/01/2024, 01/07/2025, possibly 01/09/2026), so
every rule that changed is a row with a validity window, never an ``if`` on a date in the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol


class NoRuleInForce(LookupError):
    """No row of a rule table covers the date asked for (e.g. before the 2015 law took effect)."""


class Dated(Protocol):
    """A table row in force from ``valid_from`` to ``valid_to``, both inclusive."""

    @property
    def valid_from(self) -> date: ...

    @property
    def valid_to(self) -> date | None: ...


def in_force(row: Dated, day: date) -> bool:
    """Whether ``row`` applies on ``day``; an open ``valid_to`` means "until amended"."""
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def row_on[RowT: Dated](rows: Sequence[RowT], day: date) -> RowT:
    """The single row of ``rows`` in force on ``day``; tables never overlap (tests prove it)."""
    for row in rows:
        if in_force(row, day):
            return row
    raise NoRuleInForce(f"no rule in force on {day.isoformat()}")
