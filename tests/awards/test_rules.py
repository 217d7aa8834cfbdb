"""Award rules at their boundaries (pure: no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qpdp.awards import rules
from qpdp.awards.rules import Power, Prerequisite

D = dt.date
POWERS = [
    Power("giay_khen", "commune", D(2004, 1, 1)),
    Power("giay_khen", "district", D(2004, 1, 1), D(2025, 6, 30)),
    Power("lao_dong_tien_tien", "commune", D(2024, 1, 1)),
]


@pytest.mark.parametrize(
    ("level", "form", "on", "allowed"),
    [
        ("district", "giay_khen", D(2022, 12, 28), True),
        ("district", "giay_khen", D(2025, 6, 30), True),
        ("district", "giay_khen", D(2025, 7, 1), False),  # the district level is gone
        ("commune", "giay_khen", D(2026, 3, 10), True),
        ("commune", "lao_dong_tien_tien", D(2023, 12, 31), False),  # before Law 2022
        ("commune", "lao_dong_tien_tien", D(2024, 1, 1), True),
        ("province", "giay_khen", D(2026, 3, 10), False),  # no row: nobody may
        ("commune", "bang_khen_tinh", D(2026, 3, 10), False),
    ],
)
def test_who_may_award_which_form_on_a_day(
    level: str, form: str, on: dt.date, allowed: bool
) -> None:
    assert rules.may_award(level, form, on, POWERS) is allowed


def test_the_levels_that_may_give_a_form() -> None:
    assert rules.levels_for("giay_khen", D(2022, 1, 1), POWERS) == ["commune", "district"]
    assert rules.levels_for("giay_khen", D(2026, 1, 1), POWERS) == ["commune"]


NEEDS = [
    Prerequisite("chien_si_thi_dua_co_so", "lao_dong_tien_tien", "chien_si_tien_tien", 1),
    Prerequisite("chien_si_thi_dua_tinh", "chien_si_thi_dua_co_so", None, 3),
]


def test_a_grassroots_emulation_fighter_needs_an_advanced_title_that_year() -> None:
    form = "chien_si_thi_dua_co_so"
    assert rules.unmet_prerequisites(form, 2026, {}, NEEDS) == [NEEDS[0]]
    assert rules.unmet_prerequisites(form, 2026, {"lao_dong_tien_tien": [2025]}, NEEDS)
    assert rules.unmet_prerequisites(form, 2026, {"lao_dong_tien_tien": [2026]}, NEEDS) == []
    assert rules.unmet_prerequisites(form, 2026, {"chien_si_tien_tien": [2026]}, NEEDS) == []


def test_a_provincial_title_needs_three_consecutive_years() -> None:
    form = "chien_si_thi_dua_tinh"
    held = {"chien_si_thi_dua_co_so": [2024, 2025, 2026]}
    assert rules.unmet_prerequisites(form, 2026, held, NEEDS) == []
    gap = {"chien_si_thi_dua_co_so": [2023, 2025, 2026]}
    assert rules.unmet_prerequisites(form, 2026, gap, NEEDS) == [NEEDS[1]]
    assert rules.unmet_prerequisites("giay_khen", 2026, {}, NEEDS) == []


def test_one_achievement_is_awarded_once() -> None:
    assert rules.awarded_twice(2022, "local_defense", [(2022, "local_defense")])
    assert not rules.awarded_twice(2022, "overall", [(2022, "local_defense")])
    assert not rules.awarded_twice(2023, "local_defense", [(2022, "local_defense")])


@pytest.mark.parametrize(
    ("multiple", "base", "amount"),
    [
        (Decimal("0.15"), 1_490_000, 223_500),
        (Decimal("0.30"), 2_340_000, 702_000),
        (Decimal("1.5"), 2_530_000, 3_795_000),
        (Decimal("0.15"), 1_490_001, 223_500),  # rounded to the đồng
        (None, 2_340_000, None),  # the multiple is not known: no amount
    ],
)
def test_reward_amounts_are_multiples_of_the_base_salary(
    multiple: Decimal | None, base: int, amount: int | None
) -> None:
    assert rules.reward_amount(multiple, base) == amount


def test_counts_below_ten_take_a_leading_zero() -> None:
    assert [rules.two_digits(n) for n in (5, 7, 12)] == ["05", "07", "12"]
