"""``qpdp seed_planning_demo`` on the seeded demo city and call-up cycles."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.conscription.models import Quota
from qpdp.core.units import Unit, UnitKind
from qpdp.planning import figures, services
from qpdp.planning.models import (
    ApprovalStatus,
    DataApproval,
    Event,
    Plan,
    PlanStatus,
    Section,
    Target,
    TaskStatus,
)

DEMO_PEOPLE = "6000"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_needs_the_callup_demo(db) -> None:
    run("seed_demo", "--people", "300")
    with pytest.raises(CommandError, match="seed_callup_demo"):
        run("seed_planning_demo")


def test_the_planning_demo(db) -> None:
    # ``qpdp demo`` composes seed_demo, seed_callup_demo and seed_planning_demo.
    out = run("demo", "--people", DEMO_PEOPLE)
    assert "Đã tạo" in out
    city = Unit.objects.get(code="256", kind=UnitKind.DISTRICT)
    plan = Plan.objects.get(unit=city, year=2022)
    assert plan.status == PlanStatus.APPROVED
    assert set(plan.tasks.values_list("section", flat=True)) == set(Section.values)
    assert not plan.tasks.exclude(status=TaskStatus.DONE).exists()
    assert (
        Plan.objects.get(unit=city, year=2023)
        .tasks.filter(title__contains="diễn tập khu vực phòng thủ thành phố năm 2023")
        .exists()
    )
    # the targets are the conscription demo's quotas, handed down without a shortfall
    quotas = dict(Quota.objects.filter(cycle__year=2022).values_list("unit_id", "number"))
    targets = dict(
        Target.objects.filter(year=2022, indicator_code="conscription.quota").values_list(
            "unit_id", "value"
        )
    )
    assert targets == quotas and len(targets) == 20
    assert services.target_checks(city, 2022) == []
    wards = figures.children_in_year(city, 2022)
    locked = DataApproval.objects.filter(year=2022, status=ApprovalStatus.LOCKED)
    assert set(locked.values_list("unit_id", flat=True)) == {city.pk, *(w.pk for w in wards)}
    issued = figures.year_figures(city, 2022)
    assert issued.locked_at is not None and issued.children == wards
    row = {r.code: r for r in issued.rows}["conscription.handed_over"]
    assert (row.value, row.target) == (85, 85)
    assert Event.objects.get(unit=city, year=2022).phases.count() == 3
    assert services.totals(plan).planned > 0

    kinh_bac = Unit.objects.get(code="09187", valid_from__isnull=False)
    assert Plan.objects.get(unit=kinh_bac, year=2026).status == PlanStatus.APPROVED
    draft = Plan.objects.get(unit=kinh_bac, year=2027)
    assert draft.status == PlanStatus.DRAFT and draft.tasks.exists()
    assert (
        Target.objects.get(unit=kinh_bac, year=2027, indicator_code="conscription.quota").value
        == 26
    )

    again = run("seed_planning_demo")
    assert "không tạo lại" in again and "Đã tạo" not in again
