"""Step of bench_indicators.py: time every indicator, the year's figures, the review data, the
review report and the dashboard page.

Runs against the database `QPDP_DATABASE_URL` names, for province 24 and its communes over
2026; each figure is the median of three runs after a warming one, with its query count.

Issue 15's goals, printed with their ratio: every indicator for all communes against one
hand-written GROUP BY over the people registry by commune (the population the figures count:
residents, men, men of call-up age, party members, graduates) in the same run, ≤ 3× and < 5 s;
the province's review report (assembled and written as DOCX) < 10 s; the dashboard < 150 ms,
once with its four earlier years computed live (no stored figures) and once stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
from functools import partial

import django

from ._timing import timed, timed_median

WIDTH = 58


def measure() -> None:
    from django.db import connection
    from django.utils import timezone

    from qpdp.core import indicators
    from qpdp.core.units import REFORM_DATE, Unit, UnitKind
    from qpdp.people.models import Person
    from qpdp.planning.figures import year_figures
    from qpdp.planning.review.data import assemble
    from qpdp.planning.review.outputs import render

    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    units = [province, *communes]
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    print(
        f"province 24: {len(communes)} communes, {Person.objects.count():,} people, "
        f"PostgreSQL {connection.pg_version}"  # type: ignore[attr-defined]
    )
    grouped, by_hand = timed_median(
        "one hand-written GROUP BY: people by commune",
        partial(group_people_by_commune, [c.pk for c in communes], end),
        width=WIDTH,
    )
    figures, every = timed_median(
        "compute_all: every indicator, province + communes",
        lambda: indicators.compute_all(units, start, end),
        width=WIDTH,
    )
    print(f"  ratio every indicator / one GROUP BY: {every / by_hand:.2f} (goal ≤ 3, and < 5 s)")
    print(f"  (people counted by the GROUP BY: {sum(r[1] for r in grouped):,})")
    for indicator in indicators.all_indicators():
        timed(f"  {indicator.code}", partial(indicator, units, start, end), width=WIDTH)
    total = figures["conscription.handed_over"][province.pk]
    quota = figures["conscription.quota"][province.pk]
    print(f"  (handed over in the province: {total:,}; quota: {quota:,})")
    timed(
        "year_figures(province, 2026), year cached (generation)",
        lambda: year_figures(province, 2026),
        width=WIDTH,
    )
    timed(
        "assemble(province, 2026), year cached: dashboard data",
        lambda: assemble(province, 2026, issued_on=timezone.localdate()),
        width=WIDTH,
    )
    timed(
        "the province's review report, DOCX (goal < 10 s)",
        lambda: render(assemble(province, 2026, issued_on=timezone.localdate()), "docx"),
        width=WIDTH,
        runs=1,
    )
    dashboard("phuong.kinhbac", "Kinh Bắc ward")
    dashboard("chihuy.bacninh", "the province")


def group_people_by_commune(communes: list[int], end: dt.date) -> list[tuple[int, ...]]:
    """The baseline: one grouped pass over the people registry, written by hand."""
    from django.db import connection

    sql = """
        SELECT residence_unit_id, count(*),
               count(*) FILTER (WHERE gender = 'M'),
               count(*) FILTER (WHERE gender = 'M' AND birth_date BETWEEN %s AND %s),
               count(*) FILTER (WHERE party_member),
               count(*) FILTER (WHERE education_level >= 13)
        FROM people_person WHERE residence_unit_id = ANY(%s) GROUP BY residence_unit_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [end.replace(year=end.year - 27), end.replace(year=end.year - 18),
                             communes])  # fmt: skip
        return cursor.fetchall()


def dashboard(username: str, name: str) -> None:
    """The /tong-ket/ page of ``username``'s unit, as the server answers it (no network): its
    four earlier years and the year itself computed live (the stored figures and the cache
    cleared before each run, as every request did before), then read from them."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from qpdp.core.access import User
    from qpdp.planning.generation import Kept
    from qpdp.planning.models import StoredFigure

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    user = User.objects.get(username=username)
    client.force_login(user)
    url = f"/tong-ket/?unit={user.unit_id}&year=2026"

    def live() -> int:
        StoredFigure.objects.all().delete()
        cache.clear()  # the year shown, cached under the generation
        Kept.clear_all()  # the reviews kept in this process
        return client.get(url).status_code

    timed(f"dashboard of {name}, earlier years live (+ clearing)", live, width=WIDTH)
    timed(
        f"dashboard of {name}, earlier years stored (goal < 150 ms)",
        lambda: client.get(url).status_code,
        width=WIDTH,
    )


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    django.setup()
    measure()


if __name__ == "__main__":
    main()
