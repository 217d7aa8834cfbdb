"""Benchmark: seed_demo time, and the people list page on SQLite and on PostgreSQL.

Run with `make bench` (or directly). Needs PostgreSQL on 127.0.0.1:5432 for the large run;
without it the PostgreSQL part is skipped with a message. Prints figures; asserts nothing.
QPDP_BENCH_SCALE (`make bench SCALE=…`) chooses the size and the database it drops and rebuilds
for the later benchmarks to read (`tests/bench/steps/_scale.py`): unset, 60,000 people over Bắc
Ninh's communes in `qpdp_bench_small`; `province`, 2,000,000 in `qpdp_bench`; `million`,
1,000,000 in the demo city's wards in `qpdp_bench_million`. The scaled sizes come with their
call-up, forces and civic records (`seed_demo --scale province`).
QPDP_BENCH_PEOPLE changes the PostgreSQL size, QPDP_BENCH_SQLITE_PEOPLE the SQLite one (default
20,000) and QPDP_BENCH_DATABASE the database; `--pages-only` re-measures the pages on the
database a previous run left. The pages are timed by `tests/bench/steps/people_pages.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.steps._scale import bench_scale, postgres_ready  # noqa: E402

SCALE = bench_scale()
LARGE = SCALE.people
SMALL = SCALE.sqlite_people
DATABASE = SCALE.database
PG_BENCH = SCALE.url


def qpdp(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv/bin/qpdp"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def measure_pages(database_url: str, label: str) -> None:
    """Time list pages in a child process configured for ``database_url``."""
    print(f"{label}:")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qpdp.settings",
        "QPDP_DATABASE_URL": database_url,
        "QPDP_AXES_ENABLED": "0",
        "QPDP_REQUIRE_2FA": "0",  # the commander is logged in without a second factor
    }
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-m", "tests.bench.steps.people_pages"], check=True, env=env, cwd=ROOT)


def sqlite_run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "QPDP_DATABASE_URL": url}
        qpdp(env, "migrate", "-v0")
        qpdp(env, "load_units", "--province", "24")
        seconds = qpdp(env, "seed_demo", "--people", str(SMALL))
        print(f"SQLite seed_demo, {SMALL:,} people (units loaded): {seconds:.1f} s")
        measure_pages(url, f"SQLite, {SMALL:,} people")


def postgres_run() -> None:
    if not postgres_ready():
        print(f"PostgreSQL not reachable on 127.0.0.1:5432: skipped the {LARGE:,}-person run.")
        return
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE],
                   check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH}
    qpdp(env, "migrate", "-v0")
    qpdp(env, "load_units", "--province", "24")
    seconds = qpdp(env, "seed_demo", *SCALE.generator, "--people", str(LARGE))
    label = " ".join(("", *SCALE.generator))
    print(
        f"PostgreSQL {DATABASE}, seed_demo{label}, {LARGE:,} people: {seconds:.1f} s "
        f"({LARGE / seconds:,.0f} people/s; load average {os.getloadavg()[0]:.1f})"
    )
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DATABASE, "-qc",
                    "VACUUM ANALYZE"], check=True)  # fmt: skip
    measure_pages(PG_BENCH, f"PostgreSQL, {LARGE:,} people")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    if "--pages-only" in sys.argv:  # re-measure pages on the database a previous run left
        measure_pages(PG_BENCH, f"PostgreSQL, {LARGE:,} people")
    else:
        sqlite_run()
        postgres_run()
