"""Large files as background jobs: queued from the page, run by the worker, followed, restarted."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path, PurePosixPath
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from qpdp.core import health
from qpdp.core.audit import AuditEntry
from qpdp.imports import store, tasks, uploads
from qpdp.imports.models import ImportRun, JobPhase, JobState, RunStatus
from qpdp.people.models import Person
from tests.imports.test_services import sample_rows, write_xlsx

QPDP = str(Path(sys.executable).with_name("qpdp"))


@pytest.fixture(autouse=True)
def background(settings: Any, tmp_path: Path) -> Path:
    """Every file counts as large, so the smallest sample goes through the worker."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QPDP_IMPORT_BACKGROUND_ROWS = 1
    settings.QPDP_IMPORT_BACKGROUND_BYTES = 1
    return tmp_path


def run_worker() -> None:
    """What ``qpdp db_worker --batch`` does, in the test's process and transaction.

    The worker closes "old" connections between tasks, which inside a test's transaction means
    the test's own connection on PostgreSQL; and it would replace the process's signal handlers.
    """
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, unit: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(
            reverse("imports:home"), {"layout": "people", "unit": unit.pk, "file": handle}
        )


def test_a_large_file_is_checked_and_committed_by_the_worker(
    background: Path, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    response = upload(client, write_xlsx(background / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:detail", args=[run.pk])
    assert (run.status, run.job_phase, run.job_state) == (
        RunStatus.PENDING,
        JobPhase.PREVIEW,
        JobState.QUEUED,
    )
    assert DBTaskResult.objects.filter(id=run.task_id).exists()
    page = client.get(response.url).content.decode()
    assert "<progress" in page
    assert reverse("imports:progress", args=[run.pk]) in page
    assert "?mode=valid" not in page  # nothing to commit before the check is done
    poll = client.get(reverse("imports:progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'data-job-state="queued"' in poll.content.decode()
    assert "<html" not in poll.content.decode()  # a fragment for htmx to swap in
    assert client.get(reverse("imports:progress", args=[run.pk])).url == response.url

    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state) == (RunStatus.PREVIEW, JobState.DONE)
    assert (run.created_count, run.rejected_count, run.total_rows) == (2, 1, 3)
    assert ImportRun.objects.count() == 1
    done = client.get(reverse("imports:progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "?mode=valid" in client.get(response.url).content.decode()

    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "valid"})
    run.refresh_from_db()
    assert (run.job_phase, run.job_state, run.status) == (
        JobPhase.COMMIT,
        JobState.QUEUED,
        RunStatus.PREVIEW,
    )
    assert Person.objects.count() == 0
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state) == (RunStatus.COMMITTED, JobState.DONE)
    assert Person.objects.count() == 2
    entry = AuditEntry.objects.get(object_id=str(run.pk), changes__import__created=2)
    assert (entry.channel, entry.user) == ("job", accounts.kinh_bac_staff)
    assert entry.request_id == run.task_id.replace("-", "")
    assert not store.storage().exists(run.source_path)
    assert not store.storage().exists(tasks.beat_name(run.pk))


def refused_commit(client: Client, folder: Path, unit: Any) -> ImportRun:
    """A run whose commit the worker refused: the sample has a bad row and "all" was asked."""
    upload(client, write_xlsx(folder / "a.xlsx", sample_rows()), unit)
    run_worker()
    run = ImportRun.objects.get()
    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "all"})
    run_worker()
    run.refresh_from_db()
    return run


def test_a_refused_commit_is_a_clear_failure_and_writes_nothing(
    background: Path, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    run = refused_commit(client, background, tree.kinh_bac)
    assert (run.status, run.job_state) == (RunStatus.REJECTED, JobState.FAILED)
    assert "Không ghi dòng nào" in run.job_message
    assert Person.objects.count() == 0
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "Không ghi dòng nào" in page
    assert "?mode=valid" in page
    assert not tasks.restartable(run)


def test_a_commit_made_at_once_after_a_refused_job_shows_its_own_result(
    background: Path, settings: Any, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    run = refused_commit(client, background, tree.kinh_bac)
    settings.QPDP_IMPORT_BACKGROUND_ROWS = 5000  # small enough to commit within the request
    settings.QPDP_IMPORT_BACKGROUND_BYTES = 1 << 20
    page = client.post(
        reverse("imports:commit", args=[run.pk]), {"mode": "valid"}, follow=True
    ).content.decode()
    run.refresh_from_db()
    assert (run.status, run.job_state) == (RunStatus.COMMITTED, "")
    assert "Đã ghi: 2 thêm mới" in page
    assert "Không ghi dòng nào" not in page


def test_a_file_spoiled_before_the_worker_reads_it_fails_with_a_message(
    background: Path, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    upload(client, write_xlsx(background / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    stored = store.on_disk(run.source_path)
    assert stored is not None
    stored.write_bytes(b"PK\x03\x04 truncated")
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state) == (RunStatus.FAILED, JobState.FAILED)
    assert "bị hỏng" in run.job_message
    assert not stored.exists()
    page = client.get(reverse("imports:detail", args=[run.pk]))
    assert page.status_code == 200
    assert "bị hỏng" in page.content.decode()
    assert Person.objects.count() == 0


def _running(run: ImportRun, *, worker: str = "host-a", age: float = 0.0) -> None:
    """Put ``run`` in the state a worker leaves it in while working: its task claimed by
    ``worker`` in the queue, the run running, with a beat ``age`` seconds old."""
    started = timezone.now() - dt.timedelta(seconds=1)
    DBTaskResult.objects.filter(pk=run.task_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[worker], started_at=started
    )
    ImportRun.objects.filter(pk=run.pk).update(
        job_state=JobState.RUNNING, job_started_at=run.created_at
    )
    beat = {"rows": 2, "worker": worker, "at": time.time() - age}
    store.storage().save(tasks.beat_name(run.pk), ContentFile(json.dumps(beat).encode()))


def test_a_job_whose_worker_moved_on_is_interrupted_and_can_be_restarted(
    background: Path, tree: Any, accounts: Any
) -> None:
    """The worker died mid-job and came back under its id: the queue shows it took another task
    since, so the job is dead at once, whatever its last beat says."""
    client = client_for(accounts.kinh_bac_staff)
    upload(client, write_xlsx(background / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    _running(run, worker="host-a")
    run.refresh_from_db()
    assert tasks.check(run).job_state == JobState.RUNNING  # alive: left alone
    assert tasks.progress(run).rows_done == 2

    later = health.heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=later.id).update(
        status=TaskResultStatus.SUCCESSFUL, worker_ids=["host-b"], started_at=timezone.now()
    )
    assert tasks.check(run).job_state == JobState.RUNNING  # another worker: proves nothing
    DBTaskResult.objects.filter(pk=later.id).update(worker_ids=["host-a"])
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.job_state == JobState.INTERRUPTED
    assert "bị dừng giữa chừng" in page
    assert reverse("imports:restart", args=[run.pk]) in page
    assert not store.storage().exists(tasks.beat_name(run.pk))

    client.post(reverse("imports:restart", args=[run.pk]))
    run.refresh_from_db()
    assert run.job_state == JobState.QUEUED
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state, run.created_count) == (RunStatus.PREVIEW, JobState.DONE, 2)


def test_a_silent_heartbeat_counts_as_interrupted(
    background: Path, settings: Any, tree: Any, accounts: Any
) -> None:
    settings.QPDP_IMPORT_JOB_STALE_SECONDS = 60
    upload(
        client_for(accounts.kinh_bac_staff),
        write_xlsx(background / "a.xlsx", sample_rows()),
        tree.kinh_bac,
    )
    run = ImportRun.objects.get()
    _running(run, age=61)
    run.refresh_from_db()
    assert tasks.check(run).job_state == JobState.INTERRUPTED
    out = _status(run.pk)
    assert "Bị gián đoạn" in out


def test_a_task_that_failed_before_the_job_began_shows_as_failed(
    background: Path, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    upload(client, write_xlsx(background / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    assert tasks.check(run).job_state == JobState.QUEUED
    DBTaskResult.objects.filter(id=run.task_id).update(status=TaskResultStatus.FAILED)
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.job_state == JobState.FAILED
    assert "lỗi ngoài dự kiến" in page
    assert tasks.restartable(run)


def _status(*runs: int) -> str:
    out = io.StringIO()
    call_command("import_status", *map(str, runs), stdout=out)
    return out.getvalue()


def test_a_job_whose_task_ended_without_it_is_interrupted(
    background: Path, tree: Any, accounts: Any
) -> None:
    """The task is over in the queue (say, failed outside the job's own handling) while the run
    still says running: nothing is at work on it, fresh beat or not."""
    upload(
        client_for(accounts.kinh_bac_staff),
        write_xlsx(background / "a.xlsx", sample_rows()),
        tree.kinh_bac,
    )
    run = ImportRun.objects.get()
    _running(run)
    DBTaskResult.objects.filter(pk=run.task_id).update(status=TaskResultStatus.FAILED)
    run.refresh_from_db()
    assert tasks.check(run).job_state == JobState.INTERRUPTED


def test_heartbeat_writes_progress_and_removes_its_file(background: Path) -> None:
    beat = tasks.Heartbeat(41, worker="host-a", every=0)
    beat.start()
    beat(1234)
    recorded = tasks.read_beat(41)
    assert recorded is not None
    assert (recorded.rows, recorded.worker) == (1234, "host-a")
    beat.stop()
    assert tasks.read_beat(41) is None


def test_only_an_interrupted_job_is_restarted(background: Path, tree: Any, accounts: Any) -> None:
    upload(
        client_for(accounts.kinh_bac_staff),
        write_xlsx(background / "a.xlsx", sample_rows()),
        tree.kinh_bac,
    )
    run_worker()
    run = ImportRun.objects.get()
    response = client_for(accounts.kinh_bac_staff).post(
        reverse("imports:restart", args=[run.pk]), follow=True
    )
    assert "Chỉ chạy lại được" in response.content.decode()
    other = client_for(accounts.vo_cuong_staff)
    assert other.post(reverse("imports:restart", args=[run.pk])).status_code == 404


def test_small_files_stay_synchronous(
    background: Path, settings: Any, tree: Any, accounts: Any
) -> None:
    settings.QPDP_IMPORT_BACKGROUND_ROWS = 5000
    settings.QPDP_IMPORT_BACKGROUND_BYTES = 1 << 20
    client = client_for(accounts.kinh_bac_staff)
    upload(client, write_xlsx(background / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    assert (run.status, run.job_state) == (RunStatus.PREVIEW, "")
    assert not DBTaskResult.objects.exists()
    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "valid"})
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED
    assert not store.storage().exists(run.source_path)  # the upload goes once committed


def test_cleanup_removes_old_uploads_but_not_those_of_running_jobs(
    background: Path, tree: Any, accounts: Any
) -> None:
    upload(
        client_for(accounts.kinh_bac_staff),
        write_xlsx(background / "a.xlsx", sample_rows()),
        tree.kinh_bac,
    )
    run = ImportRun.objects.get()
    folder = store.on_disk(store.FOLDER)
    assert folder is not None
    stored = folder / PurePosixPath(run.source_path).name
    left = folder / "abandoned.xlsx"
    left.write_bytes(b"x")
    fresh = folder / "fresh.csv"
    fresh.write_bytes(b"x")
    old = time.time() - 10 * 86400
    for path in (left, stored):
        os.utime(path, (old, old))
    out = io.StringIO()
    call_command("import_cleanup", "--older-than", "7", stdout=out)
    assert "Đã xóa 1 tệp" in out.getvalue()
    assert not left.exists()
    assert fresh.exists()
    assert stored.exists()  # its job is still queued


def test_a_cli_run_never_deletes_the_operators_file(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", sample_rows()[:2])
    assert not uploads.is_upload(path)
    run = ImportRun(source_path=str(path))
    uploads.discard(run)
    assert path.exists()


# --- crash safety: a real worker killed mid-commit --------------------------------------------

CRASH_ROWS = 12_000

_SETUP = """
import csv
from pathlib import Path
from django.conf import settings
from qpdp.core.access import Role, User
from qpdp.core.units import Unit, UnitKind
from qpdp.imports import services, tasks
province = Unit(code="24", name="Bắc Ninh", type_label="Tỉnh", kind=UnitKind.PROVINCE)
province.save()
ward = Unit(code="09187", name="Kinh Bắc", type_label="Phường", kind=UnitKind.COMMUNE,
            parent=province)
ward.save()
user = User.objects.create(username="kinhbac", role=Role.STAFF, unit=ward)
folder = Path(settings.MEDIA_ROOT) / "imports"
folder.mkdir(parents=True, exist_ok=True)
path = folder / "big.csv"
with path.open("w", newline="", encoding="utf-8") as handle:
    out = csv.writer(handle)
    out.writerow(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Địa chỉ"])
    for index in range({rows}):
        out.writerow([f"Nguyễn Văn An", "15/03/2004", "Nam", f"027204{{index:06d}}", "Số 1"])
run = services.preview(user, services.ImportSource("people", path, ward))
assert run.rejected_count == 0, run.errors[:3]
run.file_size = path.stat().st_size
run.save(update_fields=["file_size"])
print(tasks.start_commit(user, run, "all").pk)
"""

_RESTART = """
from qpdp.imports import tasks
from qpdp.imports.models import ImportRun
run = ImportRun.objects.get(pk={pk})
tasks.restart(run.user, run)
"""


def _qpdp(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([QPDP, *args], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _count(database: Path, sql: str) -> Any:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql).fetchone()


def test_a_worker_killed_mid_commit_leaves_nothing_written(tmp_path: Path) -> None:
    """A real ``qpdp db_worker`` on a SQLite file is SIGKILLed once it has written rows."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QPDP_")}
    env.update(QPDP_VAR_DIR=str(tmp_path), QPDP_DEBUG="1", QPDP_AXES_ENABLED="0")
    database = tmp_path / "qpdp.sqlite3"
    _qpdp(env, "migrate", "--no-input", "-v", "0")
    pk = int(_qpdp(env, "shell", "-c", _SETUP.format(rows=CRASH_ROWS)).stdout.split()[-1])
    beat = tmp_path / "media" / "imports" / "jobs" / f"{pk}.json"
    worker_args = ["db_worker", "--no-reload", "--no-startup-delay", "--worker-id", "host-a"]

    worker = subprocess.Popen([QPDP, *worker_args, "--interval", "0.05", "-v", "0"], env=env)
    try:
        deadline = time.monotonic() + 30
        written = 0
        while not written and time.monotonic() < deadline and worker.poll() is None:
            try:
                written = json.loads(beat.read_text())["rows"]
            except (OSError, ValueError):
                time.sleep(0.01)
        assert written and worker.poll() is None, "the commit ended before it could be killed"
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()

    assert 0 < written < CRASH_ROWS
    assert _count(database, "SELECT count(*) FROM people_person") == (0,)
    assert _count(database, "SELECT count(*) FROM imports_importedrow") == (0,)
    assert _count(database, f"SELECT status, job_state FROM imports_importrun WHERE id={pk}") == (
        "preview",
        "running",
    )

    # Its beat is fresh: only the queue can tell the job is dead, once the worker is back under
    # its id (systemd restarts it) and takes the next task, the health check's heartbeat.
    assert "Bị gián đoạn" not in _qpdp(env, "import_status", str(pk)).stdout
    _qpdp(env, "shell", "-c", "from qpdp.core.health import heartbeat; heartbeat.enqueue()")
    _qpdp(env, *worker_args, "--batch", "-v", "0")
    status = _qpdp(env, "import_status", str(pk)).stdout
    assert "Bị gián đoạn" in status
    assert _count(database, f"SELECT job_state FROM imports_importrun WHERE id={pk}") == (
        "interrupted",
    )

    _qpdp(env, "shell", "-c", _RESTART.format(pk=pk))
    _qpdp(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v", "0")
    assert _count(database, "SELECT count(*) FROM people_person") == (CRASH_ROWS,)
    assert _count(database, f"SELECT status, job_state FROM imports_importrun WHERE id={pk}") == (
        "committed",
        "done",
    )
