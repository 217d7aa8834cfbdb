"""The reserve writes that have a page of their own: registering a soldier (the class the rules
give is shown for confirmation, by the save's own checks), a new reserve unit, ending an
assignment (confirmed first). A ward's officer does each; a refusal of the service shows its
Vietnamese message on the form and changes nothing; an officer of another ward gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.core.audit import Action, AuditEntry
from qpdp.people.models import Person
from qpdp.reserves import services
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.models import Assignment, ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import Category, UnitRole
from tests.conftest import Accounts, Tree
from tests.militia.conftest import unchanged

pytestmark = pytest.mark.django_db


def logged(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def codes(response: Any, field: str) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data()[field]]


@pytest.fixture
def binh(make_person: Callable[..., Person], tree: Tree) -> Person:
    return make_person(tree.kinh_bac, given_name="Bình", birth_date=dt.date(2000, 4, 2))


def soldier_form(person: Person, tree: Tree, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": person.pk,
        "unit": tree.kinh_bac.pk,
        "registered_on": "2026-02-10",
        "discharged_on": "2026-02-01",
        "speciality": "Bộ binh",
        "rank": "ha_si",
        "active_service_months": 24,
        "police_months": 0,
        "commune_police_months": 0,
        "militia_training_months": 0,
        "reserve_training_months": 0,
    }
    data.update(overrides)
    return data


def test_registration_shows_the_class_the_law_gives_then_saves_it(
    client: Client, accounts: Accounts, tree: Tree, binh: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    listing = client.get(reverse("reserves:home")).content.decode()
    url = reverse("reserves:soldier_create")
    assert url in listing
    assert f"person={binh.pk}" in client.get(url, {"q": "binh"}).content.decode()

    with unchanged():
        confirmation = client.post(url, soldier_form(binh, tree))
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Hạng một" in page and "điểm a khoản 2 Điều 24 Luật Nghĩa vụ quân sự" in page
    assert 'name="confirmed"' in page

    done = client.post(url, {**soldier_form(binh, tree), "confirmed": "1"})
    soldier = ReserveSoldier.objects.get(person=binh)
    assert done.status_code == 302
    assert done["Location"] == reverse("reserves:soldier", args=[soldier.pk])
    assert (soldier.category, soldier.category_ground, soldier.active_service_months) == (
        Category.ONE,
        "1a",
        24,
    )
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(soldier.pk)).exists()


def test_where_the_law_gives_no_class_the_confirmation_asks_for_it(
    client: Client, accounts: Accounts, tree: Tree, binh: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:soldier_create")
    police = soldier_form(binh, tree, active_service_months=0, police_months=15)
    with unchanged():
        refused = client.post(url, police)
    assert refused.status_code == 400
    assert codes(refused, "category") == [ErrorCode.CATEGORY_NEEDS_DECISION]
    assert "Luật không quy định hạng" in refused.content.decode()

    decided = {**police, "category": Category.TWO, "category_reason": "Quyết định của Ban CHQS"}
    confirmation = client.post(url, decided)
    assert confirmation.status_code == 200 and "Hạng hai" in confirmation.content.decode()
    assert client.post(url, {**decided, "confirmed": "1"}).status_code == 302
    assert ReserveSoldier.objects.get(person=binh).category_reason == "Quyết định của Ban CHQS"


def test_a_class_against_the_history_is_refused_even_when_posted_confirmed(
    client: Client, accounts: Accounts, tree: Tree, binh: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    data = {**soldier_form(binh, tree, category=Category.TWO), "confirmed": "1"}
    with unchanged():
        refused = client.post(reverse("reserves:soldier_create"), data)
    assert refused.status_code == 400
    assert codes(refused, "category") == [ErrorCode.CATEGORY_CONTRADICTS_HISTORY]
    assert "Theo quá trình phục vụ, quân nhân thuộc hạng một" in refused.content.decode()


def test_another_ward_cannot_register_the_person(
    client: Client, accounts: Accounts, tree: Tree, binh: Person
) -> None:
    logged(client, accounts.vo_cuong_staff)
    url = reverse("reserves:soldier_create")
    assert f"person={binh.pk}" not in client.get(url, {"q": "binh"}).content.decode()
    with unchanged():
        response = client.post(url, {**soldier_form(binh, tree), "confirmed": "1"})
    assert response.status_code == 400
    assert {"person", "unit"} <= set(response.context["form"].errors)


# -- reserve units and assignments ---------------------------------------------------------------


def unit_form(tree: Tree, **overrides: Any) -> dict[str, Any]:
    data = {
        "unit": tree.kinh_bac.pk,
        "name": "Trung đội thông tin 1",
        "level": "platoon",
        "role": UnitRole.COMBAT_SUPPORT,
        "speciality": "Thông tin",
        "authorised_strength": 25,
        "established_on": "2026-01-15",
    }
    data.update(overrides)
    return data


def test_a_ward_officer_creates_a_reserve_unit_in_force(
    client: Client, accounts: Accounts, tree: Tree
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:unit_create")
    assert url in client.get(reverse("reserves:units")).content.decode()
    with unchanged():  # new Kinh Bắc exists from 01/07/2025
        refused = client.post(url, unit_form(tree, established_on="2025-01-15"))
    assert refused.status_code == 400
    assert codes(refused, "unit") == [ErrorCode.HOST_UNIT_NOT_IN_FORCE]
    assert "không có hiệu lực vào ngày 15/01/2025" in refused.content.decode()

    done = client.post(url, unit_form(tree))
    made = ReserveUnit.objects.get(name="Trung đội thông tin 1")
    assert done.status_code == 302 and done["Location"] == reverse("reserves:unit", args=[made.pk])

    logged(client, accounts.vo_cuong_staff)
    with unchanged():
        response = client.post(url, unit_form(tree, name="Trung đội khác"))
    assert response.status_code == 400 and "unit" in response.context["form"].errors


@pytest.fixture
def assignment(
    accounts: Accounts,
    infantry: ReserveUnit,
    binh: Person,
    register: Callable[..., ReserveSoldier],
) -> Assignment:
    return services.assign_soldier(
        accounts.province_commander, register(binh), infantry, assigned_on=dt.date(2026, 2, 1)
    )


def test_ending_an_assignment_is_confirmed_and_its_date_checked(
    client: Client, accounts: Accounts, infantry: ReserveUnit, assignment: Assignment
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("reserves:end_assignment", args=[assignment.pk])
    assert url in client.get(reverse("reserves:unit", args=[infantry.pk])).content.decode()
    assert (
        url
        in client.get(reverse("reserves:soldier", args=[assignment.soldier_id])).content.decode()
    )

    with unchanged():
        confirmation = client.post(url, {"on": "2026-11-30"})
    assert confirmation.status_code == 200
    assert "Nguyễn Văn Bình" in confirmation.content.decode()
    for confirmed in ({}, {"confirmed": "1"}):  # refused before the confirmation, and on it
        with unchanged():
            refused = client.post(url, {"on": "2026-01-15", **confirmed})
        assert refused.status_code == 400
        assert codes(refused, "on") == [ErrorCode.END_BEFORE_ASSIGNMENT]
        assert "Ngày rút không được trước ngày sắp xếp." in refused.content.decode()

    done = client.post(url, {"on": "2026-11-30", "confirmed": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse("reserves:unit", args=[infantry.pk])
    assignment.refresh_from_db()
    assert assignment.ended_on == dt.date(2026, 11, 30)

    with unchanged():  # ended already: refused above the form
        again = client.post(url, {"on": "2026-12-01", "confirmed": "1"})
    assert again.status_code == 400
    errors = again.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == [ErrorCode.ASSIGNMENT_ENDED]


def test_another_ward_gets_404_on_an_assignment(
    client: Client, accounts: Accounts, assignment: Assignment
) -> None:
    logged(client, accounts.vo_cuong_staff)
    url = reverse("reserves:end_assignment", args=[assignment.pk])
    assert client.get(url).status_code == 404
    with unchanged():
        assert client.post(url, {"on": "2026-11-30", "confirmed": "1"}).status_code == 404
    logged(client, accounts.leader)
    with unchanged():
        assert client.post(url, {"on": "2026-11-30", "confirmed": "1"}).status_code == 403
