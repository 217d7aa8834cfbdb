"""The council's votes (Art. 36.3) and which council proposes the list on a day (Art. 34.3, 38)."""

from __future__ import annotations

from datetime import date

import pytest

from qpdp.conscription.rules import (
    NoRuleInForce,
    has_council,
    proposing_level,
    resolution_passes,
    votes_needed,
)


@pytest.mark.parametrize(
    ("votes_for", "members", "passes"),
    [
        (4, 7, True),  # more than half of 7
        (3, 7, False),
        (5, 8, True),
        (4, 8, False),  # exactly half is not more than half
        (1, 1, True),
        (0, 1, False),
        (0, 0, False),  # a council without members passes nothing
    ],
)
def test_a_resolution_needs_more_than_half_of_all_members(
    votes_for: int, members: int, passes: bool
) -> None:
    assert resolution_passes(votes_for, members) is passes


def test_absent_members_count_against_a_resolution() -> None:
    """7 members, 4 present, all 4 for: passes; 8 members, 5 present, 4 for: fails."""
    assert resolution_passes(4, 7) is True
    assert resolution_passes(4, 8) is False


@pytest.mark.parametrize(("members", "needed"), [(7, 4), (8, 5), (1, 1), (13, 7)])
def test_the_votes_needed_are_the_first_number_that_passes(members: int, needed: int) -> None:
    assert votes_needed(members) == needed
    assert resolution_passes(needed, members)
    assert not resolution_passes(needed - 1, members)


@pytest.mark.parametrize(
    ("day", "level"),
    [
        (date(2023, 1, 5), "district"),
        (date(2025, 6, 30), "district"),
        (date(2025, 7, 1), "province"),
        (date(2026, 1, 5), "province"),
    ],
)
def test_the_council_of_the_approvers_level_proposes_on_the_day_of_the_act(
    day: date, level: str
) -> None:
    assert proposing_level(day) == level


def test_the_district_council_ends_on_30_june_2025() -> None:
    assert has_council("district", date(2025, 6, 30))
    assert not has_council("district", date(2025, 7, 1))
    assert has_council("commune", date(2025, 7, 1))
    assert has_council("province", date(2025, 7, 1))


def test_no_council_rule_before_the_2015_law() -> None:
    with pytest.raises(NoRuleInForce):
        proposing_level(date(2015, 12, 31))
