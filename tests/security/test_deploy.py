"""``manage.py check --deploy`` is clean with production settings (and not with development's)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    "QPDP_SECRET_KEY": secrets.token_urlsafe(64),
    "QPDP_DEBUG": "0",
    "QPDP_HTTPS": "1",
    "QPDP_SSL_REDIRECT": "1",
    "QPDP_ALLOWED_HOSTS": "qpdp.bacninh.gov.vn",
}


def deploy_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests' conftest relaxes Django's async check for this process only.
    harness = ("QPDP_", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(harness)}
    if "QPDP_DATABASE_URL" in os.environ:
        clean["QPDP_DATABASE_URL"] = os.environ["QPDP_DATABASE_URL"]
    clean.update(DJANGO_SETTINGS_MODULE="qpdp.settings", QPDP_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "extra",
    [{}, {"QPDP_PROXY_SSL_HEADER": "1"}],
    ids=["tls-in-django", "tls-at-proxy"],
)
def test_deploy_checks_are_clean_with_production_settings(
    tmp_path: Path, extra: dict[str, str]
) -> None:
    result = deploy_check(tmp_path, **PRODUCTION, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_checks_refuse_the_development_settings(tmp_path: Path) -> None:
    result = deploy_check(tmp_path, QPDP_DEBUG="1")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "security.W009" in output  # the development secret key
    assert "security.W018" in output  # DEBUG


def run_qpdp(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``qpdp ARGS`` (or the WSGI module with ``-c``) in a clean environment plus ``env``."""
    harness = ("QPDP_", "DJANGO_")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(harness)}
    clean.update(QPDP_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "entry", [("-m", "qpdp.cli", "check"), ("-c", "import qpdp.wsgi")], ids=["qpdp", "wsgi"]
)
def test_production_refuses_to_start_without_a_secret_key(
    tmp_path: Path, entry: tuple[str, ...]
) -> None:
    result = run_qpdp(tmp_path, *entry, QPDP_DEBUG="0")
    assert result.returncode != 0
    assert "chưa đặt khóa bí mật" in result.stderr
    assert "refuses to start: no secret key" in result.stderr


def test_a_key_file_or_debugging_lets_it_start(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64) + "\n", encoding="utf-8")
    from_file = run_qpdp(
        tmp_path, "-m", "qpdp.cli", "check", QPDP_DEBUG="0", QPDP_SECRET_KEY_FILE=str(key_file)
    )
    assert from_file.returncode == 0, from_file.stderr
    demo = run_qpdp(tmp_path, "-m", "qpdp.cli", "check", QPDP_DEBUG="1")
    assert demo.returncode == 0, demo.stderr


def test_trusted_proxies_turn_on_the_forwarded_scheme(tmp_path: Path) -> None:
    show = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    env = {"QPDP_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "qpdp.settings"}
    behind = run_qpdp(tmp_path, "-c", f"import django; django.setup(); {show}",
                      QPDP_TRUSTED_PROXIES="127.0.0.1", **env)  # fmt: skip
    assert "HTTP_X_FORWARDED_PROTO" in behind.stdout, behind.stderr
    direct = run_qpdp(tmp_path, "-c", f"import django; django.setup(); {show}", **env)
    assert direct.stdout.strip() == "None", direct.stderr


def test_the_postgresql_pool_is_an_option(tmp_path: Path) -> None:
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['CONN_MAX_AGE'], d['OPTIONS'].get('pool'))"
    )
    env = {
        "QPDP_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "qpdp.settings",
        "QPDP_DATABASE_URL": "postgres://qpdp@127.0.0.1:5432/qpdp",
    }
    pooled = run_qpdp(tmp_path, "-c", show, QPDP_DB_POOL="1", **env)
    assert pooled.stdout.split(maxsplit=1) == [
        "0",
        "{'min_size': 1, 'max_size': 8, 'timeout': 10}\n",
    ]
    plain = run_qpdp(tmp_path, "-c", show, **env)
    assert plain.stdout.split() == ["600", "None"], plain.stderr
