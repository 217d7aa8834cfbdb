"""Step of bench_forces.py: give province 24's communes a militia and a reserve, once.

Runs against the database `QPDP_DATABASE_URL` names (the parent's copy of the benchmark
database). If no commune of province 24 has a militia unit yet, gives each a mobile platoon and
two local squads holding about 1.3% of its residents aged 18–45, a 2026 training plan with their
attendance, and a reserve of about 2% of its men aged 22–45 with a reserve unit, assignments and a
readiness check, with bulk_create (not the services: the benchmark measures the reads).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from qpdp.militia.models import MilitiaUnit

BATCH = 5000


def fill() -> None:
    from django.db import connection

    from qpdp.core.units import REFORM_DATE, Unit, UnitKind
    from qpdp.militia.models import Attendance, Membership, MilitiaUnit, TrainingPlan
    from qpdp.people.models import Person
    from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    if MilitiaUnit.objects.filter(unit__parent=province).exists():
        return
    started = time.perf_counter()
    rng = random.Random(2026)
    joined = dt.date(2025, 8, 1)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    people: dict[int, list[tuple[int, str, dt.date]]] = {}
    for pk, unit, gender, born in Person.objects.filter(
        birth_date__gt=dt.date(1980, 8, 2), birth_date__lte=dt.date(2007, 8, 1), birth_precision="D"
    ).values_list("pk", "residence_unit_id", "gender", "birth_date"):
        people.setdefault(unit, []).append((pk, gender, born))
    units = MilitiaUnit.objects.bulk_create(
        MilitiaUnit(unit=c, name=name, level=level, force_kind=kind, authorised_strength=size,
                    established_on=dt.date(2025, 7, 15), established_by=by, decision_number="1/QĐ")
        for c in communes
        for name, level, kind, size, by in (
            ("Trung đội cơ động", "platoon", "mobile", 31, "province_commander"),
            ("Tiểu đội tại chỗ 1", "squad", "local", 10, "commune_commander"),
            ("Tiểu đội tại chỗ 2", "squad", "local", 10, "commune_commander"),
        )
    )  # fmt: skip
    by_commune: dict[int, list[MilitiaUnit]] = {}
    for militia_unit in units:
        by_commune.setdefault(militia_unit.unit_id, []).append(militia_unit)
    memberships: list[Membership] = []
    soldiers: list[ReserveSoldier] = []
    for commune in communes:
        residents = people.get(commune.pk, [])
        rng.shuffle(residents)
        take = max(len(residents) * 13 // 1000, 1)
        for index, (pk, _gender, _born) in enumerate(residents[:take]):
            memberships.append(Membership(
                person_id=pk, militia_unit=by_commune[commune.pk][index % 3], term_start=joined,
                joined_on=joined, term_end=dt.date(2029, 7, 31), decision_number="8/QĐ",
                decision_date=joined, decision_signer="Chủ tịch", decided_by="commune_chair"))  # fmt: skip
        for pk, gender, born in residents[take : take + len(residents) * 2 // 100]:
            if gender == "M" and born <= dt.date(2004, 1, 1):
                soldiers.append(ReserveSoldier(
                    person_id=pk, unit=commune, registered_on=dt.date(2025, 7, 10), category="1",
                    category_ground="1a", speciality="Bộ binh", active_service_months=24))  # fmt: skip
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    plans = TrainingPlan.objects.bulk_create(
        TrainingPlan(unit=c, year=2026, force_kind="mobile", starts_on=dt.date(2026, 5, 4),
                     ends_on=dt.date(2026, 5, 22)) for c in communes)  # fmt: skip
    plan_of = {plan.unit_id: plan for plan in plans}
    attendance = [
        Attendance(plan=plan_of[unit], membership_id=pk, required_days=15,
                   attended_days=15 if rng.random() < 0.92 else 10)
        for pk, unit in Membership.objects.filter(militia_unit__force_kind="mobile")
        .values_list("pk", "militia_unit__unit_id")
    ]  # fmt: skip
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    soldiers = ReserveSoldier.objects.bulk_create(soldiers, batch_size=BATCH)
    reserve_units = ReserveUnit.objects.bulk_create(
        ReserveUnit(unit=c, name="Trung đội bộ binh", level="platoon", role="combat",
                    speciality="Bộ binh", authorised_strength=30, established_on=dt.date(2025, 8, 1))
        for c in communes)  # fmt: skip
    unit_of = {u.unit_id: u for u in reserve_units}
    assignments: list[Assignment] = []
    counts: dict[int, int] = {}
    for soldier in soldiers:
        if counts.get(soldier.unit_id, 0) < 30:
            counts[soldier.unit_id] = counts.get(soldier.unit_id, 0) + 1
            assignments.append(Assignment(soldier=soldier, reserve_unit=unit_of[soldier.unit_id],
                                          assigned_on=dt.date(2025, 9, 1), speciality_matched=True))  # fmt: skip
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    report = dt.datetime(2026, 9, 15, 0, 30, tzinfo=dt.UTC)
    drills = Drill.objects.bulk_create(
        Drill(unit=c, reserve_unit=unit_of[c.pk], kind="readiness", name="Kiểm tra",
              starts_on=dt.date(2026, 9, 15), ends_on=dt.date(2026, 9, 17), report_by=report,
              place="Sân") for c in communes if c.pk in unit_of)  # fmt: skip
    drill_of = {d.reserve_unit_id: d for d in drills}
    summonses = [
        Summons(drill=drill_of[a.reserve_unit.pk], soldier=a.soldier, summoned_on=dt.date(2026, 9, 1),
                reported_at=report if rng.random() < 0.95 else None)
        for a in assignments
    ]  # fmt: skip
    Summons.objects.bulk_create(summonses, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"filled {len(communes)} communes: {len(memberships):,} militia, {len(attendance):,} "
        f"trainees, {len(soldiers):,} reserve soldiers, {len(assignments):,} assigned, "
        f"{len(summonses):,} summoned in {time.perf_counter() - started:.1f} s"
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    fill()


if __name__ == "__main__":
    main()
