"""Real processes against real database files: the demo city seeded once per engine and copied.

These tests run ``qpdp`` in subprocesses (``QPDP_DATABASE_URL`` set per database), not inside
pytest-django's test database, because what they check is what a process leaves on disk. The
PostgreSQL variants use their own throwaway databases and skip when no server answers.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

DEMO_PEOPLE = "4000"  # enough men of call-up age in every ward for the 2026 cycle
TAG = f"{os.getpid()}"


def _postgres_base() -> str:
    """The server CI points QPDP_DATABASE_URL at, else the developers' default."""
    url = os.environ.get("QPDP_DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return "postgres://postgres@127.0.0.1:5432/postgres"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_admin() -> psycopg.Connection[Any] | None:
    try:
        return psycopg.connect(
            with_database(_postgres_base(), "postgres"), autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError:
        return None


@dataclass
class Database:
    engine: str
    url: str
    name: str  # the file path (SQLite) or the database name (PostgreSQL)

    def connect(self) -> Any:
        """A connection closed at the end of the ``with`` block (sqlite3's only commits)."""
        if self.engine == "sqlite":
            return closing(sqlite3.connect(self.name))
        return psycopg.connect(self.url, autocommit=True)


def qpdp(
    database: Database, *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "qpdp.cli", *args],
        env=qpdp_env(database),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"qpdp {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def qpdp_env(database: Database) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QPDP_")}
    env.update(
        QPDP_DATABASE_URL=database.url,
        QPDP_DEBUG="1",
        QPDP_AXES_ENABLED="0",
        QPDP_VAR_DIR=str(Path(database.name).parent if database.engine == "sqlite" else "/tmp"),
        PYTHONUNBUFFERED="1",
    )
    return env


class Databases:
    """Creates databases for one engine and drops them at the end of the session."""

    def __init__(self, engine: str, tmp: Path) -> None:
        self.engine = engine
        self.tmp = tmp
        self.created: list[str] = []

    def empty(self, label: str) -> Database:
        name = f"qpdp_rel_{label}_{TAG}"
        if self.engine == "sqlite":
            path = self.tmp / f"{name}.sqlite3"
            return Database("sqlite", f"sqlite:///{path}", str(path))
        return self._create(name, "")

    def copy(self, source: Database, label: str) -> Database:
        name = f"qpdp_rel_{label}_{TAG}"
        if self.engine == "sqlite":
            path = self.tmp / f"{name}.sqlite3"
            with (
                closing(sqlite3.connect(source.name)) as src,
                closing(sqlite3.connect(path)) as dst,
            ):
                src.backup(dst)
            return Database("sqlite", f"sqlite:///{path}", str(path))
        return self._create(name, f" TEMPLATE {source.name}")

    def _create(self, name: str, template: str) -> Database:
        admin = postgres_admin()
        assert admin is not None
        with admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}{template}")
        self.created.append(name)
        return Database("postgresql", with_database(_postgres_base(), name), name)

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = postgres_admin()
        if admin is None:
            return
        with admin:
            for name in self.created:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Databases]:
    engine = request.param
    if engine == "postgresql":
        admin = postgres_admin()
        if admin is None:
            pytest.skip("PostgreSQL không truy cập được (127.0.0.1:5432): bỏ qua phần PostgreSQL.")
        admin.close()
    factory = Databases(engine, tmp_path_factory.mktemp(f"reliability-{engine}"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def demo_city(databases: Databases) -> Database:
    """Migrated, units of province 24, 4,000 people, accounts and the 2026 call-up cycle."""
    database = databases.empty("demo")
    qpdp(database, "migrate", "-v0")
    qpdp(database, "seed_demo", "--people", DEMO_PEOPLE)
    qpdp(database, "seed_callup_demo", "--only", "2026")
    return database


@pytest.fixture
def copy_of_demo(databases: Databases, demo_city: Database) -> Callable[[str], Database]:
    return lambda label: databases.copy(demo_city, label)


def tables(database: Database) -> list[str]:
    with database.connect() as conn:
        if database.engine == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        else:
            # A partition's rows are read through its table (the audit log's months).
            query = (
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') "
                "AND NOT c.relispartition ORDER BY c.relname"
            )
        return [row[0] for row in conn.execute(query).fetchall()]


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def table_digests(database: Database, *, audit_up_to: int | None = None) -> dict[str, Any]:
    """Per table: row count and a SHA-256 of every row in full column order.

    ``audit_up_to`` leaves out audit entries written after that id, and the audit id counter,
    so a database can be compared with its copy before the backup and restore recorded
    themselves; likewise the counts of writes the stored figures and the cached reviews follow
    (``planning_figureinputs`` and, on SQLite, its id counter: a restore may add the plans' row),
    which a restore advances on purpose.
    PostgreSQL sequences are compared too, so restored rows do not reuse ids.
    """
    digests: dict[str, Any] = {}
    with database.connect() as conn:
        for table in tables(database):
            if table == "planning_figureinputs" and audit_up_to is not None:
                continue
            cursor = conn.execute(f'SELECT * FROM "{table}" LIMIT 0')
            width = len(cursor.description)
            where = ""
            if table == "core_auditentry" and audit_up_to is not None:
                where = f" WHERE id <= {int(audit_up_to)}"
            if table == "sqlite_sequence" and audit_up_to is not None:
                where = " WHERE name NOT IN ('core_auditentry', 'planning_figureinputs')"
            order = ", ".join(str(i) for i in range(1, width + 1))
            digest = hashlib.sha256()
            count = 0
            for row in conn.execute(f'SELECT * FROM "{table}"{where} ORDER BY {order}'):
                digest.update(repr(tuple(_plain(v) for v in row)).encode())
                count += 1
            digests[table] = (count, digest.hexdigest())
        if database.engine == "postgresql":
            for (sequence,) in conn.execute(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = 'public' ORDER BY 1"
            ).fetchall():
                if sequence == "core_auditentry_id_seq" and audit_up_to is not None:
                    continue
                row = conn.execute(f'SELECT last_value, is_called FROM "{sequence}"').fetchone()
                digests[f"sequence {sequence}"] = row
    return digests


def scalar(database: Database, query: str) -> Any:
    with database.connect() as conn:
        row = conn.execute(query).fetchone()
        return None if row is None else row[0]
