"""Step of bench_indicators.py: give province 24's 2026 cycle a year of call-up, once.

Runs against the database `QPDP_DATABASE_URL` names (the parent's copy of the benchmark
database). Creates the 2026 cycle if missing; if it has no call-up order yet, gives each commune
a quota and calls up ~3% of its registered men (97% handed over), with their examinations and
three deferrals per commune, in raw bulk inserts, then runs ANALYZE.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from typing import Any

import django

Row = tuple[Any, ...]


def fill() -> None:
    from django.db import connection

    from qpdp.conscription import services
    from qpdp.conscription.models import (
        CallUpCycle,
        CallUpOrder,
        Decision,
        HealthResult,
        Quota,
        Registration,
    )
    from qpdp.core.access import User
    from qpdp.core.bulk import insert_rows
    from qpdp.core.units import REFORM_DATE, Unit, UnitKind

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    commander = User.objects.get(username="chihuy.bacninh")
    cycle = CallUpCycle.objects.filter(unit=province, year=2026).first() or services.create_cycle(
        commander, unit=province, year=2026, handover_date=dt.date(2026, 2, 25)
    )
    if CallUpOrder.objects.filter(cycle=cycle).exists():
        return
    started = time.perf_counter()
    rng = random.Random(2026)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    men: dict[int, list[int]] = {}
    for person, unit in Registration.objects.values_list("person_id", "person__residence_unit_id"):
        men.setdefault(unit, []).append(person)
    quotas: list[Row] = []
    orders: list[Row] = []
    health: list[Row] = []
    decisions: list[Row] = []
    for commune in communes:
        chosen = sorted(men.get(commune.pk, []))
        called = chosen[: max(len(chosen) * 3 // 100, 1)] if chosen else []
        quotas.append(
            (cycle.pk, commune.pk, len(called) + rng.choice((0, 0, 1)), dt.date(2025, 10, 20))
        )
        for number, person in enumerate(called, start=1):
            handed = rng.random() < 0.97
            orders.append(
                (cycle.pk, person, commune.pk, commune.pk, 2026, number, dt.date(2026, 1, 28),
                 dt.date(2026, 2, 25), "Sân vận động", "handed_over" if handed else "pending",
                 dt.date(2026, 2, 25) if handed else None, "Quân khu 1" if handed else "", "")
            )  # fmt: skip
            health.append(
                (cycle.pk, person, commune.pk, "exam", dt.date(2025, 11, 20),
                 rng.choice((1, 1, 2, 2, 3)), False, False, "")
            )  # fmt: skip
        for person in chosen[len(called) : len(called) + 3]:
            decisions.append(
                (cycle.pk, person, commune.pk, "deferral", "g", "Giấy xác nhận",
                 dt.date(2027, 6, 30), True, dt.date(2025, 12, 20), commander.pk,
                 dt.date(2026, 1, 6), commander.pk, "01/QĐ")
            )  # fmt: skip
    insert_rows(Quota, ("cycle", "unit", "number", "assigned_on"), quotas)
    insert_rows(CallUpOrder, ("cycle", "person", "unit", "issuer", "year", "number", "issued_on",
                "report_on", "report_place", "outcome", "handed_over_on", "receiving_unit",
                "failure_reason"), orders)  # fmt: skip
    insert_rows(HealthResult, ("cycle", "person", "unit", "kind", "examined_on", "health_class",
                "drug_addicted", "hyperopia", "notes"), health)  # fmt: skip
    insert_rows(Decision, ("cycle", "person", "unit", "kind", "ground", "evidence", "until",
                "higher_education", "proposed_on", "proposed_by", "decided_on", "decided_by",
                "decision_number"), decisions)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"filled {len(communes)} communes: {len(quotas)} quotas, {len(orders):,} orders, "
        f"{len(health):,} examinations, {len(decisions):,} decisions in "
        f"{time.perf_counter() - started:.1f} s"
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    fill()


if __name__ == "__main__":
    main()
