"""Dated parameters: amounts, periods and powers that the law sets and later changes.

A figure the domain brief marks UNVERIFIED (or that a decree revises every few years: the base
salary, an allowance, a reward multiple) is never a constant in code. It is a row with the day
it takes effect and the text it comes from, so a province corrects it from the official text
without a release, and a payment made in 2022 is still checked against the 2022 amount.

``DatedParameter`` is the abstract model such tables share; ``in_force`` picks the row that
applies on a day from rows already read (pure: the rules call it with plain values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Dated(Protocol):
    @property
    def valid_from(self) -> dt.date: ...


def in_force[D: Dated, K](
    rows: Iterable[D], on: dt.date, *, key: Callable[[D], K] | None = None, wanted: K | None = None
) -> D | None:
    """The row in force on ``on``: the latest ``valid_from`` not after it (among the rows whose
    ``key`` is ``wanted``, when given). None when the parameter was not yet set that day."""
    best: D | None = None
    for row in rows:
        if key is not None and key(row) != wanted:
            continue
        if row.valid_from <= on and (best is None or row.valid_from > best.valid_from):
            best = row
    return best
