"""The call-up workflow through the API, under both regimes: each step is the page's service
with its refusals, scoped like the pages, and audited as an API write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from qpdp.conscription import services
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    Quota,
    Registration,
    Review,
)
from qpdp.conscription.rules import add_months
from qpdp.core.access import User
from qpdp.core.audit import AuditEntry
from qpdp.people.models import Person
from qpdp.reserves.models import ReserveSoldier
from tests.api.conftest import ApiClient, messages, refusals
from tests.conftest import Accounts
from tests.conscription.conftest import Scenario

Api = Callable[[User], ApiClient]
CYCLES = "/api/v1/conscription/cycles/"


def url(cycle: CallUpCycle, tail: str = "") -> str:
    return f"{CYCLES}{cycle.pk}/{tail}"


def audited_as_api(action: str, model: str) -> None:
    entry = AuditEntry.objects.select_related("content_type").order_by("-pk").first()
    assert entry is not None
    assert (entry.action, entry.channel, entry.content_type.model) == (action, "api", model)  # type: ignore[union-attr]


def ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.json()
    return response.json()  # type: ignore[no-any-return]


def test_only_commanders_create_cycles(scenario: Scenario, accounts: Accounts, api: Api) -> None:
    handover = scenario.handover.replace(year=scenario.year + 1)
    body = {"unit": scenario.owner.pk, "year": handover.year, "handover_date": str(handover)}
    assert api(scenario.staff).post(CYCLES, body).status_code == 403
    assert api(accounts.leader).post(CYCLES, body).status_code == 403
    created = ok(api(scenario.decider).post(CYCLES, body))
    assert created["exam_start"] == f"{handover.year - 1}-11-01"
    audited_as_api("create", "callupcycle")
    listed = [c["id"] for c in api(scenario.staff).get(CYCLES).json()["results"]]
    assert created["id"] in listed
    bad = api(scenario.decider).post(CYCLES, {**body, "handover_date": f"{handover.year}-07-01"})
    assert bad.status_code == 400
    assert refusals(bad) == [("handover_month", None)]
    assert "tháng Hai hoặc tháng Ba" in messages(bad)[0]
    assert CallUpCycle.objects.filter(year=handover.year).count() == 1


def test_quotas_are_assigned_top_down(scenario: Scenario, cycle: CallUpCycle, api: Api) -> None:
    client = api(scenario.decider)
    day = str(scenario.approved_on)
    refused = client.post(
        url(cycle, "quotas/"), {"unit": scenario.ward.pk, "number": 1, "assigned_on": day}
    )
    assert refused.status_code == 400  # the owner's quota first
    assert refusals(refused) == [("quota_parent_first", None)]
    ok(
        client.post(
            url(cycle, "quotas/"), {"unit": scenario.owner.pk, "number": 2, "assigned_on": day}
        )
    )
    ok(
        client.post(
            url(cycle, "quotas/"), {"unit": scenario.ward.pk, "number": 1, "assigned_on": day}
        )
    )
    audited_as_api("create", "quota")
    assert Quota.objects.filter(cycle=cycle).count() == 2
    staff = api(scenario.staff)
    body = {"unit": scenario.ward.pk, "number": 5, "assigned_on": day}
    assert staff.post(url(cycle, "quotas/"), body).status_code == 403
    assert [q["unit"] for q in staff.get(url(cycle, "quotas/")).json()["results"]] == [
        scenario.ward.pk
    ]


def test_registration_is_numbered_like_the_page(
    scenario: Scenario, make_person: Callable[..., Person], api: Api
) -> None:
    person = make_person(scenario.ward, birth_date=scenario.born)
    unit = scenario.ward if scenario.ward.is_valid_on(scenario.registered_on) else None
    body: dict[str, Any] = {"person": person.pk, "registered_on": str(scenario.registered_on)}
    if unit is None:
        body["unit"] = scenario.registration_unit.pk
    created = ok(api(scenario.staff).post("/api/v1/conscription/registrations/", body))
    assert created["number"] == f"{scenario.registered_on.year}-0001"
    audited_as_api("create", "registration")
    again = api(scenario.staff).post("/api/v1/conscription/registrations/", body)
    assert again.status_code == 400
    assert refusals(again) == [("already_registered", None)]
    assert Registration.objects.filter(person=person).count() == 1
    other = api(scenario.other_staff)
    assert other.get(f"/api/v1/conscription/registrations/{created['id']}/").status_code == 404
    assert other.post("/api/v1/conscription/registrations/", body).status_code == 400


def test_the_whole_call_up_through_the_api(
    scenario: Scenario,
    cycle: CallUpCycle,
    quotas: None,
    callable_man: Callable[..., Person],
    accounts: Accounts,
    api: Api,
) -> None:
    fit = callable_man(given_name="An")
    student = callable_man(given_name="Bình")
    spare = callable_man(given_name="Cường")
    staff, decider, signer = api(scenario.staff), api(scenario.decider), api(scenario.order_signer)

    health = {"person": fit.pk, "kind": "exam", "examined_on": str(scenario.exam_day),
              "health_class": 1, "myopia_dioptres": "1.5"}  # fmt: skip
    assert ok(staff.post(url(cycle, "health-results/"), health))["health_class"] == 1
    audited_as_api("update", "healthresult")
    outside = {**health, "examined_on": str(scenario.handover)}
    assert staff.post(url(cycle, "health-results/"), outside).status_code == 400

    proposal = {"person": student.pk, "kind": "deferral", "ground": "g",
                "evidence": "Giấy xác nhận số 7", "proposed_on": str(scenario.proposed_on),
                "until": f"{scenario.year + 2}-06-30"}  # fmt: skip
    decision = ok(staff.post(url(cycle, "decisions/"), proposal))
    assert decision["status"] == "proposed"
    audited_as_api("create", "decision")
    decide = url(cycle, f"decisions/{decision['id']}/decide/")
    signed = {"decided_on": str(scenario.decided_on), "number": "15/QĐ-UBND"}
    assert staff.post(decide, signed).status_code == 403
    # The other regime's commander: refused (2023) or not even shown the 2026 cycle.
    assert api(scenario.wrong_decider).post(decide, signed).status_code in (403, 404)
    assert ok(decider.post(decide, signed), 200)["status"] == "decided"
    audited_as_api("update", "decision")
    assert Decision.objects.get(pk=decision["id"]).decision_number == "15/QĐ-UBND"

    review = {"unit": scenario.ward.pk, "approved_on": str(scenario.approved_on)}
    assert staff.post(url(cycle, "reviews/"), review).status_code == 403
    unproposed = decider.post(url(cycle, "reviews/"), review)
    assert refusals(unproposed) == [("council_proposal_missing", None)]
    minutes = {"step": "review", "unit": scenario.ward.pk, "held_on": str(scenario.approved_on),
               "members_total": 7, "members_present": 6, "votes_for": 4, "votes_against": 2,
               "content": "Thông qua danh sách"}  # fmt: skip
    over = staff.post(url(cycle, "council-meetings/"), {**minutes, "votes_against": 3})
    assert refusals(over) == [("council_votes_over_present", None)]
    other = api(scenario.other_staff).post(url(cycle, "council-meetings/"), minutes)
    assert other.status_code == 400  # the ward is not a unit it may write
    commune = ok(staff.post(url(cycle, "council-meetings/"), minutes))
    assert (commune["passed"], commune["votes_needed"], commune["communes"]) == (
        True,
        4,
        [scenario.ward.pk],
    )
    audited_as_api("create", "councilmeeting")
    proposal = {**minutes, "step": "proposal", "unit": scenario.owner.pk,
                "communes": [scenario.ward.pk], "members_total": 8, "votes_for": 5,
                "votes_against": 1}  # fmt: skip
    assert staff.post(url(cycle, "council-meetings/"), proposal).status_code == 400
    assert ok(decider.post(url(cycle, "council-meetings/"), proposal))["passed"] is True
    listed = ok(staff.get(url(cycle, "council-meetings/")), 200)["results"]
    assert [row["unit"] for row in listed] == [scenario.ward.pk]  # its own council only
    ok(decider.post(url(cycle, "reviews/"), review))
    audited_as_api("create", "review")

    pool = staff.get(url(cycle, f"wards/{scenario.ward.pk}/pool/"), {"on": str(scenario.order_day)})
    states = {row["person"]["id"]: row["state"] for row in ok(pool, 200)["results"]}
    assert states[fit.pk] == "callable" and states[student.pk] == "deferred"
    assert (
        ok(staff.get(url(cycle, f"wards/{scenario.ward.pk}/pool/"), {"state": "deferred"}), 200)[
            "count"
        ]
        == 1
    )
    assert (
        staff.get(url(cycle, f"wards/{scenario.ward.pk}/pool/"), {"age_min": "x"}).status_code
        == 400
    )
    assert staff.get(url(cycle, f"wards/{scenario.other_ward.pk}/pool/")).status_code == 404

    order_body = {"person": fit.pk, "issued_on": str(scenario.order_day), "report_place": "Sân"}
    refused = signer.post(url(cycle, "orders/"), {**order_body, "person": student.pk})
    assert refused.status_code == 400  # deferred: the rules refuse him
    assert refusals(refused) == [("not_callable", None)]
    order = ok(signer.post(url(cycle, "orders/"), order_body))
    assert order["number"] == 1
    audited_as_api("create", "calluporder")
    assert api(scenario.other_staff).get(url(cycle, f"orders/{order['id']}/")).status_code == 404

    failed = {"result": "failed", "on": str(scenario.handover), "failure_reason": "Ốm nặng"}
    assert (
        staff.post(
            url(cycle, f"orders/{order['id']}/handover/"), {**failed, "failure_reason": ""}
        ).status_code
        == 400
    )
    assert (
        ok(staff.post(url(cycle, f"orders/{order['id']}/handover/"), failed), 200)["outcome"]
        == "failed"
    )
    audited_as_api("update", "calluporder")

    issued = scenario.handover + dt.timedelta(days=1)
    report_on = issued + dt.timedelta(days=20)
    replacement = {"person": spare.pk, "issued_on": str(issued),
                   "report_on": str(report_on), "report_place": "Sân"}  # fmt: skip
    new = ok(signer.post(url(cycle, f"orders/{order['id']}/replace/"), replacement))
    assert (new["replaces"], new["person"]["id"]) == (order["id"], spare.pk)
    audited_as_api("create", "calluporder")
    again = signer.post(url(cycle, f"orders/{order['id']}/replace/"), replacement)
    assert again.status_code == 400
    assert refusals(again) == [("replacement_exists", None)]
    listed = staff.get(url(cycle, "orders/"), {"outcome": "failed"}).json()["results"]
    assert [o["id"] for o in listed] == [order["id"]]
    assert CallUpOrder.objects.filter(cycle=cycle).count() == 2


def test_leaders_read_the_workflow_but_cannot_write(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
    accounts: Accounts,
    api: Api,
) -> None:
    person = callable_man()
    leader = api(accounts.leader)
    assert leader.get(url(cycle, "decisions/")).status_code == 200
    body = {"person": person.pk, "kind": "exam", "examined_on": str(scenario.exam_day),
            "health_class": 1}  # fmt: skip
    assert leader.post(url(cycle, "health-results/"), body).status_code == 403


def test_out_of_range_inputs_are_a_400(scenario: Scenario, cycle: CallUpCycle, api: Api) -> None:
    staff = api(scenario.staff)
    pool = url(cycle, f"wards/{scenario.ward.pk}/pool/")
    too_early = staff.get(pool, {"on": "2010-01-01"})
    assert too_early.status_code == 400
    assert refusals(too_early) == [("date_before_law", "on")]
    registrations = "/api/v1/conscription/registrations/"
    assert staff.get(registrations, {"birth_year": 0}).status_code == 400
    assert staff.post(url(cycle, "health-results/"), {"person": "x"}).status_code == 400


def test_a_discharge_is_recorded_on_a_handed_over_order_and_shown_with_it(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
    approved: Review,
    accounts: Accounts,
    api: Api,
) -> None:
    man = callable_man()
    order = services.issue_order(
        scenario.order_signer, cycle, man, issued_on=scenario.order_day, report_place="Sân"
    )
    services.record_delivery(scenario.staff, order, delivered_on=order.issued_on)
    services.record_handover(
        scenario.order_signer, order, handed_over=True, on=scenario.handover, receiving_unit="E1"
    )
    day = add_months(scenario.handover, 6)
    body = {"discharged_on": str(day), "kind": "early", "reason": "",
            "decision_number": "25/QĐ-XN", "decision_date": str(day)}  # fmt: skip
    endpoint = url(cycle, f"orders/{order.pk}/discharge/")
    staff = api(scenario.staff)
    refused = staff.post(endpoint, body)
    assert refused.status_code == 400
    assert refusals(refused) == [("discharge_reason_required", "reason")]
    assert api(accounts.leader).post(endpoint, {**body, "reason": "Sức khỏe"}).status_code == 403
    assert api(scenario.other_staff).post(endpoint, body).status_code == 404
    shown = ok(staff.post(endpoint, {**body, "reason": "Sức khỏe"}))
    assert shown["discharge"]["discharged_on"] == str(day)
    assert (shown["discharge"]["months_served"], shown["discharge"]["days_served"]) == (6, 0)
    assert ReserveSoldier.objects.get(person=man).category == "1"
    detail = ok(staff.get(url(cycle, f"orders/{order.pk}/")), 200)
    assert detail["discharge"]["decision_number"] == "25/QĐ-XN"


def test_the_law_dates_through_the_api(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: Callable[..., Person],
    approved: Any,
    api: Api,
) -> None:
    """The order's delivery (Art. 34.6), the call to examination (Art. 40.3), the results
    posting (Art. 40.6) and a cycle's Art. 33 adjustment: the pages' services and refusals."""
    staff = api(scenario.staff)
    man = callable_man()
    exam_on = scenario.exam_day
    call = {"person": man.pk, "kind": "exam", "exam_on": str(exam_on)}
    late = staff.post(
        url(cycle, "exam-calls/"), {**call, "delivered_on": str(exam_on - dt.timedelta(days=14))}
    )
    assert refusals(late) == [("exam_call_notice_late", None)]
    made = ok(
        staff.post(
            url(cycle, "exam-calls/"),
            {**call, "delivered_on": str(exam_on - dt.timedelta(days=15))},
        )
    )
    audited_as_api("create", "examcall")
    assert made["person"]["id"] == man.pk
    assert [c["id"] for c in ok(staff.get(url(cycle, "exam-calls/")), 200)["results"]] == [
        made["id"]
    ]
    assert ok(api(scenario.other_staff).get(url(cycle, "exam-calls/")), 200)["results"] == []

    posting = {"unit": scenario.ward.pk, "posted_on": str(exam_on + dt.timedelta(days=21))}
    assert refusals(staff.post(url(cycle, "results-postings/"), posting)) == [
        ("results_posting_late", None)
    ]
    posted = {**posting, "posted_on": str(exam_on + dt.timedelta(days=20))}
    assert ok(staff.post(url(cycle, "results-postings/"), posted))["posted_on"] == str(
        exam_on + dt.timedelta(days=20)
    )
    audited_as_api("create", "resultsposting")

    order = ok(
        api(scenario.order_signer).post(
            url(cycle, "orders/"),
            {"person": man.pk, "issued_on": str(scenario.order_day), "report_place": "Sân"},
        )
    )
    assert order["delivered_on"] is None
    handover = url(cycle, f"orders/{order['id']}/handover/")
    body = {"result": "handed_over", "on": str(scenario.handover), "receiving_unit": "E1"}
    assert refusals(staff.post(handover, body)) == [("order_not_delivered", None)]
    delivery = url(cycle, f"orders/{order['id']}/delivery/")
    too_late = str(scenario.handover - dt.timedelta(days=14))
    assert refusals(staff.post(delivery, {"delivered_on": too_late})) == [
        ("order_notice_late", None)
    ]
    last = str(scenario.handover - dt.timedelta(days=15))
    assert ok(staff.post(delivery, {"delivered_on": last}), 200)["delivered_on"] == last
    audited_as_api("update", "calluporder")
    assert ok(staff.post(handover, body), 200)["outcome"] == "handed_over"

    adjusted = {
        "unit": scenario.owner.pk,
        "year": scenario.year + 1,
        "handover_date": f"{scenario.year + 1}-04-01",
        "handover_adjustment": "epidemic",
    }
    decider = api(scenario.decider)
    assert refusals(decider.post(CYCLES, adjusted)) == [("handover_adjustment_incomplete", None)]
    created = ok(
        decider.post(CYCLES, {**adjusted, "handover_adjustment_reason": "Dịch bệnh nguy hiểm"})
    )
    assert (created["handover_adjustment"], created["handover_adjustment_reason"]) == (
        "epidemic",
        "Dịch bệnh nguy hiểm",
    )
