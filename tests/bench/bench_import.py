"""Benchmark: `qpdp import people` of a generated CSV and XLSX, against the raw write ceiling.

For SQLite (a throwaway file) and PostgreSQL (a fresh database on 127.0.0.1:5432, skipped with a
message when unreachable: `qpdp_bench_small_import` by default, `qpdp_bench_import` at
`QPDP_BENCH_SCALE=province`; `tests/bench/steps/_scale.py`): migrate, load Bắc Ninh's units,
seed accounts, then time `qpdp import people FILE --unit 24 --mode valid --user quantri` in a
child process (wall time and peak RSS), and in the same run the ceiling: PostgreSQL COPY of the
same rows into an unindexed table, sqlite3 `executemany` into an unindexed table, and python-calamine reading the
XLSX. The CSV is imported twice into the same fresh database: column-wise (the default) and row
by row (`QPDP_IMPORT_COLUMNAR=0`, the path it replaced), each with its ratio to the ceiling.
Prints figures; asserts nothing.

QPDP_BENCH_IMPORT_ROWS sets the CSV size (default 20,000; 1,000,000 at `province`),
QPDP_BENCH_IMPORT_XLSX_ROWS the XLSX size (default 5,000; 100,000 at `province`),
QPDP_BENCH_IMPORT_DB the PostgreSQL database. CPU seconds of the import are printed beside the
wall time: on a shared machine the wall time mostly measures the neighbours.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.bench.steps._scale import bench_scale, postgres_ready  # noqa: E402

from qpdp.people.population import people  # noqa: E402

SCALE = bench_scale()
CSV_ROWS = SCALE.import_rows
XLSX_ROWS = SCALE.import_xlsx_rows
PG_DB = SCALE.import_database
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
WARDS = ("Vũ Ninh", "Kinh Bắc", "Võ Cường", "Nam Sơn", "Hạp Lĩnh")
HEADERS = (
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh", "Dân tộc", "Tôn giáo",
    "Trình độ văn hóa", "Phường", "Địa chỉ", "Số điện thoại", "Nghề nghiệp", "Nơi làm việc",
    "Ghi chú",
)  # fmt: skip
EDUCATION = {13: "Trung cấp", 14: "Cao đẳng", 15: "Đại học", 16: "Sau đại học"}
TIME = Path("/usr/bin/time").exists()


# ---------------------------------------------------------------------------------------------
# Files


def rows(count: int) -> Iterator[tuple[str, ...]]:
    """``count`` valid people of Bắc Ninh as spreadsheet text, spread over the five new wards."""
    for index, person in enumerate(people(count, seed=7, today=dt.date.today())):
        born = person.birth_date
        precision = str(person.birth_precision)
        birth = (
            str(born.year)
            if precision == "year"
            else born.strftime("%m/%Y")
            if precision == "month"
            else born.strftime("%d/%m/%Y")
        )
        level = person.education_level
        education = "" if level is None else EDUCATION.get(level, f"{level}/12")
        yield (
            str(index + 1),
            f"{person.family_name} {person.middle_name} {person.given_name}",
            birth,
            "Nam" if person.gender == "M" else "Nữ",
            person.id_number,
            "Kinh",
            "Không",
            education,
            WARDS[index % len(WARDS)],
            person.address,
            person.phone,
            person.occupation,
            person.workplace,
            "",
        )


def write_files(folder: Path) -> tuple[Path, Path]:
    """One generator for both files, so no identity number is in both."""
    csv_path, xlsx_path = folder / "people.csv", folder / "people.xlsx"
    source = rows(CSV_ROWS + XLSX_ROWS)
    started = time.perf_counter()
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for _ in range(CSV_ROWS):
            writer.writerow(next(source))
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADERS)
    for row in source:
        sheet.append(row)
    workbook.save(xlsx_path)
    print(
        f"Files: CSV {CSV_ROWS:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in "
        f"{csv_seconds:.1f} s; XLSX {XLSX_ROWS:,} rows ({xlsx_path.stat().st_size / 1e6:.0f} MB) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return csv_path, xlsx_path


def file_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        yield from reader


# ---------------------------------------------------------------------------------------------
# Child processes


def qpdp(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/qpdp"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def timed_import(env: dict[str, str], path: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds of the child (user + system; the wall time on a shared
    machine depends on its neighbours), peak RSS in MB and the command's summary."""
    command = [str(ROOT / ".venv/bin/qpdp"), "import", "people", str(path), "--unit", "24",
               "--mode", "valid", "--user", "quantri"]  # fmt: skip
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if TIME:
            command = ["/usr/bin/time", "-v", "-o", report.name, *command]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if TIME:
            text = report.read()
            found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            peak_kb = int(found[1]) if found else 0
            cpu = sum(
                float(value)
                for value in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)
            )
        else:  # only meaningful when this child is the largest so far
            peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
            cpu = 0.0
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n")
    counts = dict(re.findall(r"^\s+(Thêm mới|Cập nhật|Không đổi|Bị loại):\s+(\d+)", done.stdout,
                             re.MULTILINE))  # fmt: skip
    summary = (
        f"exit {done.returncode}, created {counts.get('Thêm mới', '?')}, updated "
        f"{counts.get('Cập nhật', '?')}, unchanged {counts.get('Không đổi', '?')}, rejected "
        f"{counts.get('Bị loại', '?')}"
    )
    return seconds, cpu, peak_kb / 1024, summary


# ---------------------------------------------------------------------------------------------
# Ceilings, measured in this process on the same rows


def sqlite_ceiling(folder: Path, csv_path: Path) -> tuple[float, float]:
    """Rows per second of wall time and of this process's CPU time."""
    database = sqlite3.connect(folder / "ceiling.sqlite3", isolation_level=None)
    database.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    database.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(len(HEADERS)))})")
    sql = f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADERS))})"
    started, cpu = time.perf_counter(), time.process_time()
    database.execute("BEGIN")
    batch: list[list[str]] = []
    for row in file_rows(csv_path):
        batch.append(row)
        if len(batch) == 5000:
            database.executemany(sql, batch)
            batch = []
    database.executemany(sql, batch)
    database.execute("COMMIT")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    database.close()
    return CSV_ROWS / seconds, CSV_ROWS / cpu


def postgres_ceiling(csv_path: Path) -> float:
    import psycopg

    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={PG_DB}") as database:
        database.execute(f"DROP TABLE IF EXISTS raw_ceiling; CREATE TABLE raw_ceiling ({columns})")
        database.commit()
        started = time.perf_counter()
        with database.cursor() as cursor, cursor.copy("COPY raw_ceiling FROM STDIN") as copy:
            for row in file_rows(csv_path):
                copy.write_row(row)
        database.commit()
        seconds = time.perf_counter() - started
        database.execute("DROP TABLE raw_ceiling")
    return CSV_ROWS / seconds


def calamine_rate(xlsx_path: Path) -> float:
    import python_calamine

    started = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(str(xlsx_path))
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    return (count - 1) / (time.perf_counter() - started)


# ---------------------------------------------------------------------------------------------
# Runs


def measure(label: str, env: dict[str, str], files: tuple[Path, Path], ceiling: float,
            reader: float, fresh: Callable[[], None],
            cpu_ceiling: float | None = None) -> None:  # fmt: skip
    """Import the CSV column-wise and row by row, then the XLSX, each into the database as
    ``fresh`` leaves it; ratios by wall time, and for SQLite (whose ceiling is this process's
    CPU alone) by CPU time too, which a loaded machine disturbs less."""
    csv_path, xlsx_path = files
    by_cpu = f" (by CPU time: {cpu_ceiling:,.0f} rows/s)" if cpu_ceiling else ""
    print(
        f"{label}: ceiling {ceiling:,.0f} rows/s{by_cpu}; calamine reads the XLSX at "
        f"{reader:,.0f} rows/s"
    )
    runs = (
        (csv_path, CSV_ROWS, "CSV", "column-wise", "1"),
        (csv_path, CSV_ROWS, "CSV", "row-wise", "0"),
        (xlsx_path, XLSX_ROWS, "XLSX", "column-wise", "1"),
    )
    for path, count, kind, how, columnar in runs:
        fresh()
        seconds, cpu, peak, summary = timed_import({**env, "QPDP_IMPORT_COLUMNAR": columnar}, path)
        bound = ceiling if kind == "CSV" else min(ceiling, reader)
        print(
            f"  import {kind:<4} {how:<11} {count:>9,} rows: {seconds:7.1f} s"
            f"  {count / seconds:9,.0f} rows/s  (CPU {cpu:6.1f} s,"
            f" {count / cpu if cpu else 0:7,.0f} rows/s)  peak {peak:6.0f} MB"
            f"  {count / seconds / bound:.3f} of ceiling"
            + (
                f", {count / cpu / cpu_ceiling:.3f} by CPU"
                if cpu and cpu_ceiling and kind == "CSV"
                else ""
            )
            + f"  ({summary})"
        )


def setup(env: dict[str, str]) -> None:
    qpdp(env, "migrate", "-v0")
    qpdp(env, "load_units", "--province", "24")
    qpdp(env, "seed_demo", "--people", "1000")


def sqlite_run(folder: Path, files: tuple[Path, Path], reader: float) -> None:
    database = folder / "bench.sqlite3"
    env = {**os.environ, "QPDP_DATABASE_URL": f"sqlite:///{database}"}
    setup(env)
    pristine = folder / "pristine.sqlite3"
    shutil.copyfile(database, pristine)
    ceiling, cpu_ceiling = sqlite_ceiling(folder, files[0])
    measure("SQLite (ceiling: sqlite3 executemany, unindexed table)", env, files, ceiling, reader,
            lambda: shutil.copyfile(pristine, database), cpu_ceiling)  # fmt: skip


def postgres_run(files: tuple[Path, Path], reader: float) -> None:
    if not postgres_ready():
        print("PostgreSQL not reachable on 127.0.0.1:5432: skipped.")
        return
    pristine = f"{PG_DB}_pristine"
    for name in (PG_DB, pristine):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],
                       check=True)  # fmt: skip
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", pristine], check=True)
    setup({**os.environ, "QPDP_DATABASE_URL": PG_URL.replace(PG_DB, pristine)})

    def fresh() -> None:
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", PG_DB],
                       check=True)  # fmt: skip
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", pristine, PG_DB],
                       check=True)  # fmt: skip

    fresh()
    ceiling = postgres_ceiling(files[0])
    measure("PostgreSQL (ceiling: COPY, unindexed table)", {**os.environ, "QPDP_DATABASE_URL":
            PG_URL}, files, ceiling, reader, fresh)  # fmt: skip


if __name__ == "__main__":
    print(f"Peak memory from {'/usr/bin/time -v' if TIME else 'RUSAGE_CHILDREN'}.")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_files(folder)
        reader = calamine_rate(files[1])
        sqlite_run(folder, files, reader)
        postgres_run(files, reader)
