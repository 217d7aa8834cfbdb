"""Benchmark: every declared indicator for all communes of a province, on PostgreSQL.

Works on its own copy of the database `tests/bench/bench_people.py` leaves for the size
(`tests/bench/steps/_scale.py`), made with CREATE DATABASE … TEMPLATE, so the other benchmarks'
figures are not disturbed: `qpdp_bench_small_planreview` (made again on every run) by default,
`qpdp_planreview_bench` (made once) of `qpdp_bench` at `SCALE=province`. On the copy it migrates, then (once) gives province 24's
2026 cycle a quota per commune and hands over ~3% of each commune's registered men, with their
examinations and a few deferrals and exemptions (raw bulk inserts). Then it times, three times
each: `compute_all` for the province and its 99 communes (one grouped query per indicator),
each indicator alone, `year_figures` (with targets) and the whole review assembly the dashboard
and the report use (figures, plan, ranking, four earlier years). Prints figures; asserts
nothing. Issue 15's goals are printed with their ratio: every indicator against one hand-written
GROUP BY, the province's DOCX report, and the dashboard page with its earlier years computed
live and stored. Without the size's database (run bench_people.py first) it says so and stops.
The steps are `tests/bench/steps/indicators_fill.py` and `indicators_measure.py`;
QPDP_BENCH_DATABASE and QPDP_BENCH_COPY name another source and copy.
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
    copy = make_copy(scale, "indicators")
    if copy is None:
        print(f"No {scale.database} database: run tests/bench/bench_people.py first. Skipped.")
        return 0
    env = {
        **os.environ,
        "QPDP_DATABASE_URL": PG + copy,
        "DJANGO_SETTINGS_MODULE": "qpdp.settings",
        "QPDP_VAR_DIR": "/tmp/qpdp-bench-indicators",
    }
    qpdp = str(ROOT / ".venv/bin/qpdp")
    subprocess.run([qpdp, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    # the dashboard is rendered with production settings: its static files' manifest
    subprocess.run([qpdp, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    python = str(ROOT / ".venv/bin/python")
    for step in ("indicators_fill", "indicators_measure"):
        subprocess.run([python, "-m", f"tests.bench.steps.{step}"], env=env, check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
