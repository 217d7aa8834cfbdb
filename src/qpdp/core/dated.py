"""Law that changes on known dates, in two forms.

Rule tables in code (call-up regimes, grounds and health standards; militia ages and
authorities; reserve classes): every rule that changed is a row with a validity window, never
an ``if`` on a date (the law changed on 01/07/2020, 01/01/2024, 01/07/2025, possibly
01/09/2026); ``row_on`` finds the row in force.

Parameters in the database (amounts, periods and powers the domain brief marks UNVERIFIED, or
that a decree revises every few years: the base salary, an allowance, a reward multiple): a
``DatedParameter`` row with the day it takes effect and the text it comes from, so a province
corrects it from the official text without a release and a payment made in 2022 is still
checked against the 2022 amount; ``latest_in_force`` picks the row that applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoRuleInForce(LookupError):
    """No row of a rule table covers the date asked for (e.g. before the 2015 law took effect)."""


class Dated(Protocol):
    """A table row in force from ``valid_from`` to ``valid_to``, both inclusive."""

    @property
    def valid_from(self) -> dt.date: ...

    @property
    def valid_to(self) -> dt.date | None: ...


def in_force(row: Dated, day: dt.date) -> bool:
    """Whether ``row`` applies on ``day``; an open ``valid_to`` means "until amended"."""
    return row.valid_from <= day and (row.valid_to is None or day <= row.valid_to)


def row_on[RowT: Dated](rows: Sequence[RowT], day: dt.date) -> RowT:
    """The single row of ``rows`` in force on ``day``; tables never overlap (tests prove it)."""
    for row in rows:
        if in_force(row, day):
            return row
    raise NoRuleInForce(f"no rule in force on {day.isoformat()}")


class DatedParameter(models.Model):
    """A value in force from ``valid_from`` until the next row of the same key, with the legal
    text (or the reason it is provisional) in ``source``."""

    valid_from = models.DateField(_("áp dụng từ ngày"))
    source = models.TextField(
        _("căn cứ"),
        help_text=_("Văn bản quy định; ghi rõ nếu chưa kiểm chứng với văn bản gốc."),
    )

    class Meta:
        abstract = True


class Starting(Protocol):
    """A parameter row in force from ``valid_from`` until the next row of its key."""

    @property
    def valid_from(self) -> dt.date: ...


def latest_in_force[D: Starting, K](
    rows: Iterable[D], on: dt.date, *, key: Callable[[D], K] | None = None, wanted: K | None = None
) -> D | None:
    """The parameter row in force on ``on``: the latest ``valid_from`` not after it (among the
    rows whose ``key`` is ``wanted``, when given). None when it was not yet set that day."""
    best: D | None = None
    for row in rows:
        if key is not None and key(row) != wanted:
            continue
        if row.valid_from <= on and (best is None or row.valid_from > best.valid_from):
            best = row
    return best
