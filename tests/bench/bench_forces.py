"""Benchmark: the militia.* and reserves.* indicators for all communes of a province, on PostgreSQL.

Works on its own copy of the one-million-person database `tests/bench/bench_people.py` leaves
(`qpdp_bench`), made with CREATE DATABASE … TEMPLATE: `qpdp_forces_bench`. On the copy it
migrates, then (once) gives every commune of province 24 a mobile platoon and two local squads
holding about 1.3% of its residents aged 18–45, a 2026 training plan with their attendance, and
a reserve of about 2% of its men aged 22–45 with a reserve unit, assignments and a readiness
check (bulk_create, not the services: this measures the reads). Then it times, three times
each, every militia.* and reserves.* indicator for the province and its communes, and the
drill-down of one commune's core militia. Prints figures and query counts; asserts nothing.
Without `qpdp_bench` (run bench_people.py first) it says so and stops.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "qpdp_bench"
COPY = "qpdp_forces_bench"
PG = "postgres://postgres@127.0.0.1:5432/"

FILL = """
import datetime as dt, random, time
import django; django.setup()
from django.db import connection
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.militia.models import Attendance, MilitiaUnit, Membership, TrainingPlan
from qpdp.people.models import Person
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons

BATCH = 5000
province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
if not MilitiaUnit.objects.filter(unit__parent=province).exists():
    started = time.perf_counter()
    rng = random.Random(2026)
    joined = dt.date(2025, 8, 1)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    people = {}
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
    )
    by_commune = {}
    for unit in units:
        by_commune.setdefault(unit.unit_id, []).append(unit)
    memberships, soldiers = [], []
    for commune in communes:
        residents = people.get(commune.pk, [])
        rng.shuffle(residents)
        take = max(len(residents) * 13 // 1000, 1)
        for index, (pk, _gender, _born) in enumerate(residents[:take]):
            memberships.append(Membership(
                person_id=pk, militia_unit=by_commune[commune.pk][index % 3], term_start=joined,
                joined_on=joined, term_end=dt.date(2029, 7, 31), decision_number="8/QĐ",
                decision_date=joined, decision_signer="Chủ tịch", decided_by="commune_chair"))
        for pk, gender, born in residents[take: take + len(residents) * 2 // 100]:
            if gender == "M" and born <= dt.date(2004, 1, 1):
                soldiers.append(ReserveSoldier(
                    person_id=pk, unit=commune, registered_on=dt.date(2025, 7, 10), category="1",
                    category_ground="1a", speciality="Bộ binh", active_service_months=24))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    plans = TrainingPlan.objects.bulk_create(
        TrainingPlan(unit=c, year=2026, force_kind="mobile", starts_on=dt.date(2026, 5, 4),
                     ends_on=dt.date(2026, 5, 22)) for c in communes)
    plan_of = {plan.unit_id: plan for plan in plans}
    attendance = [
        Attendance(plan=plan_of[unit], membership_id=pk, required_days=15,
                   attended_days=15 if rng.random() < 0.92 else 10)
        for pk, unit in Membership.objects.filter(militia_unit__force_kind="mobile")
        .values_list("pk", "militia_unit__unit_id")
    ]
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    soldiers = ReserveSoldier.objects.bulk_create(soldiers, batch_size=BATCH)
    reserve_units = ReserveUnit.objects.bulk_create(
        ReserveUnit(unit=c, name="Trung đội bộ binh", level="platoon", role="combat",
                    speciality="Bộ binh", authorised_strength=30, established_on=dt.date(2025, 8, 1))
        for c in communes)
    unit_of = {u.unit_id: u for u in reserve_units}
    assignments, counts = [], {}
    for soldier in soldiers:
        if counts.get(soldier.unit_id, 0) < 30:
            counts[soldier.unit_id] = counts.get(soldier.unit_id, 0) + 1
            assignments.append(Assignment(soldier=soldier, reserve_unit=unit_of[soldier.unit_id],
                                          assigned_on=dt.date(2025, 9, 1), speciality_matched=True))
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    report = dt.datetime(2026, 9, 15, 0, 30, tzinfo=dt.UTC)
    drills = Drill.objects.bulk_create(
        Drill(unit=c, reserve_unit=unit_of[c.pk], kind="readiness", name="Kiểm tra",
              starts_on=dt.date(2026, 9, 15), ends_on=dt.date(2026, 9, 17), report_by=report,
              place="Sân") for c in communes if c.pk in unit_of)
    drill_of = {d.reserve_unit_id: d for d in drills}
    summonses = [
        Summons(drill=drill_of[a.reserve_unit.pk], soldier=a.soldier, summoned_on=dt.date(2026, 9, 1),
                reported_at=report if rng.random() < 0.95 else None)
        for a in assignments
    ]
    Summons.objects.bulk_create(summonses, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"filled {len(communes)} communes: {len(memberships):,} militia, {len(attendance):,} "
          f"trainees, {len(soldiers):,} reserve soldiers, {len(assignments):,} assigned, "
          f"{len(summonses):,} summoned in {time.perf_counter() - started:.1f} s")
"""

MEASURE = """
import datetime as dt, statistics, time
import django; django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from qpdp.core import indicators
from qpdp.core.units import REFORM_DATE, Unit, UnitKind

province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).order_by("code"))
units = [province, *communes]
start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
print(f"province 24: {len(communes)} communes, {connection.vendor}")


def timed(label, call, runs=3):
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            call()
        times.append(time.perf_counter() - started)
    print(f"  {label:<44} median {statistics.median(times) * 1000:8.1f} ms  "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; {len(queries)} queries)")


for indicator in indicators.all_indicators():
    if indicator.code.startswith(("militia.", "reserves.")):
        timed(indicator.code, lambda i=indicator: i(units, start, end))
people = indicators.get("militia.core_members")
timed("drill-down: one commune's core militia", lambda: list(people.people_behind(communes[0], start, end)))
"""


def psql(*args: str) -> str:
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", *args],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def main() -> int:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        print("PostgreSQL is not running on 127.0.0.1:5432. Skipped.")
        return 0
    databases = psql("SELECT datname FROM pg_database").split()
    if COPY not in databases:
        if SOURCE not in databases:
            print(f"No {SOURCE} database: run tests/bench/bench_people.py first. Skipped.")
            return 0
        print(f"copying {SOURCE} to {COPY} …")
        psql(f"CREATE DATABASE {COPY} TEMPLATE {SOURCE}")
    env = {
        **os.environ,
        "QPDP_DATABASE_URL": PG + COPY,
        "DJANGO_SETTINGS_MODULE": "qpdp.settings",
        "QPDP_VAR_DIR": "/tmp/qpdp-bench-forces",
    }
    qpdp = str(ROOT / ".venv/bin/qpdp")
    subprocess.run([qpdp, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-c", FILL], env=env, check=True)
    subprocess.run([python, "-c", MEASURE], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
