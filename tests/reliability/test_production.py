"""The production setup end to end: gunicorn with deploy/gunicorn.conf.py and ``qpdp db_worker``
on loopback, debugging off, a secret key, static files collected into a fresh var directory.

An officer's account made by ``qpdp createuser`` logs in, opens a list, the page's stylesheet
comes from WhiteNoise with its hashed name, ``/healthz`` is green once the worker has run its
heartbeat, and an uploaded list goes through the worker (checked, then written). Runs on SQLite
and on PostgreSQL (the reliability tests' demo city, copied); skipped only where gunicorn is not
installed.
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from tests.imports.test_services import sample_rows, write_xlsx
from tests.reliability.conftest import Database, qpdp_env, scalar

ROOT = Path(__file__).resolve().parents[2]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
BIN = Path(sys.executable).parent
PASSWORD = "Mat-khau-san-xuat-2026"
WARD = "09187"  # Kinh Bắc since 07/2025


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(database: Database, var_dir: Path, port: int) -> dict[str, str]:
    env = qpdp_env(database)
    env.update(
        QPDP_DEBUG="0",
        QPDP_SECRET_KEY=secrets.token_urlsafe(50),
        QPDP_VAR_DIR=str(var_dir),
        QPDP_AXES_ENABLED="1",
        QPDP_HTTPS="0",  # plain HTTP on loopback: TLS is the proxy's (deploy/)
        QPDP_BIND=f"127.0.0.1:{port}",
        QPDP_WORKERS="2",
        QPDP_THREADS="2",
        # the smallest list goes through the worker
        QPDP_IMPORT_BACKGROUND_ROWS="1",
        QPDP_IMPORT_BACKGROUND_BYTES="1",
        QPDP_USER_PASSWORD=PASSWORD,
        # SQLite's lock is waited for a third of it: the locked-database check waits 5 s
        QPDP_WORKER_TIMEOUT="15",
    )
    return env


def run(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(BIN / "qpdp"), *args], env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"qpdp {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


class Browser:
    """Cookies, CSRF token and redirects, as an officer's browser handles them."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(cookie.value or "" for cookie in self.jar if cookie.name == "csrftoken")

    def open(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str], bytes]:
        """(status, final URL, headers, body) with redirects followed."""
        request = Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.url, dict(response.headers), response.read()
        except HTTPError as error:
            return error.code, error.url, dict(error.headers), error.read()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, dict[str, str], bytes]:
        body = urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self.open(path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(
        self, path: str, fields: dict[str, str], name: str, content: bytes
    ) -> tuple[int, str, dict[str, str], bytes]:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in {**fields, "csrfmiddlewaretoken": self.csrf()}.items()
        ]
        head = (
            "".join(parts).encode()
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
        )
        body = head + content + f"\r\n--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.open(path, body, {"Content-Type": content_type})

    def json(self, path: str) -> tuple[int, Any]:
        status, _url, _headers, body = self.open(path)
        return status, json.loads(body)


def until[T](probe: Callable[[], T | None], seconds: float, what: str) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {seconds} s")


@pytest.fixture
def server(
    copy_of_demo: Callable[[str], Database], tmp_path: Path
) -> Iterator[tuple[Browser, Database, dict[str, str]]]:
    """The demo city (migrated once for the reliability tests) served as in production."""
    if not (BIN / "gunicorn").exists():
        pytest.skip("gunicorn chưa được cài (pip install -e .): bỏ qua kiểm thử máy chủ thật.")
    database = copy_of_demo("production")
    port = free_port()
    env = production_env(database, tmp_path / "var", port)
    run(env, "migrate", "-v0")  # what an upgrade runs: nothing to do here
    run(env, "collectstatic", "--no-input", "-v0")
    run(env, "createuser", "canbo", "--unit", WARD, "--role", "staff", "--no-input")
    log = (tmp_path / "gunicorn.log").open("w")
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(GUNICORN_CONF)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [str(BIN / "qpdp"), "db_worker", "--no-reload", "--interval", "0.2", "-v", "0"],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    browser = Browser(f"http://127.0.0.1:{port}")
    try:

        def answering() -> bool | None:
            assert web.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                return browser.open("/healthz")[0] in (200, 503) or None
            except URLError:
                return None

        until(answering, 30, "gunicorn answers")
        yield browser, database, env
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()


def test_gunicorn_and_the_worker_serve_an_officer(
    server: tuple[Browser, Database, dict[str, str]], tmp_path: Path
) -> None:
    browser, database, _env = server

    # The login page, its stylesheet from WhiteNoise (hashed name, cached for good).
    status, _url, _headers, page = browser.open("/dang-nhap/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/qpdp/qpdp\.[0-9a-f]{12}\.css)"', page.decode())
    assert stylesheet, "the page links the hashed stylesheet"
    status, _url, headers, css = browser.open(stylesheet.group(1))
    assert status == 200 and css
    assert "immutable" in headers.get("Cache-Control", "")

    # Login, then a list page.
    status, url, _headers, _body = browser.post(
        "/dang-nhap/", {"username": "canbo", "password": PASSWORD}
    )
    assert status == 200 and not url.endswith("/dang-nhap/"), url
    assert browser.open("/cong-dan/")[0] == 200

    # Healthy once the worker has run the heartbeat /healthz queued.
    def heartbeat() -> dict[str, Any] | None:
        status, body = browser.json("/healthz")
        return body if status == 200 and body["checks"]["worker_last_task_seconds"] else None

    health = until(heartbeat, 30, "the worker runs the heartbeat")
    assert health["status"] == "ok"

    # A list through the worker: checked in the background, then written in the background.
    unit = scalar(database, "SELECT unit_id FROM core_user WHERE username = 'canbo'")
    people = scalar(database, "SELECT COUNT(*) FROM people_person")
    source = write_xlsx(tmp_path / "danh-sach.xlsx", sample_rows()).read_bytes()
    status, url, _headers, _body = browser.upload(
        "/nhap-xuat/", {"layout": "people", "unit": str(unit)}, "danh-sach.xlsx", source
    )
    assert status == 200
    found = re.search(r"/nhap-xuat/(\d+)/$", url)
    assert found, url
    run_id = found.group(1)

    def status_is(wanted: str) -> dict[str, Any] | None:
        code, body = browser.json(f"/api/v1/imports/runs/{run_id}/")
        assert code == 200, body
        return body if body["status"] == wanted else None

    checked = until(lambda: status_is("preview"), 30, "the worker checks the list")
    assert (checked["created_count"], checked["rejected_count"]) == (2, 1)
    browser.post(f"/nhap-xuat/{run_id}/ghi/", {"mode": "valid"})
    until(lambda: status_is("committed"), 30, "the worker writes the list")
    assert scalar(database, "SELECT COUNT(*) FROM people_person") == people + 2

    if database.engine == "sqlite":
        # Another process holds SQLite's write lock (a large `qpdp import`): a login, which
        # writes, waits a third of the worker timeout and gets the Vietnamese 503 to retry.
        other = Browser(browser.base)
        other.open("/dang-nhap/")
        with closing(sqlite3.connect(database.name, isolation_level=None)) as importer:
            importer.execute("BEGIN IMMEDIATE")
            status, _url, headers, body = other.post(
                "/dang-nhap/", {"username": "canbo", "password": PASSWORD}
            )
            importer.execute("ROLLBACK")
        assert status == 503, body.decode()[:500]
        assert headers["Retry-After"]
        assert "Hệ thống đang ghi dữ liệu nhập, vui lòng thử lại sau." in body.decode()
