"""Volunteers (Art. 6.2, 41.3): a woman who volunteers is called only in a cycle that calls
women; a deferred or exempt man who volunteers is considered again; the application is
recorded once per cycle, by his ward, audited; page and API write through the same service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from qpdp.conscription import services
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, HealthKind, Review, Volunteering
from qpdp.conscription.rules import PoolState
from qpdp.core.access import User
from qpdp.core.audit import Action
from qpdp.people.models import Person
from tests.api.conftest import ApiClient, api, refusals  # noqa: F401  # the fixture
from tests.conscription.conftest import Scenario, one_audit_entry, unchanged
from tests.conscription.test_services import order_for

MakePerson = Callable[..., Person]


def volunteer(scenario: Scenario, cycle: CallUpCycle, person: Person, **extra: Any) -> Any:
    extra.setdefault("applied_on", scenario.proposed_on)
    return services.record_volunteering(scenario.staff, cycle, person, **extra)


@pytest.fixture
def woman(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
) -> Person:
    """A woman of the ward, registered at 19 (women register from 18, Art. 12), examined class 2."""
    born = scenario.born
    person = make_person(
        scenario.ward, gender="F", given_name="Lan", birth_date=born, education_level=12
    )
    person = register(person, born.replace(year=born.year + 19))
    services.record_health(
        scenario.staff, cycle, person, kind=HealthKind.EXAMINATION,
        examined_on=scenario.exam_day, health_class=2,
    )  # fmt: skip
    return person


def state(scenario: Scenario, cycle: CallUpCycle, person: Person) -> Any:
    return services.state_of(cycle, person, scenario.order_day)


@pytest.mark.parametrize(("calls_women", "expected"), [(False, "ineligible"), (True, "callable")])
def test_a_woman_who_volunteers_is_called_only_when_the_cycle_calls_women(
    scenario: Scenario,
    cycle: CallUpCycle,
    woman: Person,
    approved: Review,
    calls_women: bool,
    expected: str,
) -> None:
    assert state(scenario, cycle, woman).codes == ("woman_not_volunteer",)
    with one_audit_entry(Action.CREATE):
        volunteer(scenario, cycle, woman)
    CallUpCycle.objects.filter(pk=cycle.pk).update(calls_women=calls_women)
    cycle.refresh_from_db()
    assert state(scenario, cycle, woman).state == expected
    if calls_women:
        assert order_for(scenario, cycle, woman).person == woman
    else:
        with unchanged(), pytest.raises(ValidationError, match="không gọi công dân nữ"):
            order_for(scenario, cycle, woman)


def test_a_deferred_man_who_volunteers_is_considered_again(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Any],
) -> None:
    man = callable_man()
    decided(man, ground="g")
    assert state(scenario, cycle, man).state is PoolState.DEFERRED
    volunteer(scenario, cycle, man)
    assert state(scenario, cycle, man).codes == ("callable", "volunteer")


def test_an_application_is_recorded_once_and_before_the_handover(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    man = callable_man()
    with unchanged(), pytest.raises(ValidationError) as late:
        volunteer(scenario, cycle, man, applied_on=scenario.handover + dt.timedelta(days=1))
    assert late.value.error_dict["applied_on"][0].code == ErrorCode.VOLUNTEERING_AFTER_HANDOVER
    volunteer(scenario, cycle, man)
    with unchanged(), pytest.raises(ValidationError) as twice:
        volunteer(scenario, cycle, man)
    assert twice.value.code == ErrorCode.VOLUNTEERING_EXISTS


def test_the_page_and_the_api_record_an_application(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    client: Client,
    api: Callable[[User], ApiClient],  # noqa: F811
) -> None:
    first, second = callable_man(given_name="An"), callable_man(given_name="Bình")
    client.force_login(scenario.staff)
    url = reverse("conscription:volunteer", args=[cycle.pk, first.pk])
    day = f"{scenario.proposed_on:%d/%m/%Y}"
    assert client.post(url, {"applied_on": day}).status_code == 302
    refused = client.post(url, {"applied_on": day})
    assert refused.status_code == 400
    assert "đã có đơn tình nguyện trong đợt này" in refused.content.decode()
    path = f"/api/v1/conscription/cycles/{cycle.pk}/volunteers/"
    body = {"person": second.pk, "applied_on": str(scenario.proposed_on)}
    assert api(scenario.staff).post(path, body).status_code == 201
    again = api(scenario.staff).post(path, body)
    assert refusals(again) == [("volunteering_exists", None)]
    assert set(Volunteering.objects.values_list("person_id", flat=True)) == {first.pk, second.pk}
    assert len(api(scenario.other_staff).get(path).json()["results"]) == 0
