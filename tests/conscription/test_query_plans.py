"""The ward's call-up pool reads people and their call-up records through indexes (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qpdp.conscription.models import CallUpCycle
from qpdp.people.models import Person
from tests.conscription.conftest import Scenario
from tests.plans import no_sequential_scan, postgresql_only

pytestmark = postgresql_only


def test_the_pool_page_uses_indexes(
    client: Client,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
) -> None:
    for n in range(5):
        callable_man(given_name=f"Người{n}")
    client.force_login(scenario.staff)
    url = reverse("conscription:pool", args=[cycle.pk, scenario.ward.pk])

    with no_sequential_scan():
        response = client.get(url, {"on": scenario.order_day.isoformat()})

    assert response.status_code == 200
