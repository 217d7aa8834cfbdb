"""Course attendees from a spreadsheet: the list an organising council keeps for each course.

A row names the attendee by identity number (a person exists once: nobody is created from a
course list, and a number the registry does not hold is an error), the course by its number,
and optionally the unit that sent him, the result and the certificate number. A row for an
attendee already on the course updates his result; the same result again changes nothing.
Writes go through ``services.add_attendee`` and ``services.record_result``, which apply the
rules and audit; the preview asks the same questions first, so a row the services would refuse
is shown as an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.core.vietnamese import fold
from qpdp.education import rules, services
from qpdp.education.models import Attendance, Course, Result
from qpdp.imports.layouts import Layout, LayoutField, register
from qpdp.imports.models import ImportedRow, ImportRun, RowAction
from qpdp.imports.readers import CellValue
from qpdp.imports.records import Action, Plan, RowContext, problem
from qpdp.imports.values import ParseContext, ParseResult, parse_text, parse_unit_ref
from qpdp.people.import_layouts import PEOPLE
from qpdp.people.models import Person

_LINK_KEY: Final = "attendance"
_RESULTS: Final = {
    fold("Giỏi"): Result.EXCELLENT,
    fold("Xuất sắc"): Result.EXCELLENT,
    fold("Khá"): Result.GOOD,
    fold("Đạt"): Result.PASSED,
    fold("Đạt yêu cầu"): Result.PASSED,
    fold("Trung bình"): Result.PASSED,
    fold("Không đạt"): Result.FAILED,
    fold("Chưa đạt"): Result.FAILED,
}


def parse_result(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """Giỏi, Khá, Đạt (Trung bình), Không đạt, as lists write them."""
    text = parse_text(value, context)[0] or ""
    result = _RESULTS.get(fold(text))
    if result is None:
        return None, _("Kết quả “%(value)s” không rõ; hãy ghi Giỏi, Khá, Đạt hoặc Không đạt.") % {
            "value": text
        }
    return str(result), None


class AttendeeRecords:
    """Rows matched to a person by identity number and to a course by its number; a run's links
    name the attendance (``record_id``) and, for a changed result, the one it replaced."""

    unit_key = "sending_unit_id"
    match_key = "id_number"
    match_fields: tuple[str, ...] = ("id_number",)

    def duplicate_reason(self, key: str, rows: Sequence[int]) -> str:
        return _("Số định danh %(number)s trùng ở các dòng %(rows)s trong tệp.") % {
            "number": key,
            "rows": ", ".join(str(row) for row in rows),
        }

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: values[name]
            for name in ("id_number", "course_code", "result", "certificate_number")
            if isinstance(values.get(name), str)
        }
        unit_ref = values.get("sending_unit")
        if isinstance(unit_ref, str):
            unit, message = context.resolver.resolve(unit_ref)
            if message:
                plan.problems.append(problem(plan.row, context.locate("sending_unit"), message))
            elif unit is not None:
                data["sending_unit_id"] = unit.pk
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        numbers = {plan.data["id_number"] for plan in plans}
        people = {
            p.id_number: p for p in Person.objects.visible_to(user).filter(id_number__in=numbers)
        }
        codes = {plan.data["course_code"] for plan in plans}
        courses: dict[str, list[Course]] = {}
        for course in (
            Course.objects.editable_by(user).filter(code__in=codes).select_related("unit")
        ):
            courses.setdefault(course.code, []).append(course)
        existing = {
            (a.course_id, a.person_id): a
            for a in Attendance.objects.filter(
                course__code__in=codes, person__id_number__in=numbers
            )
        }
        today = timezone.localdate()
        for plan in plans:
            self._classify_one(plan, context, people, courses, existing, today)

    def _classify_one(
        self,
        plan: Plan,
        context: RowContext,
        people: dict[str | None, Person],
        courses: dict[str, list[Course]],
        existing: dict[tuple[int, int], Attendance],
        today: dt.date,
    ) -> None:
        data = plan.data
        person = people.get(data["id_number"])
        if person is None:
            reason = _(
                "Không có công dân số định danh %(number)s trong phạm vi quản lý; hãy thêm công "
                "dân vào sổ trước."
            ) % {"number": data["id_number"]}
            plan.problems.append(problem(plan.row, context.locate("id_number"), reason))
            return
        found = courses.get(data["course_code"], [])
        if len(found) != 1:
            reason = (
                _("Không có lớp số hiệu %(code)s mà bạn được ghi.")
                if not found
                else _("Số hiệu lớp %(code)s trùng ở nhiều đơn vị.")
            ) % {"code": data["course_code"]}
            plan.problems.append(problem(plan.row, context.locate("course_code"), reason))
            return
        course = found[0]
        data["person_id"] = person.pk
        data["course_id"] = course.pk
        result = data.get("result") or Result.PENDING
        certificate = data.get("certificate_number", "")
        if certificate and not rules.is_passing(result):
            reason = _("Chỉ học viên đạt yêu cầu mới được cấp giấy chứng nhận.")
            plan.problems.append(problem(plan.row, context.locate("certificate_number"), reason))
            return
        if result != Result.PENDING and today < course.ends_on:
            reason = _("Lớp %(code)s chưa kết thúc; chưa ghi kết quả được.") % {"code": course.code}
            plan.problems.append(problem(plan.row, context.locate("result"), reason))
            return
        current = existing.get((course.pk, person.pk))
        if current is None:
            unit_id = data.get("sending_unit_id")
            plan.action = Action.CREATE
            plan.changes = {"unit": unit_id} if unit_id else {}
            return
        same = current.result == result and current.certificate_number == certificate
        plan.action = Action.UNCHANGED if same else Action.UPDATE
        plan.record_id = current.pk

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        """Each new attendee, then each result, through the services the pages use."""
        changing = [p for p in plans if p.action in (Action.CREATE, Action.UPDATE)]
        people = Person.objects.in_bulk([p.data["person_id"] for p in changing])
        courses = Course.objects.select_related("unit").in_bulk(
            [p.data["course_id"] for p in changing]
        )
        senders = Unit.objects.in_bulk(
            [p.data["sending_unit_id"] for p in changing if p.data.get("sending_unit_id")]
        )
        links: list[ImportedRow] = []
        for plan in changing:
            if plan.action is Action.CREATE:
                sender = senders.get(plan.data.get("sending_unit_id") or 0)
                course = courses[plan.data["course_id"]]
                person = people[plan.data["person_id"]]
                attendance = services.add_attendee(user, course, person, unit=sender)
                before: dict[str, Any] = {}
            else:
                assert plan.record_id is not None  # classify sets it on an update
                attendance = Attendance.objects.select_related("course", "unit").get(
                    pk=plan.record_id
                )
                before = {"result": attendance.result, "certificate": attendance.certificate_number}
            result = plan.data.get("result") or Result.PENDING
            certificate = plan.data.get("certificate_number", "")
            if (result, certificate) != (attendance.result, attendance.certificate_number):
                services.record_result(
                    user, attendance, result=result, certificate_number=certificate, today=today
                )
            links.append(
                ImportedRow(
                    run=run,
                    record_id=attendance.pk,
                    row_number=plan.row,
                    action=RowAction.CREATED if not before else RowAction.UPDATED,
                    before=before,
                    version_after=0,  # attendances carry no version: undo compares results
                )
            )
        ImportedRow.objects.bulk_create(links)

    def undo(self, user: AnyUser, run: ImportRun) -> None:
        """Remove the attendees the run added and put back the results it changed."""
        links = list(run.rows.order_by("row_number"))
        attendances = Attendance.objects.select_related("course", "unit").in_bulk(
            [link.record_id for link in links]
        )
        for link in links:
            attendance = attendances.get(link.record_id)
            if attendance is None:
                continue
            if link.action == RowAction.CREATED:
                services.remove_attendee(user, attendance)
            else:
                services.record_result(
                    user,
                    attendance,
                    result=link.before["result"],
                    certificate_number=link.before["certificate"],
                    today=timezone.localdate(),
                )


# fmt: off
ATTENDEES = register(
    Layout(
        code="course_attendees",
        label_vi=gettext_noop("Danh sách học viên lớp bồi dưỡng kiến thức quốc phòng và an ninh"),
        fields=(
            dataclasses.replace(PEOPLE.field("id_number"), required=True),
            LayoutField(
                "course_code",
                gettext_noop("Số hiệu lớp"),
                ("Mã lớp", "Lớp", "Số hiệu lớp học", "Lớp bồi dưỡng", "Khóa bồi dưỡng"),
                parse_text,
                required=True,
            ),
            LayoutField(
                "sending_unit",
                gettext_noop("Đơn vị cử"),
                ("Đơn vị", "Đơn vị cử đi học", "Xã, phường", "Đơn vị công tác"),
                parse_unit_ref,
            ),
            LayoutField(
                "result",
                gettext_noop("Kết quả"),
                ("Kết quả học tập", "Xếp loại", "Kết quả bồi dưỡng", "Kết quả học"),
                parse_result,
            ),
            LayoutField(
                "certificate_number",
                gettext_noop("Số giấy chứng nhận"),
                ("Số GCN", "Số chứng nhận", "Giấy chứng nhận số", "Số giấy CN"),
                parse_text,
            ),
        ),
        records=AttendeeRecords(),
    )
)
# fmt: on
