"""Defense education workflows: post holders, yearly plans, courses, attendees and results.

Each function takes the acting user, checks scope first, refuses with a Vietnamese message and
an ``ErrorCode``, writes in one transaction and records the audit entry
(``core.audit.create_audited`` and its siblings).
Pages, the API, the import layout and the demo all call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription.services import commune_on
from qpdp.core import audit
from qpdp.core.access import AnyUser, User, check_object_writable, check_unit_writable
from qpdp.core.units import Unit
from qpdp.core.vietnamese import clean_text
from qpdp.education import rules
from qpdp.education.error_codes import ErrorCode
from qpdp.education.models import (
    Attendance,
    Course,
    EducationPlan,
    Official,
    PlanLine,
    Post,
    Result,
    TargetGroup,
)
from qpdp.people.models import Person


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _required(value: str, field: str, label: str) -> str:
    text = clean_text(value or "")
    if not text:
        raise ValidationError(
            {
                field: ValidationError(
                    _("Phải ghi %(label)s.") % {"label": label}, code=ErrorCode.TEXT_REQUIRED
                )
            }
        )
    return text


# -- post holders ------------------------------------------------------------------------------


@transaction.atomic
def record_official(
    user: AnyUser,
    *,
    person: Person,
    unit: Unit,
    started_on: dt.date,
    post: Post | None = None,
    title: str = "",
    group: TargetGroup | None = None,
    ended_on: dt.date | None = None,
) -> Official:
    """A person holds a post in ``unit``: the group comes from the post when the post is in the
    list (Decree 13/2014 Art. 2.1), else the officer names it."""
    check_unit_writable(user, unit)
    title = clean_text(title or "")
    if post is None and not title:
        raise ValidationError(
            {
                "post": ValidationError(
                    _("Phải chọn chức vụ hoặc ghi chức vụ cụ thể."), code=ErrorCode.POST_REQUIRED
                )
            }
        )
    post_group = post.group.code if post is not None else None
    chosen = group.code if group is not None else None
    if rules.contradicts_post(post_group, chosen):
        raise ValidationError(
            {
                "group": ValidationError(
                    _("Chức vụ %(post)s thuộc %(group)s; không chọn đối tượng khác.")
                    % {"post": post, "group": post.group if post else ""},
                    code=ErrorCode.GROUP_FROM_POST,
                )
            }
        )
    choice = rules.group_for(post_group, chosen)
    if choice is None:
        raise ValidationError(
            {
                "group": ValidationError(
                    _("Chức vụ không có trong danh mục: phải chọn đối tượng bồi dưỡng."),
                    code=ErrorCode.GROUP_REQUIRED,
                )
            }
        )
    if ended_on is not None and ended_on < started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _("Ngày thôi giữ chức vụ không được trước ngày bắt đầu."),
                    code=ErrorCode.OFFICIAL_PERIOD_ORDER,
                )
            }
        )
    official = Official(
        person=person,
        unit=unit,
        post=post,
        title=title,
        group=post.group if post is not None else group,
        group_by_hand=choice.by_hand,
        started_on=started_on,
        ended_on=ended_on,
    )
    return audit.create_audited(user, official, unit)


@transaction.atomic
def end_official(user: AnyUser, official: Official, *, ended_on: dt.date) -> Official:
    check_object_writable(user, official)
    if ended_on < official.started_on:
        raise ValidationError(
            {
                "ended_on": ValidationError(
                    _("Ngày thôi giữ chức vụ không được trước ngày bắt đầu %(day)s.")
                    % {"day": _day(official.started_on)},
                    code=ErrorCode.OFFICIAL_PERIOD_ORDER,
                )
            }
        )
    return audit.update_audited(user, official, official.unit, {"ended_on": ended_on})


# -- plans -------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    user: AnyUser,
    *,
    unit: Unit,
    year: int,
    lines: Mapping[TargetGroup, int] | None = None,
    note: str = "",
) -> EducationPlan:
    """The year's plan of ``unit``: how many of each group its council trains or sends."""
    check_unit_writable(user, unit)
    if EducationPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    _("%(unit)s đã có kế hoạch bồi dưỡng năm %(year)s.")
                    % {"unit": unit.label, "year": year},
                    code=ErrorCode.PLAN_EXISTS,
                )
            }
        )
    plan = audit.create_audited(
        user, EducationPlan(unit=unit, year=year, note=clean_text(note)), unit
    )
    for group, number in (lines or {}).items():
        set_plan_line(user, plan, group=group, number=number)
    return plan


@transaction.atomic
def set_plan_line(
    user: AnyUser,
    plan: EducationPlan,
    *,
    group: TargetGroup,
    number: int,
    course: Course | None = None,
) -> PlanLine:
    """Set (or change) how many of ``group`` the plan trains, and by which course."""
    check_object_writable(user, plan)
    if number < 0:
        raise ValidationError(
            {
                "number": ValidationError(
                    _("Số người phải từ 0 trở lên."), code=ErrorCode.NUMBER_NEGATIVE
                )
            }
        )
    if course is not None and course.group_id != group.pk:
        raise ValidationError(
            {
                "course": ValidationError(
                    _("Lớp %(course)s dành cho %(group)s, không phải %(wanted)s.")
                    % {"course": course.code, "group": course.group, "wanted": group},
                    code=ErrorCode.PLAN_COURSE_GROUP,
                )
            }
        )
    line = PlanLine.objects.filter(plan=plan, group=group).first()
    if line is None:
        return audit.create_audited(
            user, PlanLine(plan=plan, group=group, number=number, course=course), plan.unit
        )
    return audit.update_audited(user, line, plan.unit, {"number": number, "course": course})


# -- courses -----------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    user: AnyUser,
    *,
    unit: Unit,
    group: TargetGroup,
    code: str,
    name: str,
    place: str,
    starts_on: dt.date,
    ends_on: dt.date,
    organiser: str = "",
) -> Course:
    """A course organised by the council of ``unit`` for one group."""
    check_unit_writable(user, unit)
    code = _required(code, "code", _("số hiệu lớp"))
    name = _required(name, "name", _("tên lớp"))
    place = _required(place, "place", _("địa điểm"))
    if ends_on < starts_on:
        raise ValidationError(
            {
                "ends_on": ValidationError(
                    _("Ngày kết thúc lớp (%(end)s) không được trước ngày khai giảng (%(start)s).")
                    % {"end": _day(ends_on), "start": _day(starts_on)},
                    code=ErrorCode.COURSE_DATES_ORDER,
                )
            }
        )
    if Course.objects.filter(unit=unit, code=code).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    _("Số hiệu lớp %(code)s đã dùng ở %(unit)s.")
                    % {"code": code, "unit": unit.label},
                    code=ErrorCode.COURSE_CODE_TAKEN,
                )
            }
        )
    course = Course(
        unit=unit,
        group=group,
        code=code,
        name=name,
        place=place,
        starts_on=starts_on,
        ends_on=ends_on,
        organiser=clean_text(organiser),
        created_by=user if isinstance(user, User) else None,
    )
    return audit.create_audited(user, course, unit)


def find_person(user: AnyUser, id_number: str) -> Person:
    """The person with this identity number among those the user may see: an attendee must have
    a record in the registry (a person exists once; nobody is created from a course list)."""
    person = Person.objects.visible_to(user).filter(id_number=(id_number or "").strip()).first()
    if person is None:
        raise ValidationError(
            {
                "id_number": ValidationError(
                    _(
                        "Không có công dân số định danh %(number)s trong phạm vi quản lý; hãy thêm "
                        "công dân vào sổ trước khi ghi vào lớp."
                    )
                    % {"number": id_number},
                    code=ErrorCode.ATTENDEE_NOT_FOUND,
                )
            }
        )
    return person


@transaction.atomic
def add_attendee(
    user: AnyUser, course: Course, person: Person, *, unit: Unit | None = None
) -> Attendance:
    """Put a person on a course, sent by ``unit`` (by default the commune he lived in when the
    course began), which must lie in the area of the council that organises it (Law on Defense
    and Security Education Art. 44)."""
    check_object_writable(user, course)
    sender = unit or commune_on(person, course.starts_on)
    if not sender.path.startswith(course.unit.path):
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("%(unit)s không thuộc địa bàn của hội đồng tổ chức lớp (%(owner)s).")
                    % {"unit": sender.label, "owner": course.unit.label},
                    code=ErrorCode.ATTENDEE_OUTSIDE_AREA,
                )
            }
        )
    if Attendance.objects.filter(course=course, person=person).exists():
        raise ValidationError(
            {
                "person": ValidationError(
                    _("%(name)s đã có trong danh sách lớp %(course)s.")
                    % {"name": person, "course": course.code},
                    code=ErrorCode.ATTENDEE_TWICE,
                )
            }
        )
    return audit.create_audited(user, Attendance(course=course, person=person, unit=sender), sender)


@transaction.atomic
def record_result(
    user: AnyUser,
    attendance: Attendance,
    *,
    result: str,
    certificate_number: str = "",
    today: dt.date,
) -> Attendance:
    """The attendee's result once the course has ended, and the certificate number of a pass."""
    check_object_writable(user, attendance)
    course = attendance.course
    certificate_number = clean_text(certificate_number or "")
    if result not in rules.RESULTS:
        raise ValidationError(
            {"result": ValidationError(_("Kết quả không hợp lệ."), code=ErrorCode.RESULT_UNKNOWN)}
        )
    if result != Result.PENDING and today < course.ends_on:
        raise ValidationError(
            {
                "result": ValidationError(
                    _("Lớp %(course)s kết thúc ngày %(day)s; chưa ghi kết quả được.")
                    % {"course": course.code, "day": _day(course.ends_on)},
                    code=ErrorCode.COURSE_NOT_ENDED,
                )
            }
        )
    if certificate_number and not rules.is_passing(result):
        raise ValidationError(
            {
                "certificate_number": ValidationError(
                    _("Chỉ học viên đạt yêu cầu mới được cấp giấy chứng nhận."),
                    code=ErrorCode.CERTIFICATE_WITHOUT_PASS,
                )
            }
        )
    taken = (
        Attendance.objects.filter(course=course, certificate_number=certificate_number)
        .exclude(pk=attendance.pk)
        .exists()
    )
    if certificate_number and taken:
        raise ValidationError(
            {
                "certificate_number": ValidationError(
                    _("Số giấy chứng nhận %(number)s đã cấp cho học viên khác của lớp.")
                    % {"number": certificate_number},
                    code=ErrorCode.CERTIFICATE_TAKEN,
                )
            }
        )
    return audit.update_audited(
        user,
        attendance,
        attendance.unit,
        {"result": result, "certificate_number": certificate_number},
    )


@transaction.atomic
def remove_attendee(user: AnyUser, attendance: Attendance) -> None:
    check_object_writable(user, attendance)
    audit.delete_audited(user, attendance, attendance.unit)
