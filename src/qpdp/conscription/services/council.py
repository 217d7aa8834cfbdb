"""The Military Service Council's meetings on a cycle's lists (Art. 34.3, 36–39): the commune
council reviews its commune's lists, the council of the approving chair's level proposes them,
and the chair approves only lists a passed resolution proposed (``check_council_proposal``).

Which council proposes follows the date of the act, as the approver does
(``services.decisions.deciding_level``): the district council before 01/07/2025, the provincial
council since. A district council's proposal of June 2025 therefore does not carry a provincial
chair's approval signed in July: the provincial council proposes again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, CouncilMeeting
from qpdp.conscription.rules import CouncilStep
from qpdp.conscription.services._common import _account, _check_in_cycle, _create, _day
from qpdp.conscription.services.decisions import authority_on, deciding_level
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.units import Unit, UnitKind


@dataclass(frozen=True, slots=True)
class MeetingInput:
    """What the minutes of a council meeting say: who sat, how they voted, what was resolved,
    and for a proposal the communes whose lists it proposes."""

    step: str
    unit: Unit
    held_on: dt.date
    members_total: int
    members_present: int
    votes_for: int
    votes_against: int
    content: str
    resolution_number: str = ""
    communes: Sequence[Unit] = field(default_factory=tuple)


def council_name(level: str) -> str:
    return _("Hội đồng nghĩa vụ quân sự %(level)s") % {"level": _level_name(level)}


def _level_name(level: str) -> str:
    names: dict[str, str] = {
        UnitKind.PROVINCE: _("cấp tỉnh"),
        UnitKind.DISTRICT: _("cấp huyện"),
        UnitKind.COMMUNE: _("cấp xã"),
    }
    return names.get(level, level)


def _check_votes(data: MeetingInput) -> None:
    """The minutes add up: members present within the council, votes within those present."""
    if data.members_total < 1:
        raise ValidationError(
            _("Hội đồng phải có ít nhất một thành viên."),
            code=ErrorCode.COUNCIL_MEMBERS_REQUIRED,
        )
    if data.members_present > data.members_total:
        raise ValidationError(
            _(
                "Số thành viên có mặt (%(present)s) không được nhiều hơn tổng số thành viên "
                "hội đồng (%(total)s)."
            )
            % {"present": data.members_present, "total": data.members_total},
            code=ErrorCode.COUNCIL_PRESENT_OVER_TOTAL,
        )
    if data.votes_for + data.votes_against > data.members_present:
        raise ValidationError(
            _(
                "Tổng số tán thành (%(for)s) và không tán thành (%(against)s) không được nhiều "
                "hơn số thành viên có mặt (%(present)s)."
            )
            % {
                "for": data.votes_for,
                "against": data.votes_against,
                "present": data.members_present,
            },
            code=ErrorCode.COUNCIL_VOTES_OVER_PRESENT,
        )


def _check_level(data: MeetingInput) -> None:
    """The council exists on the day (Art. 36.2) and its level does what the step asks."""
    authority_on(data.held_on)  # refuses a day before the 2015 law
    if not rules.has_council(data.unit.kind, data.held_on):
        raise ValidationError(
            _("Ngày %(day)s không có %(council)s (%(article)s).")
            % {
                "day": _day(data.held_on),
                "council": council_name(data.unit.kind),
                "article": rules.council_article(data.held_on),
            },
            code=ErrorCode.COUNCIL_NOT_IN_FORCE,
        )
    if data.step == CouncilStep.REVIEW:
        if data.unit.kind != UnitKind.COMMUNE:
            raise ValidationError(
                _(
                    "Chỉ Hội đồng nghĩa vụ quân sự cấp xã xét duyệt danh sách của xã, phường "
                    "(khoản 2 Điều 39 Luật Nghĩa vụ quân sự)."
                ),
                code=ErrorCode.COUNCIL_REVIEW_NOT_COMMUNE,
            )
        return
    level = rules.proposing_level(data.held_on)
    if data.unit.kind != level:
        raise ValidationError(
            _(
                "Ngày %(day)s, %(council)s đề nghị danh sách gọi nhập ngũ để %(approver)s phê "
                "duyệt (khoản 3 Điều 34 Luật Nghĩa vụ quân sự)."
            )
            % {
                "day": _day(data.held_on),
                "council": council_name(level),
                "approver": authority_on(data.held_on).call_up_list_approved_by,
            },
            code=ErrorCode.COUNCIL_NOT_PROPOSING,
        )


def _check_communes(cycle: CallUpCycle, data: MeetingInput) -> None:
    """A proposal names communes of its council's territory and of the cycle, each reviewed by
    its own council with a passed resolution no later than the proposal (Art. 39.2)."""
    if not data.communes:
        raise ValidationError(
            _("Chọn ít nhất một xã, phường có danh sách được đề nghị."),
            code=ErrorCode.COUNCIL_COMMUNES_REQUIRED,
        )
    for commune in data.communes:
        if commune.kind != UnitKind.COMMUNE or not commune.path.startswith(data.unit.path):
            raise ValidationError(
                _("%(unit)s không phải xã, phường thuộc địa bàn của %(council)s.")
                % {"unit": commune.label, "council": data.unit.label},
                code=ErrorCode.COUNCIL_COMMUNE_OUTSIDE,
            )
        _check_in_cycle(cycle, commune)
        reviews = CouncilMeeting.objects.filter(
            cycle=cycle, unit=commune, step=CouncilStep.REVIEW, held_on__lte=data.held_on
        )
        if not any(review.passed for review in reviews):
            raise ValidationError(
                _(
                    "Hội đồng nghĩa vụ quân sự %(unit)s chưa có nghị quyết xét duyệt danh sách "
                    "được thông qua đến ngày %(day)s (khoản 2 Điều 39 Luật Nghĩa vụ quân sự)."
                )
                % {"unit": commune.label, "day": _day(data.held_on)},
                code=ErrorCode.COUNCIL_COMMUNE_REVIEW_MISSING,
            )


def check_meeting(user: AnyUser, cycle: CallUpCycle, data: MeetingInput) -> None:
    """Every refusal of ``record_meeting``, before anything is written: the page asks it before
    showing the confirmation."""
    if data.step not in CouncilStep.values:
        raise ValidationError(
            _("Phải chọn nội dung cuộc họp."), code=ErrorCode.COUNCIL_STEP_UNKNOWN
        )
    check_unit_writable(user, data.unit)
    _check_level(data)
    if data.step == CouncilStep.REVIEW:
        _check_in_cycle(cycle, data.unit)
    else:
        _check_communes(cycle, data)
    _check_votes(data)
    if not data.content.strip():
        raise ValidationError(
            _("Phải ghi nội dung nghị quyết."), code=ErrorCode.COUNCIL_CONTENT_REQUIRED
        )


@transaction.atomic
def record_meeting(user: AnyUser, cycle: CallUpCycle, data: MeetingInput) -> CouncilMeeting:
    """Record a council meeting and its resolution, passed or not (Art. 36.3): a failed vote is
    minuted too, and the council may vote again."""
    check_meeting(user, cycle, data)
    meeting = CouncilMeeting(
        cycle=cycle,
        unit=data.unit,
        step=data.step,
        held_on=data.held_on,
        members_total=data.members_total,
        members_present=data.members_present,
        votes_for=data.votes_for,
        votes_against=data.votes_against,
        resolution_number=data.resolution_number.strip(),
        content=data.content.strip(),
        recorded_by=_account(user),
    )
    communes = [data.unit] if data.step == CouncilStep.REVIEW else list(data.communes)
    return _create(user, meeting, data.unit, related={"communes": communes})


def check_council_proposal(cycle: CallUpCycle, commune: Unit, approved_on: dt.date) -> None:
    """The chair approves a commune's lists only on the proposal of the council of the chair's
    own level, passed by more than half of all its members no later than the approval (Art. 34.3,
    36.3; before 01/07/2025 the district council before the district chair)."""
    level = deciding_level(approved_on)
    meetings = list(
        CouncilMeeting.objects.filter(
            cycle=cycle,
            step=CouncilStep.PROPOSAL,
            communes=commune,
            unit__kind=level,
            held_on__lte=approved_on,
        ).order_by("-held_on", "-pk")
    )
    if any(meeting.passed for meeting in meetings):
        return
    council = council_name(level)
    if not meetings:
        raise ValidationError(
            _(
                "Chưa có nghị quyết của %(council)s đề nghị phê duyệt danh sách của %(unit)s "
                "trong đợt này (đến ngày %(day)s): ghi cuộc họp của hội đồng trước khi phê duyệt "
                "(khoản 3 Điều 34 Luật Nghĩa vụ quân sự)."
            )
            % {"council": council, "unit": commune.label, "day": _day(approved_on)},
            code=ErrorCode.COUNCIL_PROPOSAL_MISSING,
        )
    last = meetings[0]
    raise ValidationError(
        _(
            "Nghị quyết ngày %(day)s của %(council)s đề nghị danh sách của %(unit)s không được "
            "thông qua: %(for)s/%(total)s thành viên tán thành, cần ít nhất %(needed)s "
            "(%(article)s)."
        )
        % {
            "day": _day(last.held_on),
            "council": council,
            "unit": commune.label,
            "for": last.votes_for,
            "total": last.members_total,
            "needed": rules.votes_needed(last.members_total),
            "article": rules.RESOLUTION_ARTICLE,
        },
        code=ErrorCode.COUNCIL_PROPOSAL_NOT_PASSED,
    )
