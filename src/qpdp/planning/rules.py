"""The approval of a year's figures and the top-down check of targets, as pure functions.

Data approval follows DHIS2's approval by level: the unit that owns the figures declares them
complete, the level above reviews and locks them (the lock keeps a snapshot), and only the
level above may unlock, giving a reason. A unit may withdraw its declaration, and the level
above may send it back, as long as the figures are not locked.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.core.error_codes import CodedError
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.models import ApprovalStatus


class Capacity(StrEnum):
    """In which capacity an account acts on a unit's approval."""

    UNIT = "unit"  # an account of the unit itself (or of a unit merged into it)
    SUPERIOR = "superior"  # a commander of a unit above it, or an administrator


class ApprovalAction(StrEnum):
    COMPLETE = "complete"
    REOPEN = "reopen"
    LOCK = "lock"
    UNLOCK = "unlock"


ACTION_LABELS = {
    ApprovalAction.COMPLETE: gettext_lazy("Báo hoàn thành số liệu"),
    ApprovalAction.REOPEN: gettext_lazy("Mở lại để cập nhật"),
    ApprovalAction.LOCK: gettext_lazy("Khóa số liệu"),
    ApprovalAction.UNLOCK: gettext_lazy("Mở khóa số liệu"),
}


@dataclass(frozen=True, slots=True)
class Transition:
    source: ApprovalStatus
    target: ApprovalStatus
    capacities: frozenset[Capacity]
    needs_reason: bool = False


TRANSITIONS: dict[ApprovalAction, Transition] = {
    ApprovalAction.COMPLETE: Transition(
        ApprovalStatus.OPEN, ApprovalStatus.COMPLETED, frozenset({Capacity.UNIT})
    ),
    ApprovalAction.REOPEN: Transition(
        ApprovalStatus.COMPLETED,
        ApprovalStatus.OPEN,
        frozenset({Capacity.UNIT, Capacity.SUPERIOR}),
    ),
    ApprovalAction.LOCK: Transition(
        ApprovalStatus.COMPLETED, ApprovalStatus.LOCKED, frozenset({Capacity.SUPERIOR})
    ),
    ApprovalAction.UNLOCK: Transition(
        ApprovalStatus.LOCKED,
        ApprovalStatus.OPEN,
        frozenset({Capacity.SUPERIOR}),
        needs_reason=True,
    ),
}


class TransitionRefused(CodedError):
    """A transition the state machine does not allow; the message is for the officer."""


def next_status(
    status: str,
    action: ApprovalAction,
    capacities: Collection[Capacity],
    reason: str = "",
) -> ApprovalStatus:
    """The status after ``action``, or ``TransitionRefused`` saying why not."""
    transition = TRANSITIONS[action]
    if status != transition.source:
        raise TransitionRefused(
            _("Không thể %(action)s khi số liệu đang ở trạng thái “%(status)s”.")
            % {
                "action": str(ACTION_LABELS[action]).lower(),
                "status": ApprovalStatus(status).label,
            },
            code=ErrorCode.APPROVAL_STATUS,
        )
    if not transition.capacities & set(capacities):
        if transition.capacities == {Capacity.SUPERIOR}:
            raise TransitionRefused(
                _("Chỉ chỉ huy đơn vị cấp trên mới được %(action)s.")
                % {"action": str(ACTION_LABELS[action]).lower()},
                code=ErrorCode.APPROVAL_SUPERIOR_ONLY,
            )
        raise TransitionRefused(
            _("Chỉ đơn vị có số liệu mới được %(action)s.")
            % {"action": str(ACTION_LABELS[action]).lower()},
            code=ErrorCode.APPROVAL_UNIT_ONLY,
        )
    if transition.needs_reason and not reason.strip():
        raise TransitionRefused(
            _("Phải ghi lý do mở khóa số liệu."), code=ErrorCode.UNLOCK_REASON_REQUIRED
        )
    return transition.target


def allowed_actions(status: str, capacities: Collection[Capacity]) -> list[ApprovalAction]:
    """The actions an account may take now (the buttons the approval page shows)."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if transition.source == status and transition.capacities & set(capacities)
    ]


# -- targets, top-down ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """The result of checking the targets handed down from one parent for one target code.

    ``refused`` when the children were given more than the parent holds (a count target is a
    whole that is shared out: no ward can be given a share the city was not given); a warning
    while part of it is still unassigned, or when a rate target is below the parent's.
    """

    refused: bool
    message: str


def check_shares(
    parent_label: str,
    parent_target: Decimal | None,
    children_targets: Collection[Decimal],
    *,
    rate: bool,
    better: str,
    label: str,
) -> TargetCheck | None:
    """Compare the targets a parent handed down with its own (``None``: nothing to say).

    A count is shared out: the children's sum may not exceed the parent's target; a sum below it
    is only a warning, since targets are handed down over several days. A rate (per cent) is not
    shared but applies to each child: a child's rate that asks less than the parent's is a
    warning, as a ward may have reasons the city accepts.
    """
    if parent_target is None or not children_targets:
        return None
    if rate:
        weaker = [
            t
            for t in children_targets
            if (t < parent_target if better == "higher" else t > parent_target)
        ]
        if not weaker:
            return None
        return TargetCheck(
            False,
            _(
                "%(label)s: %(count)s đơn vị thuộc %(parent)s được giao chỉ tiêu thấp hơn chỉ tiêu "
                "của %(parent)s (%(target)s)."
            )
            % {
                "label": label,
                "count": len(weaker),
                "parent": parent_label,
                "target": plain_number(parent_target),
            },
        )
    total = sum(children_targets, Decimal(0))
    if total > parent_target:
        return TargetCheck(
            True,
            _(
                "%(label)s: tổng chỉ tiêu giao cho các đơn vị thuộc %(parent)s là %(total)s, vượt "
                "chỉ tiêu của %(parent)s (%(target)s). Giảm chỉ tiêu của đơn vị cấp dưới hoặc "
                "tăng chỉ tiêu của cấp trên trước."
            )
            % {
                "label": label,
                "parent": parent_label,
                "total": plain_number(total),
                "target": plain_number(parent_target),
            },
        )
    if total < parent_target:
        return TargetCheck(
            False,
            _(
                "%(label)s: mới giao %(total)s trên %(target)s cho các đơn vị thuộc %(parent)s, "
                "còn %(rest)s chưa giao."
            )
            % {
                "label": label,
                "parent": parent_label,
                "total": plain_number(total),
                "target": plain_number(parent_target),
                "rest": plain_number(parent_target - total),
            },
        )
    return None


def plain_number(value: Decimal) -> str:
    """A target as officers write it, in the active language: 85, 97,5, 1.200 (no ",00")."""
    exact = value.normalize()
    shown: Decimal | int = int(exact) if exact == exact.to_integral_value() else exact
    return number_format(shown, force_grouping=True)
