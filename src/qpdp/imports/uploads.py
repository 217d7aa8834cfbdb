"""Uploaded files kept between the preview and the commit, and removed once they are no use.

An upload holds a ward's personal data, so it lives only as long as a run may still need it:
it is deleted when the run is committed, fails or is undone, and ``qpdp import_cleanup``
removes what officers left behind. An upload is kept in the ``imports`` storage (``store``) and
its run names it by its stored name, ``imports/<random>.<ext>``; a run made by ``qpdp import``
names the operator's own file by its absolute path, which is never ours to remove.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path, PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from qpdp.imports import store
from qpdp.imports.models import ImportRun, JobState


def save_upload(upload: UploadedFile) -> str:
    """Keep the file for the commit step under a random name (never the officer's file name);
    returns its stored name."""
    suffix = PurePosixPath(upload.name or "").suffix.lower()
    return store.storage().save(store.name_of(f"{uuid.uuid4().hex}{suffix}"), upload)


def is_upload(source: Path | str) -> bool:
    """Whether ``source`` names a stored upload (and not, say, the file a CLI import was given)."""
    stored = PurePosixPath(str(source))
    return not stored.is_absolute() and stored.parent == PurePosixPath(store.FOLDER)


def readable(source: str) -> Path:
    """Where this machine reads a run's source from: the operator's file, or the upload itself
    or its local copy (a path that does not exist once the upload is gone)."""
    if is_upload(source):
        return store.local(source) or store.cached(source)
    return Path(source)


def remove(source: str) -> None:
    """Delete a stored upload (and this machine's copy); anything else is left alone."""
    if source and is_upload(source):
        store.remove(source)


def discard(run: ImportRun) -> None:
    """Delete the run's stored upload, if it is one; the run keeps its counts and error rows."""
    remove(run.source_path)


def cleanup(older_than: dt.timedelta, *, now: dt.datetime | None = None) -> int:
    """Delete stored files not touched for ``older_than``, except those of a job still under way.

    An upload that old belongs to a preview nobody committed, or to a mapping screen left
    open; committing such a run afterwards asks for the file again. Staging files live beside
    the uploads and go the same way; so do this machine's cached copies of remote files.
    """
    cutoff = (now or timezone.now()) - older_than
    busy = set(
        ImportRun.objects.filter(job_state__in=(JobState.QUEUED, JobState.RUNNING)).values_list(
            "source_path", flat=True
        )
    )
    storage = store.storage()
    removed = 0
    if storage.exists(store.FOLDER):
        for file_name in storage.listdir(store.FOLDER)[1]:
            name = store.name_of(file_name)
            if name not in busy and storage.get_modified_time(name) < cutoff:
                store.remove(name)
                removed += 1
    cache = store.cache_dir()
    if store.on_disk(store.FOLDER) is None and cache.is_dir():
        for path in cache.iterdir():
            stored = store.name_of(path.name)
            if stored not in busy and path.stat().st_mtime < cutoff.timestamp():
                path.unlink(missing_ok=True)
    return removed
