"""Pages of a list: a list that fits on its first page takes its total from its rows (no COUNT);
any other page counts, capped."""

from __future__ import annotations

from typing import Any

import pytest

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
