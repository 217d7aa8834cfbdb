"""Plans and their tasks: drafting, approval by the commander, and progress with evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser
from qpdp.core.error_codes import ErrorCode as CoreErrorCode
from qpdp.core.units import Unit
from qpdp.people.services import StaleRecord
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.figures import year_period
from qpdp.planning.models import Plan, PlanStatus, PlanTask, TaskStatus
from qpdp.planning.services._common import (
    account,
    check_commander,
    check_writer,
    cleaned,
    create,
    delete,
    update,
)

PLAN_FIELDS = ("title", "note")
TASK_FIELDS = ("section", "title", "description", "responsible_unit", "deadline", "order")


def default_title(unit: Unit, year: int) -> str:
    return _("Phương hướng, nhiệm vụ công tác quốc phòng địa phương năm %(year)s của %(unit)s") % {
        "year": year,
        "unit": f"{unit.type_label} {unit.name}".strip(),
    }


def unit_in_year(unit: Unit, year: int) -> bool:
    """Whether ``unit`` exists at some point in ``year`` (a plan needs that)."""
    start, end = year_period(year)
    return not (
        (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start)
    )


def check_unit_in_year(unit: Unit, year: int) -> None:
    """A plan belongs to a unit that exists at some point in its year."""
    if not unit_in_year(unit, year):
        raise ValidationError(
            _("%(unit)s không còn hiệu lực trong năm %(year)s.")
            % {"unit": unit.label, "year": year},
            code=ErrorCode.UNIT_NOT_IN_YEAR,
        )


@transaction.atomic
def create_plan(user: AnyUser, data: Mapping[str, Any]) -> Plan:
    """A draft plan from the form's ``unit``, ``year`` and optional ``title`` and ``note``."""
    unit: Unit = data["unit"]
    year: int = data["year"]
    check_writer(user, unit)
    check_unit_in_year(unit, year)
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s đã có kế hoạch năm %(year)s.") % {"unit": unit.label, "year": year},
            code=ErrorCode.PLAN_EXISTS,
        )
    text = cleaned({"title": data.get("title", ""), "note": data.get("note", "")})
    plan = Plan(
        unit=unit,
        year=year,
        title=text["title"] or default_title(unit, year),
        note=text["note"],
        created_by=account(user),
    )
    return create(user, plan, unit)


@transaction.atomic
def update_plan(user: AnyUser, plan: Plan, data: Mapping[str, Any]) -> Plan:
    """Change the title or note; refuse if someone saved the plan since ``data["version"]``
    was read."""
    check_writer(user, plan.unit)
    locked = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if locked.version != data.get("version"):
        raise StaleRecord(
            _("Kế hoạch đã được người khác sửa sau khi bạn mở. Hãy tải lại trang để xem thay đổi."),
            code=CoreErrorCode.STALE,
        )
    changes = {k: v for k, v in cleaned(data).items() if k in PLAN_FIELDS}
    locked.version += 1
    return update(user, locked, locked.unit, changes)


@transaction.atomic
def approve_plan(user: AnyUser, plan: Plan) -> Plan:
    """The commander approves the plan: it becomes the year's directions, tasks keep moving."""
    check_commander(user, plan.unit)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(_("Kế hoạch đã được phê duyệt."), code=ErrorCode.PLAN_APPROVED)
    if not plan.tasks.exists():
        raise ValidationError(
            _("Kế hoạch chưa có nhiệm vụ nào, chưa thể phê duyệt."),
            code=ErrorCode.PLAN_WITHOUT_TASKS,
        )
    changes = {
        "status": PlanStatus.APPROVED,
        "approved_at": timezone.now(),
        "approved_by": account(user),
        "version": plan.version + 1,
    }
    return update(user, plan, plan.unit, changes)


def _check_responsible(plan: Plan, unit: Unit | None) -> None:
    """The unit in charge is the plan's unit or one below it, in force during the plan's year."""
    if unit is None:
        return
    if not unit.path.startswith(plan.unit.path):
        raise ValidationError(
            {
                "responsible_unit": ValidationError(
                    _("%(unit)s không thuộc %(owner)s.")
                    % {"unit": unit.label, "owner": plan.unit.label},
                    code=ErrorCode.RESPONSIBLE_OUTSIDE_PLAN,
                )
            }
        )
    try:
        check_unit_in_year(unit, plan.year)
    except ValidationError as exc:
        raise ValidationError({"responsible_unit": exc}) from exc


def _check_deadline(plan: Plan, deadline: dt.date | None) -> None:
    if deadline is not None and deadline.year not in (plan.year, plan.year + 1):
        raise ValidationError(
            {
                "deadline": ValidationError(
                    _("Thời hạn phải thuộc năm %(year)s (hoặc đầu năm sau).") % {"year": plan.year},
                    code=ErrorCode.DEADLINE_YEAR,
                )
            }
        )


@transaction.atomic
def add_task(user: AnyUser, plan: Plan, data: Mapping[str, Any]) -> PlanTask:
    check_writer(user, plan.unit)
    values = {k: v for k, v in cleaned(data).items() if k in TASK_FIELDS}
    _check_responsible(plan, values.get("responsible_unit"))
    _check_deadline(plan, values.get("deadline"))
    if "order" not in values or values["order"] is None:
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first()
        values["order"] = (last or 0) + 1
    return create(user, PlanTask(plan=plan, **values), plan.unit)


@transaction.atomic
def update_task(user: AnyUser, task: PlanTask, data: Mapping[str, Any]) -> PlanTask:
    plan = task.plan
    check_writer(user, plan.unit)
    values = {k: v for k, v in cleaned(data).items() if k in TASK_FIELDS}
    if "responsible_unit" in values:
        _check_responsible(plan, values["responsible_unit"])
    if "deadline" in values:
        _check_deadline(plan, values["deadline"])
    return update(user, task, plan.unit, values)


@transaction.atomic
def set_task_progress(user: AnyUser, task: PlanTask, data: Mapping[str, Any]) -> PlanTask:
    """Record how far a task got (``status``, ``evidence``). A task is done only with its
    evidence (the document, the figure or the event that shows it), as the review report quotes
    it."""
    status, evidence = data.get("status"), data.get("evidence") or ""
    plan = task.plan
    check_writer(user, plan.unit)
    if status not in TaskStatus.values:
        raise ValidationError(
            {"status": ValidationError(_("Tiến độ không hợp lệ."), code=ErrorCode.TASK_STATUS)}
        )
    evidence = cleaned({"evidence": evidence})["evidence"]
    if status == TaskStatus.DONE and not evidence:
        raise ValidationError(
            {
                "evidence": ValidationError(
                    _("Ghi kết quả, minh chứng trước khi đánh dấu hoàn thành."),
                    code=ErrorCode.EVIDENCE_REQUIRED,
                )
            }
        )
    return update(user, task, plan.unit, {"status": status, "evidence": evidence})


@transaction.atomic
def delete_task(user: AnyUser, task: PlanTask) -> None:
    check_writer(user, task.plan.unit)
    delete(user, task, task.plan.unit)


def record_plan_copy(user: AnyUser, plan: Plan, source: Plan, **counts: int) -> None:
    """One entry for a plan copied from last year's, naming the source and what was copied."""
    audit.record(
        user,
        audit.Action.CREATE,
        plan,
        after=audit.snapshot(plan),
        unit=plan.unit,
        extra={"copied_from": str(source), **counts},
    )
