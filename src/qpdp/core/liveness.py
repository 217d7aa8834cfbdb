"""Whether a background task is still being run, judged by its worker's id in the queue.

django-tasks-db records on each task result the ids of the workers that claimed it
(``worker_ids``, ``qpdp db_worker --worker-id``). A worker runs one task at a time, so a task
still marked running whose worker has since claimed a later task was abandoned: the worker died
and came back under the same id (the systemd unit names the worker after its host). This holds
whichever machine the worker and the one asking run on, unlike a process id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db.models import TextField
from django.db.models.functions import Cast
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet


def worker_of(worker_ids: Sequence[str]) -> str:
    """The worker that claimed a task last ("" when none has)."""
    return worker_ids[-1] if worker_ids else ""


def claimed_by(worker: str) -> DBTaskResultQuerySet:
    """Task results a worker has claimed: its id, quoted, inside the JSON list of ids (text
    containment works on SQLite and PostgreSQL alike, where JSON containment does not)."""
    return (
        DBTaskResult.objects.annotate(ids=Cast("worker_ids", TextField()))
        .filter(ids__contains=json.dumps(worker))
        .order_by()
    )


def abandoned(result: DBTaskResult) -> bool:
    """A running task whose worker has claimed another task since it started this one."""
    worker = worker_of(result.worker_ids)
    if result.status != TaskResultStatus.RUNNING or not worker or result.started_at is None:
        return False
    later = claimed_by(worker).filter(started_at__gt=result.started_at).exclude(pk=result.pk)
    return bool(later.exists())
