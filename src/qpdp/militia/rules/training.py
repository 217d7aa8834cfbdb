"""Yearly training time of the militia (Art. 28.1 Law on Militia and Self-Defense Forces 2019,
not amended in 2025; Circular 69/2020/TT-BQP Art. 6.1 repeats it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from qpdp.core.dated import row_on

from .base import MILITIA_LAW, Text
from .organisation import ForceKind


@dataclass(frozen=True, slots=True)
class TrainingDays:
    valid_from: date
    valid_to: date | None
    first_year: int
    later_years: dict[str, int]
    standing: int
    article: Text


TRAINING_DAYS: tuple[TrainingDays, ...] = (
    TrainingDays(
        MILITIA_LAW,
        None,
        15,
        {kind: 7 if kind == ForceKind.LOCAL else 12 for kind in ForceKind},
        60,
        _("khoản 1 Điều 28 Luật Dân quân tự vệ 2019"),
    ),
)
"""Art. 28.1: (a) 15 days in the first year for all but standing militia; (b) from the second
year 12 days for mobile, maritime and the specialised kinds, 7 days for local militia; (c) 60 days
a year for standing militia."""


def training_days(kind: str, *, first_year: bool, on: date) -> int:
    """Days of political, legal and military training a member owes in a year."""
    row = row_on(TRAINING_DAYS, on)
    if kind == ForceKind.STANDING:
        return row.standing
    if first_year:
        return row.first_year
    return row.later_years[kind]


def training_article(on: date) -> Text:
    return row_on(TRAINING_DAYS, on).article
