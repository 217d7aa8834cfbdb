"""The militia workflow: set up units, enrol members, extend, release, complete, transfer; decide
deferrals and exemptions; plan training and record attendance.

Each function takes the acting user, checks the unit is writable, asks ``rules`` for the law,
writes in one transaction and records the audit entry. A refusal raises ``ValidationError`` with
a Vietnamese message, its article and an ``ErrorCode`` (or ``PermissionDenied``) before anything
is written, so a refused call leaves the database unchanged. Pages, the API, imports and
commands call these functions; none of them saves a record itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.breaches import Breach
from qpdp.core.bulk import rows_written
from qpdp.core.dated import NoRuleInForce
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import clean_text
from qpdp.militia import rules, selectors
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.models import (
    Attendance,
    DutyDecision,
    Membership,
    MilitiaUnit,
    TrainingPlan,
)
from qpdp.militia.rules import DutyDecisionKind, EndReason, Post
from qpdp.people.models import Person
from qpdp.reserves import selectors as reserves

HOST_KINDS = (UnitKind.COMMUNE, UnitKind.ORGANISATION, UnitKind.PROVINCE)
"""A militia unit is kept by a commune (Art. 15.1–15.2), an agency or enterprise (15.3) or the
province (15.4)."""


def refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check(breach: Breach | None) -> None:
    if breach is not None:
        raise breach.error()


def _ruled[**P, T](ask: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Ask a dated rule; a date before the Militia Law 2019 is refused, not a server error."""
    try:
        return ask(*args, **kwargs)
    except NoRuleInForce as exc:
        raise refuse(
            "__all__",
            _(
                "Ngày này trước khi Luật Dân quân tự vệ 2019 có hiệu lực (01/07/2020); hệ thống "
                "chưa có quy định của luật cũ."
            ),
            ErrorCode.NO_RULE_IN_FORCE,
        ) from exc


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _required(field: str, value: str, label: str) -> str:
    text = clean_text(value or "")
    if not text:
        raise refuse(
            field, _("Phải ghi %(label)s.") % {"label": label}, ErrorCode.DECISION_INCOMPLETE
        )
    return text


def _visible_person(user: AnyUser, person: Person) -> None:
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Công dân không thuộc phạm vi của bạn."))


def _locked(militia_unit: MilitiaUnit) -> MilitiaUnit:
    """The unit row locked for the transaction: two enrolments racing for its last place wait
    for each other (PostgreSQL; SQLite serialises writes anyway)."""
    return MilitiaUnit.objects.select_for_update().select_related("unit").get(pk=militia_unit.pk)


# -- units ------------------------------------------------------------------------------------


@transaction.atomic
def create_unit(
    user: AnyUser,
    *,
    unit: Unit,
    name: str,
    level: str,
    force_kind: str,
    authorised_strength: int,
    established_on: dt.date,
    established_by: str,
    decision_number: str,
    decision_signer: str = "",
    parent: MilitiaUnit | None = None,
) -> MilitiaUnit:
    """Record the decision setting up a unit, refused when signed by a level the law does not
    name for that level and kind of force (Art. 15, 22)."""
    check_unit_writable(user, unit)
    if unit.kind not in HOST_KINDS:
        raise refuse(
            "unit",
            _("Đơn vị dân quân tự vệ thuộc xã, phường, cơ quan, tổ chức hoặc tỉnh."),
            ErrorCode.HOST_UNIT_KIND,
        )
    if not unit.is_valid_on(established_on):
        raise refuse(
            "unit",
            _("%(unit)s không có hiệu lực vào ngày %(day)s.")
            % {"unit": unit.label, "day": _day(established_on)},
            ErrorCode.HOST_UNIT_NOT_IN_FORCE,
        )
    self_defense = unit.kind == UnitKind.ORGANISATION
    _check(
        _ruled(
            rules.establishment_breach,
            established_by,
            force_kind,
            level,
            self_defense,
            established_on,
        )
    )
    if parent is not None and (
        parent.unit_id != unit.pk or (parent.dissolved_on and parent.dissolved_on <= established_on)
    ):
        raise refuse(
            "parent",
            _("Đơn vị cấp trên phải cùng nơi quản lý và còn hoạt động."),
            ErrorCode.PARENT_UNIT_MISMATCH,
        )
    militia_unit = MilitiaUnit(
        unit=unit,
        parent=parent,
        name=_required("name", name, _("tên đơn vị")),
        level=level,
        force_kind=force_kind,
        authorised_strength=authorised_strength,
        established_on=established_on,
        established_by=established_by,
        decision_number=_required("decision_number", decision_number, _("số quyết định")),
        decision_signer=clean_text(decision_signer or ""),
    )
    return audit.create_audited(user, militia_unit, unit)


@transaction.atomic
def change_strength(
    user: AnyUser, militia_unit: MilitiaUnit, authorised_strength: int
) -> MilitiaUnit:
    """Set a unit's authorised strength, never below the members it holds today."""
    check_unit_writable(user, militia_unit.unit)
    militia_unit = _locked(militia_unit)
    serving = militia_unit.memberships.filter(ended_on__isnull=True).count()
    if authorised_strength < serving:
        raise refuse(
            "authorised_strength",
            _("Đơn vị đang có %(n)s người; biên chế không được thấp hơn.") % {"n": serving},
            ErrorCode.STRENGTH_BELOW_ROSTER,
        )
    return audit.update_audited(
        user, militia_unit, militia_unit.unit, {"authorised_strength": authorised_strength}
    )


@transaction.atomic
def dissolve_unit(user: AnyUser, militia_unit: MilitiaUnit, *, on: dt.date) -> MilitiaUnit:
    """Dissolve a unit once nobody serves in it any more (members are moved or released first)."""
    check_unit_writable(user, militia_unit.unit)
    if militia_unit.memberships.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).exists():
        raise refuse(
            "on",
            _("Đơn vị còn dân quân tự vệ; hãy chuyển hoặc cho thôi trước khi giải thể."),
            ErrorCode.UNIT_HAS_MEMBERS,
        )
    if on < militia_unit.established_on:
        raise refuse(
            "on", _("Ngày giải thể không được trước ngày thành lập."), ErrorCode.DATES_OUT_OF_ORDER
        )
    return audit.update_audited(user, militia_unit, militia_unit.unit, {"dissolved_on": on})


# -- members ----------------------------------------------------------------------------------


def _check_unit_open(militia_unit: MilitiaUnit, on: dt.date) -> None:
    if militia_unit.established_on > on or (
        militia_unit.dissolved_on is not None and militia_unit.dissolved_on <= on
    ):
        raise refuse(
            "militia_unit",
            _("%(unit)s chưa thành lập hoặc đã giải thể vào ngày %(day)s.")
            % {"unit": militia_unit.name, "day": _day(on)},
            ErrorCode.UNIT_DISSOLVED,
        )


def _check_room(militia_unit: MilitiaUnit, on: dt.date, post: str) -> None:
    """Refuse a member over the authorised strength, or a second commander (Art. 19)."""
    serving = militia_unit.memberships.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    if serving.count() >= militia_unit.authorised_strength:
        raise refuse(
            "militia_unit",
            _("%(unit)s đã đủ biên chế %(n)s người.")
            % {"unit": militia_unit.name, "n": militia_unit.authorised_strength},
            ErrorCode.OVER_STRENGTH,
        )
    if post == Post.COMMANDER and serving.filter(post=Post.COMMANDER).exists():
        raise refuse(
            "post",
            _("%(unit)s đã có %(title)s.")
            % {"unit": militia_unit.name, "title": militia_unit.commander_title()},
            ErrorCode.COMMANDER_POST_TAKEN,
        )


def _check_not_serving(person: Person, on: dt.date, *, leaving: Membership | None = None) -> None:
    """A person serves in one militia unit at a time: refuse a service that overlaps another."""
    overlapping = Membership.objects.filter(person=person).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    if leaving is not None:
        overlapping = overlapping.exclude(pk=leaving.pk)
    current = overlapping.select_related("militia_unit").first()
    if current is not None:
        raise refuse(
            "person",
            _("%(name)s đang là dân quân tự vệ của %(unit)s từ ngày %(day)s.")
            % {"name": person, "unit": current.militia_unit.name, "day": _day(current.joined_on)},
            ErrorCode.ALREADY_IN_CORE_MILITIA,
        )


def _check_free_of_duty_decisions(person: Person, on: dt.date, volunteer: bool) -> None:
    """Deferred or exempt people are not selected unless they volunteer on a ground that allows
    it (Art. 11.3); a reservist assigned to a reserve unit is exempt and may not volunteer
    (Art. 11.2.c), whether or not a decision was written."""
    if reserves.assigned_people([person.pk], on):
        raise refuse(
            "person",
            _(
                "%(name)s là quân nhân dự bị đã được sắp xếp vào đơn vị dự bị động viên: được miễn "
                "và không được tình nguyện tham gia (điểm c khoản 2, khoản 3 Điều 11 Luật Dân quân "
                "tự vệ)."
            )
            % {"name": person},
            ErrorCode.ASSIGNED_RESERVIST,
        )
    for decision in selectors.decisions_in_force([person.pk], on):
        ground = rules.duty_ground(decision.kind, decision.ground)
        if not volunteer:
            raise refuse(
                "person",
                _("%(name)s đang được %(kind)s theo %(article)s; chỉ tham gia nếu tự nguyện.")
                % {
                    "name": person,
                    "kind": decision.get_kind_display().lower(),
                    "article": ground.article,
                },
                ErrorCode.DUTY_DECISION_IN_FORCE,
            )
        if not rules.may_volunteer(decision.kind, decision.ground):
            raise refuse(
                "person",
                _("Người được %(kind)s theo %(article)s không được tình nguyện tham gia (%(law)s).")
                % {
                    "kind": decision.get_kind_display().lower(),
                    "article": ground.article,
                    "law": rules.VOLUNTEER_ARTICLE,
                },
                ErrorCode.VOLUNTEER_NOT_ALLOWED,
            )


def _decider(militia_unit: MilitiaUnit, decided_by: str | None, day: dt.date) -> str:
    self_defense = militia_unit.self_defense
    authority = decided_by or rules.default_decider(self_defense)
    _check(_ruled(rules.decider_breach, authority, self_defense, day))
    return authority


@transaction.atomic
def enrol_member(
    user: AnyUser,
    militia_unit: MilitiaUnit,
    person: Person,
    *,
    joined_on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    decision_signer: str,
    decided_by: str | None = None,
    post: str = Post.MEMBER,
    volunteer: bool = False,
) -> Membership:
    """Enrol a person by the decision of the commune chair or the head of the organisation
    (Art. 10.4): of duty age (Art. 8.1), not serving elsewhere, not deferred or exempt (Art. 11),
    within the unit's strength; the term the law gives is computed (Art. 8.2)."""
    check_unit_writable(user, militia_unit.unit)
    _visible_person(user, person)
    militia_unit = _locked(militia_unit)
    _check_unit_open(militia_unit, joined_on)
    number = _required("decision_number", decision_number, _("số quyết định"))
    signer = _required("decision_signer", decision_signer, _("người ký quyết định"))
    if decision_date > joined_on:
        raise refuse(
            "decision_date",
            _("Ngày quyết định không được sau ngày vào đơn vị."),
            ErrorCode.DECISION_AFTER_JOINING,
        )
    authority = _decider(militia_unit, decided_by, decision_date)
    birth = person.birth
    _check(_ruled(rules.eligibility_breach, birth, person.gender, joined_on, volunteer=volunteer))
    _check_not_serving(person, joined_on)
    _check_free_of_duty_decisions(person, joined_on, volunteer)
    _check_room(militia_unit, joined_on, post)
    term_end = rules.term_end(
        militia_unit.force_kind, joined_on, birth, person.gender, volunteer=volunteer
    )
    membership = Membership(
        person=person,
        militia_unit=militia_unit,
        post=post,
        volunteer=volunteer,
        term_start=joined_on,
        joined_on=joined_on,
        term_end=term_end,
        decision_number=number,
        decision_date=decision_date,
        decision_signer=signer,
        decided_by=authority,
    )
    return audit.create_audited(user, membership, militia_unit.unit)


def _check_serving(membership: Membership) -> None:
    if membership.ended_on is not None:
        raise refuse(
            "__all__",
            _("%(name)s đã thôi ở đơn vị này từ ngày %(day)s.")
            % {"name": membership.person, "day": _day(membership.ended_on)},
            ErrorCode.MEMBERSHIP_ENDED,
        )


@transaction.atomic
def extend_term(
    user: AnyUser,
    membership: Membership,
    *,
    until: dt.date,
    decision_number: str,
    decision_date: dt.date,
    decided_by: str | None = None,
) -> Membership:
    """Extend a member's term (Art. 8.2, decided under Art. 8.3): at most two years, further for
    maritime militia, self-defense and unit commanders, never past the duty age."""
    militia_unit = membership.militia_unit
    check_unit_writable(user, militia_unit.unit)
    _check_serving(membership)
    number = _required("decision_number", decision_number, _("số quyết định kéo dài"))
    _decider(militia_unit, decided_by, decision_date)
    _check(
        _ruled(
            rules.extension_breach,
            militia_unit.force_kind,
            membership.term_start,
            membership.term_end,
            membership.service_end,
            until,
            membership.person.birth,
            membership.person.gender,
            volunteer=membership.volunteer,
            self_defense=militia_unit.self_defense,
            commander=membership.post == Post.COMMANDER,
        )
    )
    return audit.update_audited(
        user,
        membership,
        militia_unit.unit,
        {"extended_until": until, "extension_number": number, "extension_date": decision_date},
    )


@transaction.atomic
def end_membership(
    user: AnyUser,
    membership: Membership,
    *,
    reason: str,
    on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    ground: str = "",
    decided_by: str | None = None,
) -> Membership:
    """End a member's duty: completed after the full term (Art. 13.1), released early on a
    ground of Art. 12.1, or removed from the list on a ground of Art. 12.2."""
    militia_unit = membership.militia_unit
    check_unit_writable(user, militia_unit.unit)
    _check_serving(membership)
    number = _required("decision_number", decision_number, _("số quyết định"))
    _decider(militia_unit, decided_by, decision_date)
    if on < membership.joined_on:
        raise refuse(
            "on",
            _("Ngày thôi không được trước ngày vào đơn vị %(day)s.")
            % {"day": _day(membership.joined_on)},
            ErrorCode.END_BEFORE_JOINING,
        )
    if reason == EndReason.COMPLETED:
        ground = ""
        if on < membership.term_end:
            raise refuse(
                "on",
                _(
                    "Chưa hết thời hạn thực hiện nghĩa vụ (đến %(day)s): chỉ công nhận hoàn thành "
                    "khi đã phục vụ đủ thời hạn (khoản 1 Điều 13 Luật Dân quân tự vệ); trường hợp "
                    "khác là thôi trước thời hạn."
                )
                % {"day": _day(membership.term_end)},
                ErrorCode.TERM_NOT_SERVED,
            )
    elif reason in (EndReason.RELEASED, EndReason.REMOVED):
        try:
            rules.end_ground(reason, ground)
        except KeyError as exc:
            raise refuse(
                "ground",
                _("Lý do “%(ground)s” không có trong Điều 12 Luật Dân quân tự vệ.")
                % {"ground": ground},
                ErrorCode.UNKNOWN_GROUND,
            ) from exc
    else:
        raise refuse(
            "reason",
            _("Chọn hoàn thành nghĩa vụ, thôi trước thời hạn hoặc đưa ra khỏi danh sách."),
            ErrorCode.UNKNOWN_GROUND,
        )
    return audit.update_audited(
        user,
        membership,
        militia_unit.unit,
        {
            "ended_on": on,
            "end_reason": reason,
            "end_ground": ground,
            "end_decision_number": number,
            "end_decision_date": decision_date,
        },
    )


@transaction.atomic
def transfer_member(
    user: AnyUser,
    membership: Membership,
    to_unit: MilitiaUnit,
    *,
    on: dt.date,
    decision_number: str,
    decision_date: dt.date,
    post: str = Post.MEMBER,
) -> Membership:
    """Move a member to another unit from ``on``: the old service ends that day, the new one
    starts, keeping the term and its extension (the duty is the same, Art. 8.2)."""
    check_unit_writable(user, membership.militia_unit.unit)
    check_unit_writable(user, to_unit.unit)
    _check_serving(membership)
    if to_unit.pk == membership.militia_unit_id:
        raise refuse(
            "militia_unit",
            _("Chọn đơn vị khác đơn vị hiện tại."),
            ErrorCode.TRANSFER_SAME_UNIT,
        )
    if on <= membership.joined_on:
        raise refuse(
            "on",
            _("Ngày chuyển phải sau ngày vào đơn vị hiện tại %(day)s.")
            % {"day": _day(membership.joined_on)},
            ErrorCode.END_BEFORE_JOINING,
        )
    number = _required("decision_number", decision_number, _("số quyết định"))
    to_unit = _locked(to_unit)
    _check_unit_open(to_unit, on)
    authority = _decider(to_unit, None, decision_date)
    _check_not_serving(membership.person, on, leaving=membership)
    _check_room(to_unit, on, post)
    audit.update_audited(
        user,
        membership,
        membership.militia_unit.unit,
        {
            "ended_on": on,
            "end_reason": EndReason.TRANSFERRED,
            "end_decision_number": number,
            "end_decision_date": decision_date,
        },
    )
    moved = Membership(
        person=membership.person,
        militia_unit=to_unit,
        post=post,
        volunteer=membership.volunteer,
        term_start=membership.term_start,
        joined_on=on,
        term_end=membership.term_end,
        extended_until=membership.extended_until,
        extension_number=membership.extension_number,
        extension_date=membership.extension_date,
        decision_number=number,
        decision_date=decision_date,
        decision_signer=membership.decision_signer,
        decided_by=authority,
    )
    return audit.create_audited(user, moved, to_unit.unit)


# -- deferral and exemption -------------------------------------------------------------------


@transaction.atomic
def record_duty_decision(
    user: AnyUser,
    person: Person,
    unit: Unit,
    *,
    kind: str,
    ground: str,
    evidence: str,
    decided_on: dt.date,
    number: str,
    signer: str,
    until: dt.date | None = None,
    decided_by: str | None = None,
) -> DutyDecision:
    """A deferral or exemption from militia duty on a ground of Art. 11, signed by the commune
    chair or the head of the organisation (Art. 11.4)."""
    check_unit_writable(user, unit)
    _visible_person(user, person)
    if unit.kind not in (UnitKind.COMMUNE, UnitKind.ORGANISATION):
        raise refuse(
            "unit",
            _("Tạm hoãn, miễn do xã, phường hoặc cơ quan, tổ chức quyết định."),
            ErrorCode.HOST_UNIT_KIND,
        )
    if kind not in DutyDecisionKind.values:
        raise refuse("kind", _("Chọn tạm hoãn hoặc miễn."), ErrorCode.UNKNOWN_GROUND)
    try:
        rules.duty_ground(kind, ground)
    except KeyError as exc:
        raise refuse(
            "ground",
            _("Lý do “%(ground)s” không có trong Điều 11 Luật Dân quân tự vệ.")
            % {"ground": ground},
            ErrorCode.UNKNOWN_GROUND,
        ) from exc
    self_defense = unit.kind == UnitKind.ORGANISATION
    authority = decided_by or rules.default_decider(self_defense)
    _check(_ruled(rules.decider_breach, authority, self_defense, decided_on))
    if kind == DutyDecisionKind.DEFERRAL and until is None:
        raise refuse(
            "until", _("Tạm hoãn phải ghi ngày hết lý do tạm hoãn."), ErrorCode.UNTIL_REQUIRED
        )
    if kind == DutyDecisionKind.EXEMPTION:
        until = None
    if until is not None and until <= decided_on:
        raise refuse(
            "until", _("Ngày hết lý do phải sau ngày quyết định."), ErrorCode.UNTIL_BEFORE_DECISION
        )
    decision = DutyDecision(
        person=person,
        unit=unit,
        kind=kind,
        ground=ground,
        evidence=_required("evidence", evidence, _("giấy tờ chứng minh")),
        decided_on=decided_on,
        until=until,
        number=_required("number", number, _("số quyết định")),
        signer=_required("signer", signer, _("người ký quyết định")),
        decided_by=authority,
    )
    return audit.create_audited(user, decision, unit)


# -- training ---------------------------------------------------------------------------------


@transaction.atomic
def create_training_plan(
    user: AnyUser,
    unit: Unit,
    *,
    year: int,
    force_kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
) -> TrainingPlan:
    """A year's training of one kind of force, held by a commune, organisation or province."""
    check_unit_writable(user, unit)
    if unit.kind not in HOST_KINDS:
        raise refuse(
            "unit",
            _("Kế hoạch huấn luyện do xã, phường, cơ quan, tổ chức hoặc tỉnh lập."),
            ErrorCode.HOST_UNIT_KIND,
        )
    if ends_on < starts_on:
        raise refuse(
            "ends_on",
            _("Ngày kết thúc không được trước ngày bắt đầu."),
            ErrorCode.DATES_OUT_OF_ORDER,
        )
    if starts_on.year != year or ends_on.year != year:
        raise refuse(
            "starts_on",
            _("Thời gian huấn luyện phải trong năm %(year)s.") % {"year": year},
            ErrorCode.PLAN_OUTSIDE_YEAR,
        )
    _ruled(rules.training_article, starts_on)
    if TrainingPlan.objects.filter(unit=unit, year=year, force_kind=force_kind).exists():
        raise refuse(
            "force_kind",
            _("%(unit)s đã có kế hoạch huấn luyện thành phần này năm %(year)s.")
            % {"unit": unit.label, "year": year},
            ErrorCode.TRAINING_PLAN_EXISTS,
        )
    plan = TrainingPlan(
        unit=unit,
        year=year,
        force_kind=force_kind,
        starts_on=starts_on,
        ends_on=ends_on,
        place=clean_text(place or ""),
    )
    return audit.create_audited(user, plan, unit)


@transaction.atomic
def enrol_trainees(user: AnyUser, plan: TrainingPlan) -> int:
    """Put every member of the plan's kind serving during it, in the units the plan's keeper
    holds (its subtree; a commune's plan leaves out the self-defense of the agencies and
    enterprises under it, which train their own), on the plan with the days Art. 28.1 sets:
    15 in a member's first year of training, then 12 (7 for local militia); 60 for standing
    militia. Members already on the plan are left as they are; returns how many were added."""
    check_unit_writable(user, plan.unit)
    keepers = plan.unit.subtree()
    if plan.unit.kind != UnitKind.ORGANISATION:  # agencies and enterprises train their own
        keepers = keepers.exclude(kind=UnitKind.ORGANISATION)
    members = (
        Membership.objects.filter(
            militia_unit__force_kind=plan.force_kind,
            militia_unit__unit__in=keepers.values("pk"),
            joined_on__lte=plan.ends_on,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=plan.starts_on))
        .exclude(attendances__plan=plan)
    )
    trained_before = set(
        Attendance.objects.filter(
            membership__person__in=members.values("person"), plan__year__lt=plan.year
        ).values_list("membership__person_id", flat=True)
    )
    rows = [
        Attendance(
            plan=plan,
            membership=membership,
            required_days=rules.training_days(
                plan.force_kind,
                first_year=membership.person_id not in trained_before,
                on=plan.starts_on,
            ),
        )
        for membership in members.order_by("pk")
    ]
    Attendance.objects.bulk_create(rows)
    rows_written.send(sender=Attendance)
    enrolled = [row.membership_id for row in rows]
    audit.record(user, audit.Action.UPDATE, plan, unit=plan.unit, extra={"enrolled": enrolled})
    return len(rows)


@transaction.atomic
def record_attendance(user: AnyUser, attendance: Attendance, attended_days: int) -> Attendance:
    """The days a member attended, at most the length of the plan."""
    plan = attendance.plan
    check_unit_writable(user, plan.unit)
    length = (plan.ends_on - plan.starts_on).days + 1
    if not 0 <= attended_days <= length:
        raise refuse(
            "attended_days",
            _("Số ngày huấn luyện phải từ 0 đến %(n)s (độ dài kế hoạch).") % {"n": length},
            ErrorCode.ATTENDANCE_DAYS_INVALID,
        )
    return audit.update_audited(user, attendance, plan.unit, {"attended_days": attended_days})
