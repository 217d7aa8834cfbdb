"""The operator's files in deploy/, compose.yaml and requirements/ hold together: the systemd
units run commands that exist with arguments they accept, Compose validates the stack, and the
hashed lock pins exactly the versions pyproject.toml declares."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))
QPDP = "/opt/qpdp/venv/bin/qpdp"


def exec_starts(unit: Path) -> list[list[str]]:
    lines = unit.read_text().splitlines()
    return [shlex.split(line.split("=", 1)[1]) for line in lines if line.startswith("ExecStart=")]


def qpdp_invocations() -> list[tuple[str, list[str]]]:
    found = []
    for unit in UNITS:
        for argv in exec_starts(unit):
            if argv[0] == QPDP:
                found.append((unit.name, argv[1:]))
    return found


def test_every_unit_has_a_timer_or_is_a_long_running_service() -> None:
    names = {unit.stem for unit in UNITS}
    timers = {timer.stem for timer in (ROOT / "deploy" / "systemd").glob("*.timer")}

    assert {"qpdp-web", "qpdp-worker"} <= names
    assert timers == names - {"qpdp-web", "qpdp-worker"}
    assert {
        "qpdp-backup",
        "qpdp-import-cleanup",
        "qpdp-retention",
        "qpdp-clearsessions",
        "qpdp-pools",
    } <= (timers)


@pytest.mark.parametrize(("unit", "argv"), qpdp_invocations(), ids=lambda v: str(v))
def test_every_qpdp_command_in_a_unit_exists_and_accepts_its_arguments(
    unit: str, argv: list[str]
) -> None:
    name, *args = argv
    commands = get_commands()
    assert name in commands, f"{unit}: qpdp {name} does not exist"
    parser = load_command_class(commands[name], name).create_parser("qpdp", name)
    parser.parse_args(args)  # exits (SystemExit) on an argument the command does not take


def test_units_are_hardened_and_read_the_secret_from_a_credential() -> None:
    for unit in UNITS:
        text = unit.read_text()
        for line in (
            "User=qpdp",
            "ProtectSystem=strict",
            "NoNewPrivileges=yes",
            "EnvironmentFile=/etc/qpdp/qpdp.env",
            "LoadCredential=secret_key:/etc/qpdp/secret_key",
            "Environment=QPDP_SECRET_KEY_FILE=%d/secret_key",
        ):
            assert line in text.splitlines(), f"{unit.name} lacks {line}"


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_file_validates() -> None:
    compose = compose_command()
    if compose is None:
        pytest.skip("Không có docker compose hay docker-compose: bỏ qua kiểm tra compose.yaml.")
    env = {**os.environ, "QPDP_DB_PASSWORD": "only-for-this-test"}
    valid = subprocess.run(
        [*compose, "-f", "compose.yaml", "config", "-q"], cwd=ROOT, env=env, capture_output=True
    )
    env.pop("QPDP_DB_PASSWORD")
    no_password = subprocess.run(
        [*compose, "-f", "compose.yaml", "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert valid.returncode == 0, valid.stderr
    assert no_password.returncode != 0
    assert "set QPDP_DB_PASSWORD in .env" in no_password.stderr


def pins(path: Path) -> dict[str, str]:
    """name → version of every requirement in a lock file, each checked to carry a hash."""
    text = path.read_text()
    found = {}
    for match in re.finditer(
        r"^([A-Za-z0-9._-]+)==([^\s;\\]+)[^\n]*\\\n\s+--hash=sha256:", text, re.M
    ):
        found[normalise(match.group(1))] = match.group(2)
    return found


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(requirements: list[str]) -> dict[str, str]:
    result = {}
    for requirement in requirements:
        name, version = requirement.split("==")
        result[normalise(name.split("[")[0])] = version.split(";")[0].strip()
    return result


def test_the_lock_pins_every_runtime_dependency_at_the_declared_version_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    locked = pins(ROOT / "requirements" / "lock.txt")

    stale = {
        name: (version, locked.get(name))
        for name, version in declared(project["dependencies"]).items()
        if locked.get(name) != version
    }
    assert not stale, f"requirements/lock.txt is stale, run `make lock`: {stale}"
    # No development tool ships (django-tasks-db needs django-stubs-ext at run time).
    dev_only = set(declared(project["optional-dependencies"]["dev"])) - {"django-stubs-ext"}
    assert not set(locked) & dev_only


def test_the_catalogue_lock_pins_the_catalogue_packages_alone() -> None:
    wanted = declared(
        [
            line.split("#")[0].strip()
            for line in (ROOT / "requirements" / "catalogue.txt").read_text().splitlines()
            if line.split("#")[0].strip()
        ]
    )

    assert pins(ROOT / "requirements" / "catalogue.lock.txt") == wanted


# Read by the test suite only, or set by the units themselves rather than by the operator.
NOT_FOR_OPERATORS = {
    "QPDP_TEST_SQLITE_NAME",
    "QPDP_SECRET_KEY",
    "QPDP_SECRET_KEY_FILE",
    "QPDP_REQUIRE_SECRET_KEY",
}


# os.environ.get("QPDP_X"), os.environ["QPDP_X"], _env_bool("QPDP_X", …), _int("QPDP_X", …): a
# variable read, not a setting's name nor a mention in a comment.
READ = re.compile(r"""(?:environ(?:\.get)?[(\[]|_env_\w+\(|_int\()\s*["'](QPDP_[A-Z0-9_]+)""")


def variables_read() -> set[str]:
    sources = [ROOT / "src" / "qpdp" / "settings.py", ROOT / "deploy" / "gunicorn.conf.py"]
    found: set[str] = set()
    for source in sources:
        if source.exists():
            found |= set(READ.findall(source.read_text()))
    return found - NOT_FOR_OPERATORS


@pytest.mark.parametrize("document", ["deploy/qpdp.env.example", "docs/operator-guide.md"])
def test_every_setting_is_in_the_environment_file_and_the_guide(document: str) -> None:
    text = (ROOT / document).read_text()

    missing = sorted(name for name in variables_read() if name not in text)
    assert not missing, f"add {missing} to {document}"


def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd's own parser; the only complaint allowed is the install paths this machine lacks."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("Không có systemd-analyze: bỏ qua kiểm tra cú pháp các tệp systemd.")
    units = sorted((ROOT / "deploy" / "systemd").glob("qpdp-*"))
    result = subprocess.run(
        [analyze, "verify", *map(str, units)], capture_output=True, text=True, cwd=tmp_path
    )

    complaints = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "/opt/qpdp/venv/bin/" not in line
    ]
    assert not complaints, "\n".join(complaints)


def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    """``nginx -t`` on the site with a throwaway certificate in place of the real one."""
    nginx, openssl = shutil.which("nginx"), shutil.which("openssl")
    if nginx is None or openssl is None:
        pytest.skip("Không có nginx hoặc openssl: bỏ qua kiểm tra deploy/nginx/qpdp.conf.")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=t",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (ROOT / "deploy" / "nginx" / "qpdp.conf").read_text()
    site = site.replace("/etc/ssl/qpdp/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/qpdp/privkey.pem", str(key))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )

    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    # The default upload limit, plus 1 MiB for the form's other fields.
    megabytes = settings.QPDP_IMPORT_MAX_BYTES // 2**20 + 1
    assert f"client_max_body_size {megabytes}m;" in site
