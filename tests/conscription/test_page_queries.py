"""Query budget of the call-up pages: each page (and its XLSX export) issues at most the queries
it issued before the pages moved onto the page kit (issue 10). Measured on the ``world`` of
``test_views``: one cycle, four people, one order, one proposal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qpdp.conscription.models import Decision
from tests.conftest import Accounts, Tree
from tests.conscription.test_views import World, issue, world  # noqa: F401  # the fixture

# The queries each page issued before the move, for the commander and a ward's staff: page, then
# its XLSX export (``None``: a form, which has none). Pages that evaluate people (health, pool,
# review, issue, propose) read five more since the pool reads Art. 13 measures, Art. 4.4
# recognitions, the standing militia (membership on the day, months served) and the cycle's
# volunteers, one query each. The cycle page reads the council's meetings (and, when there are
# some, the communes they propose): one or two more. The health page reads the calls to
# examination of its people and the ward's results posting (Art. 40.3, 40.6): two more, one of
# them only when there are people. The pool page is measured on its second view: the first
# builds the ward's stored pool (``pool_store``, budget "pool_build", whatever the pool's size);
# later views read the states stored and evaluate only the page's people.
BUDGET: dict[str, tuple[int, int | None]] = {
    "home": (6, 8),
    "cycle": (22, 11),
    "decisions": (11, 9),
    "orders": (13, 9),
    "registration": (11, 10),
    "health": (20, 20),
    "pool": (18, 18),
    "pool_build": (31, None),
    "review": (21, 20),
    "issue": (23, 20),
    "propose": (17, None),
    "health_person": (9, None),
    "handover": (9, None),
    "decide": (10, None),
    "quota": (8, None),
    "cycle_create": (5, None),
}
STAFF_PAGES = ("home", "cycle", "decisions", "orders", "registration", "health", "pool")
STAFF_PAGES += ("review", "issue", "propose", "health_person", "handover")


def _urls(world: World, tree: Tree, order: Any) -> dict[str, str]:  # noqa: F811
    cycle, ward = world.cycle.pk, tree.suoi_hoa.pk
    decision = Decision.objects.get(person=world.student)
    return {
        "home": reverse("conscription:home"),
        "cycle": reverse("conscription:cycle", args=[cycle]),
        "decisions": reverse("conscription:decisions", args=[cycle]),
        "orders": reverse("conscription:orders", args=[cycle]),
        **{
            name: reverse(f"conscription:{name}", args=[cycle, ward])
            for name in ("registration", "health", "pool", "review", "issue")
        },
        "propose": reverse("conscription:propose", args=[cycle, world.fit.pk]),
        "health_person": reverse("conscription:health_person", args=[cycle, world.fit.pk]),
        "handover": reverse("conscription:handover", args=[cycle, order.pk]),
        "decide": reverse("conscription:decide", args=[cycle, decision.pk]),
        "quota": reverse("conscription:quota", args=[cycle]),
        "cycle_create": reverse("conscription:cycle_create"),
    }


def _count(url: str, client: Client, **query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("user", ["city_commander", "suoi_hoa_staff"])
def test_no_page_issues_more_queries_than_before(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
    user: str,
) -> None:
    order = issue(world, accounts, tree)
    client.force_login(getattr(accounts, user))
    client.get(reverse("conscription:home"))  # the session's first queries
    pages = _urls(world, tree, order)
    names = [n for n in BUDGET if n != "pool_build"] if user == "city_commander" else STAFF_PAGES
    counts = {}
    pool_build = _count(pages["pool"], client)
    for name in names:
        export = _count(pages[name], client, format="xlsx") if BUDGET[name][1] else None
        counts[name] = (_count(pages[name], client), export)
    counts["pool_build"] = (pool_build, None)
    over = {
        name: (count, BUDGET[name])
        for name, count in counts.items()
        if count[0] > BUDGET[name][0] or (count[1] or 0) > (BUDGET[name][1] or 0)
    }
    assert over == {}
