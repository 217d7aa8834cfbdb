"""The approval state machine and the top-down target check, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from qpdp.planning import rules
from qpdp.planning.models import ApprovalStatus
from qpdp.planning.rules import ApprovalAction, Capacity, TransitionRefused

UNIT = {Capacity.UNIT}
SUPERIOR = {Capacity.SUPERIOR}
BOTH = UNIT | SUPERIOR
OPEN, COMPLETED, LOCKED = ApprovalStatus.OPEN, ApprovalStatus.COMPLETED, ApprovalStatus.LOCKED


@pytest.mark.parametrize(
    ("status", "action", "capacities", "reason", "expected"),
    [
        (OPEN, ApprovalAction.COMPLETE, UNIT, "", COMPLETED),
        (COMPLETED, ApprovalAction.REOPEN, UNIT, "", OPEN),
        (COMPLETED, ApprovalAction.REOPEN, SUPERIOR, "Thiếu số liệu", OPEN),
        (COMPLETED, ApprovalAction.LOCK, SUPERIOR, "", LOCKED),
        (LOCKED, ApprovalAction.UNLOCK, SUPERIOR, "Sai số giao quân", OPEN),
        (OPEN, ApprovalAction.COMPLETE, BOTH, "", COMPLETED),
    ],
)
def test_each_allowed_transition(status, action, capacities, reason, expected) -> None:
    assert rules.next_status(status, action, capacities, reason) == expected


@pytest.mark.parametrize(
    ("status", "action", "capacities", "reason", "message"),
    [
        (OPEN, ApprovalAction.COMPLETE, SUPERIOR, "", "Chỉ đơn vị có số liệu"),
        (OPEN, ApprovalAction.LOCK, SUPERIOR, "", "đang ở trạng thái"),
        (COMPLETED, ApprovalAction.LOCK, UNIT, "", "Chỉ chỉ huy đơn vị cấp trên"),
        (LOCKED, ApprovalAction.UNLOCK, UNIT, "lý do", "Chỉ chỉ huy đơn vị cấp trên"),
        (LOCKED, ApprovalAction.UNLOCK, SUPERIOR, "  ", "Phải ghi lý do"),
        (LOCKED, ApprovalAction.REOPEN, BOTH, "", "đang ở trạng thái"),
        (LOCKED, ApprovalAction.COMPLETE, BOTH, "", "đang ở trạng thái"),
        (COMPLETED, ApprovalAction.COMPLETE, UNIT, "", "đang ở trạng thái"),
        (OPEN, ApprovalAction.COMPLETE, set(), "", "Chỉ đơn vị có số liệu"),
    ],
)
def test_each_refused_transition_says_why(status, action, capacities, reason, message) -> None:
    with pytest.raises(TransitionRefused, match=message):
        rules.next_status(status, action, capacities, reason)


def test_the_buttons_offered_follow_the_machine() -> None:
    assert rules.allowed_actions(OPEN, UNIT) == [ApprovalAction.COMPLETE]
    assert rules.allowed_actions(OPEN, SUPERIOR) == []
    assert rules.allowed_actions(COMPLETED, UNIT) == [ApprovalAction.REOPEN]
    assert rules.allowed_actions(COMPLETED, SUPERIOR) == [
        ApprovalAction.REOPEN,
        ApprovalAction.LOCK,
    ]
    assert rules.allowed_actions(LOCKED, UNIT) == []
    assert rules.allowed_actions(LOCKED, SUPERIOR) == [ApprovalAction.UNLOCK]


def _check(parent, shares, *, rate=False, better="higher"):  # type: ignore[no-untyped-def]
    return rules.check_shares(
        "Thành phố Bắc Ninh",
        None if parent is None else Decimal(parent),
        [Decimal(s) for s in shares],
        rate=rate,
        better=better,
        label="Chỉ tiêu gọi công dân nhập ngũ",
    )


def test_a_count_shared_out_exactly_passes_and_over_sharing_is_refused() -> None:
    assert _check(85, [40, 45]) is None
    over = _check(85, [40, 46])
    assert over is not None and over.refused
    assert "là 86, vượt chỉ tiêu của Thành phố Bắc Ninh (85)" in over.message
    short = _check(85, [40])
    assert short is not None and not short.refused
    assert "mới giao 40 trên 85" in short.message and "còn 45 chưa giao" in short.message


def test_without_a_parent_target_or_shares_there_is_nothing_to_check() -> None:
    assert _check(None, [40]) is None
    assert _check(85, []) is None


def test_a_rate_is_not_summed_but_a_weaker_child_is_a_warning() -> None:
    assert _check(100, [100, 100, 100], rate=True) is None  # summed it would be 300 > 100
    weaker = _check("100", ["95.5", "100"], rate=True)
    assert weaker is not None and not weaker.refused
    assert "1 đơn vị" in weaker.message
    assert _check(5, [3, 4], rate=True, better="lower") is None
    assert _check(5, [6], rate=True, better="lower") is not None


def test_plain_numbers_read_as_officers_write_them() -> None:
    assert rules.plain_number(Decimal("85.00")) == "85"
    assert rules.plain_number(Decimal("97.50")) == "97,5"
    assert rules.plain_number(Decimal("1200")) == "1.200"
