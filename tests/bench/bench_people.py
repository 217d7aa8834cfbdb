"""Benchmark: seed_demo time, and the people list page at 20,000 and 1,000,000 people.

Run with `make bench` (or directly). Needs PostgreSQL on 127.0.0.1:5432 for the large run;
without it the PostgreSQL part is skipped with a message. Prints figures; asserts nothing.
QPDP_BENCH_SCALE (`make bench SCALE=province`) seeds the large database with
`seed_demo --scale province`: 2,000,000 people over Bắc Ninh's communes with their call-up, forces
and civic records, which the later benchmarks then read.
Set QPDP_BENCH_PEOPLE to change the large size (default 1,000,000), QPDP_BENCH_SQLITE_PEOPLE the
SQLite one (default 20,000) and QPDP_BENCH_DATABASE the PostgreSQL database it drops and rebuilds
(default `qpdp_bench`, which the other benchmarks read); `--pages-only` re-measures the pages on
the database a previous run left. The pages are timed by `tests/bench/steps/people_pages.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCALE = os.environ.get("QPDP_BENCH_SCALE", "")
SCALES = {"": 1_000_000, "province": 2_000_000}
if SCALE not in SCALES:
    sys.exit(f"QPDP_BENCH_SCALE must be empty or province, not {SCALE!r}")
LARGE = int(os.environ.get("QPDP_BENCH_PEOPLE", SCALES[SCALE]))
SMALL = int(os.environ.get("QPDP_BENCH_SQLITE_PEOPLE", "20000"))
DATABASE = os.environ.get("QPDP_BENCH_DATABASE", "qpdp_bench")
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
ROOT = Path(__file__).resolve().parents[2]


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
    check = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False)
    if check.returncode != 0:
        print("PostgreSQL not reachable on 127.0.0.1:5432: skipped the 1,000,000-person run.")
        return
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DATABASE],
                   check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH}
    qpdp(env, "migrate", "-v0")
    qpdp(env, "load_units", "--province", "24")
    scale = ("--scale", SCALE) if SCALE else ()
    seconds = qpdp(env, "seed_demo", *scale, "--people", str(LARGE))
    label = f" --scale {SCALE}" if SCALE else ""
    print(
        f"PostgreSQL seed_demo{label}, {LARGE:,} people: {seconds:.1f} s "
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
