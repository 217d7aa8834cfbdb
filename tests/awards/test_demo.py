"""``qpdp seed_civic_demo`` on the seeded demo: a year of each registry, and the 2022 review of
the old city 256 holds their figures."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.awards.models import AwardDecision
from qpdp.awards.selectors import review_paragraph
from qpdp.awards.services import ranking_proposed
from qpdp.core.units import Unit, UnitKind
from qpdp.education.models import Attendance, Course
from qpdp.planning.models import RankingTieBreak
from qpdp.welfare.models import BenefitCase, CaseStatus, SoldierFamily, SupportPayment
from qpdp.welfare.selectors import overdue

DEMO_PEOPLE = "6000"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_civic_demo_needs_the_seed(db: None) -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        run("seed_civic_demo")


def test_the_civic_demo(db: None, tmp_path: Path) -> None:
    run("seed_demo", "--people", DEMO_PEOPLE)
    run("seed_callup_demo")
    out = run("seed_civic_demo")
    assert "Đã tạo bồi dưỡng kiến thức QPAN năm 2022" in out
    assert "quyết định 125/QĐ-UBND" in out

    # courses with attendees in several groups; families supported with payments
    groups = set(Attendance.objects.values_list("course__group__code", flat=True))
    assert {"3", "4", "village_head", "mass_org_head"} <= groups
    assert Course.objects.filter(starts_on__year=2026).count() == 5
    assert SoldierFamily.objects.filter(enlisted_on__year=2022).count() == 85
    assert SupportPayment.objects.filter(paid_on__year=2022).values("family").distinct().count() > 1
    # cases at every stage, one overdue in 2026 on 30/11/2026
    assert set(BenefitCase.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    late = overdue(BenefitCase.objects.filter(received_on__year=2026), dt.date(2026, 11, 30))
    assert [case.status for case in late] == ["checked"]
    # the award decision from the ranking
    city = Unit.objects.get(code="256", kind=UnitKind.DISTRICT)
    decision = AwardDecision.objects.get(authority=city, year=2022)
    collectives = decision.awardees.filter(collective__isnull=False).count()
    # the commander's tie-break decides; wards still tied at the cut are all proposed
    assert RankingTieBreak.objects.filter(unit=city, year=2022).exists()
    assert 1 <= collectives == len(ranking_proposed(city, 2022))
    assert decision.awardees.filter(ranking_score__isnull=False).count() == collectives
    assert review_paragraph(city, 2022).startswith(
        f"Ủy ban nhân dân thành phố tặng Giấy khen cho {collectives:02d} tập thể, 07 cá nhân"
    )
    # seeding again changes nothing
    assert "không tạo lại" in run("seed_civic_demo")
    assert AwardDecision.objects.filter(authority=city).count() == 1

    target = tmp_path / "review.json"
    run("review", "--unit", "256", "--year", "2022", "--format", "json", "-o", str(target))
    printed = json.loads(target.read_text())
    assert printed["awarded"] == [review_paragraph(city, 2022)]
    codes = {figure["code"] for figure in printed["figures"]}
    for prefix in ("education.", "welfare.", "awards."):
        assert any(code.startswith(prefix) for code in codes), prefix
