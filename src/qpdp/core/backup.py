"""Whole-database backup and restore (SQLite, PostgreSQL), verified before anything is touched.

A backup is a tar archive holding ``manifest.json`` (format, engine, applied migrations, time,
size and SHA-256 of the payload) and the payload: a SQLite copy made with the online backup API
(consistent while the server writes) or a ``pg_dump --format=custom`` archive. A restore checks
the manifest and the checksum, the engine and the migrations first, and only then replaces the
database in one transaction, so a refused or failed restore leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core.access import forget_scopes
from qpdp.core.bulk import rows_written

FORMAT = "qpdp-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Backups named by ``default_path`` (and only those) are counted and removed by ``prune``.
SUFFIX = ".qpdp-backup"
_AUTOMATIC_NAME = re.compile(r"qpdp-\d{8}-\d{6}(-\d+)?" + re.escape(SUFFIX))
# Rows ``migrate`` itself writes: they do not make a database "non-empty".
BOOKKEEPING_TABLES = frozenset({"django_content_type", "auth_permission"})
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator, in Vietnamese."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    migrations: list[list[str]]
    sha256: str
    size: int

    def as_json(self) -> bytes:
        data = {"format": FORMAT, "format_version": FORMAT_VERSION, **vars(self)}
        data["payload"] = PAYLOADS[self.engine]
        return json.dumps(data, ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError(data.get("format"))
            return cls(
                engine=str(data["engine"]),
                created_at=str(data["created_at"]),
                migrations=[[str(app), str(name)] for app, name in data["migrations"]],
                sha256=str(data["sha256"]),
                size=int(data["size"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError(_("Tệp không phải bản sao lưu QPĐP hợp lệ.")) from exc


def current_engine() -> str:
    vendor = connection.vendor
    if vendor not in PAYLOADS:
        raise BackupError(
            _("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def applied_migrations() -> list[list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted([app, name] for app, name in applied)


def database_is_empty() -> bool:
    """No model's table holds a row beyond what ``migrate`` itself writes (search indexes such
    as SQLite's FTS5 tables keep rows of their own even when empty, so only models count)."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        for table in tables:
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return False
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(settings: Mapping[str, Any]) -> dict[str, str]:
    """libpq's environment for the configured database: the password never reaches argv."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    options = settings.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run_pg_tool(tool: str, args: list[str]) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(
            _("Không tìm thấy chương trình %(tool)s: hãy cài gói postgresql-client.")
            % {"tool": tool}
        )
    result = subprocess.run(
        [program, *args],
        env=_pg_env(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s báo lỗi: %(error)s") % {"tool": tool, "error": result.stderr.strip()}
        )


def _dump_sqlite(target: Path) -> None:
    """Copy through SQLite's online backup API: a consistent snapshot while others write."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def create(output: Path) -> Manifest:
    """Write a backup of the configured database to ``output`` (replaced atomically)."""
    engine = current_engine()
    migrations = applied_migrations()
    created_at = timezone.now().isoformat(timespec="seconds")
    connection.close()
    with tempfile.TemporaryDirectory(prefix="qpdp-backup-") as tmp:
        payload = Path(tmp) / PAYLOADS[engine]
        if engine == "sqlite":
            _dump_sqlite(payload)
        else:
            _run_pg_tool("pg_dump", ["--format=custom", "--no-owner", "--file", str(payload)])
        manifest = Manifest(
            engine=engine,
            created_at=created_at,
            migrations=migrations,
            sha256=_sha256(payload),
            size=payload.stat().st_size,
        )
        (Path(tmp) / MANIFEST).write_bytes(manifest.as_json())
        partial = output.with_name(f".{output.name}.partial")
        # Every citizen's data and every password hash: readable by the owner only, from the
        # first byte. The custom-format dump is compressed already; the SQLite file is not.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with open(descriptor, "wb") as raw, _writer(raw, compressed=engine == "sqlite") as archive:
            archive.add(Path(tmp) / MANIFEST, arcname=MANIFEST)
            archive.add(payload, arcname=payload.name)
        os.replace(partial, output)
    return manifest


def _writer(raw: BinaryIO, *, compressed: bool) -> tarfile.TarFile:
    if compressed:
        return tarfile.open(fileobj=raw, mode="w:gz")
    return tarfile.open(fileobj=raw, mode="w")


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("Không đọc được tệp sao lưu “%(path)s”: %(error)s") % {"path": path, "error": exc}
        ) from exc


@contextmanager
def verified_payload(path: Path) -> Iterator[tuple[Manifest, Path]]:
    """The manifest and the extracted payload, after the checksum matched; else BackupError."""
    with _open_archive(path) as archive, tempfile.TemporaryDirectory(prefix="qpdp-") as tmp:
        try:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = Manifest.from_json(member.read())
            if manifest.engine not in PAYLOADS:
                raise KeyError(manifest.engine)
            payload = archive.extractfile(PAYLOADS[manifest.engine])
            if payload is None:
                raise KeyError(PAYLOADS[manifest.engine])
        except (KeyError, tarfile.TarError, OSError) as exc:
            raise BackupError(_("Tệp sao lưu thiếu thành phần hoặc bị hỏng.")) from exc
        target = Path(tmp) / PAYLOADS[manifest.engine]
        digest = hashlib.sha256()
        try:
            with payload, target.open("wb") as out:
                while chunk := payload.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(_("Tệp sao lưu bị hỏng, không đọc hết được.")) from exc
        if digest.hexdigest() != manifest.sha256 or target.stat().st_size != manifest.size:
            raise BackupError(
                _(
                    "Mã kiểm tra (SHA-256) của tệp sao lưu không khớp: tệp đã bị hỏng hoặc bị "
                    "sửa. Không khôi phục."
                )
            )
        yield manifest, target


def check_compatible(manifest: Manifest) -> list[str]:
    """Refuse another engine or a newer schema; return migrations still to apply after."""
    engine = current_engine()
    if manifest.engine != engine:
        raise BackupError(
            _(
                "Bản sao lưu là của cơ sở dữ liệu %(backup)s, nhưng hệ thống đang dùng "
                "%(current)s. Không khôi phục."
            )
            % {"backup": ENGINE_NAMES[manifest.engine], "current": ENGINE_NAMES[engine]}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    saved = {(app, name) for app, name in manifest.migrations}
    unknown = sorted(saved - known)
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản QPĐP mới hơn (có thay đổi cấu trúc chưa "
                "biết: %(names)s). Hãy cập nhật phần mềm trước khi khôi phục."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in unknown[:5])}
        )
    ahead = sorted({(app, name) for app, name in applied_migrations()} - saved)
    if ahead and engine == "postgresql":
        # pg_restore --clean drops only what the dump holds: tables of the newer migrations
        # would stay behind and the next ``migrate`` would trip over them.
        raise BackupError(
            _(
                "Cơ sở dữ liệu hiện tại có thay đổi cấu trúc mà bản sao lưu không có "
                "(%(names)s). Hãy khôi phục vào một cơ sở dữ liệu trống rồi chạy “qpdp migrate”."
            )
            % {"names": ", ".join(f"{app}.{name}" for app, name in ahead[:5])}
        )
    return sorted(f"{app}.{name}" for app, name in known - saved)


def _restore_sqlite(payload: Path) -> None:
    """Check the copy, then write it over the live file in one SQLite transaction.

    The backup API copies into the destination under its normal journal (WAL here), so other
    connections see the old or the new database and a crash rolls back; replacing the file
    under a running server would instead mix in the old write-ahead log.
    """
    copy = sqlite3.connect(payload)
    try:
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(_("Bản sao lưu SQLite không vượt qua kiểm tra toàn vẹn."))
        live = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
        try:
            copy.backup(live)
        finally:
            live.close()
    finally:
        copy.close()


def restore(payload: Path, manifest: Manifest) -> None:
    """Replace the configured database with a verified payload, all or nothing."""
    connection.close()
    if manifest.engine == "sqlite":
        _restore_sqlite(payload)
    else:
        _run_pg_tool(
            "pg_restore",
            [
                "--single-transaction",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                str(connection.settings_dict["NAME"]),
                str(payload),
            ],
        )
    connection.close()
    # The restored unit tree may differ from the one the cached scopes were computed from (the
    # stored pools come with the data they were computed from, in the same dump).
    forget_scopes()
    rows_written.send(sender=None)  # every table replaced


def backup_dir() -> Path:
    """Where backups go by default: ``QPDP_VAR_DIR/backups``, created owner-only."""
    directory = Path(settings.VAR_DIR) / "backups"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def default_path(directory: Path) -> Path:
    """A new, timestamped name in ``directory``: names sort in the order backups were taken."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"qpdp-{stamp}{SUFFIX}"
    counter = 1
    while path.exists():
        path = directory / f"qpdp-{stamp}-{counter}{SUFFIX}"
        counter += 1
    return path


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest timestamped backups in ``directory``; return them.

    Only names ``default_path`` gives are touched: a copy an operator named by hand stays.
    """
    automatic = sorted(
        (path for path in directory.iterdir() if _AUTOMATIC_NAME.fullmatch(path.name)),
        key=lambda path: (path.stat().st_mtime, path.name),
    )
    removed = automatic[: max(len(automatic) - keep, 0)]
    for path in removed:
        path.unlink()
    return removed


def describe(manifest: Manifest) -> str:
    created = dt.datetime.fromisoformat(manifest.created_at)
    return _("%(engine)s, tạo lúc %(time)s, %(size)s MB") % {
        "engine": ENGINE_NAMES[manifest.engine],
        "time": timezone.localtime(created).strftime("%d/%m/%Y %H:%M"),
        "size": f"{manifest.size / 1_000_000:.1f}".replace(".", ","),
    }
