"""``qpdp seed_forces_demo`` on the seeded demo city: the militia and reserve forces the issue
asks for, figures the year-end review prints, and a second run that changes nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import EndReason, ForceKind, Level
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, Summons
from qpdp.reserves.rules import Category, DrillKind

DEMO_PEOPLE = "6000"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_forces_demo_needs_the_seed(db: None) -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        run("seed_forces_demo")


def test_the_forces_demo(db: None, tmp_path: Path) -> None:
    run("seed_demo", "--people", DEMO_PEOPLE)
    out = run("seed_forces_demo")
    assert "đơn vị dân quân tự vệ" in out and "quân nhân dự bị" in out

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    new_wards = Unit.objects.filter(
        parent=province, kind=UnitKind.COMMUNE, militia_units__isnull=False
    ).distinct()
    assert new_wards.count() == 5
    for ward in new_wards:
        kinds = set(MilitiaUnit.objects.filter(unit=ward).values_list("force_kind", "level"))
        assert (ForceKind.MOBILE, Level.PLATOON) in kinds
        assert (ForceKind.LOCAL, Level.SQUAD) in kinds
    old_platoons = MilitiaUnit.objects.filter(
        unit__parent__code="256", force_kind=ForceKind.MOBILE, dissolved_on=REFORM_DATE
    )
    assert old_platoons.count() == 19
    assert not Membership.objects.filter(
        militia_unit__in=old_platoons, end_reason=""
    ).exists()  # every 2022 member completed the term before the merger
    assert MilitiaUnit.objects.filter(force_kind=ForceKind.STANDING).count() == 1
    assert MilitiaUnit.objects.filter(unit__kind=UnitKind.ORGANISATION).count() == 2
    assert Membership.objects.filter(end_reason=EndReason.RELEASED, end_ground="d").count() == 5
    assert DutyDecision.objects.count() == 10
    assert TrainingPlan.objects.filter(year=2026).count() == 13  # 5×2 wards, standing, 2 firms
    trained = Attendance.objects.filter(plan__year=2026)
    assert {a.required_days for a in trained} >= {7, 12, 15, 60}
    assert ReserveSoldier.objects.filter(category=Category.ONE).exists()
    assert ReserveSoldier.objects.filter(category=Category.TWO).exists()
    assert ReserveSoldier.objects.filter(transferred_out_on__isnull=False).exists()
    assert Assignment.objects.filter(speciality_matched=False).exists()
    check = Drill.objects.get(kind=DrillKind.READINESS_CHECK)
    summoned = Summons.objects.filter(drill=check)
    assert summoned.filter(reported_at__isnull=True).count() == 2  # one excused, one absent

    target = tmp_path / "tong-ket.json"
    run("review", "--unit", "09187", "--year", "2026", "--format", "json", "-o", str(target))
    figures = {
        f["code"]: f["value"]
        for f in json.loads(target.read_text())["figures"]
        if f["unit_code"] == "09187"
    }
    assert figures["militia.core_members"] > 0
    assert figures["militia.training_completion"] > 0
    assert figures["reserves.category_one"] > 0
    assert figures["reserves.assigned"] > 0
    assert 0 < figures["reserves.drill_turnout"] < 100
    assert {c.split(".")[0] for c in figures} >= {"militia", "reserves"}

    counts = (Membership.objects.count(), ReserveSoldier.objects.count())
    assert "không tạo lại" in run("seed_forces_demo")
    assert (Membership.objects.count(), ReserveSoldier.objects.count()) == counts
