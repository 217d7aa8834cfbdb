"""Who must register (Art. 12–16): men from the year they turn 17, women of listed professions."""

from __future__ import annotations

from datetime import date

import pytest

from qpdp.conscription.rules import BirthDate, first_registration_due, registration_subject

from .people import person


@pytest.mark.parametrize(
    ("birth", "due"),
    [
        (BirthDate(2009, 12, 31), True),  # turns 17 on the last day of 2026
        (BirthDate(2009, 1, 1), True),
        (BirthDate(2009), True),  # a year-only birth is enough for the cohort
        (BirthDate(2010, 1, 1), False),  # turns 17 in 2027
        (BirthDate(2008, 2, 29), True),  # 17 since 2025 and never registered
    ],
)
def test_it_lists_in_january_the_men_who_turn_17_in_the_year(birth: BirthDate, due: bool) -> None:
    assert first_registration_due(person(birth=birth, registered_on=None), 2026) is due


def test_it_lists_an_unregistered_man_of_service_age() -> None:
    assert first_registration_due(person(registered_on=None), 2026)


def test_it_does_not_list_a_man_registered_before_the_year() -> None:
    assert not first_registration_due(person(registered_on=date(2025, 4, 10)), 2026)


def test_it_does_not_list_a_man_past_the_reserve_age() -> None:
    past = person(birth=BirthDate(1979), registered_on=None)
    possibly_45 = person(birth=BirthDate(1980), registered_on=None)  # born 31/12/1980 is 45
    assert not first_registration_due(past, 2026)
    assert first_registration_due(possibly_45, 2026)


def test_it_does_not_list_barred_or_exempt_men() -> None:
    barred = person(registered_on=None, barred_until=date(2026, 6, 30))
    exempt = person(registered_on=None, registration_exempt=True)
    assert not first_registration_due(barred, 2026)
    assert not first_registration_due(exempt, 2026)


def test_it_does_not_list_women_for_first_registration() -> None:
    woman = person(gender="F", listed_profession=True, registered_on=None)
    assert not first_registration_due(woman, 2026)


@pytest.mark.parametrize(
    ("on", "listed", "subject"),
    [
        (date(2026, 5, 19), True, False),  # the day before her 18th birthday
        (date(2026, 5, 20), True, True),
        (date(2026, 5, 20), False, False),  # no profession the army needs
        (date(2049, 5, 19), True, True),  # the last day of age 40
        (date(2049, 5, 20), True, False),
    ],
)
def test_it_makes_women_of_listed_professions_register_from_18(
    on: date, listed: bool, subject: bool
) -> None:
    woman = person(gender="F", birth=BirthDate(2008, 5, 20), listed_profession=listed)
    assert registration_subject(woman, on) is subject


@pytest.mark.parametrize(
    ("on", "subject"),
    [
        (date(2025, 12, 31), False),
        (date(2026, 1, 1), True),  # the year he turns 17, though still 16
        (date(2055, 12, 30), True),  # the last day of age 45
        (date(2055, 12, 31), False),
    ],
)
def test_it_makes_men_register_from_the_year_they_turn_17(on: date, subject: bool) -> None:
    assert registration_subject(person(birth=BirthDate(2009, 12, 31)), on) is subject
