"""Benchmark: every declared indicator for all communes of a province, on PostgreSQL.

Works on its own copy of the one-million-person database `tests/bench/bench_people.py` leaves
(`qpdp_bench`), made with CREATE DATABASE … TEMPLATE, so the other benchmarks' figures are not
disturbed: `qpdp_planreview_bench`. On the copy it migrates, then (once) gives province 24's
2026 cycle a quota per commune and hands over ~3% of each commune's registered men, with their
examinations and a few deferrals and exemptions (raw bulk inserts). Then it times, three times
each: `compute_all` for the province and its 99 communes (one grouped query per indicator),
each indicator alone, `year_figures` (with targets) and the whole review assembly the dashboard
and the report use (figures, plan, ranking, four earlier years). Prints figures; asserts
nothing. Without `qpdp_bench` (run bench_people.py first) it says so and stops.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "qpdp_bench"
COPY = "qpdp_planreview_bench"
PG = "postgres://postgres@127.0.0.1:5432/"

FILL = """
import datetime as dt, random, time
import django; django.setup()
from django.db import connection
from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Decision, HealthResult, Quota, Registration
from qpdp.core.access import User
from qpdp.core.bulk import insert_rows
from qpdp.core.units import REFORM_DATE, Unit, UnitKind

province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
commander = User.objects.get(username="chihuy.bacninh")
cycle = CallUpCycle.objects.filter(unit=province, year=2026).first() or services.create_cycle(
    commander, unit=province, year=2026, handover_date=dt.date(2026, 2, 25))
if not CallUpOrder.objects.filter(cycle=cycle).exists():
    started = time.perf_counter()
    rng = random.Random(2026)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    men = {}
    for person, unit in Registration.objects.values_list("person_id", "person__residence_unit_id"):
        men.setdefault(unit, []).append(person)
    quotas, orders, health, decisions = [], [], [], []
    for commune in communes:
        chosen = sorted(men.get(commune.pk, []))
        called = chosen[: max(len(chosen) * 3 // 100, 1)] if chosen else []
        quotas.append((cycle.pk, commune.pk, len(called) + rng.choice((0, 0, 1)), dt.date(2025, 10, 20)))
        for number, person in enumerate(called, start=1):
            handed = rng.random() < 0.97
            orders.append((cycle.pk, person, commune.pk, commune.pk, 2026, number, dt.date(2026, 1, 28),
                           dt.date(2026, 2, 25), "Sân vận động", "handed_over" if handed else "pending",
                           dt.date(2026, 2, 25) if handed else None, "Quân khu 1" if handed else "", ""))
            health.append((cycle.pk, person, commune.pk, "exam", dt.date(2025, 11, 20),
                           rng.choice((1, 1, 2, 2, 3)), False, False, ""))
        for person in chosen[len(called): len(called) + 3]:
            decisions.append((cycle.pk, person, commune.pk, "deferral", "g", "Giấy xác nhận",
                              dt.date(2027, 6, 30), True, dt.date(2025, 12, 20), commander.pk,
                              dt.date(2026, 1, 6), commander.pk, "01/QĐ"))
    insert_rows(Quota, ("cycle", "unit", "number", "assigned_on"), quotas)
    insert_rows(CallUpOrder, ("cycle", "person", "unit", "issuer", "year", "number", "issued_on",
                "report_on", "report_place", "outcome", "handed_over_on", "receiving_unit",
                "failure_reason"), orders)
    insert_rows(HealthResult, ("cycle", "person", "unit", "kind", "examined_on", "health_class",
                "drug_addicted", "hyperopia", "notes"), health)
    insert_rows(Decision, ("cycle", "person", "unit", "kind", "ground", "evidence", "until",
                "higher_education", "proposed_on", "proposed_by", "decided_on", "decided_by",
                "decision_number"), decisions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"filled {len(communes)} communes: {len(quotas)} quotas, {len(orders):,} orders, "
          f"{len(health):,} examinations, {len(decisions):,} decisions in "
          f"{time.perf_counter() - started:.1f} s")
"""

MEASURE = """
import datetime as dt, statistics, time
import django; django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from qpdp.core import indicators
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.people.models import Person
from qpdp.planning.figures import year_figures
from qpdp.planning.review.data import assemble

province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
units = [province, *communes]
start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
print(f"province 24: {len(communes)} communes, "
      f"{Person.objects.count():,} people, PostgreSQL {connection.pg_version}")


def timed(label, call, runs=3):
    call()  # warm the plan cache and the buffers
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = call()
        times.append(time.perf_counter() - started)
    print(f"  {label:<58} median {statistics.median(times) * 1000:8.1f} ms  "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}; {len(queries)} queries)")
    return result


figures = timed("compute_all: every indicator, province + communes", lambda: indicators.compute_all(units, start, end))
for indicator in indicators.all_indicators():
    timed(f"  {indicator.code}", lambda i=indicator: i(units, start, end))
total = figures["conscription.handed_over"][province.pk]
print(f"  (handed over in the province: {total:,}; quota: {figures['conscription.quota'][province.pk]:,})")
timed("year_figures(province, 2026) with targets", lambda: year_figures(province, 2026))
timed("assemble(province, 2026): dashboard and report data", lambda: assemble(province, 2026, issued_on=timezone.localdate()))
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
        "QPDP_VAR_DIR": "/tmp/qpdp-bench-indicators",
    }
    qpdp = str(ROOT / ".venv/bin/qpdp")
    subprocess.run([qpdp, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-c", FILL], env=env, check=True)
    subprocess.run([python, "-c", MEASURE], env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
