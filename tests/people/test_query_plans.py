"""The people list, search, person page and API list read people through indexes (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.plans import no_sequential_scan, postgresql_only

pytestmark = postgresql_only


@pytest.fixture
def people(tree: Tree, make_person: Callable[..., Person]) -> list[Person]:
    return [make_person(tree.kinh_bac if n % 2 else tree.vo_cuong) for n in range(30)]


@pytest.mark.parametrize(
    "query",
    [{}, {"page": 2}, {"q": "nguyen van"}, {"q": "0272"}],
    ids=["first page", "second page", "name search", "number search"],
)
def test_the_list_and_its_search_use_an_index(
    client: Client, accounts: Accounts, people: list[Person], query: dict[str, object]
) -> None:
    client.force_login(accounts.kinh_bac_staff)

    with no_sequential_scan():
        assert client.get(reverse("people:list"), query).status_code == 200


def test_an_account_of_an_abolished_ward_reads_its_residents_by_index(
    client: Client, accounts: Accounts, people: list[Person]
) -> None:
    client.force_login(accounts.suoi_hoa_staff)

    with no_sequential_scan():
        assert client.get(reverse("people:list")).status_code == 200


def test_the_person_page_uses_an_index(
    client: Client, accounts: Accounts, people: list[Person]
) -> None:
    client.force_login(accounts.kinh_bac_staff)

    with no_sequential_scan():
        assert client.get(reverse("people:detail", args=[people[1].pk])).status_code == 200


def test_the_api_list_uses_an_index(
    client: Client, accounts: Accounts, people: list[Person]
) -> None:
    client.force_login(accounts.kinh_bac_staff)

    with no_sequential_scan():
        assert client.get("/api/v1/people/", {"q": "nguyen"}).status_code == 200
