"""Where the rows of a previewed file wait for the commit: a small SQLite file beside the uploads.

The preview of a million-row file cannot keep every row in memory, and the commit may run in
another process (a background worker) than the preview: so each analysed row goes to a staging
file, with what it will write (or why it is rejected), and only counts and the first errors stay
in memory. The file is keyed by what decides the analysis (database, file checksum, layout,
unit, column mapping, user), so a commit finds the preview's rows, and one whose inputs changed
finds nothing and reads the file again. The commit matches the staged rows against the registry
again and checks their wards against the user's scope of that day, so a later day is no reason
to read the file twice. In-file duplicates (two rows naming one
record) are a ``GROUP BY`` here rather than a set of every key in Python.

The file is written on this machine's disk and then stored in the ``imports`` storage under its
key (``store.put``), so a worker on another machine opens it through a local copy. A commit marks
rows in its own copy only: nothing reads those marks after the commit, which discards the file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from django.db import connection

from qpdp.imports import store

VERSION: Final = "3"
"""Bumped when what is staged changes, so files of an older engine are not read."""

CHUNK: Final = 5000
"""Rows analysed, looked up and written together: bounds memory and the size of IN lists."""

ERROR: Final = "error"


def stored_name(key: str) -> str:
    """Beside the uploads, so the uploads' clean-up also removes abandoned staging files."""
    return store.name_of(f"{key}.stage.sqlite3")


def staging_key(
    *,
    checksum: str,
    layout: str,
    unit_id: int,
    mapping: Mapping[str, str] | None,
    user_id: int | None,
) -> str:
    """What the analysis of a file depends on, as a file name."""
    source = json.dumps(
        [
            VERSION,
            str(connection.settings_dict["NAME"]),
            checksum,
            layout,
            unit_id,
            sorted((mapping or {}).items()),
            user_id,
        ]
    )
    return hashlib.sha256(source.encode()).hexdigest()[:32]


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(slots=True)
class Plan:
    """What committing one row does: its values (JSON-able, keyed by model attribute name), the
    id of the registry record it matches (or, once written, was given), the fields that change,
    and the problems that keep it out."""

    row: int
    action: Action
    data: dict[str, Any]
    record_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    problems: list[dict[str, Any]] = field(default_factory=list)


class Staging:
    """One staging file: written once by the preview, read by the commit and the error report."""

    def __init__(self, path: Path, key: str | None = None) -> None:
        self.path = path
        self.key = key
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")

    @classmethod
    def create(cls) -> Staging:
        """A new, empty staging file under a temporary name (``publish`` gives it its key)."""
        staging = cls(store.work_dir() / f"{uuid.uuid4().hex}.stage.tmp")
        staging._db.executescript(
            """
            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE row (
                row INTEGER PRIMARY KEY, status TEXT NOT NULL, key TEXT,
                data TEXT, cells TEXT, problems TEXT, converted TEXT
            );
            BEGIN;
            """
        )
        return staging

    @classmethod
    def open(cls, key: str) -> Staging | None:
        """The staging file of a preview with these inputs, if it is still there."""
        path = store.local(stored_name(key))
        if path is None:
            return None
        staging = cls(path, key)
        if staging.meta("version") != VERSION:
            staging.close()
            return None
        return staging

    def publish(self, key: str) -> None:
        """Finish writing and store the file under its key (replacing an older preview's)."""
        self.set_meta("version", VERSION)
        self._db.execute("COMMIT")
        self._db.close()
        name = stored_name(key)
        store.put(name, self.path)
        self.path, self.key = store.on_disk(name) or store.cached(name), key
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)

    def close(self) -> None:
        self._db.close()

    def discard(self) -> None:
        """Delete the file, stored or still being written, everywhere."""
        self._db.close()
        self.path.unlink(missing_ok=True)
        if self.key is not None:
            store.remove(stored_name(self.key))

    # --- meta ---------------------------------------------------------------------------------

    def set_meta(self, name: str, value: Any) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, json.dumps(value, default=str))
        )

    def meta(self, name: str) -> Any:
        found = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(found[0]) if found else None

    # --- rows ---------------------------------------------------------------------------------

    def add(self, rows: Iterable[tuple[int, str, str | None, Any, Any, Any, Any]]) -> None:
        """(row, status, key, data, cells, problems, converted); all but the first three
        JSON-able; ``converted`` lists the cells read from a legacy font encoding."""
        dumps = json.dumps
        self._db.executemany(
            "INSERT OR REPLACE INTO row VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    row,
                    status,
                    key,
                    dumps(data, ensure_ascii=False, separators=(",", ":")),
                    dumps(cells, ensure_ascii=False, separators=(",", ":")),
                    None if problems is None else dumps(problems, ensure_ascii=False),
                    dumps(converted) if converted else None,
                )
                for row, status, key, data, cells, problems, converted in rows
            ),
        )

    def duplicates(self) -> Iterator[tuple[str, list[int]]]:
        """Keys (the records' ``match_key``) on more than one row, with those rows in order."""
        found = self._db.execute(
            "SELECT key, group_concat(row) FROM "
            "(SELECT key, row FROM row WHERE key IS NOT NULL ORDER BY key, row) "
            "GROUP BY key HAVING count(*) > 1"
        )
        for key, rows in found:
            yield key, [int(number) for number in rows.split(",")]

    def reject(self, row: int, problems: Sequence[dict[str, Any]]) -> None:
        """Add problems to a row (found after it was staged) and mark it rejected."""
        found = self._db.execute("SELECT problems FROM row WHERE row = ?", (row,)).fetchone()
        known = json.loads(found[0]) if found and found[0] else []
        self._db.execute(
            "UPDATE row SET status = ?, problems = ? WHERE row = ?",
            (ERROR, json.dumps([*known, *problems], ensure_ascii=False), row),
        )

    def set_status(self, row: int, status: str) -> None:
        self._db.execute("UPDATE row SET status = ? WHERE row = ?", (status, row))

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT status, count(*) FROM row GROUP BY status"))

    def rejected(self, limit: int | None = None) -> Iterator[tuple[int, list[Any], list[Any]]]:
        """(row, cells as read, problems) of rejected rows in file order; all when no limit."""
        sql = "SELECT row, cells, problems FROM row WHERE status = ? ORDER BY row"
        params: tuple[Any, ...] = (ERROR,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (ERROR, limit)
        for row, cells, problems in self._db.execute(sql, params):
            yield row, json.loads(cells), json.loads(problems or "[]")

    def planned(self, offset: int, limit: int) -> list[tuple[int, str, list[Any], list[Any]]]:
        """(row, action, cells as read, converted cells) of the rows to be created or updated,
        in file order, ``limit`` of them from ``offset``: a page of the preview."""
        found = self._db.execute(
            "SELECT row, status, cells, converted FROM row WHERE status IN (?, ?) "
            "ORDER BY row LIMIT ? OFFSET ?",
            (Action.CREATE, Action.UPDATE, limit, offset),
        )
        return [
            (row, status, json.loads(cells), json.loads(converted or "[]"))
            for row, status, cells, converted in found
        ]

    def cells(self, rows: Sequence[int]) -> dict[int, list[Any]]:
        """The cells as read of some rows, by row number."""
        found: dict[int, list[Any]] = {}
        for start in range(0, len(rows), 500):
            chunk = list(rows[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            for row, cells in self._db.execute(
                f"SELECT row, cells FROM row WHERE row IN ({marks})", chunk
            ):
                found[row] = json.loads(cells)
        return found

    def accepted(self, chunk: int = CHUNK) -> Iterator[list[Plan]]:
        """Rows not rejected, in file order, ``chunk`` at a time (a cursor, not a list)."""
        cursor = self._db.execute(
            "SELECT row, status, data FROM row WHERE status <> ? ORDER BY row", (ERROR,)
        )
        loads = json.loads
        while batch := cursor.fetchmany(chunk):
            yield [Plan(row, Action(status), loads(data)) for row, status, data in batch]
