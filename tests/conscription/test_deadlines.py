"""Deadlines of the call-up procedure (Art. 33, 34.6, 40.3, 40.5, 40.6, 41.4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from qpdp.conscription.rules import (
    deferral_list_posting_deadline,
    deferral_list_posting_end,
    exam_season_start,
    exam_window,
    in_exam_window,
    latest_exam_call_date,
    latest_order_date,
    order_is_late,
    order_overdue,
    results_posting_deadline,
    results_posting_overdue,
    validate_handover_date,
)

HANDOVER = date(2026, 3, 2)


def test_it_wants_the_call_up_order_delivered_15_days_before_the_handover() -> None:
    assert latest_order_date(HANDOVER) == date(2026, 2, 15)
    assert latest_order_date(date(2025, 2, 13)) == date(2025, 1, 29)


@pytest.mark.parametrize(
    ("delivered_on", "late"),
    [(date(2026, 2, 14), False), (date(2026, 2, 15), False), (date(2026, 2, 16), True)],
)
def test_it_flags_an_order_delivered_after_the_last_day(delivered_on: date, late: bool) -> None:
    assert order_is_late(HANDOVER, delivered_on) is late


@pytest.mark.parametrize(
    ("on", "delivered_on", "overdue"),
    [
        (date(2026, 2, 15), None, False),  # the last day, not yet delivered
        (date(2026, 2, 16), None, True),  # past the last day, still not delivered
        (date(2026, 2, 20), date(2026, 2, 10), False),
        (date(2026, 2, 20), date(2026, 2, 17), True),
    ],
)
def test_it_flags_an_overdue_order_before_the_handover_day(
    on: date, delivered_on: date | None, overdue: bool
) -> None:
    assert order_overdue(HANDOVER, on, delivered_on) is overdue


def test_it_wants_the_examination_call_delivered_15_days_before() -> None:
    assert latest_exam_call_date(date(2025, 11, 20)) == date(2025, 11, 5)


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        (date(2025, 10, 31), False),
        (date(2025, 11, 1), True),
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
    ],
)
def test_it_holds_examinations_from_1_november_to_31_december(day: date, inside: bool) -> None:
    assert in_exam_window(day) is inside
    assert exam_window(2025) == (date(2025, 11, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2025, 10, 31), date(2024, 11, 1)),
        (date(2025, 11, 1), date(2025, 11, 1)),
        (date(2026, 3, 2), date(2025, 11, 1)),
    ],
)
def test_it_opens_each_examination_season_on_1_november(on: date, start: date) -> None:
    assert exam_season_start(on) == start


def test_it_wants_results_published_within_20_days() -> None:
    assert results_posting_deadline(date(2025, 12, 20)) == date(2026, 1, 9)
    assert not results_posting_overdue(date(2025, 12, 20), date(2026, 1, 9))
    assert results_posting_overdue(date(2025, 12, 20), date(2026, 1, 10))
    assert not results_posting_overdue(date(2025, 12, 20), date(2026, 2, 1), date(2026, 1, 5))


def test_it_keeps_the_deferral_lists_posted_for_20_days() -> None:
    assert deferral_list_posting_end(date(2026, 1, 5)) == date(2026, 1, 25)


@pytest.mark.parametrize(
    ("signed_on", "deadline"),
    [(date(2025, 6, 30), None), (date(2025, 7, 1), date(2025, 7, 21))],
)
def test_it_sets_the_posting_deadline_after_signing_only_from_circular_68_2025(
    signed_on: date, deadline: date | None
) -> None:
    assert deferral_list_posting_deadline(signed_on) == deadline


@pytest.mark.parametrize("day", [date(2026, 2, 1), date(2026, 3, 31), date(2024, 2, 29)])
def test_it_accepts_a_handover_in_february_or_march(day: date) -> None:
    validate_handover_date(day)


@pytest.mark.parametrize("day", [date(2026, 1, 31), date(2026, 4, 1), date(2026, 8, 15)])
def test_it_refuses_a_handover_outside_february_and_march(day: date) -> None:
    with pytest.raises(ValidationError) as raised:
        validate_handover_date(day)
    assert raised.value.code == "handover_month"


def test_it_accepts_a_second_call_or_an_adjusted_date_in_any_month() -> None:
    validate_handover_date(date(2026, 8, 15), second_call=True)
    validate_handover_date(date(2026, 4, 20), adjusted=True)
