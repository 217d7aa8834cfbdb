"""The EXPLAIN guard (tests/plans.py) reads plans right: it must fail where a million rows would
be read whole, and only there."""

from __future__ import annotations

from typing import Any

from tests.plans import _full_reads


def scan(kind: str, table: str = "people_person", **extra: Any) -> dict[str, Any]:
    return {"Node Type": kind, "Relation Name": table, **extra}


def reads(plan: dict[str, Any]) -> list[str]:
    return list(_full_reads(plan, stops_early=False))


def test_a_sequential_scan_of_a_large_table_is_a_full_read() -> None:
    assert reads(scan("Seq Scan")) == ["people_person"]


def test_a_small_table_may_be_scanned() -> None:
    assert reads(scan("Seq Scan", "core_unit")) == []


def test_an_index_scan_with_a_condition_is_not() -> None:
    assert reads(scan("Index Scan", **{"Index Cond": "(residence_unit_id = ANY (...))"})) == []


def test_walking_a_whole_index_to_filter_every_row_is() -> None:
    assert reads(scan("Index Scan", Filter="(phone = '1')")) == ["people_person"]


def test_the_first_page_in_the_index_order_stops_early() -> None:
    plan = {"Node Type": "Limit", "Plans": [scan("Index Scan")]}

    assert reads(plan) == []


def test_a_sort_under_the_limit_reads_everything_first() -> None:
    plan = {"Node Type": "Limit", "Plans": [{"Node Type": "Sort", "Plans": [scan("Index Scan")]}]}

    assert reads(plan) == ["people_person"]
