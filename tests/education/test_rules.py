"""Defense education rules at their boundaries (pure: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from qpdp.education import rules
from qpdp.education.rules import GroupChoice

D = dt.date


@pytest.mark.parametrize(
    ("post_group", "chosen", "expected"),
    [
        ("4", None, GroupChoice("4", by_hand=False)),
        ("4", "4", GroupChoice("4", by_hand=False)),
        (None, "village_head", GroupChoice("village_head", by_hand=True)),
        (None, None, None),
    ],
)
def test_the_group_comes_from_the_post_else_from_the_officer(
    post_group: str | None, chosen: str | None, expected: GroupChoice | None
) -> None:
    assert rules.group_for(post_group, chosen) == expected


def test_a_chosen_group_contradicting_the_post_is_flagged() -> None:
    assert rules.contradicts_post("3", "4")
    assert not rules.contradicts_post("3", "3")
    assert not rules.contradicts_post(None, "4")
    assert not rules.contradicts_post("3", None)


@pytest.mark.parametrize("result", ["excellent", "good", "passed"])
def test_passing_results(result: str) -> None:
    assert rules.is_passing(result)


@pytest.mark.parametrize("result", ["failed", "pending", "", "Đạt"])
def test_other_results_do_not_pass(result: str) -> None:
    assert not rules.is_passing(result)


@pytest.mark.parametrize(
    ("trained", "years", "on", "current"),
    [
        (D(2022, 6, 9), 5, D(2022, 6, 8), False),  # not yet trained that day
        (D(2022, 6, 9), 5, D(2022, 6, 9), True),
        (D(2022, 6, 9), 5, D(2027, 6, 8), True),  # the last day it counts
        (D(2022, 6, 9), 5, D(2027, 6, 9), False),  # lapsed on the anniversary
        (D(2022, 6, 9), None, D(2060, 1, 1), True),  # no interval: never lapses
        (D(2020, 2, 29), 1, D(2021, 2, 27), True),
        (D(2020, 2, 29), 1, D(2021, 2, 28), False),  # 29 February lapses on 28 February
    ],
)
def test_a_certificate_counts_until_the_refresh_interval_runs_out(
    trained: dt.date, years: int | None, on: dt.date, current: bool
) -> None:
    assert rules.certificate_current(trained, years, on) is current


def test_someone_never_trained_is_due() -> None:
    due = rules.training_due(None, 5, D(2022, 12, 31))
    assert due.due and due.never_trained and due.since is None
    assert "tỉnh quy định" in due.basis


def test_a_training_after_the_day_counts_as_never() -> None:
    assert rules.training_due(D(2023, 1, 5), 5, D(2022, 12, 31)).never_trained


def test_a_lapsed_certificate_is_due_from_its_expiry() -> None:
    due = rules.training_due(D(2017, 6, 9), 5, D(2022, 12, 31))
    assert due.due and not due.never_trained and due.since == D(2022, 6, 9)
    assert not rules.training_due(D(2017, 6, 9), 5, D(2022, 6, 8)).due
    assert not rules.training_due(D(2017, 6, 9), None, D(2040, 1, 1)).due


@pytest.mark.parametrize(
    ("on", "years", "cutoff"),
    [
        (D(2026, 6, 1), 3, D(2023, 6, 1)),
        (D(2025, 2, 28), 5, D(2020, 2, 29)),  # a 29 February certificate lapses on 28/02
        (D(2025, 3, 1), 5, D(2020, 3, 1)),
        (D(2024, 2, 29), 4, D(2020, 2, 29)),
        (D(2024, 2, 29), 1, D(2023, 2, 28)),
    ],
)
def test_the_cutoff_is_the_last_training_day_lapsed_by_then(
    on: dt.date, years: int, cutoff: dt.date
) -> None:
    assert rules.trained_by_cutoff(on, years) == cutoff
    assert not rules.certificate_current(cutoff, years, on)
    assert rules.certificate_current(cutoff + dt.timedelta(days=1), years, on)
