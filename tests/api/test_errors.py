"""Every error answer of the API has one shape, ``{"errors": [{"code", "message", "field"}]}``:
DRF's own refusals (authentication, permission, not found, method, parse), the page forms' and
filters' errors, the services' refusals; messages in Vietnamese unless the client asks for
English."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError
from django.test import Client, RequestFactory
from rest_framework.exceptions import ErrorDetail

from qpdp.api.errors import error_list, exception_handler
from qpdp.core.views import server_error
from qpdp.people.models import Person
from tests.api.conftest import ApiClient, messages, refusals
from tests.conftest import Accounts, Tree
from tests.core.helpers import id_number

PEOPLE = "/api/v1/people/"
UNITS = "/api/v1/units/"
Api = Callable[..., ApiClient]


def test_drf_s_own_refusals_have_the_shape_and_their_codes(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    theirs = make_person(tree.vo_cuong)
    staff = api(accounts.kinh_bac_staff)

    anonymous = Client().get(PEOPLE)
    forged = Client().get(PEOPLE, headers={"Authorization": "Bearer qpdp_forged"})
    denied = api(accounts.leader).post(PEOPLE, {})
    missing = staff.get(f"{PEOPLE}{theirs.pk}/")
    method = staff.client.put(PEOPLE, {}, content_type="application/json", headers=staff.headers)
    malformed = staff.client.post(
        PEOPLE, "{not json", content_type="application/json", headers=staff.headers
    )

    assert (anonymous.status_code, refusals(anonymous)) == (401, [("not_authenticated", None)])
    assert (forged.status_code, refusals(forged)) == (401, [("authentication_failed", None)])
    assert (denied.status_code, refusals(denied)) == (403, [("permission_denied", None)])
    assert (missing.status_code, refusals(missing)) == (404, [("not_found", None)])
    assert (method.status_code, refusals(method)) == (405, [("method_not_allowed", None)])
    assert (malformed.status_code, refusals(malformed)) == (400, [("parse_error", None)])
    assert messages(missing) == ["Không tìm thấy."]
    assert Person.objects.count() == 1


def test_filter_errors_name_the_parameter(accounts: Accounts, api: Api) -> None:
    client = api(accounts.kinh_bac_staff)

    sort = client.get(UNITS, {"sort": "nonsense"})
    page_sort = client.get(PEOPLE, {"sort": "nonsense"})
    gender = client.get(PEOPLE, {"gender": "X"})

    assert refusals(sort) == [("invalid_sort", "sort")]
    assert messages(sort) == ["Cách sắp xếp không hợp lệ: nonsense."]
    assert refusals(page_sort) == [("invalid_sort", "sort")]
    assert refusals(gender) == [("invalid_choice", "gender")]


def test_every_field_error_of_the_form_is_listed_with_its_field(
    accounts: Accounts, tree: Tree, api: Api
) -> None:
    body = {"family_name": "Lê", "given_name": "Nam", "gender": "M", "birth_date": "2099",
            "residence_unit": tree.vo_cuong.pk, "phone": "12"}  # fmt: skip

    response = api(accounts.kinh_bac_staff).post(PEOPLE, body)

    assert response.status_code == 400
    assert sorted(refusals(response)) == [
        ("birth_date_future", "birth_date"),
        ("invalid_choice", "residence_unit"),
        ("phone_format", "phone"),
    ]
    assert not Person.objects.exists()


def test_a_model_constraint_s_refusal_carries_its_code(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.vo_cuong, birth_date=dt.date(2005, 3, 15))
    body = {"family_name": "Lê", "given_name": "Nam", "gender": "M", "birth_date": "15/03/2005",
            "residence_unit": tree.kinh_bac.pk, "id_number": existing.id_number}  # fmt: skip

    response = api(accounts.kinh_bac_staff).post(PEOPLE, body)

    assert response.status_code == 400
    assert refusals(response) == [("duplicate_id_number", None)]
    assert messages(response) == ["Số định danh cá nhân này đã có trong hệ thống."]
    assert Person.objects.count() == 1


def test_messages_are_english_when_the_client_asks(accounts: Accounts, api: Api) -> None:
    client = api(accounts.kinh_bac_staff)
    client.headers["Accept-Language"] = "en"

    sort = client.get(UNITS, {"sort": "nonsense"})
    denied = api(accounts.leader)
    denied.headers["Accept-Language"] = "en"

    assert messages(sort) == ["Invalid sort order: nonsense."]
    assert refusals(sort) == [("invalid_sort", "sort")]
    assert messages(denied.post(PEOPLE, {})) == ["Your role can view data but not change it."]
    assert sort["Content-Language"] == "en"


def test_pages_stay_vietnamese_whatever_the_browser_asks(accounts: Accounts) -> None:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(accounts.kinh_bac_staff)

    page = client.get("/cong-dan/")

    assert page["Content-Language"] == "vi"


def test_an_unknown_address_or_a_server_error_answers_json_under_the_api_only(
    accounts: Accounts, api: Api
) -> None:
    unknown = api(accounts.kinh_bac_staff).get("/api/v1/khong-co/")
    failed = server_error(RequestFactory().get("/api/v1/people/"))
    page = server_error(RequestFactory().get("/cong-dan/"))

    assert (unknown.status_code, refusals(unknown)) == (404, [("not_found", None)])
    assert (failed.status_code, json.loads(failed.content)["errors"][0]["code"]) == (
        500,
        "server_error",
    )
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_nested_errors_are_named_by_their_path_and_whole_request_errors_by_null() -> None:
    detail = {
        "non_field_errors": [ErrorDetail("Cả yêu cầu", code="refused")],
        "people": [{}, {"birth_date": [ErrorDetail("Ngày sai", code="invalid")]}],
        "note": [ErrorDetail("Thiếu", code="required"), "không mã"],
    }

    assert error_list(detail) == [
        {"code": "refused", "message": "Cả yêu cầu", "field": None},
        {"code": "invalid", "message": "Ngày sai", "field": "people.1.birth_date"},
        {"code": "required", "message": "Thiếu", "field": "note"},
        {"code": "invalid", "message": "không mã", "field": "note"},
    ]


def test_a_race_for_the_same_number_is_a_409_conflict(db: None) -> None:
    response = exception_handler(IntegrityError("unique"), {})

    assert response is not None
    assert response.status_code == 409
    assert response.data == {
        "errors": [
            {
                "code": "conflict",
                "message": "Dữ liệu vừa bị thay đổi đồng thời; hãy tải lại và thử lại.",
                "field": None,
            }
        ]
    }


def test_an_edit_that_makes_a_person_look_like_another_asks_for_confirmation(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    existing = make_person(tree.kinh_bac, given_name="An")
    other = make_person(
        tree.kinh_bac,
        given_name="Bình",
        id_number=id_number(dt.date(2004, 5, 17), serial=700_001),
    )
    client = api(accounts.kinh_bac_staff)
    renamed: dict[str, Any] = {"version": other.version, "given_name": "an"}

    conflict = client.patch(f"{PEOPLE}{other.pk}/", renamed)

    assert conflict.status_code == 409
    assert refusals(conflict) == [("similar_person", None)]
    assert [p["id"] for p in conflict.json()["similar"]] == [existing.pk]
    assert Person.objects.get(pk=other.pk).given_name == "Bình"

    confirmed = client.patch(f"{PEOPLE}{other.pk}/", {**renamed, "confirm_similar": True})

    assert confirmed.status_code == 200, confirmed.json()
    assert Person.objects.get(pk=other.pk).given_name == "An"
    assert client.patch(f"{PEOPLE}{other.pk}/", {"version": 2, "address": "X"}).status_code == 200
