"""The militia and reserve registries through the API: each write is the service with its coded
refusals (a 400 naming the field, nothing written), scoped like the rest, audited as an API
write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from qpdp.core.access import User
from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit
from qpdp.militia.models import Attendance, Membership
from qpdp.people.models import Person
from qpdp.reserves.models import Assignment, ReserveSoldier, Summons
from tests.api.conftest import ApiClient, field_message, refusals
from tests.conftest import Accounts, Tree
from tests.militia.conftest import unchanged

Api = Callable[[User], ApiClient]
MILITIA = "/api/v1/militia/"
RESERVES = "/api/v1/reserves/"


def ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.json()
    return response.json()  # type: ignore[no-any-return]


def audited_as_api(model: str) -> None:
    entry = AuditEntry.objects.select_related("content_type").order_by("-pk").first()
    assert entry is not None and entry.content_type is not None
    assert (entry.channel, entry.content_type.model) == ("api", model)


def platoon_body(ward: Unit, **overrides: Any) -> dict[str, Any]:
    body = {
        "unit": ward.pk,
        "name": "Trung đội dân quân cơ động",
        "level": "platoon",
        "force_kind": "mobile",
        "authorised_strength": 31,
        "established_on": "2025-07-15",
        "established_by": "province_commander",
        "decision_number": "15/QĐ-BCHQS",
    }
    body.update(overrides)
    return body


def test_a_militia_unit_member_training_and_their_refusals(
    tree: Tree, accounts: Accounts, api: Api, make_person: Callable[..., Person]
) -> None:
    staff = api(accounts.kinh_bac_staff)
    with unchanged():
        refused = staff.post(
            f"{MILITIA}units/", platoon_body(tree.kinh_bac, established_by="commune_commander")
        )
    assert refused.status_code == 400
    assert "không có thẩm quyền" in field_message(refused, "established_by")
    unit = ok(staff.post(f"{MILITIA}units/", platoon_body(tree.kinh_bac)))
    audited_as_api("militiaunit")
    assert unit["commander_title"] == "Trung đội trưởng" and not unit["self_defense"]

    young = make_person(tree.kinh_bac, birth_date=dt.date(2009, 1, 1))
    man = make_person(tree.kinh_bac, given_name="Hùng", birth_date=dt.date(2001, 4, 2))
    member_body = {
        "militia_unit": unit["id"],
        "joined_on": "2026-03-02",
        "decision_number": "08/QĐ-UBND",
        "decision_date": "2026-02-25",
        "decision_signer": "Chủ tịch UBND phường Kinh Bắc",
    }
    with unchanged():
        under = staff.post(f"{MILITIA}members/", {**member_body, "person": young.pk})
    assert under.status_code == 400 and "Điều 8" in field_message(under, "person")
    member = ok(staff.post(f"{MILITIA}members/", {**member_body, "person": man.pk}))
    audited_as_api("membership")
    assert (member["term_end"], member["force_kind"], member["flags"]) == (
        "2030-03-01",
        "mobile",
        [],
    )
    with unchanged():
        twice = staff.post(f"{MILITIA}members/", {**member_body, "person": man.pk})
    assert twice.status_code == 400

    extend = f"{MILITIA}members/{member['id']}/extend/"
    with unchanged():
        too_long = staff.post(
            extend,
            {"until": "2033-01-01", "decision_number": "1", "decision_date": "2029-12-01"},
        )
    assert too_long.status_code == 400 and "2 năm" in field_message(too_long, "until")
    assert (
        ok(
            staff.post(
                extend,
                {"until": "2031-06-30", "decision_number": "1", "decision_date": "2029-12-01"},
            ),
            200,
        )["service_end"]
        == "2031-06-30"
    )

    plan = ok(
        staff.post(
            f"{MILITIA}training-plans/",
            {
                "unit": tree.kinh_bac.pk,
                "year": 2026,
                "force_kind": "mobile",
                "starts_on": "2026-05-04",
                "ends_on": "2026-05-22",
            },
        )
    )
    assert ok(staff.post(f"{MILITIA}training-plans/{plan['id']}/enrol/"), 200) == {"enrolled": 1}
    listed = ok(staff.get(f"{MILITIA}training-plans/{plan['id']}/attendance/"), 200)["results"]
    assert [(row["required_days"], row["complete"]) for row in listed] == [(15, False)]
    record = f"{MILITIA}training-plans/{plan['id']}/attendance/{listed[0]['id']}/"
    assert ok(staff.post(record, {"attended_days": 15}), 200)["complete"]
    assert Attendance.objects.get().attended_days == 15

    ended = ok(
        staff.post(
            f"{MILITIA}members/{member['id']}/end/",
            {
                "reason": "released",
                "ground": "d",
                "on": "2027-02-20",
                "decision_number": "3",
                "decision_date": "2027-02-15",
            },
        ),
        200,
    )
    assert (ended["end_reason"], ended["ended_on"]) == ("released", "2027-02-20")


def test_the_neighbouring_ward_and_the_leader(
    tree: Tree, accounts: Accounts, api: Api, make_person: Callable[..., Person]
) -> None:
    ok(api(accounts.kinh_bac_staff).post(f"{MILITIA}units/", platoon_body(tree.kinh_bac)))
    neighbour = api(accounts.vo_cuong_staff)
    assert neighbour.get(f"{MILITIA}units/").json()["results"] == []
    refused = neighbour.post(f"{MILITIA}units/", platoon_body(tree.kinh_bac))
    # not among its units
    assert refused.status_code == 400 and refusals(refused) == [("does_not_exist", "unit")]
    assert (
        api(accounts.leader).post(f"{MILITIA}units/", platoon_body(tree.kinh_bac)).status_code
        == 403
    )
    assert len(api(accounts.leader).get(f"{MILITIA}units/").json()["results"]) == 1


def test_a_reserve_soldier_assigned_and_summoned(
    tree: Tree, accounts: Accounts, api: Api, make_person: Callable[..., Person]
) -> None:
    commander = api(accounts.province_commander)
    man = make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1))
    scout = make_person(tree.kinh_bac, given_name="Sát", birth_date=dt.date(2000, 2, 1))
    body = {
        "unit": tree.kinh_bac.pk,
        "registered_on": "2025-08-01",
        "active_service_months": 24,
        "speciality": "Bộ binh",
    }
    soldier = ok(commander.post(f"{RESERVES}soldiers/", {**body, "person": man.pk}))
    audited_as_api("reservesoldier")
    assert (soldier["category"], soldier["category_ground"], soldier["age_group"]) == (
        "1",
        "1a",
        "A",
    )
    assert "khoản 2 Điều 24" in soldier["category_article"]
    with unchanged():
        contrary = commander.post(
            f"{RESERVES}soldiers/", {**body, "person": scout.pk, "category": "2"}
        )
    assert contrary.status_code == 400 and "hạng một" in field_message(contrary, "category")
    other = ok(
        commander.post(
            f"{RESERVES}soldiers/", {**body, "person": scout.pk, "speciality": "Trinh sát"}
        )
    )
    unit = ok(
        commander.post(
            f"{RESERVES}units/",
            {
                "unit": tree.kinh_bac.pk,
                "name": "Trung đội 1",
                "level": "platoon",
                "role": "combat",
                "speciality": "Bộ binh",
                "authorised_strength": 30,
                "established_on": "2025-08-01",
            },
        )
    )
    assign = {"reserve_unit": unit["id"], "assigned_on": "2025-09-01"}
    ok(commander.post(f"{RESERVES}assignments/", {**assign, "soldier": soldier["id"]}))
    with unchanged():
        mismatch = commander.post(f"{RESERVES}assignments/", {**assign, "soldier": other["id"]})
    assert mismatch.status_code == 400
    assert "override_reason" in {field for _code, field in refusals(mismatch)}
    ok(
        commander.post(
            f"{RESERVES}assignments/",
            {**assign, "soldier": other["id"], "override_reason": "Gần nhất"},
        )
    )
    assert Assignment.objects.filter(speciality_matched=False).count() == 1
    drill = ok(
        commander.post(
            f"{RESERVES}drills/",
            {
                "unit": tree.kinh_bac.pk,
                "reserve_unit": unit["id"],
                "kind": "readiness",
                "name": "Kiểm tra sẵn sàng động viên",
                "starts_on": "2026-09-15",
                "ends_on": "2026-09-17",
                "report_by": "2026-09-15T07:30:00+07:00",
                "place": "Sân vận động",
            },
        )
    )
    calls = f"{RESERVES}drills/{drill['id']}/summonses/"
    assert ok(commander.post(calls, {"all_assigned": True, "summoned_on": "2026-09-01"}), 200) == {
        "summoned": 2
    }
    first = Summons.objects.order_by("pk").first()
    assert first is not None
    reported = ok(
        commander.post(f"{calls}{first.pk}/report/", {"reported_at": "2026-09-15T07:05:00+07:00"}),
        200,
    )
    assert reported["status"] == "reported"
    staff = api(accounts.kinh_bac_staff)
    assert {row["id"] for row in ok(staff.get(f"{RESERVES}soldiers/"), 200)["results"]} == {
        soldier["id"],
        other["id"],
    }
    assert ok(api(accounts.vo_cuong_staff).get(f"{RESERVES}soldiers/"), 200)["results"] == []
    assert ReserveSoldier.objects.count() == 2 and Membership.objects.count() == 0


def test_a_leader_cannot_search_members_by_identity_number(
    tree: Tree, accounts: Accounts, api: Api, make_person: Callable[..., Person]
) -> None:
    """The number is masked for leaders: a prefix search would read it back digit by digit."""
    staff = api(accounts.kinh_bac_staff)
    unit = ok(staff.post(f"{MILITIA}units/", platoon_body(tree.kinh_bac)))
    man = make_person(tree.kinh_bac, given_name="Hùng", birth_date=dt.date(2001, 4, 2))
    body = {
        "militia_unit": unit["id"],
        "person": man.pk,
        "joined_on": "2026-03-02",
        "decision_number": "08/QĐ-UBND",
        "decision_date": "2026-02-25",
        "decision_signer": "Chủ tịch UBND phường Kinh Bắc",
    }
    ok(staff.post(f"{MILITIA}members/", body))
    prefix = {"q": man.id_number[:6]}
    assert len(staff.get(f"{MILITIA}members/", prefix).json()["results"]) == 1
    assert api(accounts.leader).get(f"{MILITIA}members/", prefix).json()["results"] == []
    by_name = api(accounts.leader).get(f"{MILITIA}members/", {"q": "hung"}).json()["results"]
    assert len(by_name) == 1
