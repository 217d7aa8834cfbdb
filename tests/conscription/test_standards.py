"""Health classes, the 2025 exclusions, examination currency and the education standard."""

from __future__ import annotations

from datetime import date

import pytest

from qpdp.conscription.rules import (
    PERMITTED_EDUCATION_GRADE,
    PersonFacts,
    PoolState,
    evaluate,
    health_standard_on,
)

from .people import ON, ON_BEFORE_REFORM, examined_before_reform, person

LAST_OLD_DAY = date(2025, 6, 30)
FIRST_NEW_DAY = date(2025, 7, 1)


@pytest.mark.parametrize(
    ("health_class", "state"),
    [
        (1, PoolState.CALLABLE),
        (2, PoolState.CALLABLE),
        (3, PoolState.CALLABLE),
        (4, PoolState.HEALTH_UNFIT),
        (5, PoolState.HEALTH_UNFIT),
        (6, PoolState.HEALTH_UNFIT),
    ],
)
@pytest.mark.parametrize("on", [ON_BEFORE_REFORM, ON])
def test_it_calls_up_health_classes_1_to_3_only(
    health_class: int, state: PoolState, on: date
) -> None:
    assert evaluate(_examined_for(on, health_class=health_class), [], on).state is state


def _examined_for(on: date, **changes: object) -> PersonFacts:
    """The baseline, examined in the season that serves ``on``."""
    if on == ON_BEFORE_REFORM:
        return examined_before_reform(**changes)
    return person(**changes)


@pytest.mark.parametrize(
    "day", [date(2019, 3, 1), date(2024, 1, 1), LAST_OLD_DAY, FIRST_NEW_DAY, date(2030, 1, 1)]
)
def test_it_keeps_classes_1_to_3_callable_under_every_standard(day: date) -> None:
    assert health_standard_on(day).callable_classes == frozenset({1, 2, 3})


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2023, 12, 31), "ttlt16-2016"),
        (date(2024, 1, 1), "tt105-2023"),
        (LAST_OLD_DAY, "tt105-2023"),
        (FIRST_NEW_DAY, "tt68-2025"),
    ],
)
def test_it_switches_health_standard_on_its_effective_dates(day: date, code: str) -> None:
    assert health_standard_on(day).code == code


@pytest.mark.parametrize("on", [ON_BEFORE_REFORM, ON])
def test_it_never_calls_up_a_drug_addict(on: date) -> None:
    result = evaluate(_examined_for(on, drug_addicted=True), [], on)
    assert result.state is PoolState.HEALTH_UNFIT
    assert "drug_addiction" in result.codes


def test_it_excludes_a_drug_addict_even_before_the_examination() -> None:
    result = evaluate(person(drug_addicted=True, health_class=None, health_exam_on=None), [], ON)
    assert result.codes == ("drug_addiction", "not_examined")
    assert result.state is PoolState.HEALTH_UNFIT


EXAMINED_IN_MAY = date(2025, 5, 20)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"myopia_dioptres": 1.75}, "myopia"),
        ({"hyperopia": True}, "hyperopia"),
        ({"bmi": 17.9}, "bmi"),
        ({"bmi": 30.0}, "bmi"),
    ],
)
def test_it_applies_the_2025_exclusions_from_1_july_2025_not_the_day_before(
    changes: dict[str, object], code: str
) -> None:
    facts = person(health_class=2, health_exam_on=EXAMINED_IN_MAY, **changes)
    assert evaluate(facts, [], LAST_OLD_DAY).state is PoolState.CALLABLE
    result = evaluate(facts, [], FIRST_NEW_DAY)
    assert result.state is PoolState.HEALTH_UNFIT
    assert result.codes == (code,)


@pytest.mark.parametrize(
    ("changes", "callable_"),
    [
        ({"myopia_dioptres": 1.5}, True),  # "above 1.5": 1.5 itself passes
        ({"myopia_dioptres": 1.6}, False),
        ({"bmi": 18.0}, True),
        ({"bmi": 29.9}, True),
        ({"bmi": 17.99}, False),
        ({"bmi": 29.91}, False),
    ],
)
def test_it_draws_the_2025_limits_where_the_circular_does(
    changes: dict[str, object], callable_: bool
) -> None:
    assert evaluate(person(**changes), [], ON).is_callable is callable_


@pytest.mark.parametrize(
    ("health_class", "myopia", "hyperopia", "callable_"),
    [
        (3, 1.5, False, False),  # class 3 with myopia of 1.5 D or more
        (3, 1.4, False, True),
        (3, None, True, False),  # class 3 with any hyperopia
        (2, 3.0, False, True),  # the refraction rule hit class 3 only
        (2, None, True, True),
    ],
)
def test_it_excluded_refraction_only_for_class_3_before_july_2025(
    health_class: int, myopia: float | None, hyperopia: bool, callable_: bool
) -> None:
    facts = examined_before_reform(
        health_class=health_class, myopia_dioptres=myopia, hyperopia=hyperopia
    )
    assert evaluate(facts, [], ON_BEFORE_REFORM).is_callable is callable_


def test_it_ignores_bmi_before_july_2025() -> None:
    facts = examined_before_reform(bmi=16.0)
    assert evaluate(facts, [], ON_BEFORE_REFORM).is_callable


def test_it_lists_every_health_reason_that_holds() -> None:
    facts = person(health_class=5, drug_addicted=True, myopia_dioptres=3.0, hyperopia=True, bmi=31)
    result = evaluate(facts, [], ON)
    assert result.codes == ("health_class", "drug_addiction", "myopia", "hyperopia", "bmi")


@pytest.mark.parametrize(
    ("exam_on", "on", "state"),
    [
        (date(2025, 11, 1), date(2025, 11, 1), PoolState.CALLABLE),
        (date(2025, 11, 20), date(2026, 10, 31), PoolState.CALLABLE),
        (date(2025, 11, 20), date(2026, 11, 1), PoolState.NOT_EXAMINED),  # a new season opened
        (date(2025, 11, 20), date(2025, 11, 19), PoolState.NOT_EXAMINED),  # not yet examined
        (date(2025, 10, 31), date(2025, 11, 1), PoolState.NOT_EXAMINED),
    ],
)
def test_it_counts_an_examination_only_in_its_own_season(
    exam_on: date, on: date, state: PoolState
) -> None:
    assert evaluate(person(health_exam_on=exam_on), [], on).state is state


def test_it_waits_for_an_examination_before_calling_up() -> None:
    result = evaluate(person(health_class=None, health_exam_on=None), [], ON)
    assert result.state is PoolState.NOT_EXAMINED
    assert result.codes == ("not_examined",)


def test_it_judges_an_old_examination_unfit_no_longer_but_asks_for_a_new_one() -> None:
    old = person(health_class=5, health_exam_on=date(2024, 11, 20))
    assert evaluate(old, [], ON).codes == ("not_examined",)


@pytest.mark.parametrize(
    ("grade", "min_grade", "callable_"),
    [
        (12, 8, True),
        (8, 8, True),
        (7, 8, False),
        (7, PERMITTED_EDUCATION_GRADE, True),
        (6, PERMITTED_EDUCATION_GRADE, False),
    ],
)
def test_it_requires_grade_8_or_grade_7_where_permitted(
    grade: int, min_grade: int, callable_: bool
) -> None:
    result = evaluate(person(education_grade=grade), [], ON, min_grade=min_grade)
    assert result.is_callable is callable_
    if not callable_:
        assert result.state is PoolState.EDUCATION_UNMET


def test_it_does_not_assume_an_unknown_education_level_meets_the_standard() -> None:
    result = evaluate(person(education_grade=None), [], ON)
    assert result.state is PoolState.EDUCATION_UNMET
    assert result.codes == ("education_unknown",)


def test_it_ranks_a_failed_examination_above_low_education() -> None:
    result = evaluate(person(health_class=4, education_grade=6), [], ON)
    assert result.state is PoolState.HEALTH_UNFIT
    assert result.codes == ("health_class", "education_below")


@pytest.mark.parametrize(
    "changes",
    [
        {"health_class": 7},
        {"health_class": 2, "health_exam_on": None},
        {"education_grade": 13},
        {"myopia_dioptres": -2.0},
        {"bmi": 0.0},
        {"gender": "X"},
    ],
)
def test_it_rejects_facts_that_cannot_be_true(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        person(**changes)
