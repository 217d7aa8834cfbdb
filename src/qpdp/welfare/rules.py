"""Rear-policy rules as pure functions: family allowances, the discharge allowance, Decision 62
eligibility and amounts, and the case workflow. No ORM; dates and the amounts in force (read
from the dated tables by the services) are passed in.

Sources (domain brief §1.9 and §5, addendum §4):

- Decree 27/2016/NĐ-CP, in force 01/06/2016, benefits from 01/01/2016 (Art. 10.2): relatives
  Art. 2.2, family allowances Art. 6.1 a–d, discharge allowances Art. 7 [V, 2016 text]; whether
  VBHN 40/VBHN-BQP (2025) amended them is UNVERIFIED, so the amounts are ``AllowanceRate`` rows.
- Decision 62/2011/QĐ-TTg of 09/11/2011, in force 01/01/2012: coverage Art. 2.1, war periods Art.
  3.3, rounding Art. 4.2, monthly allowance Art. 5.1, one-time allowance Art. 5.2 [S: full text
  through a legal portal]. The monthly amounts change with pensions: ``Decision62Rate`` rows.
- Decision 49/2015/QĐ-TTg, in force 01/01/2016: amounts and tiers UNVERIFIED; the approving
  authority's amount is recorded as decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qpdp.conscription.rules.service import Service

DECREE_27_IN_FORCE = dt.date(2016, 1, 1)  # Art. 10.2: the allowances apply from this day
DECISION_62_IN_FORCE = dt.date(2012, 1, 1)
DECISION_49_IN_FORCE = dt.date(2016, 1, 1)

ART_7 = "Điều 7 Nghị định 27/2016/NĐ-CP"
ART_6_1_C = "điểm c khoản 1 Điều 6 Nghị định 27/2016/NĐ-CP"
D62_ART_2 = "khoản 1 Điều 2 Quyết định 62/2011/QĐ-TTg"
D62_ART_4_2 = "khoản 2 Điều 4 Quyết định 62/2011/QĐ-TTg"
D62_ART_5_1 = "khoản 1 Điều 5 Quyết định 62/2011/QĐ-TTg"
D62_ART_5_2 = "khoản 2 Điều 5 Quyết định 62/2011/QĐ-TTg"
D49 = "Quyết định 49/2015/QĐ-TTg"

# Decision 62/2011 Art. 5.2 [S], in force 01/01/2012.
ONE_TIME_BASE = 2_500_000  # two years or less
ONE_TIME_PER_YEAR = 800_000  # each year from the third
RELATIVE_ONE_TIME = 3_600_000  # Art. 5.2.c: the person died before 01/01/2012
MONTHLY_MIN_YEARS, MONTHLY_MAX_YEARS = 15, 20  # Art. 5.1: 15 to under 20 years
D62_SOLDIER_LEFT_BEFORE = dt.date(2000, 4, 1)  # Art. 2.1.a
D62_EMPLOYEE_LEFT_BEFORE = dt.date(1995, 1, 1)  # Art. 2.1.b


# -- Decree 27/2016: family allowances and discharge ----------------------------------------


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a payment or a step is refused, with the article that says so."""

    code: str
    article: str


def check_support(
    *,
    amount: int,
    entitlement: int | None,
    grants_this_year: int,
    yearly_limit: int | None,
    grants_to_person: int = 0,
    per_person_limit: int | None = None,
) -> Refusal | None:
    """A family allowance may not exceed the amount in force (Art. 6.1.a, b, d) nor the number
    of grants a year (Art. 6.1.c: twice a year per soldier for the house, per relative for
    illness), nor be paid twice for one death (Art. 6.1.d: per person)."""
    if entitlement is None:
        return Refusal("no_rate", ART_6_1_C)
    if amount > entitlement:
        return Refusal("payment_over_entitlement", ART_6_1_C)
    if yearly_limit is not None and grants_this_year >= yearly_limit:
        return Refusal("yearly_limit_reached", ART_6_1_C)
    if per_person_limit is not None and grants_to_person >= per_person_limit:
        return Refusal("person_limit_reached", ART_6_1_C)
    return None


@dataclass(frozen=True, slots=True)
class DischargeAllowance:
    """The allowances of Decree 27/2016 Art. 7 in đồng, part by part."""

    service: Service
    per_year: int
    odd_months: int
    rank_bonus: int
    job_creation: int
    article: str = ART_7

    @property
    def total(self) -> int:
        return self.per_year + self.odd_months + self.rank_bonus + self.job_creation


def discharge_allowance(
    service: Service, base_salary: int, rank_allowance: int = 0
) -> DischargeAllowance:
    """Art. 7: two months' base salary per year served; for the odd months, nothing under one
    month, one month's base salary for 1 to 6 months, two for over 6 months; two months' rank
    allowance for a full 30 months, one for 25 to under 30; six months' base salary to create
    a job."""
    years, odd = divmod(service.months, 12)
    if odd == 0:
        odd_salaries = 0
    elif odd < 6 or (odd == 6 and service.days == 0):
        odd_salaries = 1
    else:
        odd_salaries = 2
    if service.months >= 30:
        bonus_months = 2
    elif service.months >= 25:
        bonus_months = 1
    else:
        bonus_months = 0
    return DischargeAllowance(
        service=service,
        per_year=2 * years * base_salary,
        odd_months=odd_salaries * base_salary,
        rank_bonus=bonus_months * rank_allowance,
        job_creation=6 * base_salary,
    )


# -- Decision 62/2011 and 49/2015 --------------------------------------------------------------


def one_time_years(service_months: int) -> Decimal:
    """Art. 4.2: for the one-time allowance an odd period of 6 months or more counts as a year,
    under 6 months as half a year."""
    years, odd = divmod(service_months, 12)
    if odd >= 6:
        return Decimal(years + 1)
    if odd > 0:
        return Decimal(years) + Decimal("0.5")
    return Decimal(years)


def monthly_years(service_months: int) -> int:
    """Art. 4.2: the monthly allowance counts full years only."""
    return service_months // 12


def one_time_allowance(service_months: int) -> int:
    """Art. 5.2: 2,500,000 đồng for two years or less, plus 800,000 đồng for each year from the
    third (half a year: half of it)."""
    years = one_time_years(service_months)
    extra = max(years - 2, Decimal(0)) * ONE_TIME_PER_YEAR
    return int((ONE_TIME_BASE + extra).to_integral_value(rounding=ROUND_HALF_UP))


def monthly_allowance(service_months: int, rates: Mapping[int, int]) -> int | None:
    """Art. 5.1: the amount in force for the full years served (15 to under 20), from ``rates``
    (years → đồng, the ``Decision62Rate`` rows in force); None outside 15–19 years or without a
    rate for that year."""
    years = monthly_years(service_months)
    if not MONTHLY_MIN_YEARS <= years < MONTHLY_MAX_YEARS:
        return None
    return rates.get(years)


@dataclass(frozen=True, slots=True)
class Eligibility:
    """What a case may claim: the benefit, or why none (``reason`` code), and the article."""

    benefit: str | None
    reason: str
    article: str


def eligibility(
    *,
    scheme: str,
    coverage: str,
    theatre: str,
    service_months: int,
    left_on: dt.date | None,
    died_on: dt.date | None,
) -> Eligibility:
    """The benefit the facts give under Decision 62/2011 (Art. 2.1, 3.3, 5) or Decision 49/2015
    (frontline porters; its tiers are UNVERIFIED, so only the kind is decided here)."""
    if scheme == "49_2015":
        if coverage != "porter":
            return Eligibility(None, "wrong_scheme", D49)
        if died_on is not None:
            return Eligibility("funeral", "ok", D49)
        return Eligibility("one_time", "ok", D49)
    if coverage == "porter" or theatre == "resistance":
        return Eligibility(None, "wrong_scheme", D62_ART_2)
    if service_months <= 0:
        return Eligibility(None, "no_service", D62_ART_2)
    if died_on is not None and died_on < DECISION_62_IN_FORCE:
        return Eligibility("relative", "ok", D62_ART_5_2)
    if coverage == "a":
        if left_on is None or left_on >= D62_SOLDIER_LEFT_BEFORE:
            return Eligibility(None, "left_too_late", D62_ART_2)
        if service_months >= MONTHLY_MAX_YEARS * 12:
            return Eligibility(None, "served_too_long", D62_ART_2)
        if monthly_years(service_months) >= MONTHLY_MIN_YEARS:
            return Eligibility("monthly", "ok", D62_ART_5_1)
        return Eligibility("one_time", "ok", D62_ART_5_2)
    if coverage == "b" and (left_on is None or left_on >= D62_EMPLOYEE_LEFT_BEFORE):
        return Eligibility(None, "left_too_late", D62_ART_2)
    return Eligibility("one_time", "ok", D62_ART_5_2)


def entitlement(benefit: str, service_months: int, monthly_rates: Mapping[int, int]) -> int | None:
    """The amount Decision 62/2011 sets for the benefit (a month's allowance for ``monthly``);
    None where no verified amount exists (Decision 49/2015, funeral allowances)."""
    if benefit == "one_time":
        return one_time_allowance(service_months)
    if benefit == "relative":
        return RELATIVE_ONE_TIME
    if benefit == "monthly":
        return monthly_allowance(service_months, monthly_rates)
    return None


NEXT_STEPS: Mapping[str, frozenset[str]] = {
    "received": frozenset({"checked"}),
    "checked": frozenset({"sent_up"}),
    "sent_up": frozenset({"approved", "returned"}),
    "returned": frozenset({"checked"}),
    "approved": frozenset({"paid"}),
    "paid": frozenset(),
}
"""The case workflow: received at the commune → checked → sent up → approved or returned with a
reason (a returned case is checked again once completed) → paid."""

OPEN_STATUSES = frozenset(status for status, following in NEXT_STEPS.items() if following)


def step_allowed(current: str, wanted: str) -> bool:
    return wanted in NEXT_STEPS.get(current, frozenset())


def due_date(since: dt.date, days: int | None) -> dt.date | None:
    """The day the next step is due, ``days`` after the current one (None: no deadline)."""
    return None if days is None else since + dt.timedelta(days=days)


def is_late(on: dt.date, due_on: dt.date | None) -> bool:
    return due_on is not None and on > due_on
