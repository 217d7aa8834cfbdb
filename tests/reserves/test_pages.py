"""The reserve pages on the page kit: the soldier list with its filters and export, a unit's
roster and staffing, assigning a soldier (the service asks for the reason when the speciality
differs, and refuses one past the unit's age), drills with who reported; every page keeps to the
user's scope."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qpdp.core.audit import Action, AuditEntry
from qpdp.militia import services as militia
from qpdp.people.models import Person
from qpdp.reserves import services
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import Category, DrillKind, Excuse, TransferAuthority, TransferReason
from tests.conftest import Accounts, Tree
from tests.militia.conftest import make_unit, unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def soldiers(
    register: Callable[..., ReserveSoldier], make_person: Callable[..., Person], tree: Tree
) -> dict[str, ReserveSoldier]:
    return {
        "infantry": register(make_person(tree.kinh_bac, given_name="Bình")),
        "signals": register(make_person(tree.kinh_bac, given_name="Cường"), speciality="Thông tin"),
        "old": register(
            make_person(tree.kinh_bac, given_name="Lão", birth_date=dt.date(1986, 1, 1))
        ),
    }


def logged(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def assign_form(soldier: ReserveSoldier, **overrides: Any) -> dict[str, Any]:
    data = {"soldier": soldier.pk, "assigned_on": "2026-02-01", "post": "Chiến sĩ"}
    data.update(overrides)
    return data


def test_the_soldier_list_filters_searches_and_exports(
    client: Client, accounts: Accounts, soldiers: dict[str, ReserveSoldier]
) -> None:
    logged(client, accounts.leader)
    url = reverse("reserves:home")
    page = client.get(url).content.decode()
    assert "Nguyễn Văn Bình" in page and "Nguyễn Văn Cường" in page
    found = client.get(url, {"q": "cuong"}).content.decode()
    assert "Nguyễn Văn Cường" in found and "Nguyễn Văn Bình" not in found
    assert "Nguyễn Văn Bình" not in client.get(url, {"category": Category.TWO}).content.decode()
    assert "Nguyễn Văn Bình" in client.get(url, {"status": "in"}).content.decode()
    assert "Nguyễn Văn Bình" not in client.get(url, {"status": "out"}).content.decode()

    response = client.get(url, {"format": "xlsx", "q": "binh"})
    text = repr(
        [
            [c.value for c in row]
            for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
        ]
    )
    number = soldiers["infantry"].person.id_number
    assert "Nguyễn Văn Bình" in text and "Nguyễn Văn Cường" not in text
    assert number not in text  # masked for a leader
    assert AuditEntry.objects.filter(action=Action.EXPORT, username="lanhdao").exists()


def test_a_ward_sees_only_its_own_soldiers_and_units(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
) -> None:
    logged(client, accounts.vo_cuong_staff)
    assert "Nguyễn Văn Bình" not in client.get(reverse("reserves:home")).content.decode()
    assert infantry.name not in client.get(reverse("reserves:units")).content.decode()
    assert client.get(reverse("reserves:unit", args=[infantry.pk])).status_code == 404
    soldier_url = reverse("reserves:soldier", args=[soldiers["infantry"].pk])
    assert client.get(soldier_url).status_code == 404
    assert client.get(reverse("reserves:assign", args=[infantry.pk])).status_code == 404


def test_assigning_asks_for_the_reason_when_the_speciality_differs(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:assign", args=[infantry.pk])
    with unchanged():
        response = client.post(url, assign_form(soldiers["signals"]))
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["override_reason"]] == [ErrorCode.SPECIALITY_MISMATCH]
    assert "Điều 16" in response.content.decode()

    reason = "Đơn vị thiếu chiến sĩ bộ binh, chuyên nghiệp gần nhất"
    response = client.post(url, assign_form(soldiers["signals"], override_reason=reason))
    assert response.status_code == 302
    assignment = Assignment.objects.get(soldier=soldiers["signals"])
    assert (assignment.speciality_matched, assignment.override_reason) == (False, reason)

    detail = client.get(reverse("reserves:unit", args=[infantry.pk])).content.decode()
    assert "Nguyễn Văn Cường" in detail and "1/2" in detail and "0%" in detail


def test_a_soldier_past_the_combat_units_age_is_refused_whatever_the_reason(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:assign", args=[infantry.pk])
    with unchanged():
        response = client.post(url, assign_form(soldiers["old"], override_reason="Cần gấp"))
    assert response.status_code == 400
    codes = [e.code for e in response.context["form"].errors.as_data()["soldier"]]
    assert codes == [ErrorCode.OVER_ASSIGNMENT_AGE]


def test_leaders_read_units_but_do_not_assign(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
) -> None:
    logged(client, accounts.leader)
    assert client.get(reverse("reserves:unit", args=[infantry.pk])).status_code == 200
    with unchanged():
        response = client.post(
            reverse("reserves:assign", args=[infantry.pk]), assign_form(soldiers["infantry"])
        )
    assert response.status_code == 403


def test_a_drill_summons_the_unit_and_records_who_reported(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
    tree: Tree,
) -> None:
    services.assign_soldier(
        accounts.province_commander,
        soldiers["infantry"],
        infantry,
        assigned_on=dt.date(2026, 2, 1),
    )
    logged(client, accounts.kinh_bac_staff)
    response = client.post(
        reverse("reserves:drill_create"),
        {
            "unit": tree.kinh_bac.pk,
            "reserve_unit": infantry.pk,
            "kind": DrillKind.READINESS_CHECK,
            "name": "Kiểm tra sẵn sàng động viên 2026",
            "starts_on": "2026-10-12",
            "ends_on": "2026-10-13",
            "report_by": "2026-10-12T07:30",
            "place": "Sân vận động phường",
            "summoned_on": "2026-10-01",
        },
    )
    assert response.status_code == 302
    drill = Drill.objects.get()
    summons = Summons.objects.get(drill=drill)
    url = reverse("reserves:report", args=[drill.pk, summons.pk])

    with unchanged():
        refused = client.post(url, {"excuse": Excuse.ILLNESS})
    assert refused.status_code == 400
    codes = [e.code for e in refused.context["form"].errors.as_data()["confirmed_by"]]
    assert codes == [ErrorCode.EXCUSE_UNCONFIRMED]

    assert client.post(url, {"reported_at": "2026-10-12T07:10"}).status_code == 302
    detail = client.get(reverse("reserves:drill", args=[drill.pk])).content.decode()
    assert "1/1" in detail and "100%" in detail

    logged(client, accounts.vo_cuong_staff)
    assert client.get(url).status_code == 404


def test_the_person_page_shows_militia_and_reserve_records(
    client: Client,
    accounts: Accounts,
    tree: Tree,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
    make_person: Callable[..., Person],
) -> None:
    soldier = soldiers["infantry"]
    services.assign_soldier(
        accounts.province_commander, soldier, infantry, assigned_on=dt.date(2026, 2, 1)
    )
    recruit = make_person(tree.kinh_bac, given_name="Tân")
    platoon = make_unit(accounts.province_commander, tree.kinh_bac)
    member = militia.enrol_member(
        accounts.province_commander,
        platoon,
        recruit,
        joined_on=dt.date(2026, 3, 2),
        decision_number="08/QĐ-UBND",
        decision_date=dt.date(2026, 2, 25),
        decision_signer="Nguyễn Văn Chủ tịch",
    )
    logged(client, accounts.kinh_bac_staff)
    page = client.get(reverse("people:detail", args=[soldier.person_id])).content.decode()
    assert reverse("reserves:soldier", args=[soldier.pk]) in page
    assert infantry.name in page and "Dân quân tự vệ</h2>" not in page

    page = client.get(reverse("people:detail", args=[recruit.pk])).content.decode()
    assert reverse("militia:member", args=[member.pk]) in page
    assert "đang thực hiện nghĩa vụ" in page and "Dự bị động viên</h2>" not in page


def transfer_form(soldiers: list[ReserveSoldier], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "soldiers": [s.pk for s in soldiers],
        "reason": TransferReason.AGE_LIMIT,
        "on": "2026-12-01",
        "decided_by": TransferAuthority.AREA_DEFENSE_COMMANDER,
        "decision_number": "12/QĐ-PTKV",
    }
    data.update(overrides)
    return data


def test_soldiers_past_the_age_are_transferred_out_in_bulk_after_confirmation(
    client: Client,
    accounts: Accounts,
    tree: Tree,
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    soldiers: dict[str, ReserveSoldier],
) -> None:
    aged = register(make_person(tree.kinh_bac, given_name="Cao", birth_date=dt.date(1980, 6, 1)))
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:transfer_out")
    listing = client.get(url).content.decode()
    assert "Nguyễn Văn Cao" in listing and "Nguyễn Văn Bình" not in listing

    with unchanged():
        preview = client.post(url, transfer_form([aged]))
    assert preview.status_code == 200 and "xác nhận cho 1 bản ghi" in preview.content.decode()

    # A soldier still within the age in the same decision: refused, nobody transferred.
    with unchanged():
        refused = client.post(
            url, {**transfer_form([aged, soldiers["infantry"]]), "confirmed": "1"}
        )
    assert refused.status_code == 400
    errors = refused.context["form"].non_field_errors().as_data()
    assert errors[0].code == ErrorCode.NOT_AT_AGE_LIMIT and "Nguyễn Văn Bình" in errors[0].message

    done = client.post(url, {**transfer_form([aged]), "confirmed": "1"})
    assert done.status_code == 302
    aged.refresh_from_db()
    assert aged.transferred_out_on == dt.date(2026, 12, 1)

    logged(client, accounts.leader)
    with unchanged():
        assert client.post(url, transfer_form([soldiers["old"]])).status_code == 403
    logged(client, accounts.vo_cuong_staff)  # another ward's soldier is not among the choices
    assert "Nguyễn Văn" not in client.get(url).content.decode()
    with unchanged():
        response = client.post(url, {**transfer_form([soldiers["old"]]), "confirmed": "1"})
    assert response.status_code == 400 and "soldiers" in response.context["form"].errors


def test_the_lists_answer_htmx_with_the_table_in_a_bounded_number_of_queries(
    client: Client,
    accounts: Accounts,
    soldiers: dict[str, ReserveSoldier],
    infantry: ReserveUnit,
    django_assert_max_num_queries: Any,
) -> None:
    logged(client, accounts.province_commander)
    for name in ("reserves:home", "reserves:units", "reserves:drills"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name), headers={"HX-Request": "true"})
        assert response.status_code == 200 and "<html" not in response.content.decode()
