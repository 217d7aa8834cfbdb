"""``qpdp retention``: each growing table keeps rows for its own period, the audit log for ten
years by default, and every pruning is itself in the audit log. Runs on SQLite and PostgreSQL
(where the audit log is partitioned by month and whole months go)."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qpdp.core import health
from qpdp.core.audit import Action, AuditEntry
from qpdp.imports import services
from qpdp.imports.models import ImportedRow, ImportRun
from qpdp.people.models import Person
from tests.imports.test_services import TODAY, run_preview, sample_rows, write_xlsx

DAY = dt.timedelta(days=1)


def entry(age: dt.timedelta) -> AuditEntry:
    """An audit entry written ``age`` ago (moved across partitions on PostgreSQL)."""
    made = AuditEntry.objects.create(channel="web", request_id="r", action=Action.CREATE)
    AuditEntry.objects.filter(pk=made.pk).update(timestamp=timezone.now() - age)
    return made


def retention(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_audit_entries_go_after_their_years_and_the_pruning_is_audited(
    db: Any, settings: Any
) -> None:
    settings.QPDP_AUDIT_RETENTION_DAYS = 3650
    old, kept = entry(3660 * DAY), entry(3000 * DAY)
    assert "Sẽ xóa 1 nhật ký thay đổi" in retention("--dry-run")
    assert AuditEntry.objects.filter(pk=old.pk).exists()  # a dry run only counts

    assert "Đã xóa 1 nhật ký thay đổi" in retention()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    record = AuditEntry.objects.get(object_repr__startswith="Hết thời hạn lưu trữ")
    assert (record.channel, record.action, record.changes["retention"]["rows"]) == (
        "cli",
        Action.DELETE,
        1,
    )


def test_zero_days_keeps_forever(db: Any, settings: Any) -> None:
    settings.QPDP_AUDIT_RETENTION_DAYS = 0
    old = entry(40 * 365 * DAY)
    retention()
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_finished_task_results_go_after_two_weeks_but_running_ones_stay(db: Any) -> None:
    long_ago = timezone.now() - 15 * DAY
    finished, running = health.heartbeat.enqueue(), health.heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=finished.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=long_ago
    )
    DBTaskResult.objects.filter(pk=running.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )
    assert "Đã xóa 1 kết quả tác vụ nền" in retention()
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["RUNNING"]


def test_an_old_runs_links_go_and_its_undo_is_refused_then(
    tmp_path: Path, tree: Any, accounts: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = accounts.kinh_bac_staff
    rows = sample_rows()[:2]
    preview = run_preview(staff, write_xlsx(tmp_path / "a.xlsx", rows), tree.kinh_bac)
    old = services.commit(staff, preview, "all", today=TODAY)
    ImportRun.objects.filter(pk=old.pk).update(committed_at=timezone.now() - 400 * DAY)
    assert ImportedRow.objects.filter(run=old).count() == 2

    assert "Đã xóa 2 dòng đã nhập (để hoàn tác)" in retention()
    assert not ImportedRow.objects.filter(run=old).exists()
    with pytest.raises(ValidationError) as refused:
        services.undo(staff, old)
    assert refused.value.code == "undo_expired"
    assert Person.objects.count() == 2  # nothing undone


def test_an_audit_retention_under_a_year_is_refused_at_start(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QPDP_")}
    env.update(QPDP_VAR_DIR=str(tmp_path), QPDP_DEBUG="1", QPDP_AUDIT_RETENTION_DAYS="30")
    qpdp = str(Path(sys.executable).with_name("qpdp"))
    done = subprocess.run([qpdp, "check"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "the audit log is evidence" in done.stderr
