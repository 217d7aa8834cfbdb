"""Several servers sharing one object store: the upload, the staging file and the heartbeat go
through Django's ``imports`` storage, never through a folder the machines would have to share.

An in-memory storage stands in for the object store; each "machine" has its own ``VAR_DIR``
(its local cache), and the test removes one machine's cache before the next steps in, so what
the next machine reads can only have come through the storage.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.urls import reverse

from qpdp.imports import store, tasks
from qpdp.imports.models import ImportRun, JobState, RunStatus
from qpdp.people.models import Person
from tests.imports.test_jobs import client_for, run_worker, upload
from tests.imports.test_services import ANA, sample_rows, write_xlsx


class ObjectStore(InMemoryStorage):
    """One name, one object, replaced whole when rewritten: what an S3 bucket does
    (``file_overwrite``). ``InMemoryStorage`` alone writes the new bytes over the old ones without
    truncating, so a shorter rewrite (a beat whose timestamp prints a digit fewer) would keep the
    tail of the longer one and read back as broken JSON, now and then."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return name

    def _save(self, name: str, content: Any) -> str:
        self.delete(name)
        return super()._save(name, content)


RUN = 987_654


@pytest.fixture
def shared(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {**settings.STORAGES, "imports": {"BACKEND": f"{__name__}.ObjectStore"}}
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay untouched
    settings.QPDP_IMPORT_BACKGROUND_ROWS = 1
    settings.QPDP_IMPORT_BACKGROUND_BYTES = 1
    return tmp_path


def on_machine(settings: Any, machine: Path) -> None:
    """The following steps run on ``machine``: its own local folder, empty."""
    shutil.rmtree(machine, ignore_errors=True)
    settings.VAR_DIR = machine


def stored_files() -> list[str]:
    storage = store.storage()
    return sorted(storage.listdir(store.FOLDER)[1]) if storage.exists(store.FOLDER) else []


def test_an_upload_taken_by_one_server_is_checked_and_committed_by_workers_elsewhere(
    shared: Path, settings: Any, tree: Any, accounts: Any
) -> None:
    client = client_for(accounts.kinh_bac_staff)
    on_machine(settings, shared / "web-1")
    upload(client, write_xlsx(shared / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    assert store.storage().exists(run.source_path)
    assert not Path(run.source_path).is_absolute()

    on_machine(settings, shared / "worker-1")
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state, run.created_count) == (RunStatus.PREVIEW, JobState.DONE, 2)
    assert [name for name in stored_files() if name.endswith(".stage.sqlite3")]

    on_machine(settings, shared / "web-2")
    page = client.get(reverse("imports:detail", args=[run.pk]))
    assert ANA in page.content.decode()  # the planned rows, read from the staging file
    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "valid"})

    on_machine(settings, shared / "worker-2")
    run_worker()
    run.refresh_from_db()
    assert (run.status, run.job_state) == (RunStatus.COMMITTED, JobState.DONE)
    assert Person.objects.count() == 2
    assert stored_files() == []  # upload and staging file gone from the store
    assert not store.storage().exists(tasks.beat_name(run.pk))
    assert not (shared / "media").exists()


def test_a_heartbeat_in_the_store_is_read_from_another_server(shared: Path, settings: Any) -> None:
    on_machine(settings, shared / "worker-1")
    beat = tasks.Heartbeat(RUN, worker="host-a", every=0)
    beat.start()
    beat(12_345)
    beat(25)  # rewritten under its name, not beside it, and shorter: replaced whole
    on_machine(settings, shared / "web-1")
    recorded = tasks.read_beat(RUN)
    assert recorded is not None
    assert (recorded.rows, recorded.worker) == (25, "host-a")
    beat.stop()
    assert tasks.read_beat(RUN) is None


def test_a_machines_copy_goes_when_another_removed_the_stored_file(
    shared: Path, settings: Any
) -> None:
    on_machine(settings, shared / "web-1")
    name = store.name_of("abc.csv")
    store.storage().save(name, ContentFile(b"a,b\n"))
    copy = store.local(name)
    assert copy is not None and copy.read_bytes() == b"a,b\n"
    store.storage().delete(name)  # another server committed the run
    assert store.local(name) is None
    assert not copy.exists()
