"""Roles scoped by unit: which units an account reaches, which people it reads and writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qpdp.core.access import (
    Role,
    User,
    can_see_personal_numbers,
    can_write,
    check_unit_writable,
    is_admin,
    mask_number,
    scope_unit_ids,
    scope_units,
)
from qpdp.core.units import SuccessionKind, Unit, UnitKind, UnitSuccession
from qpdp.people.models import Person, Residence
from tests.conftest import Accounts, Tree

ALL_UNITS = {
    "old_province",
    "city",
    "suoi_hoa",
    "kinh_bac_old",
    "ninh_xa",
    "tien_ninh_ve",
    "province",
    "kinh_bac",
    "vo_cuong",
}
OLD_CITY = {"city", "suoi_hoa", "kinh_bac_old", "ninh_xa", "tien_ninh_ve"}
NEW_KINH_BAC = {"kinh_bac", "suoi_hoa", "kinh_bac_old", "tien_ninh_ve", "ninh_xa"}

SCOPES = {
    "admin": ALL_UNITS,
    # The province of 2025 took over the old province, so its commander reaches the 2022 tree.
    "province_commander": ALL_UNITS,
    "city_commander": OLD_CITY,
    "leader": ALL_UNITS,
    # Staff: the own unit and the units merged into it, without children.
    "kinh_bac_staff": NEW_KINH_BAC,
    "vo_cuong_staff": {"vo_cuong"},
    "suoi_hoa_staff": {"suoi_hoa"},
}


def unit_names(tree: Tree, units: object) -> set[str]:
    by_pk = {getattr(tree, attr).pk: attr for attr in ALL_UNITS}
    return {by_pk[u.pk] for u in units}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("account", "expected"), SCOPES.items())
def test_scope_units_follows_role_and_reforms(
    tree: Tree, accounts: Accounts, account: str, expected: set[str]
) -> None:
    assert unit_names(tree, scope_units(getattr(accounts, account))) == expected


def test_an_anonymous_visitor_has_no_scope(tree: Tree) -> None:
    assert not scope_units(AnonymousUser()).exists()


def test_scope_units_costs_a_query_per_reform_generation_not_per_unit(
    accounts: Accounts, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        list(scope_units(accounts.kinh_bac_staff))


def test_a_later_request_reads_the_scope_from_the_cache(
    accounts: Accounts, django_assert_num_queries: object
) -> None:
    expected = scope_unit_ids(User.objects.get(pk=accounts.kinh_bac_staff.pk))
    again = User.objects.select_related("unit").get(pk=accounts.kinh_bac_staff.pk)

    with django_assert_num_queries(0):  # type: ignore[operator]
        assert scope_unit_ids(again) == expected


def test_a_merger_recorded_after_the_scope_was_cached_widens_it_at_once(
    tree: Tree, accounts: Accounts
) -> None:
    user = User.objects.select_related("unit").get(pk=accounts.vo_cuong_staff.pk)
    assert scope_unit_ids(user) == (tree.vo_cuong.pk,)

    UnitSuccession.objects.create(
        predecessor=tree.suoi_hoa,
        successor=tree.vo_cuong,
        kind=SuccessionKind.MERGE,
        effective=dt.date(2025, 7, 1),
    )

    fresh = User.objects.select_related("unit").get(pk=user.pk)
    assert set(scope_unit_ids(fresh)) == {tree.vo_cuong.pk, tree.suoi_hoa.pk}


def test_a_unit_added_under_a_commanders_unit_joins_the_cached_scope(
    tree: Tree, accounts: Accounts
) -> None:
    leader = User.objects.select_related("unit").get(pk=accounts.leader.pk)
    before = scope_unit_ids(leader)
    company = Unit(
        code="X1",
        name="Đơn vị mới",
        type_label="Công ty",
        kind=UnitKind.ORGANISATION,
        parent=tree.vo_cuong,
    )
    company.save()

    # The same account object (a long command holds it) sees the new unit too.
    assert set(scope_unit_ids(leader)) == {*before, company.pk}


@pytest.mark.parametrize(
    ("account", "admin", "writes", "sees_numbers"),
    [
        ("admin", True, True, True),
        ("province_commander", False, True, True),
        ("city_commander", False, True, True),
        ("leader", False, False, False),
        ("kinh_bac_staff", False, True, True),
    ],
)
def test_role_rights(
    accounts: Accounts, account: str, admin: bool, writes: bool, sees_numbers: bool
) -> None:
    user = getattr(accounts, account)

    assert is_admin(user) is admin
    assert can_write(user) is writes
    assert can_see_personal_numbers(user) is sees_numbers


def test_an_anonymous_visitor_has_no_rights() -> None:
    anonymous = AnonymousUser()

    assert not is_admin(anonymous)
    assert not can_write(anonymous)
    assert not can_see_personal_numbers(anonymous)


def test_an_account_with_the_administrator_role_is_admin_without_superuser(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.ADMINISTRATOR, None)
    User.objects.filter(pk=user.pk).update(is_superuser=False)
    user.refresh_from_db()

    assert is_admin(user)
    assert scope_units(user).count() == scope_units(user).model.objects.count()


def test_an_account_other_than_administrator_must_belong_to_a_unit(
    make_user: Callable[..., User],
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(Role.STAFF, None)


# Who reads (R) and writes (W) a person living in new Kinh Bắc and one living in Võ Cường.
PEOPLE_RIGHTS = {
    "admin": ("RW", "RW"),
    "province_commander": ("RW", "RW"),
    "city_commander": ("", ""),
    "leader": ("R", "R"),
    "kinh_bac_staff": ("RW", ""),
    "vo_cuong_staff": ("", "RW"),
    "suoi_hoa_staff": ("", ""),
}


@pytest.mark.parametrize(("account", "rights"), PEOPLE_RIGHTS.items())
def test_visible_to_and_editable_by_follow_the_scope(
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    account: str,
    rights: tuple[str, str],
) -> None:
    user = getattr(accounts, account)
    people = [make_person(tree.kinh_bac), make_person(tree.vo_cuong)]

    visible = set(Person.objects.visible_to(user))
    editable = set(Person.objects.editable_by(user))

    assert visible == {p for p, r in zip(people, rights, strict=True) if "R" in r}
    assert editable == {p for p, r in zip(people, rights, strict=True) if "W" in r}


def test_nobody_anonymous_sees_a_person(tree: Tree, make_person: Callable[..., Person]) -> None:
    make_person(tree.kinh_bac)

    assert not Person.objects.visible_to(AnonymousUser()).exists()
    assert not Person.objects.editable_by(AnonymousUser()).exists()


@pytest.fixture
def lived_in_suoi_hoa(tree: Tree, make_person: Callable[..., Person]) -> Person:
    """Lived in Suối Hoa until the reform; the ward became part of new Kinh Bắc."""
    person = make_person(tree.kinh_bac, given_name="Lịch")
    Residence.objects.create(
        person=person,
        unit=tree.suoi_hoa,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    return person


@pytest.mark.parametrize("account", ["suoi_hoa_staff", "city_commander"])
def test_an_account_of_a_2022_unit_sees_who_lived_there(
    accounts: Accounts, lived_in_suoi_hoa: Person, account: str
) -> None:
    assert lived_in_suoi_hoa in Person.objects.visible_to(getattr(accounts, account))


@pytest.mark.parametrize("account", ["suoi_hoa_staff", "city_commander"])
def test_an_account_of_a_2022_unit_cannot_edit_who_lives_elsewhere_now(
    accounts: Accounts, lived_in_suoi_hoa: Person, account: str
) -> None:
    assert lived_in_suoi_hoa not in Person.objects.editable_by(getattr(accounts, account))


def test_a_ward_in_force_neither_lists_nor_edits_someone_who_moved_out(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    moved = make_person(tree.vo_cuong)
    Residence.objects.create(
        person=moved,
        unit=tree.suoi_hoa,
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )

    # A unit in force works with its current residents; the history is for abolished units.
    assert moved not in Person.objects.visible_to(accounts.kinh_bac_staff)
    assert moved not in Person.objects.editable_by(accounts.kinh_bac_staff)
    assert moved in Person.objects.visible_to(accounts.suoi_hoa_staff)


@pytest.mark.parametrize(
    ("account", "unit", "allowed"),
    [
        ("kinh_bac_staff", "kinh_bac", True),
        ("kinh_bac_staff", "vo_cuong", False),
        ("vo_cuong_staff", "kinh_bac", False),
        ("province_commander", "vo_cuong", True),
        ("city_commander", "vo_cuong", False),
        ("leader", "kinh_bac", False),
        ("admin", "vo_cuong", True),
    ],
)
def test_check_unit_writable_refuses_a_unit_outside_the_scope(
    tree: Tree, accounts: Accounts, account: str, unit: str, allowed: bool
) -> None:
    user, target = getattr(accounts, account), getattr(tree, unit)

    if allowed:
        check_unit_writable(user, target)
    else:
        with pytest.raises(PermissionDenied):
            check_unit_writable(user, target)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("027205001234", "*********234"),
        ("0912345678", "*******678"),
        ("12", "12"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_number_keeps_the_last_three_digits(value: str | None, masked: str) -> None:
    assert mask_number(value) == masked


def test_a_page_reads_the_account_and_its_unit_in_one_query(
    client: Client, accounts: Accounts
) -> None:
    client.force_login(accounts.kinh_bac_staff)
    client.get(reverse("account"))  # caches the account's scope

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("account"))

    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith('SELECT "core_unit"')], statements
    assert any('"core_user"' in sql and '"core_unit"' in sql for sql in statements), statements
