"""Benchmark: seed_demo time, and the people list page at 20,000 and 1,000,000 people.

Run with `make bench` (or directly). Needs PostgreSQL on 127.0.0.1:5432 for the large run;
without it the PostgreSQL part is skipped with a message. Prints figures; asserts nothing.
Set QPDP_BENCH_PEOPLE to change the large size (default 1,000,000); `--pages-only` re-measures
the pages on the database a previous run left.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LARGE = int(os.environ.get("QPDP_BENCH_PEOPLE", "1000000"))
PG_BENCH = "postgres://postgres@127.0.0.1:5432/qpdp_bench"
ROOT = Path(__file__).resolve().parents[2]


def qpdp(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/qpdp"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def measure_pages(database_url: str, label: str) -> None:
    """Time list pages in a child process configured for ``database_url``."""
    code = f"""
import os, statistics, time
os.environ["QPDP_DATABASE_URL"] = {database_url!r}
os.environ["QPDP_AXES_ENABLED"] = "0"
import django; django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from qpdp.core.access import User
pages = [("list", "/cong-dan/"), ("search", "/cong-dan/?q=nguyen+van+dung"),
         ("filter", "/cong-dan/?gender=M&age_min=18&age_max=25"), ("page 40", "/cong-dan/?page=40"),
         ("detail", None)]
for username in ("phuong.kinhbac", "chihuy.bacninh"):
    client = Client()
    client.force_login(User.objects.get(username=username))
    from qpdp.people.models import Person
    some = Person.objects.visible_to(User.objects.get(username=username)).order_by("pk").first()
    for name, url in pages:
        url = url or f"/cong-dan/{{some.pk}}/"
        client.get(url)
        times = []
        for _ in range(15):
            t = time.perf_counter(); r = client.get(url); times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, (url, r.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        times.sort()
        print(f"  {{username:<16}} {{name:<8}} median {{statistics.median(times):7.1f}} ms  "
              f"p90 {{times[int(len(times) * 0.9) - 1]:7.1f}} ms  queries {{len(ctx.captured_queries)}}")
"""
    print(f"{label}:")
    subprocess.run([str(ROOT / ".venv/bin/python"), "-c", code], check=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "qpdp.settings"})  # fmt: skip


def sqlite_run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "QPDP_DATABASE_URL": url}
        qpdp(env, "migrate", "-v0")
        qpdp(env, "load_units", "--province", "24")
        seconds = qpdp(env, "seed_demo", "--people", "20000")
        print(f"SQLite seed_demo, 20,000 people (units loaded): {seconds:.1f} s")
        measure_pages(url, "SQLite, 20,000 people")


def postgres_run() -> None:
    check = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False)
    if check.returncode != 0:
        print("PostgreSQL not reachable on 127.0.0.1:5432: skipped the 1,000,000-person run.")
        return
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "qpdp_bench"],
                   check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "qpdp_bench"], check=True)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH}
    qpdp(env, "migrate", "-v0")
    qpdp(env, "load_units", "--province", "24")
    seconds = qpdp(env, "seed_demo", "--people", str(LARGE))
    print(
        f"PostgreSQL seed_demo, {LARGE:,} people: {seconds:.1f} s ({LARGE / seconds:,.0f} people/s)"
    )
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "qpdp_bench", "-qc",
                    "VACUUM ANALYZE"], check=True)  # fmt: skip
    measure_pages(PG_BENCH, f"PostgreSQL, {LARGE:,} people")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    if "--pages-only" in sys.argv:  # re-measure pages on the database a previous run left
        measure_pages(PG_BENCH, f"PostgreSQL, {LARGE:,} people")
    else:
        sqlite_run()
        postgres_run()
