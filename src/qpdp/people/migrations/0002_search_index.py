"""Index the folded name for accent-insensitive search, each engine with its own tool.

PostgreSQL: a trigram GIN index (pg_trgm) makes ``search_key LIKE '%…%'`` an index scan.
SQLite: an FTS5 table with the trigram tokenizer, kept in step with the person table by triggers.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE people_person_fts USING fts5("
    "search_key, content='people_person', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person BEGIN "
    "INSERT INTO people_person_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER people_person_fts_ad AFTER DELETE ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER people_person_fts_au AFTER UPDATE OF search_key ON people_person BEGIN "
    "INSERT INTO people_person_fts(people_person_fts, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO people_person_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_person_fts_au",
    "DROP TRIGGER IF EXISTS people_person_fts_ad",
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "DROP TABLE IF EXISTS people_person_fts",
]
SQLITE_TRIGGERS = SQLITE_FORWARD[1:4]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX people_person_search_trgm ON people_person USING gin (search_key gin_trgm_ops)",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS people_person_search_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]


def reinstall_search_triggers() -> migrations.RunPython:
    """For later migrations that rebuild ``people_person`` on SQLite (which drops triggers)."""
    drop = [f"DROP TRIGGER IF EXISTS people_person_fts_{suffix}" for suffix in ("ai", "ad", "au")]
    return migrations.RunPython(
        _run({"sqlite": [*drop, *SQLITE_TRIGGERS, SQLITE_FORWARD[-1]]}), migrations.RunPython.noop
    )
