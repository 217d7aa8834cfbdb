"""``qpdp seed_callup_demo`` on the seeded demo city: 2022 complete, 2026 in progress."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.conscription import demo, services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Decision, Outcome, Quota
from qpdp.core import indicators
from qpdp.core.audit import AuditEntry
from qpdp.core.demo import CITY_CODE, NEW_WARD_CODES, PROVINCE_CODE
from qpdp.core.units import Unit, UnitKind

DEMO_PEOPLE = "6000"  # enough men of each 2022 ward for its quota; a third of the default seed
WARD_QUOTAS_2026 = dict(zip(NEW_WARD_CODES, demo.WARD_QUOTAS_2026, strict=True))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def seeded(db) -> None:
    run("seed_demo", "--people", DEMO_PEOPLE)


def test_the_demo_needs_the_seed(db) -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        run("seed_callup_demo")


def test_demo_cycles(seeded) -> None:
    out = run("seed_callup_demo")
    assert "Đã tạo đợt tuyển quân năm 2022" in out
    assert "Đã tạo đợt tuyển quân năm 2026" in out

    # 2022: the city of Bắc Ninh, 85 split over its 19 wards, everything handed over: 100%.
    city = Unit.objects.get(code=CITY_CODE, kind=UnitKind.DISTRICT)
    old = CallUpCycle.objects.get(unit=city, year=2022)
    assert old.regime.has_district_level
    wards = [q.unit for q in Quota.objects.filter(cycle=old, unit__kind=UnitKind.COMMUNE)]
    assert len(wards) == 19
    assert services.quota_mismatches(old) == []
    rows = services.completion(old, [city, *wards])
    assert (rows[0].quota, rows[0].handed_over, rows[0].percent) == (85, 85, 100)
    assert all(row.percent == 100 for row in rows)
    assert "chỉ tiêu 85, đã giao 85, đạt 100,0%" in out
    assert CallUpOrder.objects.filter(cycle=old, issuer=city).count() == 85
    decisions = Decision.objects.filter(cycle=old)
    assert (
        decisions.filter(kind="deferral").exists() and decisions.filter(kind="exemption").exists()
    )
    assert not decisions.filter(decided_on__isnull=True).exists()
    assert all(d.ground and d.evidence for d in decisions)
    figures = indicators.compute_all([city], dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert figures["conscription.completion"][city.pk] == 100
    assert figures["conscription.first_registrations"][city.pk] > 0

    # 2026: the province and the five new wards, under the two-tier regime, in progress.
    province = Unit.objects.get(code=PROVINCE_CODE, kind=UnitKind.PROVINCE, valid_to=None)
    new = CallUpCycle.objects.get(unit=province, year=2026)
    assert not new.regime.has_district_level
    quotas = Quota.objects.filter(cycle=new, unit__kind=UnitKind.COMMUNE)
    assert {q.unit.code: q.number for q in quotas} == WARD_QUOTAS_2026
    orders = CallUpOrder.objects.filter(cycle=new)
    assert all(o.issuer_id == o.unit_id for o in orders)  # each ward's chair decides
    top = services.completion(new, [province])[0]
    assert top.quota == sum(WARD_QUOTAS_2026.values())
    assert 0 < top.handed_over < top.quota
    assert orders.filter(outcome=Outcome.PENDING).exists()

    # Everything went through the services: the audit log has every order.
    assert AuditEntry.objects.filter(content_type__model="calluporder").count() >= orders.count()

    # A second run changes nothing and says so.
    counts = (CallUpCycle.objects.count(), CallUpOrder.objects.count(), AuditEntry.objects.count())
    again = run("seed_callup_demo")
    assert again.count("đã có; không tạo lại") == 2
    assert (
        CallUpCycle.objects.count(),
        CallUpOrder.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
