"""Benchmark: the busiest pages and API endpoints under 50 concurrent connections (wrk), on the
production server: gunicorn with deploy/gunicorn.conf.py, as the service files run it.

Serves the PostgreSQL database `tests/bench/bench_people.py` leaves (`qpdp_bench`, 1,000,000
people; run it first, and `bench_pool_db.py` for the 2026 call-up cycle the pool page needs)
with production settings (DEBUG off, a secret key, static files collected, WhiteNoise) over
loopback. A near-empty page (the officer's account page: session, login, navigation, the base
template and two small queries) is measured first as the framework's floor; every scenario's
throughput is then also given as a ratio to that floor, which says how much of a page's cost is
its own work rather than the stack's (and stays comparable across machines). Each scenario
runs wrk for a bounded time with a ward officer's session cookie against a fresh server;
prints requests/s, the ratio, p50/p99 latency and errors (non-2xx answers and socket errors).
Asserts nothing. Skips with a message when wrk, PostgreSQL or `qpdp_bench` is missing.
`QPDP_DB_POOL=1 python tests/bench/bench_load.py` measures the same with psycopg's pool, and
`QPDP_CACHE_URL=redis://127.0.0.1:6379/2` with the shared cache (and sessions) in Redis.
"""

from __future__ import annotations

import json
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_BENCH = "postgres://postgres@127.0.0.1:5432/qpdp_bench"
SECONDS = int(os.environ.get("QPDP_LOAD_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("QPDP_LOAD_CONNECTIONS", "50"))
ACCOUNT = "phuong.kinhbac"  # ward staff of new Kinh Bắc (~315,000 residents in the bench data)

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


def start(port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn with the deployed settings; its errors (tracebacks of 500s, gunicorn's own
    notices) go to ``log``, the access log (one line a request, as in production) nowhere."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**environment(), "QPDP_LOG_LEVEL": "ERROR", "QPDP_BIND": f"127.0.0.1:{port}"}
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
             "SELECT count(*) FROM pg_stat_activity WHERE datname = 'qpdp_bench' "
             "AND state = 'active'"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if busy.stdout.strip() == "0":
            return
        time.sleep(0.5)


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, cookie: str, script: Path, seconds: int) -> dict[str, float]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "--latency",
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
    found = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "qpdp_bench", "-tAc",
         "SELECT count(*) FROM people_person"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return found.returncode == 0 and int(found.stdout.strip() or 0) >= 100_000


def main() -> None:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipped the load test.")
        return
    if not Path(sys.executable).with_name("gunicorn").exists():
        print("gunicorn is not installed (pip install -e .): skipped the load test.")
        return
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode != 0:
        print("PostgreSQL not reachable on 127.0.0.1:5432: skipped the load test.")
        return
    if not bench_database_ready():
        print("No qpdp_bench database: run tests/bench/bench_people.py (and bench_pool_db.py) "
              "first. Skipped the load test.")  # fmt: skip
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
    print(f"wrk, {CONNECTIONS} connections, {SECONDS} s per scenario, account {ACCOUNT}, "
          f"PostgreSQL qpdp_bench, DEBUG off, gunicorn (deploy/gunicorn.conf.py: "
          f"{conf['workers']} processes × {conf['threads']} threads, gthread, "
          f"timeout {conf['timeout']} s) on {os.cpu_count()} cores, "
          f"connection pool {'on' if os.environ.get('QPDP_DB_POOL') == '1' else 'off'}:")  # fmt: skip
    log = VAR_DIR / "gunicorn-errors.log"
    floor: float | None = None
    anonymous: float | None = None
    try:
        for name, path in {ANONYMOUS: "/dang-nhap/", **urls}.items():
            # A fresh server per scenario: the previous one's backlog and database connections
            # do not spill over.
            port = free_port()
            server = start(port, log)
            try:
                base = f"http://127.0.0.1:{port}"
                # Each process loads URLs, templates and translations on its first request
                # (1–2 s here): warm them all on the cheap page first.
                for _ in range(2 * int(str(conf["workers"])) * int(str(conf["threads"]))):
                    check(base, urls[FLOOR], cookie)
                if name == ANONYMOUS:
                    anonymous = report(name, base, path, "", script, None)
                    continue
                rps = report(name, base, path, cookie, script, floor)
                if name == FLOOR:
                    floor = rps
                    if rps and anonymous:
                        print(f"  the signed-in floor is {rps / anonymous:.3f}× the signed-out one")
            finally:
                stop(server)
                settle()
        print(f"  (tracebacks of server errors, if any, in {log})")
    finally:
        script.unlink()


def report(
    name: str, base: str, path: str, cookie: str, script: Path, floor: float | None
) -> float | None:
    """One scenario's line; its requests/s (None when the page did not answer 200)."""
    started = time.perf_counter()
    status = check(base, path, cookie)  # also warms the caches
    alone = (time.perf_counter() - started) * 1000
    if status != 200:
        print(f"  {name:<26} skipped: answered {status}")
        return None
    seconds = SECONDS * 3 if "pool" in name else SECONDS  # seconds per request: give it time
    figures = wrk(base + path, cookie, script, seconds)
    ratio = f"{figures['rps'] / floor:6.3f}× floor" if floor else " " * 13
    print(
        f"  {name:<26} {figures['rps']:8.1f} req/s {ratio}  "
        f"p50 {figures['p50']:8.1f} ms  p99 {figures['p99']:8.1f} ms  "
        f"requests {figures['requests']:6.0f}  non-2xx {figures['non2xx']:.0f}  "
        f"socket errors {figures['socket']:.0f}  (first request alone {alone:.0f} ms, {seconds} s, "
        f"load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    return figures["rps"]


if __name__ == "__main__":
    main()
