"""The size `make bench` runs at, and the PostgreSQL databases each size uses.

`QPDP_BENCH_SCALE` (the Makefile's `SCALE`) names the size; every benchmark in `tests/bench/`
asks ``bench_scale()`` which database to build or read, so they all agree. Each size has its own
databases: a small run never drops or rebuilds the 2,000,000-person `qpdp_bench`.

- empty (or ``small``): 60,000 people over Bắc Ninh's communes (`seed_demo --scale province
  --people 60000`), with their call-up, forces and civic records, in `qpdp_bench_small`; short
  runs everywhere: the whole `make bench` takes minutes.
- ``province``: 2,000,000 people the same way in `qpdp_bench` (issue 15's size).
- ``million``: the earlier default, 1,000,000 people in the demo city's wards (`seed_demo
  --people 1000000`, no scale) in `qpdp_bench_million`.

Every size can be overridden from the environment, as before: ``QPDP_BENCH_PEOPLE``,
``QPDP_BENCH_SQLITE_PEOPLE``, ``QPDP_BENCH_POOL_PEOPLE``, ``QPDP_BENCH_DATABASE`` (and
``QPDP_BENCH_COPY`` for the benchmark's copy), ``QPDP_BENCH_IMPORT_ROWS``,
``QPDP_BENCH_IMPORT_XLSX_ROWS``, ``QPDP_BENCH_IMPORT_DB``, ``QPDP_LOAD_SECONDS`` and
``QPDP_LOAD_SEARCHES``. Standard library only: the benchmarks' parents import it before Django.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace

PG = "postgres://postgres@127.0.0.1:5432/"


@dataclass(frozen=True, slots=True)
class BenchScale:
    name: str
    people: int
    """People in the PostgreSQL database bench_people.py builds."""
    generator: tuple[str, ...]
    """`seed_demo`'s arguments besides ``--people``."""
    database: str
    """The database bench_people.py drops and rebuilds and the later benchmarks read."""
    copies: tuple[tuple[str, str], ...]
    """(benchmark, database): the copies bench_indicators.py and bench_forces.py work on."""
    fresh_copies: bool
    """Copy the database again on every run (cheap at the small size, so the copy is never older
    than the database it was made from); otherwise a copy is made once and then reused."""
    sqlite_people: int
    pool_people: int
    """People bench_pool.py generates in memory for the rules engine."""
    import_rows: int
    import_xlsx_rows: int
    import_database: str
    """The database bench_import.py drops and rebuilds (with ``<name>_pristine``)."""
    load_seconds: int
    """Seconds of wrk per scenario in bench_load.py (three times that for the pool)."""
    load_searches: int
    """Sequential requests bench_load.py times by their server time (search, then the floor)."""
    load_fresh_servers: bool
    """A fresh gunicorn per load scenario (else one per set of scenarios, idle between them)."""

    @property
    def url(self) -> str:
        return PG + self.database

    def copy(self, benchmark: str) -> str:
        return os.environ.get("QPDP_BENCH_COPY") or dict(self.copies)[benchmark]


SCALES = {
    "": BenchScale(
        name="small",
        people=60_000,
        generator=("--scale", "province"),
        database="qpdp_bench_small",
        copies=(
            ("indicators", "qpdp_bench_small_planreview"),
            ("forces", "qpdp_bench_small_forces"),
        ),
        fresh_copies=True,
        sqlite_people=20_000,
        pool_people=100_000,
        import_rows=20_000,
        import_xlsx_rows=5_000,
        import_database="qpdp_bench_small_import",
        load_seconds=6,
        load_searches=100,
        load_fresh_servers=False,
    ),
    "province": BenchScale(
        name="province",
        people=2_000_000,
        generator=("--scale", "province"),
        database="qpdp_bench",
        copies=(("indicators", "qpdp_planreview_bench"), ("forces", "qpdp_forces_bench")),
        fresh_copies=False,
        sqlite_people=20_000,
        pool_people=500_000,
        import_rows=1_000_000,
        import_xlsx_rows=100_000,
        import_database="qpdp_bench_import",
        load_seconds=20,
        load_searches=300,
        load_fresh_servers=True,
    ),
    "million": BenchScale(
        name="million",
        people=1_000_000,
        generator=(),
        database="qpdp_bench_million",
        copies=(
            ("indicators", "qpdp_bench_million_planreview"),
            ("forces", "qpdp_bench_million_forces"),
        ),
        fresh_copies=False,
        sqlite_people=20_000,
        pool_people=500_000,
        import_rows=1_000_000,
        import_xlsx_rows=100_000,
        import_database="qpdp_bench_million_import",
        load_seconds=20,
        load_searches=300,
        load_fresh_servers=True,
    ),
}
SCALES["small"] = SCALES[""]

_OVERRIDES = {
    "people": "QPDP_BENCH_PEOPLE",
    "sqlite_people": "QPDP_BENCH_SQLITE_PEOPLE",
    "pool_people": "QPDP_BENCH_POOL_PEOPLE",
    "database": "QPDP_BENCH_DATABASE",
    "import_rows": "QPDP_BENCH_IMPORT_ROWS",
    "import_xlsx_rows": "QPDP_BENCH_IMPORT_XLSX_ROWS",
    "import_database": "QPDP_BENCH_IMPORT_DB",
    "load_seconds": "QPDP_LOAD_SECONDS",
    "load_searches": "QPDP_LOAD_SEARCHES",
}


def bench_scale() -> BenchScale:
    """The size ``QPDP_BENCH_SCALE`` names, with the environment's overrides."""
    name = os.environ.get("QPDP_BENCH_SCALE", "")
    if name not in SCALES:
        raise SystemExit(
            f"QPDP_BENCH_SCALE must be empty, small, province or million, not {name!r}"
        )
    scale = SCALES[name]
    changes: dict[str, object] = {}
    for field, variable in _OVERRIDES.items():
        value = os.environ.get(variable)
        if value:
            changes[field] = value if field.endswith("database") else int(value)
    return replace(scale, **changes)  # type: ignore[arg-type]


def psql(command: str, database: str = "postgres") -> str:
    """One SQL command's unaligned output, as the superuser of the local server."""
    done = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", command],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def databases() -> list[str]:
    return psql("SELECT datname FROM pg_database").split()


def make_copy(scale: BenchScale, benchmark: str) -> str | None:
    """The name of ``benchmark``'s copy of the scale's database, made if missing (or on every
    run at a size with ``fresh_copies``); None when the database itself is missing."""
    copy, present = scale.copy(benchmark), databases()
    if copy in present and scale.fresh_copies:
        psql(f'DROP DATABASE "{copy}"')
    elif copy in present:
        return copy
    if scale.database not in present:
        return None
    print(f"copying {scale.database} to {copy} …", flush=True)
    psql(f'CREATE DATABASE "{copy}" TEMPLATE "{scale.database}"')
    return copy
