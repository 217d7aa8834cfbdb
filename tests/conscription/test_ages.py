"""Call-up age boundaries (Art. 30), leap-day births and partial birth dates."""

from __future__ import annotations

from datetime import date

import pytest

from qpdp.conscription.rules import (
    AgeCheck,
    BirthDate,
    PoolState,
    anniversary,
    call_up_age,
    completed_years,
    evaluate,
)

from .people import ON, deferral, person

BORN = BirthDate(2004, 5, 20)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2022, 5, 19), AgeCheck.UNDER),  # the day before the 18th birthday
        (date(2022, 5, 20), AgeCheck.WITHIN),  # the 18th birthday
        (date(2030, 5, 19), AgeCheck.WITHIN),  # the last day of age 25
        (date(2030, 5, 20), AgeCheck.OVER),  # the 26th birthday
    ],
)
def test_it_bounds_the_call_up_age_by_the_18th_and_26th_birthdays(
    on: date, expected: AgeCheck
) -> None:
    assert call_up_age(BORN, on) is expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2030, 5, 20), AgeCheck.WITHIN),  # past 25, but deferred for university
        (date(2032, 5, 19), AgeCheck.WITHIN),  # the last day of age 27
        (date(2032, 5, 20), AgeCheck.OVER),  # the 28th birthday
    ],
)
def test_it_extends_the_age_to_the_end_of_27_after_a_study_deferral(
    on: date, expected: AgeCheck
) -> None:
    assert call_up_age(BORN, on, studied_after_deferral=True) is expected


def test_it_extends_the_age_only_for_a_college_or_university_deferral() -> None:
    day = date(2031, 1, 10)  # aged 26
    university = deferral("g", date(2022, 9, 1), until=date(2026, 6, 30), higher_education=True)
    high_school = deferral("g", date(2021, 9, 1), until=date(2022, 6, 30))
    examined = {"health_exam_on": date(2030, 11, 20)}
    assert evaluate(person(**examined), [university], day).state is PoolState.CALLABLE
    assert evaluate(person(**examined), [high_school], day).state is PoolState.OVER_AGE
    assert evaluate(person(**examined), [], day).codes == ("over_age",)


def test_it_names_the_27_limit_when_a_studied_person_is_over_age() -> None:
    university = deferral("g", date(2022, 9, 1), until=date(2026, 6, 30), higher_education=True)
    result = evaluate(person(), [university], date(2032, 5, 20))
    assert result.codes == ("over_age_after_study",)


def test_it_does_not_extend_the_age_with_a_study_deferral_decided_later() -> None:
    later = deferral("g", date(2031, 9, 1), until=date(2033, 6, 30), higher_education=True)
    assert evaluate(person(), [later], date(2031, 1, 10)).state is PoolState.OVER_AGE


@pytest.mark.parametrize(
    ("birth", "years", "expected"),
    [
        (date(2008, 2, 29), 18, date(2026, 3, 1)),  # common year: 1 March
        (date(2004, 2, 29), 20, date(2024, 2, 29)),  # leap year: the day itself
        (date(2004, 2, 29), 26, date(2030, 3, 1)),
        (date(2004, 2, 28), 18, date(2022, 2, 28)),
    ],
)
def test_it_puts_a_leap_day_anniversary_on_1_march_in_common_years(
    birth: date, years: int, expected: date
) -> None:
    assert anniversary(birth, years) == expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 2, 28), AgeCheck.UNDER),
        (date(2026, 3, 1), AgeCheck.WITHIN),
    ],
)
def test_it_makes_a_leap_day_baby_18_on_1_march(on: date, expected: AgeCheck) -> None:
    assert call_up_age(BirthDate(2008, 2, 29), on) is expected


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2030, 2, 28), AgeCheck.WITHIN),  # still 25
        (date(2030, 3, 1), AgeCheck.OVER),  # 26 on 1 March of a common year
    ],
)
def test_it_ends_age_25_of_a_leap_day_baby_on_28_february(on: date, expected: AgeCheck) -> None:
    assert call_up_age(BirthDate(2004, 2, 29), on) is expected


def test_it_handles_a_reference_date_on_29_february() -> None:
    assert call_up_age(BirthDate(2006, 2, 28), date(2024, 2, 29)) is AgeCheck.WITHIN
    assert call_up_age(BirthDate(2006, 3, 1), date(2024, 2, 29)) is AgeCheck.UNDER
    assert call_up_age(BirthDate(2006, 2), date(2024, 2, 29)) is AgeCheck.WITHIN


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (date(2004, 5, 20), date(2022, 5, 19), 17),
        (date(2004, 5, 20), date(2022, 5, 20), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_it_counts_completed_years(birth: date, on: date, expected: int) -> None:
    assert completed_years(birth, on) == expected


@pytest.mark.parametrize(
    ("birth", "earliest", "latest"),
    [
        (BirthDate(2007), date(2007, 1, 1), date(2007, 12, 31)),
        (BirthDate(2008, 2), date(2008, 2, 1), date(2008, 2, 29)),
        (BirthDate(2007, 2), date(2007, 2, 1), date(2007, 2, 28)),
        (BirthDate(2007, 5, 3), date(2007, 5, 3), date(2007, 5, 3)),
    ],
)
def test_it_turns_a_partial_birth_date_into_an_interval(
    birth: BirthDate, earliest: date, latest: date
) -> None:
    assert (birth.earliest, birth.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        # Year only: certain only once every day of the year is past the limit.
        (BirthDate(2008), date(2026, 1, 1), AgeCheck.UNCERTAIN),
        (BirthDate(2008), date(2026, 12, 30), AgeCheck.UNCERTAIN),
        (BirthDate(2008), date(2026, 12, 31), AgeCheck.WITHIN),
        (BirthDate(2008), date(2025, 12, 31), AgeCheck.UNDER),
        (BirthDate(2000), date(2025, 12, 31), AgeCheck.WITHIN),
        (BirthDate(2000), date(2026, 1, 1), AgeCheck.UNCERTAIN),
        (BirthDate(2000), date(2026, 12, 30), AgeCheck.UNCERTAIN),
        (BirthDate(2000), date(2026, 12, 31), AgeCheck.OVER),
        # Month and year: the same, over the month.
        (BirthDate(2008, 2), date(2026, 2, 28), AgeCheck.UNCERTAIN),
        (BirthDate(2008, 2), date(2026, 3, 1), AgeCheck.WITHIN),  # 29/02 reaches 18 on 01/03
        (BirthDate(2008, 2), date(2026, 1, 31), AgeCheck.UNDER),
        (BirthDate(2000, 6), date(2026, 5, 31), AgeCheck.WITHIN),
        (BirthDate(2000, 6), date(2026, 6, 1), AgeCheck.UNCERTAIN),
        (BirthDate(2000, 6), date(2026, 7, 1), AgeCheck.OVER),
    ],
)
def test_it_decides_a_partial_birth_date_only_when_every_possible_day_agrees(
    birth: BirthDate, on: date, expected: AgeCheck
) -> None:
    assert call_up_age(birth, on) is expected


def test_it_never_calls_up_a_person_whose_age_is_uncertain() -> None:
    result = evaluate(person(birth=BirthDate(2008)), [], date(2026, 2, 10))
    assert result.state is PoolState.AGE_UNCERTAIN
    assert result.codes[0] == "birth_date_incomplete"


def test_it_calls_up_a_year_only_birth_when_the_whole_year_is_of_age() -> None:
    assert evaluate(person(birth=BirthDate(2004)), [], ON).state is PoolState.CALLABLE


@pytest.mark.parametrize(
    ("year", "month", "day"), [(2007, None, 3), (2007, 2, 30), (2007, 13, None)]
)
def test_it_rejects_an_impossible_birth_date(year: int, month: int | None, day: int | None) -> None:
    with pytest.raises(ValueError):
        BirthDate(year, month, day)


@pytest.mark.parametrize(
    ("birth", "text"),
    [
        (BirthDate(2007), "2007"),
        (BirthDate(2007, 3), "03/2007"),
        (BirthDate(2007, 3, 9), "09/03/2007"),
    ],
)
def test_it_writes_birth_dates_the_vietnamese_way(birth: BirthDate, text: str) -> None:
    assert str(birth) == text
