"""``qpdp backup`` without ``-o`` (the nightly timer's form): timestamped files in
``QPDP_VAR_DIR/backups``, ``--keep N`` removing only the oldest automatic ones."""

from __future__ import annotations

import re
import sqlite3
import tarfile
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability.conftest import Database, qpdp

NAME = re.compile(r"qpdp-\d{8}-\d{6}(-\d+)?\.qpdp-backup")


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("retention-source") / "qpdp.sqlite3"
    qpdp(Database("sqlite", f"sqlite:///{path}", str(path)), "migrate", "-v0")
    return path


@pytest.fixture
def database(migrated: Path, tmp_path: Path) -> Database:
    """A copy of the migrated database alone in its folder, which is its QPDP_VAR_DIR."""
    path = tmp_path / "qpdp.sqlite3"
    with closing(sqlite3.connect(migrated)) as src, closing(sqlite3.connect(path)) as dst:
        src.backup(dst)
    return Database("sqlite", f"sqlite:///{path}", str(path))


def backups(database: Database) -> list[str]:
    return sorted(p.name for p in (Path(database.name).parent / "backups").iterdir())


def test_backups_are_timestamped_and_only_the_newest_automatic_ones_are_kept(
    database: Database,
) -> None:
    made = [qpdp(database, "backup", "--keep", "2").stdout for _ in range(3)]
    folder = Path(database.name).parent / "backups"
    by_hand = folder / "before-upgrade.qpdp-backup"
    by_hand.write_bytes(b"kept")
    last = qpdp(database, "backup", "--keep", "2").stdout

    names = backups(database)
    automatic = [name for name in names if NAME.fullmatch(name)]
    assert len(automatic) == 2
    assert "before-upgrade.qpdp-backup" in names  # a file named by hand is never removed
    # The two kept are the two taken last.
    assert all(name in last or name in made[2] for name in automatic)
    assert not any(name in made[0] or name in made[1] for name in automatic)
    assert "đã xóa 1 bản cũ" in last
    assert folder.stat().st_mode & 0o777 == 0o700
    newest = folder / next(name for name in automatic if name in last)
    assert newest.stat().st_mode & 0o777 == 0o600
    with tarfile.open(newest, "r:*") as archive:
        assert sorted(archive.getnames()) == ["database.sqlite3", "manifest.json"]


def test_a_backup_without_keep_removes_nothing(database: Database) -> None:
    for _ in range(3):
        qpdp(database, "backup")

    assert len(backups(database)) == 3


def test_keep_below_one_is_refused_before_anything_is_written(database: Database) -> None:
    refused = qpdp(database, "backup", "--keep", "0", check=False)

    assert refused.returncode != 0
    assert "--keep phải từ 1 trở lên" in refused.stderr
    assert not (Path(database.name).parent / "backups").exists()
