"""Step of bench_indicators.py: time every indicator, the year's figures and the review data.

Runs against the database `QPDP_DATABASE_URL` names, for province 24 and its communes over
2026; each figure is the median of three runs after a warming one, with its query count.
"""

from __future__ import annotations

import argparse
import datetime as dt
from functools import partial

import django

from ._timing import timed

WIDTH = 58


def measure() -> None:
    from django.db import connection
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
    print(
        f"province 24: {len(communes)} communes, {Person.objects.count():,} people, "
        f"PostgreSQL {connection.pg_version}"  # type: ignore[attr-defined]
    )
    figures = timed(
        "compute_all: every indicator, province + communes",
        lambda: indicators.compute_all(units, start, end),
        width=WIDTH,
    )
    for indicator in indicators.all_indicators():
        timed(f"  {indicator.code}", partial(indicator, units, start, end), width=WIDTH)
    total = figures["conscription.handed_over"][province.pk]
    quota = figures["conscription.quota"][province.pk]
    print(f"  (handed over in the province: {total:,}; quota: {quota:,})")
    timed(
        "year_figures(province, 2026) with targets",
        lambda: year_figures(province, 2026),
        width=WIDTH,
    )
    timed(
        "assemble(province, 2026): dashboard and report data",
        lambda: assemble(province, 2026, issued_on=timezone.localdate()),
        width=WIDTH,
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    measure()


if __name__ == "__main__":
    main()
