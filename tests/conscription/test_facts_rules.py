"""Art. 13 measures and Art. 4.4 recognitions as the rules read them: the boundary days of a
measure, the months each recognition ground needs, and the militia's flags on the pool."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qpdp.conscription.rules import (
    BirthDate,
    Measure,
    PoolState,
    RecognitionGround,
    barred_until,
    evaluate,
    first_registration_due,
    militia_flags,
    months_short,
    registration_subject,
)

from .people import ON, person

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("ends_on", "barred"),
    [
        (ON - DAY, None),  # ended the day before: free (Art. 13.2)
        (ON, ON),  # ends on the day: still barred that day
        (ON + DAY, ON + DAY),
        (None, date.max),  # open-ended
    ],
)
def test_a_measure_bars_up_to_and_including_its_last_day(
    ends_on: date | None, barred: date | None
) -> None:
    assert barred_until([Measure(date(2025, 6, 1), ends_on)], ON) == barred


def test_a_measure_starting_after_the_day_does_not_bar_yet() -> None:
    assert barred_until([Measure(ON + DAY, None)], ON) is None
    assert barred_until([Measure(ON, ON)], ON) == ON


def test_overlapping_measures_bar_until_the_latest_end() -> None:
    measures = [Measure(date(2025, 1, 1), ON + 5 * DAY), Measure(date(2025, 3, 1), ON + 9 * DAY)]
    assert barred_until(measures, ON) == ON + 9 * DAY


@pytest.mark.parametrize(
    ("ends_on", "state"),
    [(ON - DAY, PoolState.CALLABLE), (ON, PoolState.INELIGIBLE), (ON + DAY, PoolState.INELIGIBLE)],
)
def test_the_pool_leaves_out_a_barred_man_while_the_measure_lasts(
    ends_on: date, state: PoolState
) -> None:
    facts = person(barred_until=barred_until([Measure(date(2025, 6, 1), ends_on)], ON))
    evaluation = evaluate(facts, [], ON)
    assert evaluation.state is state
    if state is PoolState.INELIGIBLE:
        assert evaluation.codes == ("barred",)


def test_a_barred_man_is_not_due_for_registration_until_the_measure_ends() -> None:
    january = date(2026, 1, 1)
    young = person(birth=BirthDate(2009, 3, 1), registered_on=None)
    assert first_registration_due(young, 2026)
    barred = person(birth=young.birth, registered_on=None, barred_until=january)
    assert not first_registration_due(barred, 2026)
    assert not registration_subject(barred, january)
    assert registration_subject(barred, january + DAY)


@pytest.mark.parametrize(
    ("ground", "months", "short"),
    [
        (RecognitionGround.STANDING_MILITIA, 23, 24),
        (RecognitionGround.STANDING_MILITIA, 24, None),
        (RecognitionGround.COMMUNE_POLICE, 35, 36),
        (RecognitionGround.COMMUNE_POLICE, 36, None),
        (RecognitionGround.ECONOMIC_DEFENCE, None, 24),
        (RecognitionGround.FISHERIES_CONTROL, 24, None),
        (RecognitionGround.RESERVE_OFFICER, None, None),
    ],
)
def test_each_recognition_ground_needs_its_months(
    ground: RecognitionGround, months: int | None, short: int | None
) -> None:
    assert months_short(ground, months) == short


def test_a_recognised_man_has_served() -> None:
    assert evaluate(person(service_recognised_on=ON), [], ON).state is PoolState.SERVED
    assert evaluate(person(service_recognised_on=ON + DAY), [], ON).state is PoolState.CALLABLE


@pytest.mark.parametrize(
    ("months", "codes"),
    [
        (23, ("militia_deferral_ground",)),
        (24, ("militia_deferral_ground", "militia_recognition_due")),
    ],
)
def test_a_standing_militia_member_is_flagged_for_deferral_and_at_24_months_for_recognition(
    months: int, codes: tuple[str, ...]
) -> None:
    flags = militia_flags(PoolState.CALLABLE, standing=True, months=months)
    assert tuple(flag.code for flag in flags) == codes
    assert "điểm h khoản 1 Điều 41" in str(flags[0].article)


def test_the_militia_flags_are_silent_when_they_change_nothing() -> None:
    assert militia_flags(PoolState.DEFERRED, standing=True, months=0) == ()
    assert militia_flags(PoolState.SERVED, standing=False, months=30) == ()
    assert militia_flags(PoolState.CALLABLE, standing=False, months=0) == ()
