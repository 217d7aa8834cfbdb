"""``/healthz``: what a monitor or a load balancer asks every minute.

Five checks, each "ok" or a short reason, and 503 when one fails: the database answers, every
migration is applied, the background worker is alive, the static files were collected, the disk
under ``QPDP_VAR_DIR`` has room.
No login, nothing about people or accounts: only states and ages in seconds.

The worker's liveness is real, not a process listing: the check keeps one tiny ``heartbeat`` task
queued; ``qpdp db_worker`` runs it like any import, and the check reads when a task last
finished. A worker that is down leaves the heartbeat waiting, and past
``QPDP_WORKER_HEARTBEAT_MAX_AGE`` seconds the check fails. A worker busy with one import
longer than that also shows as late, which is what an operator wants to know too. Workers are
known by their id in the queue, not by a process on this machine (``core.liveness``): the check
counts the workers that ran a heartbeat lately and the tasks left running by a worker that has
moved on, whichever servers they run on.
"""

from __future__ import annotations

import datetime as dt
import shutil
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max, Min
from django.http import HttpRequest, JsonResponse
from django.tasks import task
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

from qpdp.core import liveness

OK = "ok"
# Heartbeat results older than this are deleted by the next heartbeat: they only ever prove life.
KEEP_HEARTBEATS = dt.timedelta(hours=1)


@task()
def heartbeat() -> None:
    """Run by the worker: its finishing is the heartbeat; it also sweeps old heartbeats."""
    DBTaskResult.objects.filter(
        task_path=HEARTBEAT_PATH, finished_at__lt=timezone.now() - KEEP_HEARTBEATS
    ).delete()


HEARTBEAT_PATH = heartbeat.module_path
_migrated = False  # once applied, migrations stay applied for the life of the process


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return OK


def check_migrations() -> str:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return f"{len(pending)} migrations not applied"
        _migrated = True
    return OK


def check_worker(now: dt.datetime | None = None) -> tuple[str, int | None]:
    """ "ok" (or why not) and seconds since a task last finished; queues the next heartbeat."""
    now = now or timezone.now()
    max_age = dt.timedelta(seconds=settings.QPDP_WORKER_HEARTBEAT_MAX_AGE)
    last = DBTaskResult.objects.finished().aggregate(at=Max("finished_at"))["at"]
    waiting = DBTaskResult.objects.ready().filter(task_path=HEARTBEAT_PATH)
    oldest_waiting = waiting.aggregate(at=Min("enqueued_at"))["at"]
    if oldest_waiting is None and (last is None or now - last > max_age / 4):
        try:
            heartbeat.enqueue()
            oldest_waiting = now
        except DatabaseError:  # SQLite busy with an import's write: try again next time
            pass
    age = None if last is None else int((now - last).total_seconds())
    if last is not None and now - last <= max_age:
        return OK, age
    if oldest_waiting is not None and now - oldest_waiting <= max_age:
        return OK, age  # a heartbeat was queued recently: the worker has not been due yet
    return "no background worker has run a task recently (qpdp db_worker)", age


def worker_counts(now: dt.datetime | None = None) -> tuple[int, int]:
    """How many workers ran a heartbeat within ``QPDP_WORKER_HEARTBEAT_MAX_AGE`` (by their ids in
    the queue), and how many running tasks their worker abandoned (died, came back, moved on)."""
    since = (now or timezone.now()) - dt.timedelta(seconds=settings.QPDP_WORKER_HEARTBEAT_MAX_AGE)
    recent = DBTaskResult.objects.finished().filter(
        task_path=HEARTBEAT_PATH, finished_at__gte=since
    )
    workers = {liveness.worker_of(ids) for ids in recent.values_list("worker_ids", flat=True)}
    running = DBTaskResult.objects.running()
    return len(workers - {""}), sum(liveness.abandoned(result) for result in running)


def check_static() -> str:
    """Pages link static files by their hashed names, read from the manifest ``collectstatic``
    writes: without it every page fails, so say so here (debugging serves them unhashed)."""
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return OK
    if not staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return "static files not collected (qpdp collectstatic)"
    return OK


def check_disk() -> tuple[str, int]:
    free = shutil.disk_usage(settings.VAR_DIR if settings.VAR_DIR.exists() else "/").free
    free_mb = free // (1024 * 1024)
    if free_mb < settings.QPDP_HEALTH_MIN_FREE_MB:
        return f"less than {settings.QPDP_HEALTH_MIN_FREE_MB} MB free", free_mb
    return OK, free_mb


def _guarded(check: Any) -> Any:
    """A check's answer, or the database error that stopped it."""
    try:
        return check()
    except DatabaseError as exc:
        return f"database error: {type(exc).__name__}"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check is "ok", else 503; the body says which failed."""
    checks: dict[str, Any] = {
        "database": _guarded(check_database),
        "migrations": _guarded(check_migrations),
    }
    worker = _guarded(check_worker)
    checks["worker"], checks["worker_last_task_seconds"] = (
        worker if isinstance(worker, tuple) else (worker, None)
    )
    counts = _guarded(worker_counts)
    if isinstance(counts, tuple):
        checks["workers"], checks["abandoned_tasks"] = counts
    checks["static"] = check_static()
    checks["disk"], checks["disk_free_mb"] = check_disk()
    names = ("database", "migrations", "worker", "static", "disk")
    failed = [name for name in names if checks[name] != OK]
    body = {"status": "error" if failed else "ok", "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)
