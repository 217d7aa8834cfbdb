"""The pool page reads only the shown page's people (``pool_rows`` then ``pool_entries``): it must
list, count and filter exactly as ``services.pool`` does, and show every write at once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, Decision, HealthKind
from qpdp.conscription.rules import PoolState
from qpdp.people.models import Person
from tests.conscription.conftest import Scenario

MakePerson = Callable[..., Person]


def _page(client: Client, scenario: Scenario, cycle: CallUpCycle, **query: Any) -> Any:
    client.force_login(scenario.staff)
    url = reverse("conscription:pool", args=[cycle.pk, scenario.ward.pk])
    response = client.get(url, {"on": scenario.order_day.isoformat(), **query})
    assert response.status_code == 200
    return response.context


def test_the_pool_page_lists_and_counts_as_the_pool_does(
    client: Client,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Decision],
) -> None:
    ready = callable_man(given_name="Sẵn")
    decided(callable_man(given_name="Hoãn"), ground="b", until=dt.date(scenario.year, 12, 31))
    callable_man(given_name="Yếu", health_class=4)
    entries = services.pool(cycle, scenario.wards, on=scenario.order_day)

    context = _page(client, scenario, cycle)

    shown = [(entry.person, entry.evaluation) for entry in context["page"].rows]
    assert shown == [(e.person, e.evaluation) for e in entries]
    assert dict(context["counts"]) == Counter(e.state for e in entries)
    callable_only = _page(client, scenario, cycle, state=PoolState.CALLABLE.value)
    assert [entry.person for entry in callable_only["page"].rows] == [ready]


def test_the_pool_page_shows_a_new_health_result_at_once(
    client: Client, scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    assert dict(_page(client, scenario, cycle)["counts"]) == {PoolState.CALLABLE: 1}

    services.record_health(
        scenario.staff,
        cycle,
        person,
        kind=HealthKind.EXAMINATION,
        examined_on=scenario.exam_day,
        health_class=5,
    )

    context = _page(client, scenario, cycle)
    assert dict(context["counts"]) == {PoolState.HEALTH_UNFIT: 1}
    assert context["page"].rows[0].state is PoolState.HEALTH_UNFIT
