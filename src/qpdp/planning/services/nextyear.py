"""“Tạo kế hoạch năm sau”: next year's draft from this year's plan, on next year's unit tree."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core.access import AnyUser
from qpdp.core.bulk import rows_written
from qpdp.core.units import Unit, UnitSuccession
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.figures import children_in_year, year_period
from qpdp.planning.models import Plan, PlanTask, Target
from qpdp.planning.services._common import account, check_commander, check_writer
from qpdp.planning.services.plans import default_title, record_plan_copy
from qpdp.planning.services.targets import carry_targets


def _in_force(unit: Unit, year: int) -> bool:
    start, end = year_period(year)
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to >= start
    )


def successors_in(unit: Unit, year: int) -> list[Unit]:
    """The units that carry ``unit`` into ``year``: itself if still in force, else the units it
    was merged or split into, followed through interim arrangements (Ninh Xá → Tiền Ninh Vệ →
    new Kinh Bắc)."""
    found: dict[int, Unit] = {}
    frontier = [unit]
    seen = {unit.pk}
    while frontier:
        current = []
        for member in frontier:
            if _in_force(member, year):
                found[member.pk] = member
            else:
                current.append(member.pk)
        links = UnitSuccession.objects.filter(predecessor_id__in=current).select_related(
            "successor"
        )
        frontier = []
        for link in links:
            if link.successor_id not in seen:
                seen.add(link.successor_id)
                frontier.append(link.successor)
    return sorted(found.values(), key=lambda u: u.path)


def _shift(day: dt.date | None) -> dt.date | None:
    """The same day a year later (29 February becomes 28 February)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def create_next_year_plan(user: AnyUser, plan: Plan) -> Plan:
    """Copy ``plan``'s tasks (without progress or evidence, deadlines a year later) and the
    targets of its unit and children into a draft for the next year.

    A unit that no longer exists next year is replaced by the unit it was merged into: the plan
    of a ward merged in 2025 becomes the new ward's, a task in charge of Ninh Xá goes to Tiền
    Ninh Vệ, and the targets of merged wards are combined (``carry_targets``). A unit split into
    several cannot be carried over automatically: the plan is refused, a task loses its unit.
    """
    year = plan.year + 1
    owners = successors_in(plan.unit, year)
    if len(owners) != 1:
        raise ValidationError(
            _("%(unit)s không còn hiệu lực năm %(year)s và không có một đơn vị kế thừa duy nhất.")
            % {"unit": plan.unit.label, "year": year},
            code=ErrorCode.NO_SINGLE_SUCCESSOR,
        )
    owner = owners[0]
    check_writer(user, plan.unit)
    check_commander(user, owner)  # the copy hands down targets, a commander's decision
    if Plan.objects.filter(unit=owner, year=year).exists():
        raise ValidationError(
            _("%(unit)s đã có kế hoạch năm %(year)s: không tạo lại.")
            % {"unit": owner.label, "year": year},
            code=ErrorCode.PLAN_EXISTS,
        )
    new_plan = Plan(
        unit=owner,
        year=year,
        title=default_title(owner, year),
        note=plan.note,
        created_by=account(user),
    )
    new_plan.full_clean()
    new_plan.save()

    def carried(unit: Unit | None) -> Unit | None:
        if unit is None:
            return None
        found = successors_in(unit, year)
        return found[0] if len(found) == 1 else None

    tasks = [
        PlanTask(
            plan=new_plan,
            section=task.section,
            title=task.title,
            description=task.description,
            responsible_unit=carried(task.responsible_unit),
            deadline=_shift(task.deadline),
            order=task.order,
        )
        for task in plan.tasks.select_related("responsible_unit").order_by("order", "pk")
    ]
    PlanTask.objects.bulk_create(tasks)
    members = [plan.unit, *children_in_year(plan.unit, plan.year)]
    mapping = {m.pk: u for m in members if (u := carried(m)) is not None}
    targets = list(Target.objects.filter(unit__in=[m.pk for m in members], year=plan.year))
    new_targets = carry_targets(targets, mapping, year, user)
    Target.objects.bulk_create(new_targets)
    for model in (PlanTask, Target):  # bulk_create sends no post_save: count the writes
        rows_written.send(sender=model)
    record_plan_copy(user, new_plan, plan, tasks=len(tasks), targets=len(new_targets))
    return new_plan
