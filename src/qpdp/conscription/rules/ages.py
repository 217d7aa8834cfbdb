"""Ages for registration and call-up, over birth dates that may be partial.

The anniversary and partial-date conventions are the shared ones of ``qpdp.core.ages`` (re-exported
here, where the call-up rules and their tests have always found them).
"""

from __future__ import annotations

from datetime import date

from qpdp.core.ages import AgeCheck as AgeCheck
from qpdp.core.ages import BirthDate as BirthDate
from qpdp.core.ages import age_window_check as age_window_check
from qpdp.core.ages import anniversary as anniversary
from qpdp.core.ages import certainly_past as certainly_past
from qpdp.core.ages import certainly_reached as certainly_reached
from qpdp.core.ages import completed_years as completed_years
from qpdp.core.ages import latest_birth_reaching as latest_birth_reaching

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
