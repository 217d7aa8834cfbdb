"""SIGKILL in the middle of a write: the database keeps each transaction whole or not at all.

A real server process (``qpdp runserver --noreload``) takes page writes from several clients and
is killed while one of its transactions is open; a ``qpdp import`` of a few thousand rows is
killed inside its commit. Afterwards the database must be intact, every person must have the
residence and the audit entry written with it, and the interrupted import must be writable
again.
"""

from __future__ import annotations

import csv
import datetime as dt
import http.cookiejar
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import Database, qpdp, qpdp_env, scalar

Copy = Callable[[str], Database]
STAFF = "phuong.kinhbac"
PASSWORD = "QpdpDemo@2026"  # seed_demo's shared demo password
DEADLINE = 20.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def id_number(birth: dt.date, gender: str, serial: int) -> str:
    """A valid number from Hà Nội (001), a province the demo's people never come from."""
    century_gender = 2 * ((birth.year - 1900) // 100) + (0 if gender == "M" else 1)
    return f"001{century_gender}{birth.year % 100:02d}{serial:06d}"


def write_in_progress(database: Database) -> bool:
    """Another connection holds an open write transaction on ``database``."""
    if database.engine == "sqlite":
        probe = sqlite3.connect(database.name, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    with database.connect() as conn:
        return bool(
            conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
            ).fetchone()[0]
        )


def kill_when(
    process: subprocess.Popen[Any], ready: Callable[[], bool], database: Database
) -> bool:
    """SIGKILL ``process`` the moment a write transaction is open after ``ready``; False if it
    ended first."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline and process.poll() is None:
        if ready() and write_in_progress(database):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return True
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return False


def assert_intact(database: Database) -> None:
    if database.engine == "sqlite":
        with sqlite3.connect(database.name) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def assert_people_whole(database: Database, after_id: int) -> int:
    """Every person since ``after_id`` has its residence and its creation entry, and the reverse."""
    person_type = scalar(
        database,
        "SELECT id FROM django_content_type WHERE app_label = 'people' AND model = 'person'",
    )
    with database.connect() as conn:
        people = {
            str(pk) for (pk,) in conn.execute(f"SELECT id FROM people_person WHERE id > {after_id}")
        }
        without_residence = conn.execute(
            f"SELECT count(*) FROM people_person p WHERE p.id > {after_id} AND NOT EXISTS "
            "(SELECT 1 FROM people_residence r WHERE r.person_id = p.id)"
        ).fetchone()[0]
        created_entries = [
            object_id
            for (object_id,) in conn.execute(
                "SELECT object_id FROM core_auditentry WHERE action = 'create' "
                f"AND content_type_id = {person_type}"
            )
            if int(object_id) > after_id
        ]
    assert without_residence == 0
    assert sorted(created_entries) == sorted(people)
    return len(people)


class Officer:
    """A logged-in browser session, speaking plain HTTP to the server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return str(response.read().decode())

    def post(self, path: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, body, headers={"Referer": self.base})
        with self.opener.open(request, timeout=10) as response:
            return int(response.status)

    def login(self) -> None:
        self.get("/dang-nhap/")
        self.post("/dang-nhap/", {"username": STAFF, "password": PASSWORD})
        assert any(c.name == "sessionid" for c in self.jar), "login failed"


def start_server(database: Database, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "qpdp.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=qpdp_env(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("the server did not start")


def test_a_server_killed_during_page_writes_leaves_whole_transactions(
    copy_of_demo: Copy,
) -> None:
    database = copy_of_demo("kserver")
    baseline = int(scalar(database, "SELECT max(id) FROM people_person"))
    ward = scalar(database, f"SELECT unit_id FROM core_user WHERE username = '{STAFF}'")
    port = free_port()
    server = start_server(database, port)
    stop = threading.Event()
    answers: list[int] = []

    def write(worker: int) -> None:
        officer = Officer(f"http://127.0.0.1:{port}")
        officer.login()
        for serial in range(worker * 10_000, worker * 10_000 + 5_000):
            if stop.is_set():
                return
            birth = dt.date(2000 + serial % 8, 1 + serial % 12, 1 + serial % 28)
            form = {
                "family_name": "Phạm", "middle_name": "Văn", "given_name": f"Thử{serial}",
                "gender": "M", "birth_date_text": birth.strftime("%d/%m/%Y"),
                "id_number": id_number(birth, "M", serial), "ethnicity": "Kinh",
                "religion": "Không", "residence_unit": str(ward), "address": "Số 1",
                "confirm_similar": "on",
            }  # fmt: skip
            try:
                answers.append(officer.post("/cong-dan/them/", form))
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return

    workers = [threading.Thread(target=write, args=(n,), daemon=True) for n in range(1, 5)]
    for worker in workers:
        worker.start()
    try:
        killed = kill_when(server, lambda: len(answers) >= 20, database)
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        for worker in workers:
            worker.join(timeout=10)

    assert killed, "no write transaction was caught open before the deadline"
    assert set(answers) == {200}  # redirects to the new person's page were followed
    assert_intact(database)
    created = assert_people_whole(database, baseline)
    assert created >= len(answers)


FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Ngô", "Dương")
MIDDLE = ("Văn", "Đức", "Quốc", "Minh", "Hữu", "Thành", "Xuân", "Công", "Đình", "Ngọc")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân",
    "Sơn", "Thắng", "Tuấn", "Việt", "Vinh", "Toàn", "Trung", "Tâm", "Hiếu", "Lâm", "Đạt", "Kiên",
    "Mạnh", "Nghĩa", "Phúc", "Quang", "Tài", "Thịnh",
)  # fmt: skip


def write_people_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Địa chỉ"])
        for n in range(1, count + 1):
            birth = dt.date(1990 + n % 15, 1 + n % 12, 1 + n % 28)
            name = f"{FAMILY[n % 10]} {MIDDLE[n // 10 % 10]} {GIVEN[n // 100 % 30]}"
            writer.writerow(
                [n, name, birth.strftime("%d/%m/%Y"), "Nam", id_number(birth, "M", 500_000 + n),
                 f"Số {n} Trần Hưng Đạo"]
            )  # fmt: skip
    return path


def test_an_import_killed_inside_its_commit_writes_nothing_and_can_be_run_again(
    copy_of_demo: Copy, tmp_path: Path
) -> None:
    database = copy_of_demo("kimport")
    rows = 3000
    baseline = int(scalar(database, "SELECT max(id) FROM people_person"))
    people_before = scalar(database, "SELECT count(*) FROM people_person")
    source = write_people_csv(tmp_path / "nhap.csv", rows)
    command = [sys.executable, "-m", "qpdp.cli", "import", "people", str(source),
               "--unit", "09187", "--user", STAFF]  # fmt: skip
    job = subprocess.Popen(
        command,
        env=qpdp_env(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def previewed() -> bool:  # the preview is committed: the next write is the commit
        return bool(scalar(database, "SELECT count(*) FROM imports_importrun"))

    killed = kill_when(job, previewed, database)

    assert killed, "the import finished before its commit could be interrupted"
    assert_intact(database)
    assert scalar(database, "SELECT count(*) FROM people_person") == people_before
    assert scalar(database, "SELECT count(*) FROM imports_importedrow") == 0
    assert scalar(database, "SELECT status FROM imports_importrun") == "preview"
    # Nothing was half-written, so running the same import again writes every row once.
    qpdp(database, "import", "people", str(source), "--unit", "09187", "--user", STAFF)
    assert scalar(database, "SELECT count(*) FROM people_person") == people_before + rows
    assert_intact(database)
    assert (
        scalar(database, f"SELECT count(*) FROM people_residence WHERE person_id > {baseline}")
        == rows
    )


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib must reach the loopback server directly, whatever proxy the machine sets."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
