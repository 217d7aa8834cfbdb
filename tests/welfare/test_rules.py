"""Rear-policy rules at their boundaries (pure: no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from qpdp.conscription.rules import Service
from qpdp.welfare import rules

D = dt.date
BASE = 2_340_000


def check(**changes: object) -> rules.Refusal | None:
    values: dict[str, object] = {
        "amount": 500_000,
        "entitlement": 500_000,
        "grants_this_year": 0,
        "yearly_limit": 2,
    }
    values.update(changes)
    return rules.check_support(**values)  # type: ignore[arg-type]  # test keyword overrides


def test_a_payment_at_the_amount_in_force_is_allowed() -> None:
    assert check() is None
    assert check(amount=499_999) is None


def test_a_payment_over_the_entitlement_is_refused() -> None:
    refusal = check(amount=500_001)
    assert refusal is not None and refusal.code == "payment_over_entitlement"
    assert "Điều 6" in refusal.article


def test_the_third_sick_relative_grant_of_a_year_is_refused() -> None:
    assert check(grants_this_year=1) is None
    refusal = check(grants_this_year=2)
    assert refusal is not None and refusal.code == "yearly_limit_reached"


def test_a_second_death_grant_for_one_person_is_refused() -> None:
    assert check(yearly_limit=None, grants_to_person=0, per_person_limit=1) is None
    refusal = check(yearly_limit=None, grants_to_person=1, per_person_limit=1)
    assert refusal is not None and refusal.code == "person_limit_reached"


def test_no_rate_in_force_refuses() -> None:
    refusal = check(entitlement=None)
    assert refusal is not None and refusal.code == "no_rate"


@pytest.mark.parametrize(
    ("service", "per_year", "odd", "rank_months"),
    [
        (Service(24, 0), 4, 0, 0),  # two years, no odd months
        (Service(24, 20), 4, 0, 0),  # under one odd month: nothing
        (Service(25, 0), 4, 1, 1),  # 1 odd month: one month; 25 months: one rank month
        (Service(30, 0), 4, 1, 2),  # exactly 6 odd months: one month; 30 months: two
        (Service(30, 1), 4, 2, 2),  # over 6 odd months: two months
        (Service(29, 29), 4, 1, 1),  # 5 odd months and days: one; 25 to under 30: one
        (Service(11, 0), 0, 2, 0),
    ],
)
def test_the_discharge_allowance_of_article_7(
    service: Service, per_year: int, odd: int, rank_months: int
) -> None:
    allowance = rules.discharge_allowance(service, BASE, rank_allowance=100_000)
    assert allowance.per_year == per_year * BASE
    assert allowance.odd_months == odd * BASE
    assert allowance.rank_bonus == rank_months * 100_000
    assert allowance.job_creation == 6 * BASE
    assert allowance.total == (per_year + odd + 6) * BASE + rank_months * 100_000
    assert allowance.article == "Điều 7 Nghị định 27/2016/NĐ-CP"


@pytest.mark.parametrize(
    ("months", "years", "amount"),
    [
        (6, "1", 2_500_000),
        (24, "2", 2_500_000),  # two years or less: the base amount
        (25, "2.5", 2_900_000),  # under 6 odd months: half a year from the third
        (29, "2.5", 2_900_000),
        (30, "3", 3_300_000),  # 6 odd months or more: a full year
        (36, "3", 3_300_000),
        (40, "3.5", 3_700_000),
        (179, "15", 12_900_000),  # 14 years 11 months: 15 years
    ],
)
def test_the_decision_62_one_time_allowance(months: int, years: str, amount: int) -> None:
    from decimal import Decimal

    assert rules.one_time_years(months) == Decimal(years)
    assert rules.one_time_allowance(months) == amount


RATES = {15: 925_000, 16: 971_250, 17: 1_017_500, 18: 1_063_750, 19: 1_110_000}


@pytest.mark.parametrize(
    ("months", "amount"),
    [
        (179, None),  # 14 full years: no monthly allowance
        (180, 925_000),
        (191, 925_000),  # full years only (Art. 4.2)
        (192, 971_250),
        (239, 1_110_000),
        (240, None),  # 20 years: outside
    ],
)
def test_the_decision_62_monthly_allowance_by_full_years(months: int, amount: int | None) -> None:
    assert rules.monthly_allowance(months, RATES) == amount


def eligibility(**changes: object) -> rules.Eligibility:
    values: dict[str, object] = {
        "scheme": "62_2011",
        "coverage": "a",
        "theatre": "north",
        "service_months": 40,
        "left_on": D(1985, 1, 1),
        "died_on": None,
    }
    values.update(changes)
    return rules.eligibility(**values)  # type: ignore[arg-type]  # test keyword overrides


def test_a_soldier_under_15_years_gets_the_one_time_allowance() -> None:
    found = eligibility()
    assert (found.benefit, found.reason) == ("one_time", "ok")
    assert "khoản 2 Điều 5" in found.article


def test_a_soldier_with_15_to_20_years_gets_the_monthly_allowance() -> None:
    assert eligibility(service_months=180).benefit == "monthly"
    assert eligibility(service_months=179).benefit == "one_time"
    assert eligibility(service_months=240).reason == "served_too_long"


def test_a_soldier_must_have_left_before_april_2000() -> None:
    assert eligibility(left_on=D(2000, 3, 31)).benefit == "one_time"
    assert eligibility(left_on=D(2000, 4, 1)).reason == "left_too_late"
    assert eligibility(left_on=None).reason == "left_too_late"


def test_a_state_employee_must_have_left_before_1995() -> None:
    assert eligibility(coverage="b", left_on=D(1994, 12, 31)).benefit == "one_time"
    assert eligibility(coverage="b", left_on=D(1995, 1, 1)).reason == "left_too_late"


def test_militia_are_covered() -> None:
    assert eligibility(coverage="d", left_on=None).benefit == "one_time"


def test_a_relative_of_someone_who_died_before_2012_gets_the_relative_allowance() -> None:
    assert eligibility(died_on=D(2011, 12, 31)).benefit == "relative"
    assert eligibility(died_on=D(2012, 1, 1)).benefit == "one_time"


def test_porters_belong_to_decision_49() -> None:
    assert eligibility(coverage="porter").reason == "wrong_scheme"
    assert eligibility(theatre="resistance").reason == "wrong_scheme"
    assert eligibility(scheme="49_2015", coverage="porter").benefit == "one_time"
    assert eligibility(scheme="49_2015", coverage="porter", died_on=D(2020, 1, 1)).benefit == (
        "funeral"
    )
    assert eligibility(scheme="49_2015", coverage="a").reason == "wrong_scheme"
    assert eligibility(service_months=0).reason == "no_service"


def test_entitlements() -> None:
    assert rules.entitlement("one_time", 30, RATES) == 3_300_000
    assert rules.entitlement("relative", 30, RATES) == 3_600_000
    assert rules.entitlement("monthly", 200, RATES) == 971_250
    assert rules.entitlement("funeral", 30, RATES) is None


@pytest.mark.parametrize(
    ("current", "wanted", "allowed"),
    [
        ("received", "checked", True),
        ("received", "sent_up", False),
        ("received", "approved", False),
        ("checked", "sent_up", True),
        ("checked", "approved", False),
        ("sent_up", "approved", True),
        ("sent_up", "returned", True),
        ("returned", "checked", True),
        ("returned", "approved", False),
        ("approved", "paid", True),
        ("approved", "returned", False),
        ("paid", "approved", False),
        ("paid", "paid", False),
    ],
)
def test_the_workflow_goes_step_by_step(current: str, wanted: str, allowed: bool) -> None:
    assert rules.step_allowed(current, wanted) is allowed


def test_deadlines() -> None:
    assert rules.due_date(D(2026, 10, 1), 10) == D(2026, 10, 11)
    assert rules.due_date(D(2026, 10, 1), None) is None
    assert not rules.is_late(D(2026, 10, 11), D(2026, 10, 11))
    assert rules.is_late(D(2026, 10, 12), D(2026, 10, 11))
    assert not rules.is_late(D(2030, 1, 1), None)
    assert "paid" not in rules.OPEN_STATUSES and "returned" in rules.OPEN_STATUSES
