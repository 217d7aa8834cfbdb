"""EXPLAIN guard rails for the hot queries (issue 15): on PostgreSQL, every query a page runs
must be able to read the large tables through an index.

A test database holds a few rows, so the planner would rightly scan them whole; with
``enable_seqscan`` off it reads a table whole only where no index condition can serve the
query (by a sequential scan, or by walking a whole index and filtering every row), which is
what a million rows would make slow. The guard therefore fails when a query lost its index (a
dropped index, a function wrapped around an indexed column, an OR the index cannot serve), not
when the planner's choice merely depends on the size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

LARGE_TABLES = (
    "people_person",
    "people_residence",
    "conscription_registration",
    "conscription_healthresult",
    "conscription_decision",
    "conscription_calluporder",
)
"""Tables that grow with the population: a sequential scan over one is a full read of it."""

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="EXPLAIN guard rails run on PostgreSQL (the production engine); this run is SQLite",
)


def sequential_scans(statements: Iterable[str]) -> list[str]:
    """Each SELECT among ``statements`` whose plan, with sequential scans discouraged, still reads
    a large table in full: the table's name and the statement."""
    found = []
    with connection.cursor() as cursor:
        # Judge every plan as on a fresh test database, whatever earlier tests left (see
        # forget_statistics): the guards failed in the full parallel run and passed alone. The
        # test's transaction rolls these catalogue changes back (the CI's user is a superuser).
        forget_statistics(cursor)
        cursor.execute("SET enable_seqscan = off")
        try:
            for sql in statements:
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]["Plan"]
                found += [f"{table}: {sql}" for table in _full_reads(plan, stops_early=False)]
        finally:
            cursor.execute("RESET enable_seqscan")
    return found


STREAMING = {"Limit", "Nested Loop", "Merge Join", "Incremental Sort", "Unique", "Result"}
"""Plan nodes that pass rows on as they come, so a Limit above them stops the scans below."""


def forget_statistics(cursor: Any) -> None:
    """Make every table of the schema look as it would on a fresh database to the planner,
    inside the transaction; a database user who may not write the catalogue keeps the
    statistics it has.

    Two things differ from a fresh database after earlier tests: statistics autovacuum gathered
    (deleted here), and a table's file grown by rows an earlier test wrote and rolled back (twelve
    thousand units a catalogue test loaded made ``core_unit`` look large, and the planner then
    read every registration in a hash join). The planner sizes a never-analysed table from its
    file, so a grown table is given the row count it would show with its fresh size of ten pages.
    """
    try:
        with transaction.atomic():
            cursor.execute(
                "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting("
                "'block_size')::int FROM pg_class c WHERE c.relkind = 'r' "
                "AND c.relnamespace = current_schema()::regnamespace"
            )
            tables = cursor.fetchall()
            cursor.execute(
                "DELETE FROM pg_statistic WHERE starelid = ANY(%s::regclass[])",
                [[name for name, _pages in tables]],
            )
            cursor.execute(
                "UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid = ANY(%s::regclass[])",
                [[name for name, _pages in tables]],
            )
            for name, pages in tables:
                if pages > FRESH_PAGES:
                    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT * FROM {name}")
                    rows = cursor.fetchone()[0][0]["Plan"]["Plan Rows"]
                    cursor.execute(
                        "UPDATE pg_class SET reltuples = %s, relpages = %s "
                        "WHERE oid = %s::regclass",
                        [rows * FRESH_PAGES / pages, pages, name],
                    )
    except DatabaseError:
        pass


FRESH_PAGES = 10
"""The size PostgreSQL assumes for a table never analysed whose file is smaller."""


def _full_reads(node: dict[str, Any], *, stops_early: bool) -> Iterator[str]:
    """Large tables the plan reads whole: a sequential scan (which ``enable_seqscan = off``
    leaves only where no index serves), or an index scan without an index condition (a walk of
    the whole index to filter every row) unless a Limit stops it early (the first page of a list
    in the index's order)."""
    table = node.get("Relation Name")
    if table in LARGE_TABLES:
        kind = node["Node Type"]
        if kind == "Seq Scan" or (
            kind in ("Index Scan", "Index Only Scan")
            and "Index Cond" not in node
            and not stops_early
        ):
            yield table
    early = node["Node Type"] == "Limit" or (stops_early and node["Node Type"] in STREAMING)
    for child in node.get("Plans", ()):
        yield from _full_reads(child, stops_early=early)


@contextmanager
def no_sequential_scan() -> Iterator[None]:
    """Run the block, then fail if any query it ran reads a large table without an index."""
    with CaptureQueriesContext(connection) as captured:
        yield
    scans = sequential_scans(query["sql"] for query in captured.captured_queries)
    assert not scans, "\n\n".join(scans)
