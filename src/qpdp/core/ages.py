"""Ages over birth dates that may be partial: anniversaries and age windows.

Every registry that applies an age limit (call-up, militia duty, reserve service) asks here, so
29 February and year-only births are handled one way. Conventions (design decisions, not law;
``tests/conscription/test_ages.py`` pins them):

- **Anniversaries.** A person is "đủ N tuổi" from the N-th anniversary of the birth date. Someone
  born on 29 February has the anniversary on 1 March in a common year: he is not yet N on
  28 February, because the law counts completed years and that year has no 29 February. This
  also makes "hết N tuổi" end on 28 February for him. (The Civil Code's rule for periods
  ending in a month without the matching day would point to 28 February instead; whether it
  governs ages is UNVERIFIED. Change ``anniversary`` alone if counsel decides so.)
- **Partial birth dates.** Registers hold year-only and month-year births. A ``BirthDate`` is the
  interval of days the person may have been born on. A rule is satisfied only when it holds for
  every day of the interval; when it holds for some days and not others the age is uncertain,
  and nobody is called up, enrolled or assigned on a guess. No day of the year (1 January,
  1 July) is ever assumed.

Pure: no Django, no clock.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from functools import lru_cache

from qpdp.core.dates import PartialDate

_ONE_DAY = timedelta(days=1)

# The rules speak of a birth date; the value type is the shared partial date.
BirthDate = PartialDate


def anniversary(birth: date, years: int) -> date:
    """The day a person born on ``birth`` completes ``years`` years (29 February → 1 March)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year
        return date(birth.year + years, 3, 1)


def completed_years(birth: date, on: date) -> int:
    """Age in completed years on ``on`` ("đủ … tuổi"), under the anniversary convention."""
    years = on.year - birth.year
    return years if anniversary(birth, years) <= on else years - 1


@lru_cache(maxsize=4096)
def latest_birth_reaching(years: int, on: date) -> date:
    """The last birth date whose ``years``-th anniversary falls on or before ``on``.

    Everyone born on or before it is at least ``years`` old on ``on``. Computed once per
    (years, date) so a bulk evaluation compares ordinals instead of doing date arithmetic.
    """
    try:
        birth = date(on.year - years, on.month, on.day)
    except ValueError:  # ``on`` is 29 February, the birth year is common
        birth = date(on.year - years, 2, 28)
    while anniversary(birth + _ONE_DAY, years) <= on:
        birth += _ONE_DAY
    while anniversary(birth, years) > on:
        birth -= _ONE_DAY
    return birth


class AgeCheck(enum.Enum):
    """Where a (possibly partial) birth date puts a person against an age window."""

    UNDER = "under"
    WITHIN = "within"
    OVER = "over"
    UNCERTAIN = "uncertain"


def age_window_check(birth: BirthDate, min_reached: int, max_reached: int) -> AgeCheck:
    """Compare a birth interval with "reached ``min`` but not ``max``" as birth ordinals.

    ``min_reached`` is the ordinal of the last birth date old enough, ``max_reached`` that of the
    last birth date already too old (see ``latest_birth_reaching``). Certain answers need the
    whole interval on one side; anything else is ``UNCERTAIN``.
    """
    if birth.first_ordinal > min_reached:
        return AgeCheck.UNDER
    if birth.last_ordinal <= max_reached:
        return AgeCheck.OVER
    if birth.last_ordinal > min_reached or birth.first_ordinal <= max_reached:
        return AgeCheck.UNCERTAIN
    return AgeCheck.WITHIN


def certainly_reached(birth: BirthDate, years: int, on: date) -> bool:
    """Whether the person is at least ``years`` old on ``on`` whatever day in the interval."""
    return birth.latest <= latest_birth_reaching(years, on)


def certainly_past(birth: BirthDate, years: int, on: date) -> bool:
    """Whether the person has ended age ``years`` on ``on`` ("hết … tuổi"), whatever the day."""
    return birth.latest <= latest_birth_reaching(years + 1, on)


def last_day_of_age(birth: date, years: int) -> date:
    """The last day a person born on ``birth`` is ``years`` old ("hết … tuổi")."""
    return anniversary(birth, years + 1) - _ONE_DAY
