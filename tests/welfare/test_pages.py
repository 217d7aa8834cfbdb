"""Rear-policy pages: the family list (filter, export, scope), a payment the decree does not
allow refused on the form, the case list with its overdue filter, each workflow step confirmed on
its page, the commune's steps in bulk after a confirmation."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import User
from qpdp.people.models import Person
from qpdp.welfare import services
from qpdp.welfare.models import BenefitCase, DossierItem, FamilyMember, SoldierFamily
from tests.conftest import Accounts, Tree
from tests.welfare.conftest import HANDOVER

pytestmark = pytest.mark.django_db

D = dt.date
ITEMS = ("declaration", "id_copy", "village_minutes")


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(accounts: Accounts, tree: Tree, make_person: Callable[..., Person]) -> BenefitCase:
    veteran = make_person(tree.suoi_hoa, given_name="Tiến", birth_date=D(1958, 2, 2))
    return services.receive_case(
        accounts.suoi_hoa_staff,
        unit=tree.suoi_hoa,
        scheme="62_2011",
        benefit="one_time",
        applicant=veteran,
        coverage="a",
        theatre="north",
        service_months=40,
        left_on=D(1983, 1, 1),
        received_on=D(2023, 3, 1),
        documents=list(DossierItem.objects.filter(scheme="62_2011", code__in=ITEMS)),
    )


def test_the_family_list_filters_exports_and_keeps_to_the_scope(
    family: SoldierFamily, accounts: Accounts
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    name = family.soldier.full_name
    assert name in client.get(reverse("welfare:home")).content.decode()
    assert name not in client.get(reverse("welfare:home"), {"q": "Zzz"}).content.decode()
    assert name in client.get(reverse("welfare:home"), {"serving": "true"}).content.decode()
    exported = client.get(reverse("welfare:home"), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.values)
    assert rows[1][0] == name
    as_leader = client_for(accounts.leader).get(reverse("welfare:home")).content.decode()
    assert name in as_leader and str(family.soldier.id_number) not in as_leader  # masked
    outsider = client_for(accounts.vo_cuong_staff)
    assert outsider.get(reverse("welfare:family", args=[family.pk])).status_code == 404


def test_a_payment_over_the_entitlement_or_a_third_sick_relative_grant_is_refused(
    family: SoldierFamily, father: FamilyMember, accounts: Accounts
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    url = reverse("welfare:pay", args=[family.pk])
    sick: dict[str, Any] = {
        "kind": "sick_relative",
        "member": father.pk,
        "amount": 500_000,
        "reason": "Giấy ra viện",
    }
    over = client.post(url, {**sick, "paid_on": "02/05/2023", "amount": 500_001})
    assert over.status_code == 400
    assert "vượt mức" in over.content.decode()
    assert not family.payments.exists()
    for day in ("02/05/2023", "02/08/2023"):
        assert client.post(url, {**sick, "paid_on": day}).status_code == 302
    third = client.post(url, {**sick, "paid_on": "02/11/2023"})
    assert third.status_code == 400
    assert "tối đa 2 lần" in third.content.decode()
    assert family.payments.count() == 2
    page = client.get(reverse("welfare:family", args=[family.pk])).content.decode()
    assert "Giấy ra viện" in page and "Hùng" in page


@pytest.mark.usefixtures("deadlines")
def test_the_case_list_shows_the_overdue_cases(case: BenefitCase, accounts: Accounts) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    name = case.applicant.full_name
    assert name in client.get(reverse("welfare:cases"), {"overdue": "true"}).content.decode()
    services.advance(accounts.suoi_hoa_staff, case, status="checked", on=D(2023, 3, 5))
    services.advance(accounts.suoi_hoa_staff, case, status="sent_up", on=D(2023, 3, 6))
    services.advance(
        accounts.city_commander, case, status="approved", on=D(2023, 3, 20), decision_number="1"
    )
    services.advance(accounts.suoi_hoa_staff, case, status="paid", on=D(2023, 3, 25))
    assert name not in client.get(reverse("welfare:cases"), {"overdue": "true"}).content.decode()
    assert name in client.get(reverse("welfare:cases"), {"status": "paid"}).content.decode()


@pytest.mark.usefixtures("deadlines")
def test_each_step_is_confirmed_and_refusals_show_on_its_page(
    case: BenefitCase, accounts: Accounts
) -> None:
    staff = client_for(accounts.suoi_hoa_staff)
    detail = staff.get(reverse("welfare:case", args=[case.pk])).content.decode()
    assert reverse("welfare:step", args=[case.pk, "checked"]) in detail
    out_of_order = staff.post(reverse("welfare:step", args=[case.pk, "paid"]), {"on": "05/03/2023"})
    assert out_of_order.status_code == 400
    assert "không chuyển sang" in out_of_order.content.decode()
    step = reverse("welfare:step", args=[case.pk, "checked"])
    assert "Xác nhận" in staff.get(step).content.decode()
    assert staff.post(step, {"on": "05/03/2023"}).status_code == 302
    staff.post(reverse("welfare:step", args=[case.pk, "sent_up"]), {"on": "06/03/2023"})
    waiting = staff.get(reverse("welfare:case", args=[case.pk])).content.decode()
    assert reverse("welfare:step", args=[case.pk, "approved"]) not in waiting
    assert "Cấp trên phê duyệt hoặc trả lại hồ sơ." in waiting
    own_approval = staff.post(
        reverse("welfare:step", args=[case.pk, "approved"]),
        {"on": "10/03/2023", "decision_number": "5"},
    )
    assert own_approval.status_code == 400
    assert "việc của cấp trên" in own_approval.content.decode()
    decider = client_for(accounts.city_commander)
    no_reason = decider.post(
        reverse("welfare:step", args=[case.pk, "returned"]), {"on": "10/03/2023"}
    )
    assert no_reason.status_code == 400 and "phải ghi lý do" in no_reason.content.decode()
    approve = reverse("welfare:step", args=[case.pk, "approved"])
    assert decider.post(approve, {"on": "10/03/2023", "decision_number": "5"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision_number, case.amount) == ("approved", "5", 3_700_000)


@pytest.mark.usefixtures("deadlines")
def test_the_communes_steps_in_bulk_are_confirmed_first(
    case: BenefitCase, accounts: Accounts
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    url = reverse("welfare:case_bulk")
    assert case.applicant.full_name in client.get(url).content.decode()
    data = {"cases": [case.pk], "status": "sent_up", "on": "05/03/2023"}
    refused = client.post(url, data)
    assert refused.status_code == 400 and "không chuyển được" in refused.content.decode()
    preview = client.post(url, {**data, "status": "checked"})
    assert preview.status_code == 200 and "Xác nhận" in preview.content.decode()
    case.refresh_from_db()
    assert case.status == "received"
    assert client.post(url, {**data, "status": "checked", "confirmed": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "checked"
    assert client_for(accounts.leader).post(url, data).status_code == 403


def test_a_case_is_received_for_a_person_of_the_registry_only(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person]
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    data = {
        "unit": tree.suoi_hoa.pk,
        "applicant": "001099999999",
        "scheme": "62_2011",
        "benefit": "one_time",
        "coverage": "a",
        "theatre": "north",
        "service_months": 40,
        "left_on": "01/01/1983",
        "received_on": "01/03/2023",
    }
    unknown = client.post(reverse("welfare:case_create"), data)
    assert unknown.status_code == 400 and "Không có công dân" in unknown.content.decode()
    veteran = make_person(tree.suoi_hoa, given_name="Tiến", birth_date=D(1958, 2, 2))
    created = client.post(reverse("welfare:case_create"), {**data, "applicant": veteran.id_number})
    assert created.status_code == 302
    assert BenefitCase.objects.get().applicant == veteran


@pytest.mark.parametrize("name", ["welfare:home", "welfare:cases"])
def test_the_lists_queries_are_bounded(
    name: str,
    family: SoldierFamily,
    case: BenefitCase,
    accounts: Accounts,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    # Session, account, its unit and scope, the rows, the capped count, the filter's units
    # (and on the cases, the overdue count).
    with django_assert_max_num_queries(10):
        assert client.get(reverse(name)).status_code == 200


def test_relatives_and_visits_are_recorded_from_the_family_page(
    family: SoldierFamily, accounts: Accounts, tree: Tree, make_person: Callable[..., Person]
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    url = reverse("welfare:member_add", args=[family.pk])
    unknown = client.post(url, {"person": "001099999999", "relation": "spouse"})
    assert unknown.status_code == 400 and "Không có công dân" in unknown.content.decode()
    himself = client.post(url, {"person": family.soldier.id_number, "relation": "spouse"})
    assert himself.status_code == 400
    assert "không phải là thân nhân của chính mình" in himself.content.decode()
    wife = make_person(tree.suoi_hoa, given_name="Mai", gender="F", birth_date=D(2004, 1, 1))
    assert client.post(url, {"person": wife.id_number, "relation": "spouse"}).status_code == 302
    assert family.members.filter(person=wife, relation="spouse").exists()
    visit = {"kind": "tet_gift", "visited_on": "20/01/2024", "gift_value": 500_000}
    assert client.post(reverse("welfare:visit_add", args=[family.pk]), visit).status_code == 302
    page = client.get(reverse("welfare:family", args=[family.pk])).content.decode()
    assert "Mai" in page and "Tặng quà Tết" in page


def test_the_discharge_day_shows_the_allowance_on_the_family_page(
    family: SoldierFamily, accounts: Accounts
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    url = reverse("welfare:discharge", args=[family.pk])
    early = client.post(url, {"discharged_on": "15/02/2023"})
    assert early.status_code == 400 and "phải sau ngày nhập ngũ" in early.content.decode()
    assert client.post(url, {"discharged_on": "20/02/2025"}).status_code == 302
    page = client.get(reverse("welfare:family", args=[family.pk])).content.decode()
    assert f"{10 * 2_340_000} đồng" in page  # Art. 7: 2 × 2 years + 6 base salaries
    assert "24 tháng 5 ngày" in page


def test_ward_totals_of_a_year_and_their_export(
    family: SoldierFamily, father: FamilyMember, accounts: Accounts
) -> None:
    services.pay_support(
        accounts.suoi_hoa_staff,
        family,
        kind="sick_relative",
        member=father,
        paid_on=D(2023, 5, 2),
        amount=500_000,
        reason="Giấy ra viện",
    )
    client = client_for(accounts.city_commander)
    page = client.get(reverse("welfare:totals"), {"year": "2023"}).content.decode()
    row = page[page.index("Phường Suối Hoa") :]
    assert ">1<" in row[: row.index("</tr>")] and ">500000<" in row[: row.index("</tr>")]
    exported = client.get(reverse("welfare:totals"), {"year": "2023", "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.values)
    suoi_hoa = next(r for r in rows if str(r[0]).startswith("Phường Suối Hoa"))
    assert suoi_hoa[1:4] == (1, 1, 500_000)


def test_a_family_is_registered_from_a_handed_over_order_on_its_page(
    soldier_order: Callable[..., CallUpOrder], accounts: Accounts
) -> None:
    order, pending = soldier_order(), soldier_order(handed_over=False)
    client = client_for(accounts.suoi_hoa_staff)
    listing = client.get(reverse("welfare:home")).content.decode()
    url = reverse("welfare:family_create")
    assert url in listing
    form = client.get(url).content.decode()
    assert f'value="{order.pk}"' in form and order.person.full_name in form
    assert f'value="{pending.pk}"' not in form  # only handed-over orders are offered
    # the service's refusal lands on the order's field, nothing saved
    refused = client.post(url, {"handover": pending.pk})
    assert refused.status_code == 400
    assert "chưa được giao quân" in refused.content.decode()
    assert not SoldierFamily.objects.exists()
    response = client.post(url, {"handover": order.pk, "note": "Con một"})
    family = SoldierFamily.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("welfare:family", args=[family.pk])
    assert (family.handover, family.enlisted_on, family.note) == (order, HANDOVER, "Con một")
    assert f'value="{order.pk}"' not in client.get(url).content.decode()
    twice = client.post(url, {"handover": order.pk})
    assert twice.status_code == 400
    assert "đã có trong sổ" in twice.content.decode()
    assert SoldierFamily.objects.count() == 1


def test_family_registration_keeps_to_the_writers_scope(
    soldier_order: Callable[..., CallUpOrder], accounts: Accounts
) -> None:
    order = soldier_order()
    url = reverse("welfare:family_create")
    other = client_for(accounts.vo_cuong_staff)
    assert order.person.full_name not in other.get(url).content.decode()
    assert other.post(url, {"handover": order.pk}).status_code == 400
    leader = client_for(accounts.leader)
    assert leader.get(url).status_code == 403
    assert url not in leader.get(reverse("welfare:home")).content.decode()
    assert not SoldierFamily.objects.exists()
