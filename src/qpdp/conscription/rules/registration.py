"""Who must register for military service (Law on Military Service 2015 as amended, Art. 12–16)."""

from __future__ import annotations

from datetime import date

from qpdp.core.identity import FEMALE, MALE

from .ages import (
    FEMALE_REGISTRATION_AGE,
    FEMALE_RESERVE_AGE_LIMIT,
    MALE_REGISTRATION_AGE,
    MALE_RESERVE_AGE_LIMIT,
    certainly_past,
    certainly_reached,
)
from .pool import PersonFacts


def _excluded(facts: PersonFacts, on: date) -> bool:
    """Art. 13 (barred while a measure lasts) and Art. 14 (exempt from registering)."""
    barred = facts.barred_until
    return facts.registration_exempt or (barred is not None and on <= barred)


def _in_ages(facts: PersonFacts, first: int, last: int, on: date) -> bool:
    """Certainly aged ``first`` or more and possibly not yet past the end of age ``last``."""
    return certainly_reached(facts.birth, first, on) and not certainly_past(facts.birth, last, on)


def registration_subject(facts: PersonFacts, on: date) -> bool:
    """Whether the law requires the person to be registered on ``on``.

    Art. 12: men aged 17 and over, counted from the year they turn 17 because Art. 16 calls that
    whole year's cohort in April; women of the professions the army needs (Decree 14/2016 list
    [S]) from their 18th birthday. Up to the reserve age limit (Art. 25: the end of 45 for men,
    40 for women). Partial birth dates count only when the age is certain.
    """
    if _excluded(facts, on):
        return False
    if facts.gender == MALE:
        in_cohort = facts.birth.year + MALE_REGISTRATION_AGE <= on.year
        return in_cohort and not certainly_past(facts.birth, MALE_RESERVE_AGE_LIMIT, on)
    return facts.gender == FEMALE and (
        facts.listed_profession
        and _in_ages(facts, FEMALE_REGISTRATION_AGE, FEMALE_RESERVE_AGE_LIMIT, on)
    )


def first_registration_due(facts: PersonFacts, year: int) -> bool:
    """Whether the man belongs on the January list for first registration in ``year``.

    Art. 16.1: men who turn 17 in the year, and men of military-service age not yet registered;
    the commune chair calls them in April (Art. 16.2). The list is drawn up on 1 January.
    """
    january = date(year, 1, 1)
    if facts.gender != MALE:
        return False
    if facts.registered_on is not None and facts.registered_on < january:
        return False
    return registration_subject(facts, january)
