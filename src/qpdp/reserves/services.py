"""The reserve workflow: register reserve soldiers with the class the law gives (checked first by
``check_soldier``, which the registration page's confirmation runs too), transfer them
out, build reserve units, assign soldiers, and run drills (who was summoned, who reported).

Each function checks the unit is writable, asks ``rules`` for the law, writes in one transaction
and records the audit entry; a refusal raises a coded ``ValidationError`` (or
``PermissionDenied``) before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.ages import certainly_past
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import clean_text
from qpdp.militia import selectors as militia
from qpdp.people.models import Person
from qpdp.reserves import rules
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import ServiceHistory

REGISTERING_KINDS = (UnitKind.COMMUNE, UnitKind.ORGANISATION)
"""Reserve Law Art. 12 (2025): the commune registers its residents, an agency its workers."""
BUILDING_KINDS = (UnitKind.COMMUNE, UnitKind.PROVINCE)
"""Art. 14.2.c, 19 (2025): the province and the communes build and fill reserve units."""


def refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _check_law_date(
    day: dt.date, field: str, *, since: dt.date = rules.MILITARY_SERVICE_LAW
) -> None:
    """The reserve rules start with the Military Service Law 2015 (01/01/2016); assignment ages
    with the Reserve Law 2019 (01/07/2020). Earlier laws are not encoded."""
    if day < since:
        raise refuse(
            field,
            _("Trước ngày %(day)s hệ thống chưa có quy định của luật áp dụng khi đó.")
            % {"day": f"{since:%d/%m/%Y}"},
            ErrorCode.NO_RULE_IN_FORCE,
        )


def _visible_person(user: AnyUser, person: Person) -> None:
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Công dân không thuộc phạm vi của bạn."))


def _check_in_force(unit: Unit, day: dt.date, kinds: tuple[str, ...], message: str) -> None:
    if unit.kind not in kinds:
        raise refuse("unit", message, ErrorCode.HOST_UNIT_KIND)
    if not unit.is_valid_on(day):
        raise refuse(
            "unit",
            _("%(unit)s không có hiệu lực vào ngày %(day)s.")
            % {"unit": unit.label, "day": _day(day)},
            ErrorCode.HOST_UNIT_NOT_IN_FORCE,
        )


# -- soldiers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SoldierClass:
    """What registering a soldier will record: his class and its ground (Art. 24), the
    officer's reason where the law gives no class, and the service history as read (a completed
    standing-militia service taken from the militia register)."""

    category: str
    ground: rules.CategoryGround
    reason: str
    history: ServiceHistory


def check_soldier(
    user: AnyUser,
    person: Person,
    unit: Unit,
    *,
    registered_on: dt.date,
    history: ServiceHistory,
    discharged_on: dt.date | None = None,
    category: str = "",
    category_reason: str = "",
    studied_after_deferral: bool = False,
) -> SoldierClass:
    """Refuse a registration the law or the scope does not allow; return the class it records.
    The registration page's confirmation runs it too, so it never shows a class the save would
    then refuse or change."""
    check_unit_writable(user, unit)
    _visible_person(user, person)
    _check_law_date(registered_on, "registered_on")
    _check_in_force(
        unit,
        registered_on,
        REGISTERING_KINDS,
        _("Quân nhân dự bị đăng ký tại xã, phường hoặc cơ quan, tổ chức."),
    )
    if discharged_on is not None and discharged_on > registered_on:
        raise refuse(
            "discharged_on",
            _("Ngày đăng ký không được trước ngày xuất ngũ."),
            ErrorCode.REGISTERED_BEFORE_DISCHARGE,
        )
    limit = rules.reserve_age_limit(person.gender)
    if certainly_past(person.birth, limit, registered_on):
        raise refuse(
            "person",
            _("Công dân đã hết %(age)s tuổi, quá độ tuổi phục vụ trong ngạch dự bị (%(law)s).")
            % {"age": limit, "law": rules.RESERVE_AGE_ARTICLE},
            ErrorCode.OVER_RESERVE_AGE,
        )
    if militia.standing_completed([person.pk]):
        history = ServiceHistory(**{**asdict(history), "standing_militia_completed": True})
    ground = rules.decide_category(
        history,
        person.gender,
        person.birth,
        registered_on,
        studied_after_deferral=studied_after_deferral,
    )
    reason = clean_text(category_reason or "")
    if ground is rules.NOT_SUBJECT:
        raise refuse(
            "__all__", f"{ground.title} ({ground.article}).", ErrorCode.NOT_RESERVE_SUBJECT
        )
    if ground.category is None:
        if category not in rules.Category.values or not reason:
            raise refuse(
                "category",
                f"{ground.title} ({ground.article}).",
                ErrorCode.CATEGORY_NEEDS_DECISION,
            )
    else:
        if category and category != ground.category:
            raise refuse(
                "category",
                _("Theo quá trình phục vụ, quân nhân thuộc %(category)s (%(article)s).")
                % {"category": ground.category.label.lower(), "article": ground.article},
                ErrorCode.CATEGORY_CONTRADICTS_HISTORY,
            )
        category, reason = ground.category, ""
    current = ReserveSoldier.objects.filter(person=person, transferred_out_on__isnull=True).first()
    if current is not None:
        raise refuse(
            "person",
            _("%(name)s đã đăng ký ngạch dự bị ngày %(day)s.")
            % {"name": person, "day": _day(current.registered_on)},
            ErrorCode.ALREADY_REGISTERED,
        )
    return SoldierClass(category, ground, reason, history)


@transaction.atomic
def register_soldier(
    user: AnyUser,
    person: Person,
    unit: Unit,
    *,
    registered_on: dt.date,
    history: ServiceHistory,
    discharged_on: dt.date | None = None,
    speciality: str = "",
    rank: str = "",
    category: str = "",
    category_reason: str = "",
    studied_after_deferral: bool = False,
) -> ReserveSoldier:
    """Register a person for the reserve with the class Art. 24 gives his service history (a
    completed standing-militia service is read from the militia register). Where the law gives
    no class (police service of 12 to under 20 months) the officer's class and reason are
    required; a class that contradicts the law is refused (``check_soldier``)."""
    decided = check_soldier(
        user,
        person,
        unit,
        registered_on=registered_on,
        history=history,
        discharged_on=discharged_on,
        category=category,
        category_reason=category_reason,
        studied_after_deferral=studied_after_deferral,
    )
    soldier = ReserveSoldier(
        person=person,
        unit=unit,
        registered_on=registered_on,
        discharged_on=discharged_on,
        category=decided.category,
        category_ground=decided.ground.code,
        category_reason=decided.reason,
        speciality=clean_text(speciality or ""),
        rank=rank,
        **asdict(decided.history),
    )
    return audit.create_audited(user, soldier, unit)


@transaction.atomic
def transfer_out(
    user: AnyUser,
    soldier: ReserveSoldier,
    *,
    on: dt.date,
    reason: str,
    decided_by: str,
    decision_number: str,
    evidence: str = "",
) -> ReserveSoldier:
    """Transfer a soldier out of the reserve at the age limit or on losing fitness, by the
    decision of the level Art. 29 names that day; his assignment ends the same day."""
    check_unit_writable(user, soldier.unit)
    if soldier.transferred_out_on is not None:
        raise refuse(
            "__all__",
            _("Quân nhân đã giải ngạch ngày %(day)s.") % {"day": _day(soldier.transferred_out_on)},
            ErrorCode.TRANSFERRED_OUT,
        )
    _check_law_date(on, "on")
    if on < soldier.registered_on:
        raise refuse(
            "on",
            _("Ngày giải ngạch không được trước ngày đăng ký."),
            ErrorCode.DATE_BEFORE_REGISTRATION,
        )
    number = clean_text(decision_number or "")
    if not number:
        raise refuse("decision_number", _("Phải ghi số quyết định."), ErrorCode.DECISION_INCOMPLETE)
    person = soldier.person
    breach = rules.transfer_breach(reason, decided_by, person.birth, person.gender, on, evidence)
    if breach is not None:
        raise breach.error()
    for assignment in soldier.assignments.filter(ended_on__isnull=True):
        ended_on = max(on, assignment.assigned_on)
        audit.update_audited(user, assignment, soldier.unit, {"ended_on": ended_on})
    return audit.update_audited(
        user,
        soldier,
        soldier.unit,
        {
            "transferred_out_on": on,
            "transfer_reason": reason,
            "transfer_decided_by": decided_by,
            "transfer_decision_number": number,
        },
    )


# -- units and assignment ---------------------------------------------------------------------


@transaction.atomic
def create_reserve_unit(
    user: AnyUser,
    unit: Unit,
    *,
    name: str,
    level: str,
    role: str,
    speciality: str,
    authorised_strength: int,
    established_on: dt.date,
) -> ReserveUnit:
    check_unit_writable(user, unit)
    _check_in_force(
        unit,
        established_on,
        BUILDING_KINDS,
        _("Đơn vị dự bị động viên do tỉnh hoặc xã, phường xây dựng."),
    )
    reserve_unit = ReserveUnit(
        unit=unit,
        name=clean_text(name or ""),
        level=level,
        role=role,
        speciality=clean_text(speciality or ""),
        authorised_strength=authorised_strength,
        established_on=established_on,
    )
    return audit.create_audited(user, reserve_unit, unit)


@transaction.atomic
def assign_soldier(
    user: AnyUser,
    soldier: ReserveSoldier,
    reserve_unit: ReserveUnit,
    *,
    assigned_on: dt.date,
    post: str = "",
    override_reason: str = "",
) -> Assignment:
    """Place a soldier in a reserve unit (Reserve Law Art. 16, 17): within the age the unit's
    role allows, the unit's speciality or the nearest with its reason recorded, within the
    authorised strength and its 10–15% spare (Art. 15.2)."""
    check_unit_writable(user, reserve_unit.unit)
    if not ReserveSoldier.objects.visible_to(user).filter(pk=soldier.pk).exists():
        raise PermissionDenied(_("Quân nhân không thuộc phạm vi của bạn."))
    _check_law_date(assigned_on, "assigned_on", since=rules.RESERVE_LAW)
    reserve_unit = ReserveUnit.objects.select_for_update().get(pk=reserve_unit.pk)
    if reserve_unit.established_on > assigned_on or (
        reserve_unit.dissolved_on is not None and reserve_unit.dissolved_on <= assigned_on
    ):
        raise refuse(
            "reserve_unit",
            _("%(unit)s chưa thành lập hoặc đã giải thể vào ngày %(day)s.")
            % {"unit": reserve_unit.name, "day": _day(assigned_on)},
            ErrorCode.UNIT_DISSOLVED,
        )
    if soldier.registered_on > assigned_on or (
        soldier.transferred_out_on is not None and soldier.transferred_out_on <= assigned_on
    ):
        raise refuse(
            "soldier",
            _("Ngày %(day)s công dân không phải quân nhân dự bị.") % {"day": _day(assigned_on)},
            ErrorCode.TRANSFERRED_OUT,
        )
    current = soldier.assignments.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=assigned_on)
    ).first()
    if current is not None:
        raise refuse(
            "soldier",
            _("Quân nhân đang ở %(unit)s từ ngày %(day)s.")
            % {"unit": current.reserve_unit.name, "day": _day(current.assigned_on)},
            ErrorCode.ALREADY_ASSIGNED,
        )
    person = soldier.person
    reason = clean_text(override_reason or "")
    breaches = rules.assignment_breaches(
        reserve_unit.role,
        person.gender,
        person.birth,
        assigned_on,
        soldier_speciality=soldier.speciality,
        unit_speciality=reserve_unit.speciality,
        override_reason=reason,
    )
    if breaches:
        errors: dict[str, list[ValidationError]] = {}
        for breach in breaches:
            errors.setdefault(breach.field, []).append(
                ValidationError(str(breach), code=str(breach.code))
            )
        raise ValidationError(errors)
    ceiling = rules.assignment_ceiling(reserve_unit.authorised_strength)
    filled = reserve_unit.assignments.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=assigned_on)
    ).count()
    if filled >= ceiling:
        raise refuse(
            "reserve_unit",
            _(
                "%(unit)s đã có %(n)s quân nhân, đủ biên chế %(strength)s và số dự phòng tối đa "
                "15%% (%(law)s)."
            )
            % {
                "unit": reserve_unit.name,
                "n": filled,
                "strength": reserve_unit.authorised_strength,
                "law": rules.SPARE_ARTICLE,
            },
            ErrorCode.OVER_STRENGTH,
        )
    matched = rules.speciality_matches(soldier.speciality, reserve_unit.speciality)
    assignment = Assignment(
        soldier=soldier,
        reserve_unit=reserve_unit,
        assigned_on=assigned_on,
        post=clean_text(post or ""),
        speciality_matched=matched,
        override_reason="" if matched else reason,
    )
    return audit.create_audited(user, assignment, soldier.unit)


def check_end_assignment(user: AnyUser, assignment: Assignment, *, on: dt.date) -> None:
    """Refuse ending an assignment already ended, or on a day before it began; the page's
    confirmation runs it too."""
    check_unit_writable(user, assignment.reserve_unit.unit)
    if assignment.ended_on is not None:
        raise refuse(
            "__all__",
            _("Quân nhân đã rút khỏi đơn vị ngày %(day)s.") % {"day": _day(assignment.ended_on)},
            ErrorCode.ASSIGNMENT_ENDED,
        )
    if on < assignment.assigned_on:
        raise refuse(
            "on",
            _("Ngày rút không được trước ngày sắp xếp."),
            ErrorCode.END_BEFORE_ASSIGNMENT,
        )


@transaction.atomic
def end_assignment(user: AnyUser, assignment: Assignment, *, on: dt.date) -> Assignment:
    """Take a soldier out of his reserve unit from ``on`` (``check_end_assignment``)."""
    check_end_assignment(user, assignment, on=on)
    return audit.update_audited(user, assignment, assignment.soldier.unit, {"ended_on": on})


# -- readiness --------------------------------------------------------------------------------


@transaction.atomic
def create_drill(
    user: AnyUser,
    unit: Unit,
    *,
    kind: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    report_by: dt.datetime,
    place: str,
    reserve_unit: ReserveUnit | None = None,
) -> Drill:
    """A concentrated training or a readiness check (at most 7 days, Art. 27.1)."""
    check_unit_writable(user, unit)
    _check_law_date(starts_on, "starts_on")
    breach = rules.drill_breach(kind, starts_on, ends_on)
    if breach is not None:
        raise breach.error()
    if (
        reserve_unit is not None
        and not ReserveUnit.objects.visible_to(user).filter(pk=reserve_unit.pk).exists()
    ):
        raise PermissionDenied(_("Đơn vị dự bị không thuộc phạm vi của bạn."))
    drill = Drill(
        unit=unit,
        reserve_unit=reserve_unit,
        kind=kind,
        name=clean_text(name or ""),
        starts_on=starts_on,
        ends_on=ends_on,
        report_by=report_by,
        place=clean_text(place or ""),
    )
    return audit.create_audited(user, drill, unit)


def _check_summonable(drill: Drill, soldier: ReserveSoldier, summoned_on: dt.date) -> None:
    if summoned_on > drill.starts_on:
        raise refuse(
            "summoned_on",
            _("Ngày gọi phải trước ngày bắt đầu %(day)s.") % {"day": _day(drill.starts_on)},
            ErrorCode.SUMMONED_AFTER_START,
        )
    if soldier.registered_on > drill.starts_on or (
        soldier.transferred_out_on is not None and soldier.transferred_out_on <= drill.starts_on
    ):
        raise refuse(
            "soldier",
            _("%(name)s không phải quân nhân dự bị vào ngày %(day)s.")
            % {"name": soldier.person, "day": _day(drill.starts_on)},
            ErrorCode.TRANSFERRED_OUT,
        )
    if drill.reserve_unit_id is not None:
        assigned = soldier.assignments.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=drill.starts_on),
            reserve_unit_id=drill.reserve_unit_id,
            assigned_on__lte=drill.starts_on,
        ).exists()
        if not assigned:
            raise refuse(
                "soldier",
                _("%(name)s không thuộc đơn vị dự bị của đợt này.") % {"name": soldier.person},
                ErrorCode.NOT_ASSIGNED_TO_UNIT,
            )
    if Summons.objects.filter(drill=drill, soldier=soldier).exists():
        raise refuse(
            "soldier",
            _("%(name)s đã được gọi trong đợt này.") % {"name": soldier.person},
            ErrorCode.ALREADY_SUMMONED,
        )


@transaction.atomic
def summon(
    user: AnyUser, drill: Drill, soldier: ReserveSoldier, *, summoned_on: dt.date
) -> Summons:
    """Call one soldier to a drill (a soldier of the drill's reserve unit, if it has one): the
    organiser calls the soldiers in its scope."""
    check_unit_writable(user, drill.unit)
    if not ReserveSoldier.objects.visible_to(user).filter(pk=soldier.pk).exists():
        raise PermissionDenied(_("Quân nhân không thuộc phạm vi của bạn."))
    _check_summonable(drill, soldier, summoned_on)
    summons = Summons(drill=drill, soldier=soldier, summoned_on=summoned_on)
    return audit.create_audited(user, summons, soldier.unit)


@transaction.atomic
def summon_unit(user: AnyUser, drill: Drill, *, summoned_on: dt.date) -> int:
    """Call every soldier assigned to the drill's reserve unit on its first day; returns how
    many were called."""
    check_unit_writable(user, drill.unit)
    if drill.reserve_unit is None:
        return 0
    soldiers = (
        ReserveSoldier.objects.filter(
            Q(assignments__ended_on__isnull=True) | Q(assignments__ended_on__gt=drill.starts_on),
            assignments__reserve_unit=drill.reserve_unit,
            assignments__assigned_on__lte=drill.starts_on,
        )
        .exclude(summonses__drill=drill)
        .select_related("person")
        .distinct()
    )
    count = 0
    for soldier in soldiers.order_by("pk"):
        _check_summonable(drill, soldier, summoned_on)
        summons = Summons(drill=drill, soldier=soldier, summoned_on=summoned_on)
        audit.create_audited(user, summons, soldier.unit)
        count += 1
    return count


@transaction.atomic
def record_report(
    user: AnyUser,
    summons: Summons,
    *,
    reported_at: dt.datetime | None = None,
    excuse: str = "",
    confirmed_by: str = "",
) -> Summons:
    """Who reported and when, or the valid excuse of an absent soldier (Art. 22.4.b), recorded
    by the organiser."""
    drill = summons.drill
    check_unit_writable(user, drill.unit)
    if reported_at is not None and excuse:
        raise refuse(
            "excuse",
            _("Đã có mặt thì không ghi lý do vắng mặt."),
            ErrorCode.REPORTED_AND_EXCUSED,
        )
    if reported_at is not None:
        if timezone.is_naive(reported_at):
            reported_at = timezone.make_aware(reported_at)
        zone = timezone.get_current_timezone()
        earliest = dt.datetime.combine(drill.starts_on, dt.time.min, zone) - dt.timedelta(days=1)
        latest = dt.datetime.combine(drill.ends_on, dt.time.max, zone)
        if not earliest <= reported_at <= latest:
            raise refuse(
                "reported_at",
                _("Thời điểm có mặt phải trong thời gian của đợt (%(start)s – %(end)s).")
                % {"start": _day(drill.starts_on), "end": _day(drill.ends_on)},
                ErrorCode.REPORT_OUTSIDE_DRILL,
            )
    breach = rules.excuse_breach(excuse, confirmed_by)
    if breach is not None:
        raise breach.error()
    return audit.update_audited(
        user,
        summons,
        summons.soldier.unit,
        {
            "reported_at": reported_at,
            "excuse": excuse,
            "confirmed_by": clean_text(confirmed_by or ""),
        },
    )
