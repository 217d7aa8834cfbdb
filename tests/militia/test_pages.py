"""The militia pages on the page kit: lists with their filters, search and export; the forms show
the services' refusals with nothing saved; ending duty in bulk asks for confirmation; every page
keeps to the user's scope."""

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
from qpdp.militia import services
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.models import Attendance, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import EndReason, EstablishingAuthority, ForceKind, Level
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.militia.conftest import JOINED, make_unit, unchanged

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person: Callable[..., Person], tree: Tree) -> dict[str, Person]:
    return {
        "dung": make_person(tree.kinh_bac, given_name="Dũng"),
        "hung": make_person(tree.kinh_bac, given_name="Hùng", birth_date=dt.date(2000, 2, 3)),
        "child": make_person(tree.kinh_bac, given_name="Bé", birth_date=dt.date(2012, 1, 1)),
        "other": make_person(tree.vo_cuong, given_name="Khác"),
    }


@pytest.fixture
def served(
    platoon: MilitiaUnit, people: dict[str, Person], enrol: Callable[..., Membership]
) -> list[Membership]:
    return [enrol(platoon, people["dung"]), enrol(platoon, people["hung"])]


def logged(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def member_form(militia_unit: MilitiaUnit, person: Person, **overrides: Any) -> dict[str, Any]:
    data = {
        "person": person.pk,
        "militia_unit": militia_unit.pk,
        "post": "member",
        "joined_on": JOINED.isoformat(),
        "decision_number": "12/QĐ-UBND",
        "decision_date": (JOINED - dt.timedelta(days=3)).isoformat(),
        "decision_signer": "Chủ tịch UBND phường",
    }
    data.update(overrides)
    return data


def test_the_member_list_filters_searches_and_sorts(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.province_commander)
    url = reverse("militia:members")
    page = client.get(url).content.decode()
    assert "Nguyễn Văn Dũng" in page and "Nguyễn Văn Hùng" in page

    found = client.get(url, {"q": "hung"}).content.decode()
    assert "Nguyễn Văn Hùng" in found and "Nguyễn Văn Dũng" not in found

    standing = client.get(url, {"force_kind": ForceKind.STANDING}).content.decode()
    assert "Nguyễn Văn Dũng" not in standing
    assert "Nguyễn Văn Dũng" in client.get(url, {"militia_unit": platoon.pk}).content.decode()

    services.end_membership(
        accounts.province_commander,
        served[0],
        reason=EndReason.REMOVED,
        ground="b",
        on=JOINED + dt.timedelta(days=30),
        decision_number="20/QĐ",
        decision_date=JOINED + dt.timedelta(days=30),
    )
    serving = client.get(url, {"status": "serving"}).content.decode()
    ended = client.get(url, {"status": "ended"}).content.decode()
    assert "Nguyễn Văn Dũng" not in serving and "Nguyễn Văn Hùng" in serving
    assert "Nguyễn Văn Dũng" in ended and "Nguyễn Văn Hùng" not in ended

    descending = client.get(url, {"sort": "-name"}).content.decode()
    assert descending.index("Nguyễn Văn Hùng") < descending.index("Nguyễn Văn Dũng")


def test_an_htmx_request_gets_only_the_table_within_a_bounded_number_of_queries(
    client: Client,
    accounts: Accounts,
    tree: Tree,
    served: list[Membership],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):  # more units in the filter's select cost no more queries
        make_unit(accounts.province_commander, tree.kinh_bac, name=f"Tổ dân quân tại chỗ {n}")
    logged(client, accounts.province_commander)
    with django_assert_max_num_queries(12):
        client.get(reverse("militia:members"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("militia:members"), headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert "Nguyễn Văn Dũng" in response.content.decode()


def test_the_export_is_the_filtered_list_masked_for_leaders_and_audited(
    client: Client, accounts: Accounts, served: list[Membership]
) -> None:
    number = served[0].person.id_number
    logged(client, accounts.leader)
    response = client.get(reverse("militia:members"), {"format": "xlsx", "q": "dung"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    text = repr(values)
    assert "Nguyễn Văn Dũng" in text and "Nguyễn Văn Hùng" not in text
    assert number not in text and number[-3:] in text
    assert "Địa chỉ" in text  # a column hidden on the page is in the export
    assert AuditEntry.objects.filter(action=Action.EXPORT, username="lanhdao").exists()


def test_a_ward_sees_only_its_own_units_and_members(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.vo_cuong_staff)
    assert "Nguyễn Văn Dũng" not in client.get(reverse("militia:members")).content.decode()
    assert platoon.name not in client.get(reverse("militia:home")).content.decode()
    assert client.get(reverse("militia:unit", args=[platoon.pk])).status_code == 404
    assert client.get(reverse("militia:member", args=[served[0].pk])).status_code == 404
    assert client.get(reverse("militia:unit_print", args=[platoon.pk])).status_code == 404

    logged(client, accounts.kinh_bac_staff)
    detail = client.get(reverse("militia:unit", args=[platoon.pk])).content.decode()
    assert "Nguyễn Văn Dũng" in detail and "2/3" in detail


def test_the_printable_roster_masks_numbers_for_leaders(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.leader)
    page = client.get(reverse("militia:unit_print", args=[platoon.pk])).content.decode()
    assert "Nguyễn Văn Dũng" in page
    assert served[0].person.id_number not in page
    assert "Trung đội trưởng" in page  # the signature line names the commander's post


def test_adding_a_member_finds_the_person_and_shows_the_services_refusal(
    client: Client, accounts: Accounts, people: dict[str, Person], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:member_create")
    search = client.get(url, {"q": "khac"}).content.decode()
    assert "Nguyễn Văn Khác" not in search  # another ward's resident is not offered
    search = client.get(url, {"q": "văn bé"}).content.decode()
    assert f"person={people['child'].pk}" in search

    with unchanged():
        response = client.post(url, member_form(platoon, people["child"]))
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == [ErrorCode.UNDER_AGE]
    assert "Điều 8" in response.content.decode()

    response = client.post(url, member_form(platoon, people["dung"]))
    member = Membership.objects.get(person=people["dung"])
    assert response.status_code == 302
    assert response["Location"] == reverse("militia:member", args=[member.pk])


def test_a_person_outside_the_scope_cannot_be_enrolled(
    client: Client, accounts: Accounts, people: dict[str, Person], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.kinh_bac_staff)
    with unchanged():
        response = client.post(
            reverse("militia:member_create"), member_form(platoon, people["other"])
        )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors


def test_setting_up_a_unit_by_a_level_the_law_does_not_name_is_refused_on_the_form(
    client: Client, accounts: Accounts, tree: Tree
) -> None:
    logged(client, accounts.kinh_bac_staff)
    data = {
        "unit": tree.kinh_bac.pk,
        "name": "Trung đội cơ động 2",
        "level": Level.PLATOON,
        "force_kind": ForceKind.MOBILE,
        "authorised_strength": 30,
        "established_on": "2026-01-10",
        "established_by": EstablishingAuthority.ORGANISATION_COMMANDER,
        "decision_number": "3/QĐ",
    }
    with unchanged():
        response = client.post(reverse("militia:unit_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    data["established_by"] = EstablishingAuthority.PROVINCE_COMMANDER
    response = client.post(reverse("militia:unit_create"), data)
    assert response.status_code == 302
    assert MilitiaUnit.objects.filter(name="Trung đội cơ động 2").exists()


def test_leaders_read_but_do_not_write(
    client: Client, accounts: Accounts, people: dict[str, Person], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.leader)
    assert client.get(reverse("militia:member_create")).status_code == 403
    with unchanged():
        response = client.post(
            reverse("militia:member_create"), member_form(platoon, people["dung"])
        )
    assert response.status_code == 403


def end_form(members: list[Membership], **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "members": [m.pk for m in members],
        "reason": EndReason.RELEASED,
        "ground": "released/c",
        "on": "2026-06-01",
        "decision_number": "30/QĐ-UBND",
        "decision_date": "2026-05-28",
    }
    data.update(overrides)
    return data


def test_ending_duty_in_bulk_is_confirmed_then_applied(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:end", args=[platoon.pk])
    assert "Nguyễn Văn Dũng" in client.get(url).content.decode()
    with unchanged():
        preview = client.post(url, end_form(served))
    assert preview.status_code == 200
    assert "xác nhận cho 2 bản ghi" in preview.content.decode()

    done = client.post(url, {**end_form(served), "confirmed": "1"})
    assert done.status_code == 302
    ended = Membership.objects.filter(pk__in=[m.pk for m in served])
    assert set(ended.values_list("end_reason", "end_ground")) == {(EndReason.RELEASED, "c")}


def test_one_refusal_in_a_bulk_end_saves_nothing(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:end", args=[platoon.pk])
    # Completion before the term has run is refused by the service for every member.
    data = {**end_form(served, reason=EndReason.COMPLETED, ground=""), "confirmed": "1"}
    with unchanged():
        response = client.post(url, data)
    assert response.status_code == 400
    errors = response.context["form"].non_field_errors().as_data()
    assert errors[0].code == ErrorCode.TERM_NOT_SERVED
    assert "Nguyễn Văn" in errors[0].message
    # A ground that does not belong to the chosen reason is refused by the form.
    response = client.post(url, end_form(served, ground="removed/a"))
    assert response.status_code == 400 and "ground" in response.context["form"].errors


def test_another_ward_cannot_end_a_units_duty(
    client: Client, accounts: Accounts, served: list[Membership], platoon: MilitiaUnit
) -> None:
    logged(client, accounts.vo_cuong_staff)
    with unchanged():
        response = client.post(reverse("militia:end", args=[platoon.pk]), end_form(served))
    assert response.status_code == 404


def test_a_plan_enrols_the_members_and_the_sheet_records_attendance(
    client: Client, accounts: Accounts, served: list[Membership], tree: Tree
) -> None:
    logged(client, accounts.kinh_bac_staff)
    response = client.post(
        reverse("militia:plan_create"),
        {
            "unit": tree.kinh_bac.pk,
            "year": 2026,
            "force_kind": ForceKind.MOBILE,
            "starts_on": "2026-09-07",
            "ends_on": "2026-09-25",
            "place": "Thao trường phường",
        },
    )
    assert response.status_code == 302
    plan = TrainingPlan.objects.get()
    rows = list(Attendance.objects.filter(plan=plan).order_by("pk"))
    assert len(rows) == 2 and {r.required_days for r in rows} == {15}

    url = reverse("militia:attendance", args=[plan.pk])
    with unchanged():
        refused = client.post(url, {f"days_{rows[0].pk}": 40, f"days_{rows[1].pk}": 15})
    assert refused.status_code == 400
    error = refused.context["form"].errors.as_data()[f"days_{rows[0].pk}"][0]
    assert error.code == ErrorCode.ATTENDANCE_DAYS_INVALID

    done = client.post(url, {f"days_{rows[0].pk}": 15, f"days_{rows[1].pk}": 9})
    assert done.status_code == 302
    detail = client.get(reverse("militia:plan", args=[plan.pk])).content.decode()
    assert "1/2" in detail and "50%" in detail


def test_the_member_page_shows_the_record_and_its_history(
    client: Client, accounts: Accounts, served: list[Membership]
) -> None:
    logged(client, accounts.kinh_bac_staff)
    page = client.get(reverse("militia:member", args=[served[0].pk])).content.decode()
    assert "08/QĐ-UBND" in page and reverse("people:detail", args=[served[0].person_id]) in page
    assert "Lịch sử thay đổi" in page and "Thêm" in page


def test_the_unit_list_names_the_communes_without_a_mobile_platoon(
    client: Client, accounts: Accounts, tree: Tree, served: list[Membership]
) -> None:
    logged(client, accounts.province_commander)
    page = client.get(reverse("militia:home")).content.decode()
    start = page.index("chưa có trung đội dân quân cơ động")
    warning = page[start : page.index("</p>", start)]
    assert tree.vo_cuong.label in warning and tree.kinh_bac.label not in warning

    logged(client, accounts.kinh_bac_staff)
    page = client.get(reverse("militia:home")).content.decode()
    assert "chưa có trung đội dân quân cơ động" not in page


def test_an_extension_beyond_what_the_law_allows_is_refused_on_the_form(
    client: Client, accounts: Accounts, served: list[Membership]
) -> None:
    member = served[0]  # mobile militia: four years, then at most two more
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:extend", args=[member.pk])
    too_far = member.term_end.replace(year=member.term_end.year + 3)
    data = {"until": too_far.isoformat(), "decision_number": "5/QĐ", "decision_date": "2030-02-01"}
    with unchanged():
        response = client.post(url, data)
    assert response.status_code == 400
    codes = [e.code for e in response.context["form"].errors.as_data()["until"]]
    assert codes == [ErrorCode.EXTENSION_TOO_LONG]

    allowed = member.term_end.replace(year=member.term_end.year + 1)
    response = client.post(url, {**data, "until": allowed.isoformat()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.extended_until == allowed

    logged(client, accounts.vo_cuong_staff)
    assert client.get(url).status_code == 404
