"""The imports' files in Django's ``imports`` storage, and the local copies their readers need.

Uploads, the staging files of previews and the heartbeats of background jobs are kept through
the storage layer, so the server that took an upload and the worker that checks it may be two
machines sharing an object store (settings ``QPDP_STORAGE_URL``). The readers (openpyxl,
calamine, SQLite) need a file on disk: on a folder storage that is the stored file itself; on a
remote one, a copy in ``QPDP_VAR_DIR/cache/imports`` fetched once. Stored names never change
meaning (uploads have random names, staging files are named by what decides their content), so a
cached copy is good for as long as the stored file exists, which is asked each time.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path, PurePosixPath
from typing import Final

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

FOLDER: Final = "imports"
"""The folder of every stored import file, in the storage."""


def storage() -> Storage:
    return storages["imports"]


def name_of(file_name: str) -> str:
    """The stored name of a file of the imports folder."""
    return str(PurePosixPath(FOLDER) / file_name)


def on_disk(name: str) -> Path | None:
    """The stored file itself, when the storage is a folder (None otherwise: an object store;
    ``InMemoryStorage`` answers ``path()`` with a name no file has)."""
    folder = storage()
    return Path(folder.path(name)) if isinstance(folder, FileSystemStorage) else None


def cache_dir() -> Path:
    return Path(settings.VAR_DIR) / "cache" / FOLDER


def cached(name: str) -> Path:
    """Where this machine keeps its copy of a file of a remote storage."""
    return cache_dir() / PurePosixPath(name).name


def local(name: str) -> Path | None:
    """A file on this machine's disk with the stored file's bytes, or None when it is not stored.

    A remote file is copied once into the cache (under a temporary name first, so a reader never
    sees half a copy).
    """
    path = on_disk(name)
    if path is not None:
        return path if path.is_file() else None
    copy = cached(name)
    if not storage().exists(name):  # removed by another machine: so is this machine's copy
        copy.unlink(missing_ok=True)
        return None
    if copy.is_file():
        return copy
    copy.parent.mkdir(parents=True, exist_ok=True)
    partial = copy.with_name(f"{uuid.uuid4().hex}.part")
    with storage().open(name, "rb") as source, partial.open("wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
    partial.replace(copy)
    return copy


def put(name: str, path: Path) -> None:
    """Store a finished local file under ``name``, replacing what was there.

    On a folder storage the file is moved into place (a staging file may be large); on a remote
    one it is sent, and the local file becomes this machine's cached copy.
    """
    target = on_disk(name)
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
        return
    with path.open("rb") as handle:
        storage().save(name, File(handle, name=name))
    copy = cached(name)
    copy.parent.mkdir(parents=True, exist_ok=True)
    path.replace(copy)


def remove(name: str) -> None:
    """Delete a stored file and this machine's copy of it."""
    storage().delete(name)
    if on_disk(name) is None:
        cached(name).unlink(missing_ok=True)


def work_dir() -> Path:
    """Where files are written before ``put``: beside the stored ones on a folder storage (so
    ``put`` is a rename), else the cache."""
    folder = on_disk(FOLDER)
    target = folder if folder is not None else cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    return target
