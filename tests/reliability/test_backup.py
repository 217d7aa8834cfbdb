"""``qpdp backup`` / ``qpdp restore`` on the demo city: every table comes back row for row, and a
damaged file, another engine or a non-empty database is refused before anything is touched."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.conftest import Database, Databases, qpdp, scalar, table_digests

Copy = Callable[[str], Database]


@pytest.fixture(scope="session")
def demo_backup(demo_city: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backups") / f"demo-{demo_city.engine}.qpdp-backup"
    qpdp(demo_city, "backup", "-o", str(path))
    return path


def last_audit_id(database: Database) -> int:
    return int(scalar(database, "SELECT max(id) FROM core_auditentry"))


def rewrite(backup: Path, target: Path, *, manifest: dict[str, object] | None = None,
            flip_byte_at: int | None = None, payload_name: str | None = None) -> Path:  # fmt: skip
    """A copy of ``backup`` with its manifest replaced, one payload byte changed or the payload
    renamed."""
    with tarfile.open(backup, "r:*") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            handle = source.extractfile(member)
            assert handle is not None
            data = handle.read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps({**json.loads(data), **manifest}).encode()
            elif member.name != "manifest.json" and flip_byte_at is not None:
                data = (
                    data[:flip_byte_at] + bytes([data[flip_byte_at] ^ 1]) + data[flip_byte_at + 1 :]
                )
            if member.name != "manifest.json" and payload_name is not None:
                member.name = payload_name
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def migrations_of(backup: Path) -> list[list[str]]:
    """The migrations ``backup``'s manifest says its database had."""
    with tarfile.open(backup, "r:*") as source:
        handle = source.extractfile("manifest.json")
        assert handle is not None
        migrations: list[list[str]] = json.loads(handle.read())["migrations"]
    return migrations


def test_a_backup_restored_into_an_empty_database_holds_every_row(
    databases: Databases, copy_of_demo: Copy, tmp_path: Path
) -> None:
    source = copy_of_demo("bsrc")
    last_entry = last_audit_id(source)
    before = table_digests(source, audit_up_to=last_entry)
    backup = tmp_path / "city.qpdp-backup"

    made = qpdp(source, "backup", "-o", str(backup))
    target = databases.empty("bdst")
    restored = qpdp(target, "restore", str(backup))

    assert "SHA-256" in made.stdout
    assert backup.stat().st_mode & 0o777 == 0o600  # personal data and password hashes
    assert "Đã khôi phục" in restored.stdout
    assert last_audit_id(source) == last_audit_id(target) == last_entry + 1
    after = table_digests(target, audit_up_to=last_entry)
    assert after == before
    assert before["people_person"][0] == 4000
    assert before["conscription_callupcycle"][0] == 1
    filled = [table for table, value in before.items() if "sequence " not in table and value[0]]
    assert len(filled) > 15
    # The backup and the restore are each recorded, in the database they happened to.
    assert scalar(source, "SELECT object_repr FROM core_auditentry ORDER BY id DESC LIMIT 1") == (
        "Sao lưu cơ sở dữ liệu"
    )
    assert scalar(target, "SELECT object_repr FROM core_auditentry ORDER BY id DESC LIMIT 1") == (
        "Khôi phục cơ sở dữ liệu từ bản sao lưu"
    )


def test_a_damaged_backup_is_refused_and_the_database_is_untouched(
    copy_of_demo: Copy, demo_backup: Path, tmp_path: Path
) -> None:
    target = copy_of_demo("bbad")
    before = table_digests(target)
    damaged = rewrite(demo_backup, tmp_path / "damaged", flip_byte_at=50_000)

    result = qpdp(target, "restore", str(damaged), "--force", check=False)

    assert result.returncode == 1
    assert "Mã kiểm tra (SHA-256) của tệp sao lưu không khớp" in result.stderr
    assert table_digests(target) == before


def test_a_backup_of_another_engine_is_refused(
    copy_of_demo: Copy, demo_backup: Path, tmp_path: Path
) -> None:
    target = copy_of_demo("beng")
    before = table_digests(target)
    other = "postgresql" if target.engine == "sqlite" else "sqlite"
    payload = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
    # The same bytes under another engine's name: the checksum still matches.
    renamed = rewrite(
        demo_backup,
        tmp_path / "other-engine",
        manifest={"engine": other},
        payload_name=payload[other],
    )

    result = qpdp(target, "restore", str(renamed), "--force", check=False)

    assert result.returncode == 1
    assert "nhưng hệ thống đang dùng" in result.stderr
    assert table_digests(target) == before


def test_a_non_empty_database_is_not_overwritten_without_force(
    copy_of_demo: Copy, demo_backup: Path
) -> None:
    target = copy_of_demo("bfull")
    before = table_digests(target)

    result = qpdp(target, "restore", str(demo_backup), check=False)

    assert result.returncode == 1
    assert "đã có dữ liệu" in result.stderr
    assert table_digests(target) == before


def test_a_newer_schema_is_refused(copy_of_demo: Copy, demo_backup: Path, tmp_path: Path) -> None:
    target = copy_of_demo("bnew")
    before = table_digests(target)
    migrations = migrations_of(demo_backup)
    newer = rewrite(
        demo_backup,
        tmp_path / "newer",
        manifest={"migrations": [*migrations, ["people", "9999_from_the_future"]]},
    )

    result = qpdp(target, "restore", str(newer), "--force", check=False)

    assert result.returncode == 1
    assert "people.9999_from_the_future" in result.stderr
    assert table_digests(target) == before


def test_an_older_backup_is_migrated_after_on_sqlite_and_refused_over_newer_tables_on_postgresql(
    copy_of_demo: Copy, demo_backup: Path, tmp_path: Path
) -> None:
    target = copy_of_demo("bold")
    before = table_digests(target)
    migrations = migrations_of(demo_backup)
    older = rewrite(demo_backup, tmp_path / "older", manifest={"migrations": migrations[:-1]})

    result = qpdp(target, "restore", str(older), "--force", check=False)

    if target.engine == "sqlite":  # the whole file is replaced: `migrate` brings it up to date
        assert result.returncode == 0
        assert "hãy chạy “qpdp migrate”" in result.stdout
    else:  # pg_restore --clean would leave the newer tables behind
        assert result.returncode == 1
        assert "Hãy khôi phục vào một cơ sở dữ liệu trống" in result.stderr
        assert table_digests(target) == before
