"""Benchmark: the militia.* and reserves.* indicators for all communes of a province, on PostgreSQL.

Works on its own copy of the database `tests/bench/bench_people.py` leaves for the size
(`tests/bench/steps/_scale.py`), made with CREATE DATABASE … TEMPLATE: `qpdp_bench_small_forces`
(made again on every run) by default, `qpdp_forces_bench` (made once) of `qpdp_bench` at
`SCALE=province`. On the copy it
migrates, then (once) gives every commune of province 24 a mobile platoon and two local squads
holding about 1.3% of its residents aged 18–45, a 2026 training plan with their attendance, and
a reserve of about 2% of its men aged 22–45 with a reserve unit, assignments and a readiness
check (bulk_create, not the services: this measures the reads). Then it times, three times
each, every militia.* and reserves.* indicator for the province and its communes, and the
drill-down of one commune's core militia. Prints figures and query counts; asserts nothing.
Without the size's database (run bench_people.py first) it says so and stops. The steps are
`tests/bench/steps/forces_fill.py` and `forces_measure.py`; QPDP_BENCH_DATABASE and
QPDP_BENCH_COPY name another source and copy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.steps._scale import PG, bench_scale, make_copy, postgres_ready  # noqa: E402


def main() -> int:
    if not postgres_ready():
        print("PostgreSQL is not running on 127.0.0.1:5432. Skipped.")
        return 0
    scale = bench_scale()
    copy = make_copy(scale, "forces")
    if copy is None:
        print(f"No {scale.database} database: run tests/bench/bench_people.py first. Skipped.")
        return 0
    env = {
        **os.environ,
        "QPDP_DATABASE_URL": PG + copy,
        "DJANGO_SETTINGS_MODULE": "qpdp.settings",
        "QPDP_VAR_DIR": "/tmp/qpdp-bench-forces",
    }
    qpdp = str(ROOT / ".venv/bin/qpdp")
    subprocess.run([qpdp, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    python = str(ROOT / ".venv/bin/python")
    for step in ("forces_fill", "forces_measure"):
        subprocess.run([python, "-m", f"tests.bench.steps.{step}"], env=env, check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
