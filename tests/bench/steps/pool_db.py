"""Step of bench_pool_db.py: register the province's young men once, then time the pool.

Runs against the database `QPDP_DATABASE_URL` names (the parent sets it): creates province 24's
2026 cycle if missing, registers every man born 1998–2009 if nobody is registered yet (raw bulk
insert), then times `services.pool` and `pool_rows` for the whole province three times each,
and the Kinh Bắc ward's pool page five times, unfiltered and filtered by state.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from qpdp.conscription.models import CallUpCycle
    from qpdp.core.units import Unit


def register_men() -> None:
    """Register every man aged 17–27 in 2026, once, with one raw bulk insert."""
    from django.db import connection

    from qpdp.conscription.models import Registration
    from qpdp.core.bulk import insert_rows
    from qpdp.people.models import Person

    if Registration.objects.exists():
        return
    men = Person.objects.filter(
        gender="M", birth_date__gte=dt.date(1998, 1, 1), birth_date__lte=dt.date(2009, 12, 31)
    ).values_list("pk", "residence_unit_id")
    started = time.perf_counter()
    count = insert_rows(
        Registration,
        ("person", "unit", "registered_on", "place", "number"),
        ((pk, unit, dt.date(2024, 4, 1), "", f"B-{pk}") for pk, unit in men),
    )
    print(f"registered {count:,} men in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_pool(cycle: CallUpCycle, province: Unit, on: dt.date) -> None:
    from qpdp.conscription import services
    from qpdp.conscription.services.pool import pool_rows

    units = province.subtree()
    for _attempt in range(3):
        started = time.perf_counter()
        entries = services.pool(cycle, units, on=on)
        elapsed = time.perf_counter() - started
        print(
            f"pool of province 24: {len(entries):,} people in {elapsed:.2f} s "
            f"({len(entries) / elapsed:,.0f} people/s)"
        )
    for _attempt in range(3):
        started = time.perf_counter()
        rows = pool_rows(cycle, units, on=on)
        elapsed = time.perf_counter() - started
        print(f"pool rows of province 24 (no Person instances): {len(rows):,} in {elapsed:.2f} s")


def time_ward_page(cycle: CallUpCycle) -> None:
    """The ward pool page as a ward officer opens it: every state counted, the first page shown.

    The first view builds the ward's stored pool (``pool_store``); it is timed apart from the
    later views, which read it; then one write (an examination recorded) and the view after it,
    which shows the refresh's cost lands on the write, not on the page."""
    from django.test import Client
    from django.urls import reverse

    from qpdp.core.access import User
    from qpdp.core.units import REFORM_DATE, Unit, UnitKind

    ward = Unit.objects.get(name="Kinh Bắc", kind=UnitKind.COMMUNE, valid_from=REFORM_DATE)
    client = Client()
    client.force_login(User.objects.get(username="phuong.kinhbac"))
    url = reverse("conscription:pool", args=[cycle.pk, ward.pk])
    from qpdp.conscription.models import PoolSnapshot

    PoolSnapshot.objects.filter(cycle=cycle, unit=ward).delete()
    started = time.perf_counter()
    assert client.get(url, HTTP_HOST="localhost").status_code == 200
    print(f"pool page of Kinh Bắc, first view (builds the stored pool): "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    queries: list[dict[str, str]] = [{}, {"state": "callable"}]
    for query in queries:
        times = []
        for _attempt in range(5):
            started = time.perf_counter()
            response = client.get(url, query, HTTP_HOST="localhost")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        print(
            f"pool page of Kinh Bắc {query or ''}: median {statistics.median(times):.2f} s "
            f"of {', '.join(f'{t:.3f}' for t in times)}"
        )
    time_refresh(cycle, ward)


def time_refresh(cycle: CallUpCycle, ward: Unit) -> None:
    """One examination recorded through the service while the pool is stored: its time, and
    the time of the same write with no stored pool (what the refresh adds to a write)."""
    from django.db import transaction

    from qpdp.conscription import services
    from qpdp.conscription.models import HealthKind, PoolSnapshot
    from qpdp.core.access import User
    from qpdp.people.models import Person

    staff = User.objects.get(username="phuong.kinhbac")
    man = Person.objects.filter(residence_unit=ward, registration__isnull=False, gender="M").first()
    assert man is not None
    for label in ("with the stored pool", "without a stored pool"):
        if label.startswith("without"):
            PoolSnapshot.objects.filter(cycle=cycle).delete()
        times = []
        for _attempt in range(5):
            started = time.perf_counter()
            with transaction.atomic():
                services.record_health(
                    staff, cycle, man, kind=HealthKind.EXAMINATION,
                    examined_on=dt.date(2025, 11, 20), health_class=2,
                )  # fmt: skip
                transaction.set_rollback(True)
            times.append(time.perf_counter() - started)
        print(f"one examination recorded {label}: median {statistics.median(times) * 1000:.0f} ms")


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    from qpdp.conscription import services
    from qpdp.conscription.models import CallUpCycle
    from qpdp.core.access import User
    from qpdp.core.units import REFORM_DATE, Unit, UnitKind

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    commander = User.objects.get(username="chihuy.bacninh")
    cycle = CallUpCycle.objects.filter(unit=province, year=2026).first() or services.create_cycle(
        commander, unit=province, year=2026, handover_date=dt.date(2026, 2, 25)
    )
    register_men()
    time_pool(cycle, province, on=dt.date(2026, 2, 1))
    time_ward_page(cycle)


if __name__ == "__main__":
    main()
