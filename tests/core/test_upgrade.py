"""``qpdp upgrade``: check, back up, migrate, collect static files, in that order, stopping at the
first step that fails with a Vietnamese message naming the step and what to do."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from qpdp.core.management.commands import upgrade

Calls = list[tuple[str, dict[str, Any]]]


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Every command ``upgrade`` runs, recorded instead of run."""
    recorded: Calls = []
    monkeypatch.setattr(upgrade, "call_command", lambda name, **kw: recorded.append((name, kw)))
    return recorded


def failing_at(monkeypatch: pytest.MonkeyPatch, step: str, error: Exception) -> Calls:
    recorded: Calls = []

    def fake(name: str, **kw: Any) -> None:
        recorded.append((name, kw))
        if name == step:
            raise error

    monkeypatch.setattr(upgrade, "call_command", fake)
    return recorded


def run_upgrade(*args: str) -> str:
    out = StringIO()
    call_command("upgrade", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_steps_run_in_order_check_backup_migrate_collectstatic(calls: Calls) -> None:
    output = run_upgrade()

    assert [name for name, _ in calls] == ["check", "backup", "migrate", "collectstatic"]
    assert calls[0][1]["deploy"] is True
    assert calls[2][1]["interactive"] is False and calls[3][1]["interactive"] is False
    assert "[1/4] Bước kiểm tra cấu hình" in output
    assert "[4/4] Bước thu thập tệp tĩnh" in output
    assert "Nâng cấp xong" in output


@pytest.mark.parametrize(
    ("step", "error", "number", "advice"),
    [
        ("check", SystemCheckError("SystemCheckError: ?: (qpdp.E001) sai"), "1/4", "qpdp.env"),
        ("backup", CommandError("Không còn chỗ trống"), "2/4", "Chưa có gì bị thay đổi"),
        ("migrate", RuntimeError("lỗi cấu trúc"), "3/4", "qpdp restore --force"),
        ("collectstatic", PermissionError("static"), "4/4", "collectstatic --noinput"),
    ],
)
def test_the_first_failure_stops_the_upgrade_with_the_step_and_the_remedy(
    monkeypatch: pytest.MonkeyPatch, step: str, error: Exception, number: str, advice: str
) -> None:
    recorded = failing_at(monkeypatch, step, error)

    with pytest.raises(CommandError) as refused:
        run_upgrade()

    names = [name for name, _ in recorded]
    assert names[-1] == step  # nothing after the failing step ran
    assert f"Nâng cấp dừng ở bước {number}" in str(refused.value)
    assert advice in str(refused.value)
    assert str(error) in str(refused.value)


def test_skip_backup_leaves_out_only_the_backup(calls: Calls) -> None:
    output = run_upgrade("--skip-backup")

    assert [name for name, _ in calls] == ["check", "migrate", "collectstatic"]
    assert "[3/3]" in output


@pytest.mark.django_db
def test_a_real_upgrade_collects_the_stylesheet(
    monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    """The real check, migrate and collectstatic (the backup is recorded: pytest's database is
    not a file a backup could copy)."""
    settings.STATIC_ROOT = tmp_path / "static"
    # Set by the browser tests in this worker (Playwright's event loop); the deploy check
    # rightly refuses it (async.E001), and a real server never has it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    real: Callable[..., Any] = call_command
    skipped: list[str] = []

    def all_but_backup(name: str, **kw: Any) -> Any:
        if name == "backup":
            skipped.append(name)
            return None
        return real(name, **kw)

    monkeypatch.setattr(upgrade, "call_command", all_but_backup)

    output = run_upgrade()

    assert skipped == ["backup"]
    assert (tmp_path / "static" / "qpdp" / "qpdp.css").is_file()
    assert "Nâng cấp xong" in output
