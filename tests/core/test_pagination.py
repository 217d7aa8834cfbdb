"""Pages of a list: a list that fits on its first page takes its total from its rows (no COUNT);
any other page counts, capped."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qpdp.core.pagination import paginate
from qpdp.core.units import Unit

pytestmark = pytest.mark.django_db


def test_a_list_on_one_page_needs_no_count(tree: Any, django_assert_num_queries: Any) -> None:
    units = Unit.objects.order_by("pk")
    everything = units.count()
    with django_assert_num_queries(1):
        page = paginate(units, "1", everything + 5)
    assert page.total == everything and not page.has_next and not page.total_capped


def test_a_page_with_more_after_it_counts_the_list(
    tree: Any, django_assert_num_queries: Any
) -> None:
    units = Unit.objects.order_by("pk")
    everything = units.count()
    with django_assert_num_queries(2):
        first = paginate(units, "1", 2)
    assert first.has_next and first.total == everything
    last_number = str((everything + 1) // 2)
    with django_assert_num_queries(2):
        last = paginate(units, last_number, 2)
    assert not last.has_next and last.total == everything and last.end_index == everything


def test_a_page_past_the_end_still_counts(tree: Any, django_assert_num_queries: Any) -> None:
    units = Unit.objects.order_by("pk")
    with django_assert_num_queries(2):
        beyond = paginate(units, "999", 2)
    assert beyond.rows == [] and beyond.total == units.count()


# -- keyset pages (issue 15: page 400 of a ward read 20,000 rows to drop them) -------------------


def offset_pages(queryset: Any, size: int) -> list[list[int]]:
    pages, number = [], 1
    while True:
        page = paginate(queryset, str(number), size)
        pages.append([row.pk for row in page.rows])
        if not page.has_next:
            return pages
        number += 1


@pytest.mark.parametrize("order", [("name", "pk"), ("-name", "pk"), ("-depth", "-pk"), ("pk",)])
def test_the_cursor_walks_the_same_pages_as_offset_both_ways(tree: Any, order: tuple) -> None:
    units = Unit.objects.order_by(*order)
    expected = offset_pages(units, 2)
    assert len(expected) > 3
    page, forward = paginate(units, "1", 2), []
    while True:
        forward.append([row.pk for row in page.rows])
        if not page.has_next:
            break
        assert (page.after and not page.before) or page.number > 1
        page = paginate(units, str(page.number + 1), 2, after=page.after)
    assert forward == expected
    backward = []
    while True:
        backward.append([row.pk for row in page.rows])
        if page.number == 1:
            break
        page = paginate(units, str(page.number - 1), 2, before=page.before)
        assert page.has_next
    assert backward == expected[::-1]


def test_a_page_after_a_cursor_reads_from_the_key_not_by_offset(
    tree: Any, django_assert_num_queries: Any
) -> None:
    units = Unit.objects.order_by("name", "pk")
    second = paginate(units, "2", 3, after=paginate(units, "1", 3).after)
    with CaptureQueriesContext(connection) as queries:
        paginate(units, "3", 3, after=second.after)
    page_query = queries.captured_queries[0]["sql"].upper()
    assert "OFFSET" not in page_query and '"NAME" >' in page_query
    # The bound on the first sort field alone lets PostgreSQL start the index scan at the key
    # (measured: page 400 of a ward of 420,000 people, 0.6 s without it, 20 ms with it).
    assert '"NAME" >=' in page_query


@pytest.mark.parametrize(
    "token",
    ["", "garbage", "W1sibmFtZSJdXQ:1:forged"],
)
def test_a_missing_or_forged_cursor_pages_by_number(tree: Any, token: str) -> None:
    units = Unit.objects.order_by("name", "pk")
    page = paginate(units, "2", 3, after=token)
    assert [u.pk for u in page.rows] == offset_pages(units, 3)[1]


def test_a_cursor_of_another_sort_is_ignored(tree: Any) -> None:
    by_name = Unit.objects.order_by("name", "pk")
    token = paginate(by_name, "1", 3).after
    reverse = Unit.objects.order_by("-name", "-pk")
    page = paginate(reverse, "2", 3, after=token)
    assert [u.pk for u in page.rows] == offset_pages(reverse, 3)[1]


def test_an_order_the_cursor_cannot_hold_pages_by_offset(tree: Any) -> None:
    """A relation's field or a nullable one: no cursor, OFFSET as before."""
    for units in (
        Unit.objects.order_by("parent__name", "pk"),
        Unit.objects.order_by("valid_to", "pk"),
    ):
        first = paginate(units, "1", 3)
        assert first.has_next and first.after == ""
        assert [u.pk for u in paginate(units, "2", 3).rows] == offset_pages(units, 3)[1]
