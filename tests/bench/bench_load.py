"""Benchmark: the busiest pages and API endpoints under 50 concurrent connections (wrk), on the
production server: gunicorn with deploy/gunicorn.conf.py, as the service files run it.

Serves the PostgreSQL database `tests/bench/bench_people.py` leaves for the size
(`tests/bench/steps/_scale.py`: `qpdp_bench_small`, 60,000 people, by default; `qpdp_bench`,
2,000,000, at `SCALE=province`; run `bench_pool_db.py` too for the 2026 call-up cycle the pool
page needs) with production settings (DEBUG off, a secret key, static files collected,
WhiteNoise) over loopback. A near-empty page (the officer's account page: session, login,
navigation, the base template and two small queries) is measured first as the framework's
floor; every scenario's throughput is then also given as a ratio to that floor, which says how
much of a page's cost is its own work rather than the stack's (and stays comparable across
machines). Each scenario runs wrk for a bounded time with a ward officer's session cookie
against a fresh server (at the small size, against one warmed server per set of scenarios, left
to finish wrk's queued requests between them); prints requests/s, the ratio, p50/p99 latency
and errors (non-2xx answers and socket errors).

Then issue 15's latency goals: the floor, the people list, search, person detail and the API
list again at 16 connections, each p99 against its goal (< 150 ms); and the search's server
time (goal: p95 < 50 ms), read from gunicorn's access log as deployed (`%(M)s`, whole
milliseconds: the time from reading the request to writing the answer, without wrk's round
trip or queueing in the client), for ``QPDP_LOAD_SEARCHES`` sequential searches and for the
floor page the same way, and for the searches of the 16-connection run.

Asserts nothing. Skips with a message when wrk, PostgreSQL or the database is missing.
`QPDP_DB_POOL=1 python tests/bench/bench_load.py` measures the same with psycopg's pool, and
`QPDP_CACHE_URL=redis://127.0.0.1:6379/2` with the shared cache (and sessions) in Redis;
`QPDP_LOAD_SECONDS`, `QPDP_LOAD_CONNECTIONS` and `QPDP_LOAD_FEW_CONNECTIONS` change the run.
"""

from __future__ import annotations

import json
import math
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.steps._scale import bench_scale, postgres_ready, psql  # noqa: E402

SCALE = bench_scale()
DATABASE = SCALE.database
PG_BENCH = SCALE.url
SECONDS = SCALE.load_seconds
SEARCHES = SCALE.load_searches
CONNECTIONS = int(os.environ.get("QPDP_LOAD_CONNECTIONS", "50"))
FEW = int(os.environ.get("QPDP_LOAD_FEW_CONNECTIONS", "16"))
ACCOUNT = "phuong.kinhbac"  # ward staff of new Kinh Bắc
P99_GOAL = 150.0
"""Issue 15: at 16 connections, the p99 of these scenarios under 150 ms."""
SEARCH_GOAL = 50.0
"""Issue 15: the search's p95 of server time under 50 ms."""
SEARCH = "people search"
AT_FEW = ("people list (ward)", SEARCH, "person detail", "API people list")

# Counts answers that are not 2xx (wrk's own counter ignores 3xx, e.g. a redirect to login).
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  io.write(string.format("non2xx %d\\n", total))
end
"""


GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
FLOOR = "near-empty page (floor)"
ANONYMOUS = "login page, signed out"
"""The anonymous floor: the framework's cost without a session, an account or a unit. The
logged-in floor is also given as its ratio to it (issue 15's goal: at least two thirds)."""
VAR_DIR = Path(tempfile.mkdtemp(prefix="qpdp-bench-load-"))


# Passed through from the caller, to compare: QPDP_DB_POOL=1 (psycopg's pool), other process
# and thread counts than deploy/gunicorn.conf.py chooses.
PASSED = ("QPDP_DB_POOL", "QPDP_DB_POOL_MAX_SIZE", "QPDP_WORKERS", "QPDP_THREADS", "QPDP_CACHE_URL")


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QPDP_") or k in PASSED}
    env.update(
        DJANGO_SETTINGS_MODULE="qpdp.settings",
        QPDP_DATABASE_URL=PG_BENCH,
        QPDP_DEBUG="0",
        QPDP_HTTPS="0",
        QPDP_SECRET_KEY="bench-load-secret-key-not-for-production-0123456789abcdef",
        QPDP_VAR_DIR=str(VAR_DIR),
        # The throughput of the API itself, not of its throttle (one session does every call).
        QPDP_API_RATE_USER="100000000/min",
        QPDP_API_RATE_TOKEN="100000000/min",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def gunicorn_settings() -> dict[str, object]:
    """The processes and threads deploy/gunicorn.conf.py chooses on this machine."""
    saved = dict(os.environ)
    os.environ.update(environment())
    try:
        conf = runpy.run_path(str(GUNICORN_CONF))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {"workers": conf["workers"], "threads": conf["threads"], "timeout": conf["timeout"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(port: int, log: Path, access_log: Path | None = None) -> subprocess.Popen[bytes]:
    """gunicorn with the deployed settings; its errors (tracebacks of 500s, gunicorn's own
    notices) go to ``log``, the access log (one line a request, as in production) to
    ``access_log`` if given, else nowhere."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**environment(), "QPDP_LOG_LEVEL": "ERROR", "QPDP_BIND": f"127.0.0.1:{port}"}
    if access_log is not None:
        env["QPDP_ACCESS_LOG"] = str(access_log)
    with log.open("ab") as errors:
        server = subprocess.Popen([str(gunicorn), "-c", str(GUNICORN_CONF)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=errors,
                                  start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    stop(server)
    raise RuntimeError(f"gunicorn did not start (see {log})")


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGINT)  # gunicorn's quick shutdown
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def group_cpu(group: int) -> int:
    """CPU ticks (user + system) the processes of ``group`` have used: gunicorn's master, started
    in a session of its own, and its workers."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has gone
            continue
        if int(fields[2]) == group:  # pgrp, utime and stime: fields 5, 14 and 15 of proc(5)
            total += int(fields[11]) + int(fields[12])
    return total


def drain(server: subprocess.Popen[bytes], limit: float = 60.0) -> None:
    """Wait until the server's processes stop using the CPU: the requests wrk left queued when
    it stopped are answered before the next scenario starts on the same server."""
    deadline = time.monotonic() + limit
    last = group_cpu(server.pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = group_cpu(server.pid)
        if now - last <= 2:  # idle but for the workers' heartbeats
            return
        last = now


def check(base: str, path: str, cookie: str) -> int:
    """Status of one request without following redirects (a 302 to login is a failure)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def settle(limit: float = 60.0) -> None:
    """Wait until the previous scenario's requests are done and their connections closed, so
    one scenario's backlog does not count against the next (or exhaust PostgreSQL's 100)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc",
             f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{DATABASE}' "
             "AND state = 'active'"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if busy.stdout.strip() == "0":
            return
        time.sleep(0.5)


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, cookie: str, script: Path, seconds: int, connections: int) -> dict[str, float]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency",
         "-s", str(script), "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = result.stdout
    socket_errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": float(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": milliseconds(re.search(r"\n\s+50%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "p99": milliseconds(re.search(r"\n\s+99%\s+(\S+)", out).group(1)),  # type: ignore[union-attr]
        "non2xx": float(re.search(r"non2xx (\d+)", out).group(1)),  # type: ignore[union-attr]
        "socket": float(sum(int(n) for n in socket_errors.groups())) if socket_errors else 0.0,
    }


def bench_database_ready() -> bool:
    """The size's database exists and holds people (and the measured account)."""
    try:
        found = psql(f"SELECT count(*) FROM core_user WHERE username = '{ACCOUNT}' "
                     "AND EXISTS (SELECT 1 FROM people_person)", DATABASE)  # fmt: skip
    except subprocess.CalledProcessError:
        return False
    return found == "1"


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` of 1) of ``values``."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


ACCESS_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+) \S+ (\d+)ms')


def server_times(log: Path, path: str, offset: int) -> list[float]:
    """Milliseconds of each 200 answer to ``path`` in gunicorn's access log after ``offset``
    (the deployed format: `%(U)s` is the path without its query string, `%(M)s` the time)."""
    with log.open(encoding="utf-8") as lines:
        lines.seek(offset)
        found = (ACCESS_LINE.search(line) for line in lines)
        return [float(m[3]) for m in found if m and m[1] == path and m[2] == "200"]


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipped the load test.")
        return
    if not Path(sys.executable).with_name("gunicorn").exists():
        print("gunicorn is not installed (pip install -e .): skipped the load test.")
        return
    if not postgres_ready():
        print("PostgreSQL not reachable on 127.0.0.1:5432: skipped the load test.")
        return
    if not bench_database_ready():
        print(f"No {DATABASE} database with people and {ACCOUNT}: run "
              "tests/bench/bench_people.py (and bench_pool_db.py) first. Skipped the load test.")  # fmt: skip
        return
    # Migrations added since the bench database was built (it is built once, slowly), and the
    # static files the pages link by their hashed names.
    for step in (["migrate", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "-m", "qpdp.cli", *step], env=environment(),
                       check=True)  # fmt: skip
    prepared = subprocess.run(
        [sys.executable, "-m", "tests.bench.steps.load_prepare", "--account", ACCOUNT,
         "--floor", FLOOR],
        env=environment(), capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    if prepared.returncode != 0:
        raise RuntimeError(prepared.stderr)
    setup = json.loads(prepared.stdout.strip().splitlines()[-1])
    cookie, urls = setup["cookie"], setup["urls"]
    conf = gunicorn_settings()
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(WRK_SCRIPT)
        script = Path(handle.name)
    servers = (
        "a fresh server per scenario"
        if SCALE.load_fresh_servers
        else "one server per set of scenarios, idle again between them"
    )
    print(f"wrk, {CONNECTIONS} connections, {SECONDS} s per scenario, account {ACCOUNT}, "
          f"PostgreSQL {DATABASE}, DEBUG off, gunicorn (deploy/gunicorn.conf.py: "
          f"{conf['workers']} processes × {conf['threads']} threads, gthread, "
          f"timeout {conf['timeout']} s) on {os.cpu_count()} cores, {servers}, "
          f"connection pool {'on' if os.environ.get('QPDP_DB_POOL') == '1' else 'off'}:")  # fmt: skip
    load = Load(conf, cookie, script, VAR_DIR / "gunicorn-errors.log")
    try:
        with load.phase():
            anonymous = load.scenario(ANONYMOUS, "/dang-nhap/", CONNECTIONS, None, signed_in=False)
            floor = load.scenario(FLOOR, urls[FLOOR], CONNECTIONS, None)
            if floor and anonymous:
                print(f"  the signed-in floor is {floor / anonymous:.3f}× the signed-out one "
                      "(goal: at least 0.667)")  # fmt: skip
            for name, path in urls.items():
                if name != FLOOR:
                    load.scenario(name, path, CONNECTIONS, floor)
        print(f"At {FEW} connections (issue 15's goal: p99 < {P99_GOAL:.0f} ms):")
        with load.phase(VAR_DIR / "access.log"):
            floor = load.scenario(FLOOR, urls[FLOOR], FEW, None)
            for name in AT_FEW:
                if name in urls:
                    load.scenario(name, urls[name], FEW, floor, p99_goal=P99_GOAL)
            load.search_server_time(urls[SEARCH], urls[FLOOR])
        print(f"  (tracebacks of server errors, if any, in {load.errors})")
    finally:
        script.unlink()


def log_size(log: Path | None) -> int:
    return log.stat().st_size if log is not None and log.exists() else 0


class Load:
    """The scenarios of one run: wrk against gunicorn, warmed first. At the province's size
    each scenario gets a fresh server (the previous one's backlog and database connections do
    not spill over); at the small size one server serves a set of scenarios (booting and
    warming three processes on a loaded two-core machine takes ~20 s, more than a scenario) and
    is left to finish the requests wrk left queued, then the database to go idle, between
    scenarios."""

    def __init__(self, conf: dict[str, object], cookie: str, script: Path, errors: Path) -> None:
        self.conf, self.cookie, self.script, self.errors = conf, cookie, script, errors
        self.shared: tuple[subprocess.Popen[bytes], str] | None = None
        self.access_log: Path | None = None
        self.under_load: dict[str, list[float]] = {}

    def server(self) -> tuple[subprocess.Popen[bytes], str]:
        """A server, every process warmed: each loads URLs, templates and translations on its
        first request (1–2 s here), so the cheap page is asked for first."""
        port = free_port()
        server = start(port, self.errors, self.access_log)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(2 * int(str(self.conf["workers"])) * int(str(self.conf["threads"]))):
                check(base, "/tai-khoan/", self.cookie)
        except BaseException:
            stop(server)
            raise
        return server, base

    @contextmanager
    def phase(self, access_log: Path | None = None) -> Iterator[None]:
        """Scenarios on one server (or fresh ones), with gunicorn's access log in ``access_log``."""
        self.access_log = access_log
        if not SCALE.load_fresh_servers:
            self.shared = self.server()
        try:
            yield
        finally:
            if self.shared is not None:
                stop(self.shared[0])
                self.shared = None
                settle()
            self.access_log = None

    def scenario(
        self,
        name: str,
        path: str,
        connections: int,
        floor: float | None,
        *,
        signed_in: bool = True,
        p99_goal: float | None = None,
    ) -> float | None:
        """One scenario's line; its requests/s (None when the page did not answer 200). With an
        access log, the server times of its answers are kept in ``under_load``."""
        server, base = self.shared or self.server()
        try:
            cookie = self.cookie if signed_in else ""
            started = time.perf_counter()
            status = check(base, path, cookie)  # also warms the caches
            alone = (time.perf_counter() - started) * 1000
            if status != 200:
                print(f"  {name:<26} skipped: answered {status}")
                return None
            seconds = (
                SECONDS * 3 if "pool" in name else SECONDS
            )  # seconds per request: give it time
            offset = log_size(self.access_log)
            figures = wrk(base + path, cookie, self.script, seconds, connections)
            if self.shared is not None:
                drain(server)
        finally:
            if self.shared is None:
                stop(server)
            settle()
        if self.access_log is not None:
            self.under_load[name] = server_times(self.access_log, path.split("?")[0], offset)
        if floor:
            ratio = f"{figures['rps'] / floor:6.3f}× floor"
        elif not signed_in:
            ratio = ""
        else:
            ratio = "   (= floor)"
        goal = ""
        if p99_goal is not None and not figures["requests"]:
            goal = " (no request completed: goal not judged)"
        elif p99_goal is not None:
            met = "met" if figures["p99"] < p99_goal else "not met"
            goal = f" ({figures['p99'] / p99_goal:.2f}× the {p99_goal:.0f} ms goal: {met})"
        print(
            f"  {name:<26} {figures['rps']:8.1f} req/s {ratio:<13}  "
            f"p50 {figures['p50']:8.1f} ms  p99 {figures['p99']:8.1f} ms{goal}  "
            f"requests {figures['requests']:6.0f}  non-2xx {figures['non2xx']:.0f}  "
            f"socket errors {figures['socket']:.0f}  (first request alone {alone:.0f} ms, "
            f"{seconds} s, {connections} connections, load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        return figures["rps"]

    def search_server_time(self, search: str, floor: str) -> None:
        """The search's p95 of server time: ``SEARCHES`` sequential requests, one at a time,
        then the floor page's the same way (the ratio); then that of the searches of the run at
        ``FEW`` connections, which includes waiting for a core and for the GIL."""
        assert self.access_log is not None
        log = self.access_log
        server, base = self.shared or self.server()
        try:
            times: dict[str, list[float]] = {}
            for path in (search, floor):
                offset = log_size(log)
                for _ in range(SEARCHES + 1):  # the first one warms the caches
                    check(base, path, self.cookie)
                # gunicorn writes a line after sending its answer: wait for the last one
                deadline = time.monotonic() + 5
                while True:
                    found = server_times(log, path.split("?")[0], offset)
                    if len(found) > SEARCHES or time.monotonic() > deadline:
                        break
                    time.sleep(0.1)
                times[path] = found[-SEARCHES:]  # without the warming one
        finally:
            if self.shared is None:
                stop(server)
                settle()
        found, floor_times = times[search], times[floor]
        if not found or not floor_times:
            print(f"  search p95 of server time: no access-log lines in {log}")
            return
        p95, floor_p95 = percentile(found, 0.95), percentile(floor_times, 0.95)
        met = "met" if p95 < SEARCH_GOAL else "not met"
        print(
            f"  search, server time (gunicorn's access log, whole ms), {len(found)} sequential "
            f"requests: p50 {percentile(found, 0.5):.0f} ms  p95 {p95:.0f} ms "
            f"({p95 / SEARCH_GOAL:.2f}× the {SEARCH_GOAL:.0f} ms goal: {met}); the floor page "
            f"the same way: p95 {floor_p95:.0f} ms (search {p95 / max(floor_p95, 1):.1f}× the "
            f"floor; load average {os.getloadavg()[0]:.1f})"
        )
        loaded = self.under_load.get(SEARCH, [])
        if loaded:
            p95 = percentile(loaded, 0.95)
            print(
                f"  search, server time of the {len(loaded)} searches at {FEW} connections "
                f"above: p50 {percentile(loaded, 0.5):.0f} ms  p95 {p95:.0f} ms "
                f"({p95 / SEARCH_GOAL:.2f}× the goal; includes waiting for a core and the GIL)"
            )


if __name__ == "__main__":
    main()
