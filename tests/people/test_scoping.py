"""Every people URL × every role × a person inside and outside the scope.

Anonymous visitors are sent to the login page; a person outside the scope does not exist
(404, so a guessed URL tells nothing); a leader who tries to write is refused (403).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.people import services
from qpdp.people.models import Person, Residence
from qpdp.people.services import PersonInput
from tests.conftest import TODAY, Accounts, Tree
from tests.core.helpers import csv_rows, edit_person_form, id_number, new_person_form, xlsx_rows

ACCOUNTS = [
    None,
    "admin",
    "province_commander",
    "city_commander",
    "leader",
    "kinh_bac_staff",
    "vo_cuong_staff",
    "suoi_hoa_staff",
]
WARDS = ["kinh_bac", "vo_cuong"]
BORN = dt.date(2004, 5, 17)  # make_person's default birth date

ALL = (200, 200, 302, 200, 302)
NONE = (404, 404, 404, 404, 404)
READ_ONLY = (200, 403, 403, 403, 403)
ANONYMOUS = (302, 302, 302, 302, 302)
# Status of (detail, edit GET, edit POST, delete GET, delete POST) for a person in each ward.
PERSON_MATRIX: dict[str | None, dict[str, tuple[int, ...]]] = {
    None: {"kinh_bac": ANONYMOUS, "vo_cuong": ANONYMOUS},
    "admin": {"kinh_bac": ALL, "vo_cuong": ALL},
    "province_commander": {"kinh_bac": ALL, "vo_cuong": ALL},
    "city_commander": {"kinh_bac": NONE, "vo_cuong": NONE},
    "leader": {"kinh_bac": READ_ONLY, "vo_cuong": READ_ONLY},
    "kinh_bac_staff": {"kinh_bac": ALL, "vo_cuong": NONE},
    "vo_cuong_staff": {"kinh_bac": NONE, "vo_cuong": ALL},
    "suoi_hoa_staff": {"kinh_bac": NONE, "vo_cuong": NONE},
}
PERSON_ACTIONS = ["detail", "edit-get", "edit-post", "delete-get", "delete-post"]

# Status of (home, list, export xlsx, export csv, create GET, audit log). Accounts of units
# abolished in July 2025 (the 2022 city, Suối Hoa) are sent back from the create form (302).
PAGE_MATRIX: dict[str | None, tuple[int, ...]] = {
    None: (302, 302, 302, 302, 302, 302),
    "admin": (200, 200, 200, 200, 200, 200),
    "province_commander": (200, 200, 200, 200, 200, 403),
    "city_commander": (200, 200, 200, 200, 302, 403),
    "leader": (200, 200, 200, 200, 403, 403),
    "kinh_bac_staff": (200, 200, 200, 200, 200, 403),
    "vo_cuong_staff": (200, 200, 200, 200, 200, 403),
    "suoi_hoa_staff": (200, 200, 200, 200, 302, 403),
}
PAGES = [
    ("home", reverse("home")),
    ("list", reverse("people:list")),
    ("export-xlsx", reverse("people:export") + "?format=xlsx"),
    ("export-csv", reverse("people:export") + "?format=csv"),
    ("create-get", reverse("people:create")),
    ("audit-log", reverse("audit_log")),
]

# Status of a create POST into each ward: 302 saved, 400 form error, 403 leader.
CREATE_MATRIX: dict[str | None, dict[str, int]] = {
    None: {"kinh_bac": 302, "vo_cuong": 302},
    "admin": {"kinh_bac": 302, "vo_cuong": 302},
    "province_commander": {"kinh_bac": 302, "vo_cuong": 302},
    "city_commander": {"kinh_bac": 400, "vo_cuong": 400},
    "leader": {"kinh_bac": 403, "vo_cuong": 403},
    "kinh_bac_staff": {"kinh_bac": 302, "vo_cuong": 400},
    "vo_cuong_staff": {"kinh_bac": 400, "vo_cuong": 302},
    "suoi_hoa_staff": {"kinh_bac": 400, "vo_cuong": 400},
}

# Whom each account finds in the list and in its exports.
SEES: dict[str, set[str]] = {
    "admin": {"kinh_bac", "vo_cuong"},
    "province_commander": {"kinh_bac", "vo_cuong"},
    "city_commander": set(),
    "leader": {"kinh_bac", "vo_cuong"},
    "kinh_bac_staff": {"kinh_bac"},
    "vo_cuong_staff": {"vo_cuong"},
    "suoi_hoa_staff": set(),
}


@dataclass
class Residents:
    kinh_bac: Person
    vo_cuong: Person


@pytest.fixture
def residents(tree: Tree, make_person: Callable[..., Person]) -> Residents:
    return Residents(
        kinh_bac=make_person(
            tree.kinh_bac,
            family_name="Ngô",
            middle_name="Gia",
            given_name="Tự",
            id_number=id_number(BORN, serial=111_111),
        ),
        vo_cuong=make_person(
            tree.vo_cuong,
            family_name="Lý",
            middle_name="Công",
            given_name="Uẩn",
            id_number=id_number(BORN, serial=222_222),
        ),
    )


def log_in(client: Client, accounts: Accounts, account: str | None) -> None:
    if account is not None:
        client.force_login(getattr(accounts, account))


def assert_sent_to_login(response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def request_person_url(client: Client, action: str, person: Person) -> Any:
    if action == "detail":
        return client.get(reverse("people:detail", args=[person.pk]))
    if action == "edit-get":
        return client.get(reverse("people:update", args=[person.pk]))
    if action == "edit-post":
        data = edit_person_form(person, occupation="Thợ mộc")
        return client.post(reverse("people:update", args=[person.pk]), data)
    if action == "delete-get":
        return client.get(reverse("people:delete", args=[person.pk]))
    return client.post(reverse("people:delete", args=[person.pk]), {"confirm": "on"})


@pytest.mark.parametrize("ward", WARDS)
@pytest.mark.parametrize("account", ACCOUNTS)
@pytest.mark.parametrize("action", PERSON_ACTIONS)
def test_person_urls_answer_each_role_as_its_scope_allows(
    client: Client,
    accounts: Accounts,
    residents: Residents,
    action: str,
    account: str | None,
    ward: str,
) -> None:
    person: Person = getattr(residents, ward)
    expected = PERSON_MATRIX[account][ward][PERSON_ACTIONS.index(action)]
    log_in(client, accounts, account)

    response = request_person_url(client, action, person)

    assert response.status_code == expected
    if account is None:
        assert_sent_to_login(response)
    succeeded = expected == 302 and account is not None
    still_there = Person.objects.filter(pk=person.pk).first()
    if action == "delete-post" and succeeded:
        assert still_there is None
    else:
        assert still_there is not None
        assert (still_there.occupation == "Thợ mộc") is (action == "edit-post" and succeeded)


@pytest.mark.parametrize("account", ACCOUNTS)
@pytest.mark.parametrize(("page", "url"), PAGES, ids=[name for name, _url in PAGES])
def test_pages_answer_each_role(
    client: Client,
    accounts: Accounts,
    residents: Residents,
    page: str,
    url: str,
    account: str | None,
) -> None:
    log_in(client, accounts, account)

    response = client.get(url)

    assert response.status_code == PAGE_MATRIX[account][[n for n, _u in PAGES].index(page)]
    if account is None:
        assert_sent_to_login(response)


@pytest.mark.parametrize("ward", WARDS)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_create_saves_only_into_a_ward_the_account_may_write(
    client: Client, tree: Tree, accounts: Accounts, account: str | None, ward: str
) -> None:
    log_in(client, accounts, account)
    before = Person.objects.count()

    response = client.post(reverse("people:create"), new_person_form(getattr(tree, ward)))

    expected = CREATE_MATRIX[account][ward]
    assert response.status_code == expected
    saved = Person.objects.count() - before
    assert saved == (1 if expected == 302 and account is not None else 0)
    if expected == 400:
        assert "residence_unit" in response.context["form"].errors


def names_on_list(client: Client) -> set[str]:
    rows = client.get(reverse("people:list")).context["page"].rows
    return {p.full_name for p in rows}


@pytest.mark.parametrize("account", list(SEES))
def test_list_and_exports_never_hold_someone_outside_the_scope(
    client: Client, accounts: Accounts, residents: Residents, account: str
) -> None:
    log_in(client, accounts, account)
    people = [getattr(residents, ward) for ward in sorted(SEES[account])]
    expected_names = {p.full_name for p in people}

    xlsx = xlsx_rows(client.get(reverse("people:export"), {"format": "xlsx"}).content)
    csv = csv_rows(client.get(reverse("people:export"), {"format": "csv"}).content)
    listed = names_on_list(client)

    assert {row[0] for row in xlsx} == expected_names
    assert {row[0] for row in csv} == expected_names
    assert listed == expected_names
    if account != "leader":
        assert {row[3] for row in xlsx} == {p.id_number for p in people}
        assert {row[3] for row in csv} == {p.id_number for p in people}


def test_a_filter_on_a_unit_outside_the_scope_leaks_nothing(
    client: Client, accounts: Accounts, tree: Tree, residents: Residents
) -> None:
    client.force_login(accounts.vo_cuong_staff)
    query = {"unit": tree.kinh_bac.pk}

    listed = client.get(reverse("people:list"), query).context["page"].rows
    exported = xlsx_rows(client.get(reverse("people:export"), {**query, "format": "xlsx"}).content)

    assert {p.pk for p in listed} <= {residents.vo_cuong.pk}
    assert {row[0] for row in exported} <= {residents.vo_cuong.full_name}


def test_a_search_for_an_id_number_outside_the_scope_finds_nothing(
    client: Client, accounts: Accounts, residents: Residents
) -> None:
    client.force_login(accounts.vo_cuong_staff)

    response = client.get(reverse("people:list"), {"q": residents.kinh_bac.id_number})

    assert response.context["page"].rows == []


@pytest.mark.parametrize(
    ("url_name", "method"),
    [
        ("people:detail", "get"),
        ("people:update", "get"),
        ("people:update", "post"),
        ("people:delete", "get"),
        ("people:delete", "post"),
    ],
)
def test_vo_cuong_staff_guessing_the_url_of_a_kinh_bac_person_gets_404(
    client: Client, accounts: Accounts, residents: Residents, url_name: str, method: str
) -> None:
    client.force_login(accounts.vo_cuong_staff)
    person = residents.kinh_bac
    data = edit_person_form(person, occupation="Thợ mộc", confirm="on") if method == "post" else {}

    response = getattr(client, method)(reverse(url_name, args=[person.pk]), data)

    assert response.status_code == 404
    person.refresh_from_db()
    assert person.occupation == ""


def test_a_url_of_a_person_that_does_not_exist_is_404_like_one_out_of_scope(
    client: Client, accounts: Accounts, residents: Residents
) -> None:
    client.force_login(accounts.vo_cuong_staff)
    missing = reverse("people:detail", args=[residents.kinh_bac.pk + 1000])
    hidden = reverse("people:detail", args=[residents.kinh_bac.pk])

    def page(url: str) -> str:
        """The 404 page without what differs per request anyway: the address asked for (the
        language switch returns to it), the CSP nonce and the masked CSRF token."""
        html = client.get(url).content.decode().replace(url, "URL")
        return re.sub(r'(nonce="|X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', r"\1…", html)

    assert page(missing) == page(hidden)


def test_a_leader_sees_no_edit_buttons(
    client: Client, accounts: Accounts, residents: Residents
) -> None:
    client.force_login(accounts.leader)

    detail = client.get(reverse("people:detail", args=[residents.kinh_bac.pk]))
    listing = client.get(reverse("people:list"))

    assert reverse("people:update", args=[residents.kinh_bac.pk]) not in detail.content.decode()
    assert reverse("people:create") not in listing.content.decode()


# -- A person who lived in Suối Hoa in 2022 and now lives in new Kinh Bắc ---------------------


@pytest.fixture
def lived_in_suoi_hoa(tree: Tree, make_person: Callable[..., Person]) -> Person:
    person = make_person(
        tree.kinh_bac,
        family_name="Hoàng",
        middle_name="Văn",
        given_name="Thụ",
        id_number=id_number(BORN, serial=333_333),
    )
    Residence.objects.create(
        person=person,
        unit=tree.suoi_hoa,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    return person


def test_the_2022_suoi_hoa_staff_sees_a_person_who_lived_there(
    client: Client, accounts: Accounts, lived_in_suoi_hoa: Person
) -> None:
    client.force_login(accounts.suoi_hoa_staff)

    detail = client.get(reverse("people:detail", args=[lived_in_suoi_hoa.pk]))
    exported = xlsx_rows(client.get(reverse("people:export"), {"format": "xlsx"}).content)

    assert detail.status_code == 200
    assert "Phường Suối Hoa (đến 30/06/2025)" in detail.content.decode()
    assert [row[0] for row in exported] == [lived_in_suoi_hoa.full_name]
    assert names_on_list(client) == {lived_in_suoi_hoa.full_name}


@pytest.mark.parametrize("url_name", ["people:update", "people:delete"])
def test_the_2022_suoi_hoa_staff_cannot_edit_or_delete_a_current_kinh_bac_resident(
    client: Client, accounts: Accounts, lived_in_suoi_hoa: Person, url_name: str
) -> None:
    client.force_login(accounts.suoi_hoa_staff)
    url = reverse(url_name, args=[lived_in_suoi_hoa.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    assert Person.objects.filter(pk=lived_in_suoi_hoa.pk).exists()


def test_the_2022_suoi_hoa_staff_cannot_save_a_current_kinh_bac_resident(
    client: Client, accounts: Accounts, lived_in_suoi_hoa: Person
) -> None:
    """Today's code lets the form open but refuses the save: new Kinh Bắc is not writable."""
    client.force_login(accounts.suoi_hoa_staff)
    url = reverse("people:update", args=[lived_in_suoi_hoa.pk])

    response = client.post(url, edit_person_form(lived_in_suoi_hoa, occupation="Thợ mộc"))

    assert response.status_code in (400, 404)
    lived_in_suoi_hoa.refresh_from_db()
    assert lived_in_suoi_hoa.occupation == ""


# -- Masking for leaders ---------------------------------------------------------------------

OLD_NUMBERS = (id_number(BORN, serial=111_111), "0912345678")
NEW_NUMBERS = (id_number(BORN, serial=444_444), "0387654321")


@pytest.fixture
def renumbered(accounts: Accounts, residents: Residents) -> Person:
    """A person whose id number and phone were changed, so the history holds both values."""
    person = residents.kinh_bac
    data = {"id_number": NEW_NUMBERS[0], "phone": NEW_NUMBERS[1]}
    return services.update_person(
        accounts.admin, person, PersonInput(data, on=TODAY, version=person.version)
    )


@pytest.mark.parametrize(
    ("account", "shown"), [("leader", False), ("kinh_bac_staff", True), ("admin", True)]
)
@pytest.mark.parametrize("page", ["list", "detail", "export-xlsx", "export-csv"])
def test_personal_numbers_are_masked_for_leaders_only(
    client: Client, accounts: Accounts, renumbered: Person, account: str, shown: bool, page: str
) -> None:
    client.force_login(getattr(accounts, account))
    export = reverse("people:export")
    response = {
        "list": lambda: client.get(reverse("people:list")),
        "detail": lambda: client.get(reverse("people:detail", args=[renumbered.pk])),
        "export-xlsx": lambda: client.get(export, {"format": "xlsx"}),
        "export-csv": lambda: client.get(export, {"format": "csv"}),
    }[page]()
    if page == "export-xlsx":
        text = " ".join(str(cell) for row in xlsx_rows(response.content) for cell in row)
    else:
        text = response.content.decode("utf-8-sig")

    assert (NEW_NUMBERS[0] in text) is shown
    assert ("*********444" in text) is not shown
    if page != "list":  # the list has no phone column
        assert (NEW_NUMBERS[1] in text) is shown
        assert ("*******321" in text) is not shown
    if page == "detail":  # the history holds the old values too
        assert all((number in text) is shown for number in OLD_NUMBERS)
        assert ("*********111" in text) is not shown


# -- Forged unit ids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit", ["vo_cuong", "suoi_hoa", "province", "nonexistent", "not-a-number"]
)
def test_a_forged_unit_in_the_create_form_is_a_form_error_and_saves_nothing(
    client: Client, tree: Tree, accounts: Accounts, unit: str
) -> None:
    client.force_login(accounts.kinh_bac_staff)
    forged = {"nonexistent": "999999", "not-a-number": "abc"}.get(unit) or getattr(tree, unit).pk

    response = client.post(
        reverse("people:create"), new_person_form(tree.kinh_bac, residence_unit=forged)
    )

    assert response.status_code == 400
    assert "residence_unit" in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.parametrize("unit", ["vo_cuong", "suoi_hoa", "nonexistent"])
def test_a_forged_unit_in_the_edit_form_is_a_form_error_and_changes_nothing(
    client: Client, tree: Tree, accounts: Accounts, residents: Residents, unit: str
) -> None:
    client.force_login(accounts.kinh_bac_staff)
    person = residents.kinh_bac
    forged = "999999" if unit == "nonexistent" else getattr(tree, unit).pk
    data = edit_person_form(person, residence_unit=forged, occupation="Thợ mộc")

    response = client.post(reverse("people:update", args=[person.pk]), data)

    assert response.status_code == 400
    assert "residence_unit" in response.context["form"].errors
    person.refresh_from_db()
    assert (person.residence_unit, person.occupation, person.version) == (tree.kinh_bac, "", 1)
    assert person.residences.count() == 1
