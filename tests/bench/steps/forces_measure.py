"""Step of bench_forces.py: time every militia.* and reserves.* indicator, and one drill-down.

Runs against the database `QPDP_DATABASE_URL` names, for province 24 and its communes over
2026; each figure is the median of three runs after a warming one, with its query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
from functools import partial

import django

from ._timing import timed

WIDTH = 44


def measure() -> None:
    from django.db import connection

    from qpdp.core import indicators
    from qpdp.core.units import REFORM_DATE, Unit, UnitKind

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).order_by("code"))
    units = [province, *communes]
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    print(f"province 24: {len(communes)} communes, {connection.vendor}")
    for indicator in indicators.all_indicators():
        if indicator.code.startswith(("militia.", "reserves.")):
            timed(indicator.code, partial(indicator, units, start, end), width=WIDTH)
    people = indicators.get("militia.core_members")
    timed(
        "drill-down: one commune's core militia",
        lambda: list(people.people_behind(communes[0], start, end)),
        width=WIDTH,
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    measure()


if __name__ == "__main__":
    main()
