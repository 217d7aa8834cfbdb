"""``/healthz``: open without login, states only, 503 when the database, migrations, worker or
disk is wrong."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from qpdp.core import health
from tests.conftest import Accounts


def get(client: Client) -> tuple[int, dict[str, Any]]:
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


def test_a_fresh_system_is_healthy_and_says_nothing_personal(
    client: Client, accounts: Accounts
) -> None:
    status, body = get(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database", "migrations", "worker", "worker_last_task_seconds", "workers",
        "abandoned_tasks", "static", "disk", "disk_free_mb",
    }  # fmt: skip
    assert accounts.admin.username not in json.dumps(body)
    # The check queued one heartbeat for the worker, and does not queue a second.
    get(client)
    assert DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).count() == 1


def test_a_worker_that_never_runs_the_heartbeat_fails_the_check(db: Any, client: Client) -> None:
    get(client)
    late = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).update(enqueued_at=late)
    status, body = get(client)
    assert status == 503
    assert body["failed"] == ["worker"]


def test_a_task_finished_recently_proves_the_worker(db: Any, client: Client) -> None:
    get(client)
    long_ago = timezone.now() - dt.timedelta(hours=2)
    DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).update(
        enqueued_at=long_ago, status=TaskResultStatus.SUCCESSFUL, finished_at=long_ago
    )
    health.heartbeat.call()  # what the worker runs: it sweeps heartbeats older than an hour
    assert not DBTaskResult.objects.filter(task_path=health.HEARTBEAT_PATH).exists()
    health.heartbeat.enqueue()
    DBTaskResult.objects.update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - dt.timedelta(seconds=5)
    )
    status, body = get(client)
    assert status == 200
    assert body["checks"]["worker_last_task_seconds"] >= 5


def test_pending_migrations_or_a_full_disk_answer_503(
    db: Any, client: Client, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [object()])
    status, body = get(client)
    assert (status, body["failed"]) == (503, ["migrations"])
    monkeypatch.undo()
    settings.QPDP_HEALTH_MIN_FREE_MB = 10**12
    status, body = get(client)
    assert (status, body["failed"]) == (503, ["disk"])


def test_the_check_answers_plain_http_when_https_is_enforced(db: Any, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/dang-nhap/").status_code == 301


def test_static_files_not_collected_answer_503(
    db: Any, client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    status, body = get(client)
    assert (status, body["failed"]) == (503, ["static"])
    assert "collectstatic" in body["checks"]["static"]


def test_workers_are_counted_by_their_id_in_the_queue_and_abandoned_tasks_shown(
    db: Any, client: Client
) -> None:
    now = timezone.now()
    for worker in ("host-a", "host-b", "host-a"):
        result = health.heartbeat.enqueue()
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.SUCCESSFUL, worker_ids=[worker], started_at=now, finished_at=now
        )
    stuck = health.heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=stuck.id).update(
        status=TaskResultStatus.RUNNING,
        worker_ids=["host-c"],
        started_at=now - dt.timedelta(minutes=5),
    )
    status, body = get(client)
    assert (status, body["checks"]["workers"], body["checks"]["abandoned_tasks"]) == (200, 2, 0)

    later = health.heartbeat.enqueue()  # host-c came back and took a later task
    DBTaskResult.objects.filter(pk=later.id).update(
        status=TaskResultStatus.SUCCESSFUL, worker_ids=["host-c"], started_at=now, finished_at=now
    )
    status, body = get(client)
    assert (body["checks"]["workers"], body["checks"]["abandoned_tasks"]) == (3, 1)
