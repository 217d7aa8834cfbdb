"""Benchmark: `conscription.services.pool` over a whole province, from the database.

Reuses the PostgreSQL database `tests/bench/bench_people.py` leaves (`qpdp_bench`, one million
people in Bắc Ninh): registers every man aged 17–27 (raw bulk insert), creates a 2026 cycle for
province 24, then times the pool of the whole province (people, examinations, decisions and
handed-over orders in four queries, then `rules.evaluate_many`), the same without building
`Person` instances (`pool_rows`), then the median time of the Kinh Bắc ward's pool page, unfiltered
and filtered by state (`tests/bench/steps/pool_db.py`). Prints figures; asserts nothing.
QPDP_BENCH_DATABASE names another database to read (default `qpdp_bench`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = os.environ.get("QPDP_BENCH_DATABASE", "qpdp_bench")
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


if __name__ == "__main__":
    ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0
    exists = (
        ready
        and DATABASE
        in subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-Atc",
                "SELECT datname FROM pg_database",
            ],
            capture_output=True,
            text=True,
        ).stdout.split()
    )
    if not exists:
        print(f"No {DATABASE} database: run tests/bench/bench_people.py first. Skipped.")
        sys.exit(0)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH, "DJANGO_SETTINGS_MODULE": "qpdp.settings"}
    started = time.perf_counter()
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-m", "tests.bench.steps.pool_db"], env=env, check=True, cwd=ROOT)
    print(f"total {time.perf_counter() - started:.1f} s")
