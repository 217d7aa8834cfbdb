"""Deferral and exemption: the commune proposes, the regime's authority decides (Art. 39, 41,
42)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, Decision
from qpdp.conscription.rules import DecisionKind
from qpdp.conscription.rules.grounds import STUDY_GROUND
from qpdp.conscription.services._common import _account, _create, _day, _update, _writable_commune
from qpdp.core.access import AnyUser, User, is_admin, is_commander, scope_units
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person


@transaction.atomic
def propose_decision(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    kind: str,
    ground: str,
    evidence: str,
    proposed_on: dt.date,
    until: dt.date | None = None,
    higher_education: bool = False,
) -> Decision:
    """The commune council proposes a deferral or exemption (Art. 39.2) on a ground of Art. 41
    in force that day, with its evidence and, for a deferral, the day the ground ends (Art. 41.3:
    he is called once it ends)."""
    commune = _writable_commune(user, cycle, person)
    if kind not in DecisionKind.values:
        raise ValidationError(
            _("Phải chọn tạm hoãn hoặc miễn gọi nhập ngũ."), code=ErrorCode.DECISION_KIND_REQUIRED
        )
    decision_kind = DecisionKind(kind)
    if not ground:
        raise ValidationError(
            _("Phải chọn lý do tạm hoãn hoặc miễn (điểm của Điều 41)."),
            code=ErrorCode.GROUND_REQUIRED,
        )
    try:
        legal = rules.ground(decision_kind, ground)
    except KeyError as exc:
        raise ValidationError(
            _("Lý do “%(ground)s” không có trong Điều 41.") % {"ground": ground},
            code=ErrorCode.GROUND_UNKNOWN,
        ) from exc
    if legal not in rules.grounds_in_force(decision_kind, proposed_on):
        raise ValidationError(
            _("Lý do tại %(article)s chưa có hiệu lực vào ngày đề nghị %(day)s.")
            % {"article": legal.article, "day": _day(proposed_on)},
            code=ErrorCode.GROUND_NOT_IN_FORCE,
        )
    if decision_kind is DecisionKind.DEFERRAL and until is None:
        raise ValidationError(
            _("Tạm hoãn phải ghi ngày hết lý do (ví dụ ngày kết thúc khóa học)."),
            code=ErrorCode.DEFERRAL_UNTIL_REQUIRED,
        )
    if until is not None and until <= proposed_on:
        raise ValidationError(
            _("Ngày hết lý do phải sau ngày đề nghị."), code=ErrorCode.UNTIL_BEFORE_PROPOSAL
        )
    if higher_education and (decision_kind is not DecisionKind.DEFERRAL or ground != STUDY_GROUND):
        raise ValidationError(
            _("Chỉ tạm hoãn theo điểm g (đang học) mới ghi là học cao đẳng, đại học."),
            code=ErrorCode.HIGHER_EDUCATION_GROUND,
        )
    if not evidence.strip():
        raise ValidationError(
            _("Phải ghi giấy tờ chứng minh lý do."), code=ErrorCode.EVIDENCE_REQUIRED
        )
    if Decision.objects.filter(cycle=cycle, person=person, decided_on__isnull=True).exists():
        raise ValidationError(
            _("%(name)s đã có đề nghị đang chờ quyết định trong đợt này.") % {"name": person},
            code=ErrorCode.DECISION_PENDING,
        )
    decision = Decision(
        cycle=cycle,
        person=person,
        unit=commune,
        kind=kind,
        ground=ground,
        evidence=evidence.strip(),
        until=until,
        higher_education=higher_education,
        proposed_on=proposed_on,
        proposed_by=_account(user),
    )
    return _create(user, decision, commune)


def authority_on(on: dt.date) -> rules.Regime:
    """The regime whose authorities act on ``on``: the date of the act decides, not the cycle's
    regime (in the 2025 transition a decision signed in June belongs to the district chair, one
    signed in July to the province's). A date before the 2015 law is refused."""
    try:
        return rules.regime_on(on)
    except rules.NoRuleInForce:
        raise ValidationError(
            _("Ngày %(day)s trước khi Luật Nghĩa vụ quân sự 2015 có hiệu lực (01/01/2016).")
            % {"day": _day(on)},
            code=ErrorCode.DATE_BEFORE_LAW,
        ) from None


def deciding_level(on: dt.date) -> str:
    """The level whose chair decides on ``on``: the district before 01/07/2025, the province
    since (Art. 42.1 in each text)."""
    return UnitKind.DISTRICT if authority_on(on).has_district_level else UnitKind.PROVINCE


def check_decider(user: AnyUser, unit: Unit, on: dt.date) -> None:
    """Only the authority the law names on ``on`` decides deferrals and exemptions (Art. 42.1)
    and approves the call-up lists (Art. 34.3): the commander account of that level over
    ``unit`` stands for it, or an administrator entering a signed paper decision."""
    if is_admin(user):
        return
    allowed = (
        is_commander(user)
        and isinstance(user, User)
        and user.unit is not None
        and user.unit.kind == deciding_level(on)
        and scope_units(user).filter(pk=unit.pk).exists()
    )
    if not allowed:
        raise PermissionDenied(
            _(
                "Việc này, vào ngày %(day)s, thuộc thẩm quyền của %(authority)s "
                "(Điều 42 Luật Nghĩa vụ quân sự)."
            )
            % {"day": _day(on), "authority": authority_on(on).deferral_decided_by}
        )


@transaction.atomic
def decide(user: AnyUser, decision: Decision, *, decided_on: dt.date, number: str) -> Decision:
    """The authority in office on ``decided_on`` signs a proposed deferral or exemption
    (Art. 42.1)."""
    check_decider(user, decision.unit, decided_on)
    if decision.decided_on is not None:
        raise ValidationError(_("Đề nghị này đã có quyết định."), code=ErrorCode.ALREADY_DECIDED)
    if decided_on < decision.proposed_on:
        raise ValidationError(
            _("Ngày quyết định không được trước ngày đề nghị."),
            code=ErrorCode.DECIDED_BEFORE_PROPOSAL,
        )
    if decision.until is not None and decision.until < decided_on:
        raise ValidationError(
            _("Lý do tạm hoãn đã hết trước ngày quyết định."), code=ErrorCode.GROUND_EXPIRED
        )
    if not number.strip():
        raise ValidationError(_("Phải ghi số quyết định."), code=ErrorCode.DECISION_NUMBER_REQUIRED)
    return _update(
        user,
        decision,
        decision.unit,
        decided_on=decided_on,
        decided_by=user,
        decision_number=number.strip(),
    )
