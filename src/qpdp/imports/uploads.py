"""Uploaded files kept between the preview and the commit, and removed once they are no use.

An upload holds a ward's personal data, so it lives only as long as a run may still need it:
it is deleted when the run is committed, fails or is undone, and ``qpdp import_cleanup``
removes what officers left behind. Only files inside ``upload_dir()`` are ever deleted: a run
made by ``qpdp import`` points at the operator's own file, which is not ours to remove.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from qpdp.imports.models import ImportRun, JobState


def upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def save_upload(upload: UploadedFile) -> Path:
    """Keep the file for the commit step under a random name (never the officer's file name)."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{Path(upload.name or '').suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def is_upload(path: Path | str) -> bool:
    """Whether ``path`` is a stored upload (and not, say, the file a CLI import was given)."""
    folder = upload_dir().resolve()
    return Path(path).resolve().parent == folder


def discard(run: ImportRun) -> None:
    """Delete the run's stored upload, if it is one; the run keeps its counts and error rows."""
    if run.source_path and is_upload(run.source_path):
        Path(run.source_path).unlink(missing_ok=True)


def cleanup(older_than: dt.timedelta, *, now: dt.datetime | None = None) -> int:
    """Delete uploads not touched for ``older_than``, except those of a job still under way.

    An upload that old belongs to a preview nobody committed, or to a mapping screen left
    open; committing such a run afterwards asks for the file again.
    """
    folder = upload_dir()
    if not folder.is_dir():
        return 0
    cutoff = (now or timezone.now()).timestamp() - older_than.total_seconds()
    busy = set(
        ImportRun.objects.filter(job_state__in=(JobState.QUEUED, JobState.RUNNING)).values_list(
            "source_path", flat=True
        )
    )
    removed = 0
    for path in folder.iterdir():
        if not path.is_file() or str(path) in busy:
            continue
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
