"""Art. 13 measures and Art. 4.4 recognitions through the API: the page's form and service, the
same coded refusals, scoped like the pages, audited as API writes; the pool answers the
militia's flags and an order to a barred man is refused with the measure's code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qpdp.conscription.models import BarringMeasure, CallUpCycle, Review, ServiceRecognition
from qpdp.core.access import User
from qpdp.people.models import Person
from tests.api.conftest import ApiClient, messages, refusals
from tests.api.test_conscription_api import audited_as_api, ok, url
from tests.conftest import Accounts
from tests.conscription.conftest import Scenario

Api = Callable[[User], ApiClient]
MEASURES = "/api/v1/conscription/measures/"
RECOGNITIONS = "/api/v1/conscription/recognitions/"


def measure_body(person: Person, **changes: Any) -> dict[str, Any]:
    return {
        "person": person.pk,
        "kind": "prison",
        "starts_on": "2025-03-01",
        "ends_on": None,
        "document_number": "35/2025/HS-ST",
        "document_date": "2025-02-20",
        **changes,
    }


def test_a_measure_is_recorded_listed_and_ended(
    scenario: Scenario, cycle: CallUpCycle, callable_man: Callable[..., Person], api: Api
) -> None:
    person = callable_man()
    client = api(scenario.staff)
    created = ok(client.post(MEASURES, measure_body(person)))
    audited_as_api("create", "barringmeasure")
    assert created["article"].startswith("điểm a khoản 1 Điều 13")
    assert [m["id"] for m in client.get(MEASURES).json()["results"]] == [created["id"]]
    assert api(scenario.other_staff).get(MEASURES).json()["results"] == []
    assert api(scenario.other_staff).get(f"{MEASURES}{created['id']}/").status_code == 404
    ended = ok(client.post(f"{MEASURES}{created['id']}/end/", {"ends_on": "2026-01-10"}), 200)
    assert ended["ends_on"] == "2026-01-10"
    audited_as_api("update", "barringmeasure")


def test_a_refused_measure_answers_the_services_code(
    scenario: Scenario, cycle: CallUpCycle, callable_man: Callable[..., Person], api: Api
) -> None:
    person = callable_man()
    client = api(scenario.staff)
    refused = client.post(MEASURES, measure_body(person, ends_on="2025-01-01"))
    assert refused.status_code == 400
    assert refusals(refused) == [("measure_ends_before_start", "ends_on")]
    stranger = api(scenario.other_staff).post(MEASURES, measure_body(person))
    assert stranger.status_code == 400
    assert refusals(stranger)[0][1] == "person"
    assert not BarringMeasure.objects.exists()


def test_an_order_to_a_barred_man_is_refused_with_the_measures_code(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
    approved: Review,
    api: Api,
) -> None:
    person = callable_man()
    started = f"{scenario.year - 1}-03-01"
    body = measure_body(person, kind="commune_education", starts_on=started, document_date=started)
    ok(api(scenario.staff).post(MEASURES, body))
    body = {"person": person.pk, "issued_on": str(scenario.order_day), "report_place": "Sân"}
    refused = api(scenario.order_signer).post(url(cycle, "orders/"), body)
    assert refused.status_code == 400
    assert refusals(refused) == [("barred_by_measure", None)]
    assert "biện pháp giáo dục tại xã, phường" in messages(refused)[0]


def test_a_recognition_is_recorded_and_its_months_checked(
    scenario: Scenario, cycle: CallUpCycle, callable_man: Callable[..., Person], api: Api
) -> None:
    person = callable_man()
    body = {
        "person": person.pk,
        "ground": "militia",
        "months_served": 23,
        "recognised_on": str(scenario.proposed_on),
        "decision_number": "45/QĐ-BCH",
        "signer": "Chỉ huy trưởng",
    }
    client = api(scenario.staff)
    short = client.post(RECOGNITIONS, body)
    assert refusals(short) == [("recognition_months_short", "months_served")]
    assert not ServiceRecognition.objects.exists()
    created = ok(client.post(RECOGNITIONS, {**body, "months_served": 24}))
    assert created["article"].startswith("điểm a khoản 4 Điều 4")
    audited_as_api("create", "servicerecognition")
    pool_url = url(cycle, f"wards/{scenario.ward.pk}/pool/")
    pool = client.get(pool_url, {"on": str(scenario.order_day)})
    [entry] = [e for e in pool.json()["results"] if e["person"]["id"] == person.pk]
    assert (entry["state"], entry["flags"]) == ("served", [])


def test_a_leader_reads_but_may_not_write(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
    accounts: Accounts,
    api: Api,
) -> None:
    person = callable_man()
    leader = api(accounts.leader)
    assert leader.get(MEASURES).status_code == 200
    assert leader.post(MEASURES, measure_body(person)).status_code == 403
    assert leader.post(RECOGNITIONS, {}).status_code == 403
