"""The council's two passed resolutions an approval of a commune's lists needs (Art. 34.3, 36.3,
39.2), for tests whose subject is a later step."""

from __future__ import annotations

import datetime as dt

from qpdp.conscription import rules, services
from qpdp.conscription.models import CallUpCycle, CouncilMeeting
from qpdp.conscription.rules import CouncilStep
from qpdp.core.access import AnyUser
from qpdp.core.units import Unit


def proposing_council(commune: Unit, on: dt.date) -> Unit:
    """The commune's ancestor whose council proposes its lists on ``on``."""
    level = rules.proposing_level(on)
    unit = commune.parent
    while unit is not None and unit.kind != level:
        unit = unit.parent
    assert unit is not None, f"{commune} has no {level} above it"
    return unit


def review(
    user: AnyUser, cycle: CallUpCycle, commune: Unit, on: dt.date, votes_for: int = 5
) -> CouncilMeeting:
    """The commune council (7 members) reviews its lists on ``on``."""
    return services.record_meeting(
        user,
        cycle,
        services.MeetingInput(
            step=CouncilStep.REVIEW,
            unit=commune,
            held_on=on,
            members_total=7,
            members_present=7,
            votes_for=votes_for,
            votes_against=7 - votes_for,
            content="Thông qua danh sách của xã, phường.",
        ),
    )


def propose(
    user: AnyUser,
    cycle: CallUpCycle,
    commune: Unit,
    on: dt.date,
    votes_for: int = 5,
    council: Unit | None = None,
) -> CouncilMeeting:
    """The council of the approver's level on ``on`` (8 members) proposes the commune's lists."""
    return services.record_meeting(
        user,
        cycle,
        services.MeetingInput(
            step=CouncilStep.PROPOSAL,
            unit=council or proposing_council(commune, on),
            held_on=on,
            members_total=8,
            members_present=8,
            votes_for=votes_for,
            votes_against=8 - votes_for,
            content="Đề nghị phê duyệt danh sách gọi nhập ngũ.",
            communes=[commune],
        ),
    )


def council_proposes(
    user: AnyUser, cycle: CallUpCycle, commune: Unit, on: dt.date
) -> CouncilMeeting:
    """Both resolutions passed on ``on``, the day of the approval that follows: ``user`` writes
    for the commune and for the proposing council (an administrator, or the approving
    commander)."""
    review(user, cycle, commune, on)
    return propose(user, cycle, commune, on)
