"""Benchmark: `conscription.services.pool` over a whole province, from the database.

Reuses the PostgreSQL database `tests/bench/bench_people.py` leaves (the size's, see
`tests/bench/steps/_scale.py`: `qpdp_bench_small` by default, `qpdp_bench` with 2,000,000 people
at `SCALE=province`): registers every man aged 17–27 unless someone is registered (raw bulk
insert), creates a 2026 cycle for province 24 if missing, then times the pool of the whole
province (people, examinations, decisions and handed-over orders in four queries, then
`rules.evaluate_many`), the same without building `Person` instances (`pool_rows`), then the
median time of the Kinh Bắc ward's pool page, unfiltered and filtered by state
(`tests/bench/steps/pool_db.py`). Prints figures; asserts nothing.
QPDP_BENCH_DATABASE names another database to read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.steps._scale import bench_scale, databases, postgres_ready  # noqa: E402

SCALE = bench_scale()
DATABASE = SCALE.database
PG_BENCH = SCALE.url


if __name__ == "__main__":
    if not (postgres_ready() and DATABASE in databases()):
        print(f"No {DATABASE} database: run tests/bench/bench_people.py first. Skipped.")
        sys.exit(0)
    env = {**os.environ, "QPDP_DATABASE_URL": PG_BENCH, "DJANGO_SETTINGS_MODULE": "qpdp.settings"}
    started = time.perf_counter()
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "-m", "tests.bench.steps.pool_db"], env=env, check=True, cwd=ROOT)
    print(f"total {time.perf_counter() - started:.1f} s")
