"""Ages for registration and call-up, over birth dates that may be partial.

Conventions (design decisions, not law; tests pin them):

- **Anniversaries.** A person is "đủ N tuổi" from the N-th anniversary of the birth date. Someone
  born on 29 February has the anniversary on 1 March in a common year: he is not yet N on
  28 February, because the law counts completed years and that year has no 29 February. This
  also makes "hết 25 tuổi" end on 28 February for him. (The Civil Code's rule for periods
  ending in a month without the matching day would point to 28 February instead; whether it
  governs ages is UNVERIFIED. Change ``anniversary`` alone if counsel decides so.)
- **Partial birth dates.** Registers hold year-only and month-year births. A ``BirthDate`` is the
  interval of days the person may have been born on. A rule is satisfied only when it holds for
  every day of the interval; when it holds for some days and not others the age is uncertain,
  and nobody is called up on a guess. No day of the year (1 January, 1 July) is ever assumed.
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from functools import lru_cache

from qpdp.core.dates import PartialDate

_ONE_DAY = timedelta(days=1)

CALL_UP_MIN_AGE = 18
"""Law on Military Service 2015 as amended, Art. 30: called from the 18th birthday."""
CALL_UP_MAX_AGE = 25
"""Art. 30: until the end of age 25, i.e. the day before the 26th birthday."""
CALL_UP_MAX_AGE_AFTER_STUDY = 27
"""Art. 30: until the end of age 27 for those deferred for college or university training."""
MALE_REGISTRATION_AGE = 17
"""Art. 12.1, 16.1: men register in the year they turn 17."""
FEMALE_REGISTRATION_AGE = 18
"""Art. 12.2, 7.2: women of the professions the army needs register from 18."""
MALE_RESERVE_AGE_LIMIT = 45
FEMALE_RESERVE_AGE_LIMIT = 40
"""Art. 25: reserve service of NCOs and soldiers lasts to the end of age 45 (men), 40 (women)."""


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


def call_up_age(birth: BirthDate, on: date, *, studied_after_deferral: bool = False) -> AgeCheck:
    """Whether ``on`` falls within the call-up age for this birth date.

    Law on Military Service 2015 as amended, Art. 30: from the 18th birthday to the end of age 25,
    or of age 27 for citizens trained at college or university level who were deferred (ground g).
    """
    limit = CALL_UP_MAX_AGE_AFTER_STUDY if studied_after_deferral else CALL_UP_MAX_AGE
    return age_window_check(
        birth,
        latest_birth_reaching(CALL_UP_MIN_AGE, on).toordinal(),
        latest_birth_reaching(limit + 1, on).toordinal(),
    )


def certainly_reached(birth: BirthDate, years: int, on: date) -> bool:
    """Whether the person is at least ``years`` old on ``on`` whatever day in the interval."""
    return birth.latest <= latest_birth_reaching(years, on)


def certainly_past(birth: BirthDate, years: int, on: date) -> bool:
    """Whether the person has ended age ``years`` on ``on`` ("hết … tuổi"), whatever the day."""
    return birth.latest <= latest_birth_reaching(years + 1, on)
