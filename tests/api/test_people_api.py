"""The person registry through the API: scope and masking as on the pages, the page's filters
and sort, cursor pages, every write audited as an API write, and no lost update (409)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qpdp.core.audit import AuditEntry
from qpdp.people.models import Person
from tests.api.conftest import ApiClient, messages, refusals
from tests.conftest import Accounts, Tree
from tests.core.helpers import id_number

PEOPLE = "/api/v1/people/"
Api = Callable[..., ApiClient]


def detail(person: Person) -> str:
    return f"{PEOPLE}{person.pk}/"


def new_person(tree: Tree, **overrides: Any) -> dict[str, Any]:
    data = {
        "family_name": "trần",
        "middle_name": "quốc",
        "given_name": "toản",
        "gender": "M",
        "birth_date": "15/03/2005",
        "id_number": id_number(dt.date(2005, 3, 15)),
        "residence_unit": tree.kinh_bac.pk,
        "phone": "+84 987 654 321",
        "education_level": 12,
    }
    data.update(overrides)
    return data


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-pk").first()  # type: ignore[return-value]


def test_a_ward_token_cannot_read_another_ward_s_person(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    mine = make_person(tree.kinh_bac)
    theirs = make_person(tree.vo_cuong)
    client = api(accounts.kinh_bac_staff)
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    assert client.get(f"{detail(theirs)}residences/").status_code == 404
    assert client.patch(detail(theirs), {"version": 1, "address": "X"}).status_code == 404
    assert client.delete(detail(theirs)).status_code == 404
    ids = [row["id"] for row in client.get(PEOPLE).json()["results"]]
    assert ids == [mine.pk]


def test_numbers_are_masked_for_a_leader_and_shown_to_staff(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac, phone="0912345678")
    as_leader = api(accounts.leader).get(detail(person)).json()
    as_staff = api(accounts.kinh_bac_staff).get(detail(person)).json()
    assert as_staff["id_number"] == person.id_number
    assert as_staff["phone"] == "0912345678"
    assert as_leader["id_number"] == "*********" + person.id_number[-3:]  # type: ignore[index]
    assert as_leader["phone"] == "*******678"
    listed = api(accounts.leader).get(PEOPLE).json()["results"][0]
    assert listed["id_number"].startswith("***")


def test_the_list_takes_the_page_s_filters_search_and_sort(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    make_person(tree.kinh_bac, given_name="An", birth_date=dt.date(1990, 1, 1))
    make_person(tree.kinh_bac, given_name="Bình", birth_date=dt.date(2008, 1, 1))
    make_person(tree.kinh_bac, given_name="Cúc", gender="F", birth_date=dt.date(2000, 1, 1))
    client = api(accounts.kinh_bac_staff)

    def names(params: dict[str, Any]) -> list[str]:
        response = client.get(PEOPLE, params)
        assert response.status_code == 200, response.json()
        return [row["given_name"] for row in response.json()["results"]]

    assert names({"q": "binh"}) == ["Bình"]
    assert names({"gender": "F"}) == ["Cúc"]
    assert names({"sort": "-birth"})[-1] == "An"
    assert names({"sort": "birth", "gender": "M"}) == ["An", "Bình"]
    assert names({"age_max": 30}) == ["Bình", "Cúc"]
    assert client.get(PEOPLE, {"sort": "nonsense"}).status_code == 400
    assert client.get(PEOPLE, {"gender": "X"}).status_code == 400


def test_cursor_pages_follow_the_roster_order_without_gaps(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    for name in ("Dũng", "An", "Cường", "Bảo", "Anh"):
        make_person(tree.kinh_bac, given_name=name)
    make_person(tree.kinh_bac, given_name="An")  # a tie on the roster key
    client = api(accounts.kinh_bac_staff)
    seen: list[int] = []
    url: str | None = f"{PEOPLE}?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    expected = list(Person.objects.order_by("roster_key", "pk").values_list("pk", flat=True))
    assert seen == expected


@pytest.mark.parametrize("cursor", ["cD16eno=", "bz0tMQ==", "cD0"])
def test_a_forged_cursor_is_a_404(accounts: Accounts, api: Api, cursor: str) -> None:
    assert api(accounts.kinh_bac_staff).get(PEOPLE, {"cursor": cursor}).status_code == 404


def test_create_goes_through_the_service_and_is_audited_as_an_api_write(
    accounts: Accounts, tree: Tree, api: Api
) -> None:
    response = api(accounts.kinh_bac_staff).post(PEOPLE, new_person(tree))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["full_name"] == "Trần Quốc Toản"
    assert body["phone"] == "0987654321"
    assert body["birth_date_display"] == "15/03/2005"
    entry = last_entry()
    assert (entry.action, entry.channel, entry.username) == ("create", "api", "kinhbac")
    assert entry.object_id == str(body["id"])


def test_create_refuses_what_the_form_refuses(accounts: Accounts, tree: Tree, api: Api) -> None:
    client = api(accounts.kinh_bac_staff)
    bad_date = client.post(PEOPLE, new_person(tree, birth_date="31/02/2005"))
    assert bad_date.status_code == 400
    assert refusals(bad_date) == [("birth_date_impossible", "birth_date")]
    assert messages(bad_date) == ["Ngày sinh “31/02/2005” không có thật."]
    other_ward = client.post(PEOPLE, new_person(tree, residence_unit=tree.vo_cuong.pk))
    assert other_ward.status_code == 400
    assert refusals(other_ward) == [("invalid_choice", "residence_unit")]
    bad_number = client.post(PEOPLE, new_person(tree, id_number="123"))
    assert bad_number.status_code == 400
    assert refusals(bad_number) == [("id_number_format", "id_number")]
    assert not Person.objects.exists()


def test_a_leader_cannot_write(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    client = api(accounts.leader)
    assert client.post(PEOPLE, new_person(tree)).status_code == 403
    assert client.patch(detail(person), {"version": 1, "address": "X"}).status_code == 403
    assert client.delete(detail(person)).status_code == 403


def test_a_similar_person_asks_for_confirmation(accounts: Accounts, tree: Tree, api: Api) -> None:
    client = api(accounts.kinh_bac_staff)
    first = client.post(PEOPLE, new_person(tree)).json()
    again = new_person(tree, id_number=id_number(dt.date(2005, 3, 15), serial=900_002))
    conflict = client.post(PEOPLE, again)
    assert conflict.status_code == 409
    assert refusals(conflict) == [("similar_person", None)]
    assert "cùng họ tên, ngày sinh và đơn vị" in messages(conflict)[0]
    assert [p["id"] for p in conflict.json()["similar"]] == [first["id"]]
    assert Person.objects.count() == 1
    assert client.post(PEOPLE, {**again, "confirm_similar": True}).status_code == 201


def test_update_needs_the_version_and_raises_it(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    client = api(accounts.kinh_bac_staff)
    unversioned = client.patch(detail(person), {"address": "Số 9"})
    assert unversioned.status_code == 400
    assert refusals(unversioned) == [("required", "version")]
    response = client.patch(detail(person), {"version": 1, "address": "Số 9 Trần Hưng Đạo"})
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == 2
    assert response.json()["address"] == "Số 9 Trần Hưng Đạo"
    assert response.json()["family_name"] == person.family_name
    entry = last_entry()
    assert (entry.action, entry.channel) == ("update", "api")
    assert entry.changes == {"address": ["Số 1 Ngô Gia Tự", "Số 9 Trần Hưng Đạo"]}


def test_the_second_of_two_concurrent_edits_gets_409_showing_what_changed(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    first, second = api(accounts.kinh_bac_staff), api(accounts.province_commander)
    assert first.patch(detail(person), {"version": 1, "occupation": "Thợ mộc"}).status_code == 200
    stale = second.patch(detail(person), {"version": 1, "occupation": "Nông dân"})
    assert stale.status_code == 409
    body = stale.json()
    assert refusals(stale) == [("stale", None)]
    assert "đã được người khác sửa" in messages(stale)[0]
    assert (body["sent_version"], body["current_version"]) == (1, 2)
    assert body["current"]["occupation"] == "Thợ mộc"
    assert body["changes"][0]["username"] == "kinhbac"
    assert body["changes"][0]["changes"] == {"occupation": ["", "Thợ mộc"]}
    assert Person.objects.get(pk=person.pk).occupation == "Thợ mộc"


def test_delete_goes_through_the_service(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    assert api(accounts.kinh_bac_staff).delete(detail(person)).status_code == 204
    assert not Person.objects.filter(pk=person.pk).exists()
    entry = last_entry()
    assert (entry.action, entry.channel, entry.object_id) == ("delete", "api", str(person.pk))


def test_the_residence_history_follows_a_move(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    client = api(accounts.province_commander)
    moved = client.patch(detail(person), {"version": 1, "residence_unit": tree.vo_cuong.pk})
    assert moved.status_code == 200, moved.json()
    rows = client.get(f"{detail(person)}residences/").json()["results"]
    assert [r["unit"] for r in rows] == [tree.kinh_bac.pk, tree.vo_cuong.pk]
    assert rows[0]["valid_to"] is not None and rows[1]["valid_to"] is None


@pytest.mark.parametrize("params", [{"age_max": 100000}, {"age_min": -1}, {"education_min": 99}])
def test_out_of_range_filters_are_a_400(
    accounts: Accounts, api: Api, params: dict[str, int]
) -> None:
    assert api(accounts.kinh_bac_staff).get(PEOPLE, params).status_code == 400


def test_the_list_costs_the_same_queries_whatever_its_length(
    accounts: Accounts, tree: Tree, api: Api, make_person: Callable[..., Person]
) -> None:
    client = api(accounts.kinh_bac_staff)
    make_person(tree.kinh_bac)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE).status_code == 200
        return len(captured)

    queries()  # the first call also records the token's use
    few = queries()
    for name in ("An", "Bình", "Cường", "Dũng", "Em"):
        make_person(tree.kinh_bac, given_name=name)
    assert queries() == few
