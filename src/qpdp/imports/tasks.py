"""Background import jobs: a large file is checked and written by the worker, not the request.

Django's task framework queues the job in the database (django-tasks-db) and ``qpdp db_worker``
runs it. While the commit runs, its transaction holds the database (SQLite has one writer, and
rows written are invisible until the end), so the worker reports progress and a heartbeat in a
small file beside the uploads (in the ``imports`` storage, which every server shares) rather than
in the run. A worker killed mid-commit leaves its transaction unfinished, so the registry is
exactly as before; the next look at the run, from any server, finds the job dead (``core.liveness``
by the worker's id in the queue, or a heartbeat gone silent), marks the run interrupted, and the
officer starts the job again.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import TaskContext, TaskResultStatus, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from qpdp.core import liveness
from qpdp.core.access import AnyUser, User, check_unit_writable
from qpdp.core.audit import Origin, reset_origin, set_origin
from qpdp.imports import services, store, uploads
from qpdp.imports.analysis import MappingIncomplete
from qpdp.imports.error_codes import ErrorCode
from qpdp.imports.models import ImportRun, JobPhase, JobState, RunMode, RunStatus
from qpdp.imports.readers import ReadError, estimate_rows

logger = logging.getLogger(__name__)

BEAT_SECONDS: Final = 5.0
"""How often a running job says it is alive, whatever the progress callbacks do."""
_WRITE_EVERY: Final = 0.2
"""Progress reports closer together than this (seconds) update the file only on the next one."""

_PREVIEW_RESULT: Final = (
    "checksum",
    "headers",
    "mapping",
    "total_rows",
    "created_count",
    "updated_count",
    "unchanged_count",
    "rejected_count",
    "legacy_cells",
    "skipped",
    "errors",
    "error_rows",
)
"""What a preview learns about a file: copied from the service's run onto the job's run."""


def needs_background(path: Path) -> bool:
    """A file too long to check within a request: many rows, or many bytes if rows are unknown."""
    estimate = estimate_rows(path) or 0
    return (
        estimate > settings.QPDP_IMPORT_BACKGROUND_ROWS
        or path.stat().st_size > settings.QPDP_IMPORT_BACKGROUND_BYTES
    )


def commit_needs_background(run: ImportRun) -> bool:
    return (
        run.total_rows > settings.QPDP_IMPORT_BACKGROUND_ROWS
        or run.file_size > settings.QPDP_IMPORT_BACKGROUND_BYTES
    )


# --- progress and heartbeat -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Beat:
    """The last sign of life of a running job, as its worker wrote it: rows done, the id of the
    worker in the queue (``db_worker --worker-id``) and when."""

    rows: int
    worker: str
    at: float


def beat_name(run_id: int) -> str:
    return store.name_of(f"jobs/{run_id}.json")


def read_beat(run_id: int) -> Beat | None:
    """The job's last beat, or None when there is none (a half-written one is read again)."""
    name = beat_name(run_id)
    for attempt in range(3):
        try:
            with store.storage().open(name, "rb") as handle:
                data = json.loads(handle.read())
            return Beat(rows=int(data["rows"]), worker=str(data["worker"]), at=float(data["at"]))
        except (OSError, ValueError, KeyError, TypeError):
            if not store.storage().exists(name):
                return None
            time.sleep(0.05 * (attempt + 1))
    return None


class Heartbeat:
    """Writes a job's rows done and a timestamp to its file: on progress, and every few seconds.

    The timer thread keeps beating through long silent steps (a set-based merge of a million
    rows reports nothing for a while); it dies with the process, which is the point.
    """

    def __init__(self, run_id: int, *, worker: str = "", every: float = _WRITE_EVERY) -> None:
        self.name = beat_name(run_id)
        self.worker = worker
        self.every = every
        self.rows = 0
        self._written = 0.0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"import-beat-{run_id}", daemon=True)

    def start(self) -> None:
        self._write()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        store.storage().delete(self.name)

    def __call__(self, rows: int) -> None:
        self.rows = rows
        if time.time() - self._written >= self.every:
            self._write()

    def _run(self) -> None:
        while not self._stop.wait(BEAT_SECONDS):
            self._write()

    def _write(self) -> None:
        with self._lock:
            now = time.time()
            data = {"rows": self.rows, "worker": self.worker, "at": now}
            store.storage().save(self.name, ContentFile(json.dumps(data).encode()))
            self._written = now


def _alive(run: ImportRun, beat: Beat | None) -> bool:
    """Whether the running job's worker is still at it, judged from any server.

    Dead: its task is no longer running in the queue, or its worker has since taken another
    task (``core.liveness.abandoned``: a worker restarted under its id), or its beat is older
    than ``QPDP_IMPORT_JOB_STALE_SECONDS``. Without a beat yet, the job gets that long from its
    start.
    """
    result = DBTaskResult.objects.filter(pk=run.task_id).first() if run.task_id else None
    if result is not None and (
        result.status != TaskResultStatus.RUNNING or liveness.abandoned(result)
    ):
        return False
    stale = settings.QPDP_IMPORT_JOB_STALE_SECONDS
    if beat is not None:
        return time.time() - beat.at <= stale
    started = run.job_started_at
    return started is not None and (timezone.now() - started).total_seconds() <= stale


@dataclass(frozen=True, slots=True)
class JobProgress:
    """What the progress bar shows: rows done out of an estimate (``None``: unknown)."""

    rows_done: int
    rows_estimate: int | None
    rate: int | None

    @property
    def percent(self) -> int | None:
        if not self.rows_estimate:
            return None
        return min(99, 100 * self.rows_done // self.rows_estimate)


def progress(run: ImportRun) -> JobProgress:
    beat = read_beat(run.pk) if run.job_state == JobState.RUNNING else None
    rows = beat.rows if beat is not None else run.rows_done
    rate = None
    if run.job_started_at is not None and rows:
        elapsed = (timezone.now() - run.job_started_at).total_seconds()
        rate = round(rows / elapsed) if elapsed > 0 else None
    estimate = run.total_rows if run.job_phase == JobPhase.COMMIT else run.rows_estimate
    return JobProgress(rows_done=rows, rows_estimate=estimate or None, rate=rate)


def interrupted_message() -> str:
    return _(
        "Việc chạy nền bị dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt). "
        "Chưa có gì được ghi vào sổ; bấm “Chạy lại” để làm lại."
    )


def unexpected_message() -> str:
    return _(
        "Việc chạy nền gặp lỗi ngoài dự kiến; chưa có gì được ghi vào sổ. "
        "Hãy thử lại, hoặc báo quản trị viên nếu lỗi lặp lại."
    )


def check(run: ImportRun) -> ImportRun:
    """Mark a running job whose heartbeat stopped as interrupted; return the run as it now is.

    Called whenever a run is looked at (page, progress poll, ``qpdp import_status``): there is
    no supervisor process, and none is needed, since an interrupted job wrote nothing.
    """
    if run.job_state == JobState.QUEUED and run.task_id:
        return _check_queued(run)
    if run.job_state != JobState.RUNNING:
        return run
    beat = read_beat(run.pk)
    if _alive(run, beat):
        return run
    marked = ImportRun.objects.filter(pk=run.pk, job_state=JobState.RUNNING).update(
        job_state=JobState.INTERRUPTED,
        job_message=interrupted_message(),
        job_finished_at=timezone.now(),
        rows_done=beat.rows if beat is not None else 0,
    )
    if marked:
        store.storage().delete(beat_name(run.pk))
    run.refresh_from_db()
    return run


def _check_queued(run: ImportRun) -> ImportRun:
    """A task the worker could not even start (say, the media folder is not writable) failed
    before the job could record it: the task's own result says so."""
    try:
        result = run_job.get_result(run.task_id)
    except TaskResultDoesNotExist:
        return run
    if result.status != TaskResultStatus.FAILED:
        return run
    ImportRun.objects.filter(pk=run.pk, job_state=JobState.QUEUED).update(
        job_state=JobState.FAILED, job_message=unexpected_message(), job_finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


# --- starting jobs ----------------------------------------------------------------------------


def _enqueue(run: ImportRun) -> ImportRun:
    """Queue the run's job; with an immediate backend it has already run when this returns."""
    result = run_job.enqueue(run.pk)
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def start_preview(user: AnyUser, source: services.ImportSource) -> ImportRun:
    """Record a pending run for the file and queue its preview; the page follows its progress."""
    layout = services.layout_or_refuse(source.layout)
    check_unit_writable(user, source.unit)
    path = Path(source.path)
    run = ImportRun.objects.create(
        user=user if isinstance(user, User) else None,
        job_user=user if isinstance(user, User) else None,
        file_name=source.file_name or path.name,
        source_path=source.upload or str(path),
        layout=layout.code,
        unit=source.unit,
        mapping=dict(source.mapping or {}),
        status=RunStatus.PENDING,
        file_size=path.stat().st_size,
        rows_estimate=estimate_rows(path),
        job_phase=JobPhase.PREVIEW,
        job_state=JobState.QUEUED,
    )
    return _enqueue(run)


def commit(user: AnyUser, run: ImportRun, mode: str) -> ImportRun:
    """Commit a run now, or queue the commit when the file is large; the upload goes after.

    Committed at once, the run forgets any earlier job (a background commit that was refused
    or interrupted), so its page shows the result rather than that old failure.
    """
    if commit_needs_background(run):
        return start_commit(user, run, mode)
    run = services.commit(user, run, mode)
    uploads.discard(run)
    if run.job_phase:
        run.job_phase = run.job_state = run.job_message = ""
        run.save(update_fields=["job_phase", "job_state", "job_message"])
    return run


def start_commit(user: AnyUser, run: ImportRun, mode: str) -> ImportRun:
    """Queue the commit of a previewed run; the worker checks permissions again as it runs."""
    if mode not in RunMode.values:
        raise ValidationError(_("Cách ghi không hợp lệ."), code=ErrorCode.MODE_UNKNOWN)
    if run.job_active:
        raise ValidationError(
            _("Lần nhập này đang được xử lý, hãy chờ."), code=ErrorCode.JOB_RUNNING
        )
    if run.status not in (RunStatus.PREVIEW, RunStatus.REJECTED):
        raise ValidationError(
            _("Lần nhập này đang ở trạng thái “%(status)s”, không thực hiện được thao tác.")
            % {"status": run.get_status_display()},
            code=ErrorCode.RUN_STATUS,
        )
    _queue(run, user, JobPhase.COMMIT, mode)
    return _enqueue(run)


def restartable(run: ImportRun) -> bool:
    """An interrupted job, or a check that failed for another reason than the file itself.

    A failed commit is not restarted as such: the run is back to its preview, whose commit
    buttons are there again (a refusal in all-or-nothing mode would only be refused again).
    """
    return run.job_state == JobState.INTERRUPTED or (
        run.job_state == JobState.FAILED and run.status == RunStatus.PENDING
    )


def restart(user: AnyUser, run: ImportRun) -> ImportRun:
    """Queue again a job that ``restartable`` allows, in the same phase and mode."""
    run = check(run)
    if not restartable(run):
        raise ValidationError(
            _("Chỉ chạy lại được việc đã bị gián đoạn."), code=ErrorCode.NOT_RESTARTABLE
        )
    if run.job_phase == JobPhase.COMMIT:
        return start_commit(user, run, run.job_mode or RunMode.ALL)
    _queue(run, user, JobPhase.PREVIEW, "")
    return _enqueue(run)


def _queue(run: ImportRun, user: AnyUser, phase: str, mode: str) -> None:
    run.job_phase = phase
    run.job_mode = mode
    run.job_state = JobState.QUEUED
    run.job_message = ""
    run.job_user = user if isinstance(user, User) else None
    run.job_started_at = None
    run.job_finished_at = None
    run.rows_done = 0
    run.save(
        update_fields=[
            "job_phase",
            "job_mode",
            "job_state",
            "job_message",
            "job_user",
            "job_started_at",
            "job_finished_at",
            "rows_done",
        ]
    )


# --- running jobs -----------------------------------------------------------------------------


@task(takes_context=True)
def run_job(context: TaskContext, run_id: int) -> str:
    """The worker's entry point: run the queued phase of one import run; returns its outcome."""
    run = ImportRun.objects.select_related("unit", "user", "job_user").get(pk=run_id)
    if run.job_state != JobState.QUEUED:
        return str(run.job_state)
    beat = Heartbeat(run.pk, worker=liveness.worker_of(context.task_result.worker_ids))
    beat.start()
    run.job_state = JobState.RUNNING
    run.job_started_at = timezone.now()
    run.save(update_fields=["job_state", "job_started_at"])
    # The task id groups the job's audit entries, as a request id does (32 characters).
    request_id = run.task_id.replace("-", "")[:32] or uuid.uuid4().hex
    origin = Origin(address=None, request_id=request_id, channel="job")
    token = set_origin(origin)
    try:
        state = _run_phase(run, beat)
    finally:
        reset_origin(token)
        beat.stop()
    return state


def _run_phase(run: ImportRun, beat: Heartbeat) -> str:
    actor = run.job_user or run.user
    if actor is None:
        return _finish(run, JobState.FAILED, _("Không rõ ai thực hiện lần nhập này."), beat)
    try:
        if run.job_phase == JobPhase.PREVIEW:
            _preview(run, actor, beat)
        else:
            uploads.discard(services.commit(actor, run, run.job_mode, progress=beat))
    except services.ImportRefused as exc:
        return _finish(run, JobState.FAILED, "; ".join(exc.messages), beat)
    except ReadError as exc:
        return _fail(run, str(exc.message), beat)
    except MappingIncomplete as exc:
        message = _("Còn thiếu cột bắt buộc: %(fields)s.") % {"fields": exc}
        return _fail(run, message, beat)
    except ValidationError as exc:
        return _fail(run, "; ".join(exc.messages), beat)
    except PermissionDenied as exc:
        return _fail(run, str(exc), beat)
    except Exception:
        logger.exception("import job %s failed", run.pk)
        return _finish(run, JobState.FAILED, unexpected_message(), beat)
    return _finish(run, JobState.DONE, "", beat)


def _preview(run: ImportRun, actor: User, beat: Heartbeat) -> None:
    source = services.ImportSource(
        run.layout,
        uploads.readable(run.source_path),
        run.unit,
        run.mapping or None,
        run.file_name,
        upload=run.source_path,
    )
    result = services.preview(actor, source, progress=beat)
    with transaction.atomic():
        for name in _PREVIEW_RESULT:
            setattr(run, name, getattr(result, name))
        run.status = RunStatus.PREVIEW
        run.save(update_fields=[*_PREVIEW_RESULT, "status"])
        result.delete()


def _fail(run: ImportRun, message: str, beat: Heartbeat) -> str:
    """A refusal; in the check, it means the file cannot be used: the run fails, the file goes.

    In the commit, the run is left as previewed (its commit buttons come back).
    """
    if run.job_phase == JobPhase.PREVIEW:
        run.status = RunStatus.FAILED
        run.save(update_fields=["status"])
        uploads.discard(run)
    return _finish(run, JobState.FAILED, message, beat)


def _finish(run: ImportRun, state: str, message: str, beat: Heartbeat) -> str:
    run.job_state = state
    run.job_message = message
    run.job_finished_at = timezone.now()
    run.rows_done = beat.rows
    run.save(update_fields=["job_state", "job_message", "job_finished_at", "rows_done"])
    return state
