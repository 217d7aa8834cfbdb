"""Benchmark: `conscription.services.pool` over a whole province, from the database.

Reuses the PostgreSQL database `tests/bench/bench_people.py` leaves (`qpdp_bench`, one million
people in Bắc Ninh): registers every man aged 17–27 (raw bulk insert), creates a 2026 cycle for
province 24, then times the pool of the whole province (people, examinations, decisions and
handed-over orders in four queries, then `rules.evaluate_many`), the same without building
`Person` instances (`pool_rows`), then the median time of the Kinh Bắc ward's pool page, unfiltered
and filtered by state. Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BENCH = "postgres://postgres@127.0.0.1:5432/qpdp_bench"

CODE = """
import datetime as dt, statistics, time
import django; django.setup()
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from qpdp.conscription import services
from qpdp.conscription.services.pool import pool_rows
from qpdp.conscription.models import CallUpCycle, Registration
from qpdp.core.access import User
from qpdp.core.bulk import insert_rows
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.people.models import Person

on = dt.date(2026, 2, 1)
province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
commander = User.objects.get(username="chihuy.bacninh")
cycle = CallUpCycle.objects.filter(unit=province, year=2026).first() or services.create_cycle(
    commander, unit=province, year=2026, handover_date=dt.date(2026, 2, 25))
if not Registration.objects.exists():
    men = Person.objects.filter(gender="M", birth_date__gte=dt.date(1998, 1, 1),
                                birth_date__lte=dt.date(2009, 12, 31)).values_list("pk", "residence_unit_id")
    started = time.perf_counter()
    count = insert_rows(Registration, ("person", "unit", "registered_on", "place", "number"),
                        ((pk, unit, dt.date(2024, 4, 1), "", f"B-{pk}") for pk, unit in men))
    print(f"registered {count:,} men in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
units = province.subtree()
for attempt in range(3):
    started = time.perf_counter()
    entries = services.pool(cycle, units, on=on)
    elapsed = time.perf_counter() - started
    print(f"pool of province 24: {len(entries):,} people in {elapsed:.2f} s "
          f"({len(entries) / elapsed:,.0f} people/s)")
for attempt in range(3):
    started = time.perf_counter()
    rows = pool_rows(cycle, units, on=on)
    elapsed = time.perf_counter() - started
    print(f"pool rows of province 24 (no Person instances): {len(rows):,} in {elapsed:.2f} s")

# The ward pool page as a ward officer opens it: every state counted, the first page shown.
ward = Unit.objects.get(name="Kinh Bắc", kind=UnitKind.COMMUNE, valid_from=REFORM_DATE)
client = Client()
client.force_login(User.objects.get(username="phuong.kinhbac"))
url = reverse("conscription:pool", args=[cycle.pk, ward.pk])
for query in ({}, {"state": "callable"}):
    times = []
    for attempt in range(5):
        started = time.perf_counter()
        response = client.get(url, query, HTTP_HOST="localhost")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    print(f"pool page of Kinh Bắc {query or ''}: median {statistics.median(times):.2f} s "
          f"of {', '.join(f'{t:.2f}' for t in times)}")
"""


if __name__ == "__main__":
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0
    exists = (
        ready
        and "qpdp_bench"
        in subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqt"], capture_output=True, text=True
        ).stdout
    )
    if not exists:
        print("No qpdp_bench database: run tests/bench/bench_people.py first. Skipped.")
        sys.exit(0)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH, "DJANGO_SETTINGS_MODULE": "qpdp.settings"}
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/python"), "-c", CODE], env=env, check=True)
    print(f"total {time.perf_counter() - started:.1f} s")
