"""Which workflow governs a date: the 2025 reform switches on 01/07/2025, nowhere else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

import pytest

from qpdp.conscription.rules import (
    HEALTH_STANDARDS,
    REGIMES,
    NoRuleInForce,
    cycle_regime,
    regime_on,
)
from qpdp.conscription.rules.dated import Dated
from qpdp.conscription.rules.regime import COMMUNE, DISTRICT, PROVINCE

LAST_DISTRICT_DAY = date(2025, 6, 30)
FIRST_TWO_TIER_DAY = date(2025, 7, 1)


def test_it_keeps_the_district_workflow_on_30_june_2025() -> None:
    regime = regime_on(LAST_DISTRICT_DAY)
    assert regime.code == "2016"
    assert regime.has_district_level
    assert regime.quota_chain == (PROVINCE, DISTRICT, COMMUNE)
    assert DISTRICT in regime.council_levels


def test_it_switches_to_the_two_tier_workflow_on_1_july_2025() -> None:
    regime = regime_on(FIRST_TWO_TIER_DAY)
    assert regime.code == "2025"
    assert not regime.has_district_level
    assert regime.quota_chain == (PROVINCE, COMMUNE)
    assert regime.council_levels == (PROVINCE, COMMUNE)


@pytest.mark.parametrize(
    ("attribute", "before", "since"),
    [
        (
            "deferral_decided_by",
            "Chủ tịch Ủy ban nhân dân cấp huyện",
            "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        ),
        (
            "call_up_list_approved_by",
            "Chủ tịch Ủy ban nhân dân cấp huyện",
            "Chủ tịch Ủy ban nhân dân cấp tỉnh",
        ),
        ("call_up_document", "Lệnh gọi nhập ngũ", "Quyết định gọi nhập ngũ"),
        (
            "call_up_document_issued_by",
            "Chỉ huy trưởng Ban Chỉ huy quân sự cấp huyện",
            "Chủ tịch Ủy ban nhân dân cấp xã",
        ),
        ("handover_organised_by", "Ủy ban nhân dân cấp huyện", "Ban chỉ huy phòng thủ khu vực"),
    ],
)
def test_it_moves_each_power_on_the_reform_date(attribute: str, before: str, since: str) -> None:
    assert str(getattr(regime_on(LAST_DISTRICT_DAY), attribute)) == before
    assert str(getattr(regime_on(FIRST_TWO_TIER_DAY), attribute)) == since


def test_it_sets_a_posting_deadline_after_signing_only_since_the_reform() -> None:
    assert regime_on(LAST_DISTRICT_DAY).deferral_list_posting_days_after_signing is None
    assert regime_on(FIRST_TWO_TIER_DAY).deferral_list_posting_days_after_signing == 20


def test_it_has_no_rule_before_the_2015_law_took_effect() -> None:
    with pytest.raises(NoRuleInForce):
        regime_on(date(2015, 12, 31))
    assert regime_on(date(2016, 1, 1)).code == "2016"


@pytest.mark.parametrize("table", [REGIMES, HEALTH_STANDARDS], ids=["regimes", "health"])
def test_its_dated_tables_cover_every_day_without_gap_or_overlap(table: Sequence[Dated]) -> None:
    assert table[0].valid_from == date(2016, 1, 1)
    for earlier, later in pairwise(table):
        assert earlier.valid_to is not None
        assert later.valid_from == earlier.valid_to + timedelta(days=1)
    assert table[-1].valid_to is None


@pytest.mark.parametrize(
    ("handover", "code"),
    [
        (date(2025, 2, 13), "2016"),  # the 2025 cycle, wholly before the reform
        (date(2026, 3, 2), "2025"),  # the 2026 cycle, examined from 01/11/2025
    ],
)
def test_it_runs_a_cycle_under_the_regime_of_its_handover_date(handover: date, code: str) -> None:
    assert cycle_regime(handover).code == code
