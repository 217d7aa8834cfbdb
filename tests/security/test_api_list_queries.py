"""Every API list costs a fixed number of queries, whatever its page size (issue 15's guard rail):
a list that read each row's relations one by one would grow with the page and fail here."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from qpdp.api import urls
from tests.security.conftest import World

LIST_BUDGET = 12
"""Session, account, scope and unit lookups, the page's rows and their joined relations."""


def _top_level(pattern: URLPattern) -> bool:
    """A list of a registry or of a cycle; lists nested under one record (a plan's attendance, a
    drill's summonses, a course's attendees, a family's payments) are bounded by that record."""
    route = str(pattern.pattern)
    return "<" not in route.replace("<int:cycle>", "")


LISTS = sorted(
    pattern.name
    for pattern in urls.urlpatterns
    if isinstance(pattern, URLPattern)
    and pattern.name
    and pattern.name.endswith("-list")
    and _top_level(pattern)
)


def _queries(world: World, name: str, page_size: int) -> int:
    kwargs: dict[str, Any] = {}
    route = str(next(p.pattern for p in urls.urlpatterns if getattr(p, "name", None) == name))
    if "<int:cycle>" in route:
        kwargs["cycle"] = world.cycle.pk
    client = world.clients["admin"]
    url = reverse(f"api:{name}", kwargs=kwargs)
    client.get(url, {"page_size": 1})  # the account's scope and caches, as any earlier call would
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200, (name, response.status_code)
    return len(captured)


def test_the_lists_are_found() -> None:
    assert {"person-list", "order-list", "militia-member-list", "reserve-soldier-list"} <= set(
        LISTS
    )


@pytest.mark.parametrize("name", LISTS)
def test_an_api_list_costs_the_same_queries_for_one_row_or_a_full_page(
    world: World, name: str
) -> None:
    one, full = _queries(world, name, 1), _queries(world, name, 500)

    assert one == full, f"{name}: {one} queries for one row, {full} for a full page"
    assert full <= LIST_BUDGET, f"{name}: {full} queries"
