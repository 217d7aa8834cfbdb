"""List pagination without a full COUNT on every page view.

A filtered COUNT over a million rows halves a list page's throughput (PERFORMANCE-NOTES.md), so
a page fetches one row more than it shows to know whether a next page exists, and the total is
counted only up to a cap ("hơn 10.000"); a list that fits on its first page is not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

COUNT_CAP = 10_000
MAX_PAGE = 2_000


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Any]
    number: int
    size: int
    has_next: bool
    total: int
    total_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0


def parse_page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def paginate(queryset: QuerySet, raw_number: str | None, size: int) -> Page:
    number = parse_page_number(raw_number)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    if number == 1 and len(rows) <= size:
        total = len(rows)  # the whole list fits on the first page: nothing to count
    else:
        total = queryset.order_by()[: COUNT_CAP + 1].count()
    return Page(
        rows=rows[:size],
        number=number,
        size=size,
        has_next=len(rows) > size,
        total=min(total, COUNT_CAP),
        total_capped=total > COUNT_CAP,
    )


def paginate_list(rows: Sequence[Any], raw_number: str | None, size: int) -> Page:
    """A page of a list computed in Python (a ward's pool), shaped like ``paginate``'s."""
    number = parse_page_number(raw_number)
    start = (number - 1) * size
    return Page(
        rows=list(rows[start : start + size]),
        number=number,
        size=size,
        has_next=len(rows) > start + size,
        total=len(rows),
        total_capped=False,
    )
