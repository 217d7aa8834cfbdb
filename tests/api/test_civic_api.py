"""The education, rear-policy and awards endpoints: writes go through the services (same
refusals, in Vietnamese, nothing half-saved), reads are scoped, printouts are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.awards.models import AwardDecision, AwardForm
from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import User
from qpdp.core.audit import Action, AuditEntry
from qpdp.education.models import Attendance, Course, TargetGroup
from qpdp.people.models import Person
from qpdp.welfare.models import BenefitCase, StepDeadline, SupportPayment
from tests.api.conftest import ApiClient, field_message
from tests.conftest import Accounts, Tree
from tests.welfare.conftest import soldier_order

__all__ = ["soldier_order"]
pytestmark = pytest.mark.django_db
Api = Callable[[User], ApiClient]
V1 = "/api/v1"


def test_a_course_its_attendees_results_and_who_is_due(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    city = api(accounts.city_commander)
    group = TargetGroup.objects.get(code="4")
    response = city.post(
        f"{V1}/education/courses/",
        {
            "unit": tree.city.pk,
            "group": group.pk,
            "code": "ĐT4-01/2022",
            "name": "Lớp đối tượng 4",
            "place": "Hội trường",
            "starts_on": "2022-06-06",
            "ends_on": "2022-06-09",
        },
    )
    assert response.status_code == 201, response.json()
    course = response.json()["id"]
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1980, 1, 1))
    official = city.post(
        f"{V1}/education/officials/",
        {
            "person": person.pk,
            "unit": tree.suoi_hoa.pk,
            "post": None,
            "title": "Trưởng ban bảo vệ dân phố",
            "group": group.pk,
            "started_on": "2021-07-01",
        },
    )
    assert official.status_code == 201 and official.json()["group_by_hand"] is True
    due = city.get(f"{V1}/education/due/", {"on": "2022-12-31"}).json()["results"]
    assert [row["person"]["id"] for row in due] == [person.pk]

    unknown = city.post(
        f"{V1}/education/courses/{course}/attendees/", {"id_number": "027203999999"}
    )
    assert unknown.status_code == 400
    assert "Không có công dân số định danh 027203999999" in str(unknown.json())
    added = city.post(
        f"{V1}/education/courses/{course}/attendees/", {"id_number": person.id_number}
    )
    assert added.status_code == 201, added.json()
    attendance = added.json()["id"]
    result = city.post(
        f"{V1}/education/attendees/{attendance}/result/",
        {"result": "passed", "certificate_number": "ĐT4/001"},
    )
    assert result.status_code == 200 and result.json()["certificate_number"] == "ĐT4/001"
    assert city.get(f"{V1}/education/due/", {"on": "2022-12-31"}).json()["results"] == []
    listed = city.get(f"{V1}/education/courses/{course}/attendees/").json()["results"]
    assert [row["person"]["full_name"] for row in listed] == [person.full_name]
    # another ward's staff sees neither the city's course nor writes to it
    other = api(accounts.vo_cuong_staff)
    assert other.get(f"{V1}/education/courses/{course}/").status_code == 404
    assert (
        other.post(
            f"{V1}/education/attendees/{attendance}/result/", {"result": "failed"}
        ).status_code
        == 404
    )
    assert Attendance.objects.get().result == "passed"
    assert api(accounts.leader).post(f"{V1}/education/courses/", {}).status_code == 403
    assert Course.objects.count() == 1


def test_a_family_is_supported_within_the_law(
    accounts: Accounts,
    tree: Tree,
    api: Api,
    soldier_order: Callable[..., CallUpOrder],
    make_person: Callable[..., Person],
) -> None:
    staff = api(accounts.suoi_hoa_staff)
    order = soldier_order()
    response = staff.post(f"{V1}/welfare/families/", {"handover": order.pk})
    assert response.status_code == 201, response.json()
    family = response.json()["id"]
    mother = make_person(
        tree.suoi_hoa, given_name="Lan", gender="F", birth_date=dt.date(1975, 1, 1)
    )
    member = staff.post(
        f"{V1}/welfare/families/{family}/members/", {"person": mother.pk, "relation": "mother"}
    )
    assert member.status_code == 201, member.json()
    payment = {
        "kind": "sick_relative",
        "member": member.json()["id"],
        "paid_on": "2023-05-02",
        "amount": 600_000,
        "reason": "Giấy ra viện",
    }
    over = staff.post(f"{V1}/welfare/families/{family}/payments/", payment)
    assert over.status_code == 400
    assert "vượt mức" in field_message(over, "amount")
    assert not SupportPayment.objects.exists()
    paid = staff.post(f"{V1}/welfare/families/{family}/payments/", {**payment, "amount": 500_000})
    assert paid.status_code == 201
    allowance = staff.get(
        f"{V1}/welfare/families/{family}/discharge-allowance/", {"discharged_on": "2025-02-20"}
    ).json()
    assert (allowance["months"], allowance["total"]) == (24, 10 * 2_340_000)
    assert api(accounts.vo_cuong_staff).get(f"{V1}/welfare/families/{family}/").status_code == 404


def test_a_case_walks_its_workflow_and_a_step_out_of_order_is_refused(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    StepDeadline.objects.update_or_create(
        scheme="62_2011",
        status="received",
        valid_from=dt.date(2012, 1, 1),
        defaults={"days": 10, "source": "T"},
    )
    staff, decider = api(accounts.suoi_hoa_staff), api(accounts.city_commander)
    veteran = make_person(tree.suoi_hoa, birth_date=dt.date(1958, 1, 1))
    response = staff.post(
        f"{V1}/welfare/cases/",
        {
            "unit": tree.suoi_hoa.pk,
            "scheme": "62_2011",
            "benefit": "one_time",
            "applicant": veteran.pk,
            "coverage": "d",
            "theatre": "north",
            "service_months": 30,
            "received_on": "2023-03-01",
        },
    )
    assert response.status_code == 201, response.json()
    case = response.json()["id"]
    jump = staff.post(
        f"{V1}/welfare/cases/{case}/steps/", {"status": "approved", "on": "2023-03-02"}
    )
    assert jump.status_code in (400, 403)
    overdue = staff.get(f"{V1}/welfare/cases/overdue/", {"on": "2023-03-12"}).json()["results"]
    assert [row["id"] for row in overdue] == [case]
    for step in (
        {"status": "checked", "on": "2023-03-05"},
        {"status": "sent_up", "on": "2023-03-06"},
    ):
        assert staff.post(f"{V1}/welfare/cases/{case}/steps/", step).status_code == 200
    missing = decider.post(
        f"{V1}/welfare/cases/{case}/steps/",
        {"status": "approved", "on": "2023-04-01", "decision_number": "5/QĐ"},
    )
    assert missing.status_code == 400 and "còn thiếu" in str(missing.json())
    assert BenefitCase.objects.get().status == "sent_up"
    detail = staff.get(f"{V1}/welfare/cases/{case}/").json()
    assert [s["status"] for s in detail["steps"]] == ["received", "checked", "sent_up"]


def test_an_award_decision_is_issued_once_per_number_and_prints(
    accounts: Accounts, tree: Tree, api: Api
) -> None:
    city = api(accounts.city_commander)
    form = AwardForm.objects.get(code="giay_khen")
    created = city.post(
        f"{V1}/awards/proposals/",
        {
            "proposer": tree.city.pk,
            "year": 2022,
            "form": form.pk,
            "field": "local_defense",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
            "proposed_on": "2022-12-10",
            "collective": tree.suoi_hoa.pk,
        },
    )
    assert created.status_code == 201, created.json()
    proposal = created.json()["id"]
    reviewed = city.post(
        f"{V1}/awards/proposals/{proposal}/review/", {"agreed": True, "reviewed_on": "2022-12-15"}
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "agreed"
    decision = {
        "authority": tree.city.pk,
        "number": "125/QĐ-UBND",
        "year": 2022,
        "signed_on": "2022-12-28",
        "form": form.pk,
        "field": "local_defense",
        "proposals": [proposal],
    }
    issued = city.post(f"{V1}/awards/decisions/", decision)
    assert issued.status_code == 201, issued.json()
    assert issued.json()["awardees"][0]["reward_amount"] == 447_000
    again = city.post(f"{V1}/awards/decisions/", decision)
    assert again.status_code == 400, again.json()
    assert "đã dùng" in field_message(again, "number")
    assert AwardDecision.objects.count() == 1
    exports = AuditEntry.objects.filter(action=Action.EXPORT).count()
    printed = city.get(f"{V1}/awards/decisions/{issued.json()['id']}/decision.docx")
    assert printed.status_code == 200
    assert printed["Content-Disposition"].startswith("attachment")
    assert printed.content[:2] == b"PK"
    certificates = city.get(f"{V1}/awards/decisions/{issued.json()['id']}/certificates.docx")
    assert certificates.status_code == 200
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == exports + 2
    ranked = city.get(f"{V1}/awards/units/{tree.city.pk}/ranking-proposals/", {"year": 2022})
    assert ranked.status_code == 200 and isinstance(ranked.json(), list)
