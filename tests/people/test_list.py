"""The person list: accent-free search, filters, Vietnamese order, cheap pagination, htmx."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qpdp.core.units import Unit
from qpdp.core.vietnamese import split_full_name
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.core.helpers import id_number


def shown(client: Client, **query: Any) -> list[str]:
    response = client.get(reverse("people:list"), query)
    assert response.status_code == 200
    return [p.full_name for p in response.context["page"].rows]


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) + dt.timedelta(days=days)


@pytest.fixture
def admin_client(client: Client, accounts: Accounts) -> Client:
    client.force_login(accounts.admin)
    return client


def add(make_person: Callable[..., Person], unit: Unit, full_name: str, **kw: Any) -> Person:
    family, middle, given = split_full_name(full_name)
    return make_person(unit, family_name=family, middle_name=middle, given_name=given, **kw)


@pytest.fixture
def named(tree: Tree, make_person: Callable[..., Person]) -> list[Person]:
    return [
        add(make_person, tree.kinh_bac, "Nguyễn Văn Dũng"),
        add(make_person, tree.vo_cuong, "Đặng Thị Nhung", gender="F"),
        add(make_person, tree.kinh_bac, "Trần Văn Bình"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van dung", ["Nguyễn Văn Dũng"]),
        ("NGUYEN VAN DUNG", ["Nguyễn Văn Dũng"]),
        ("Nguyễn Văn Dũng", ["Nguyễn Văn Dũng"]),
        ("van dung", ["Nguyễn Văn Dũng"]),
        ("dang thi", ["Đặng Thị Nhung"]),
        ("Ðặng", ["Đặng Thị Nhung"]),
        ("nhung", ["Đặng Thị Nhung"]),
        ("van", ["Trần Văn Bình", "Nguyễn Văn Dũng"]),
        ("ng", ["Nguyễn Văn Dũng"]),
        ("  tran   van  ", ["Trần Văn Bình"]),
        ("pham", []),
        ("", ["Trần Văn Bình", "Nguyễn Văn Dũng", "Đặng Thị Nhung"]),
    ],
)
def test_search_folds_accents_and_d_with_stroke(
    admin_client: Client, named: list[Person], query: str, expected: list[str]
) -> None:
    assert shown(admin_client, q=query) == expected


def test_search_by_the_start_of_an_id_number(
    admin_client: Client, tree: Tree, make_person: Callable[..., Person]
) -> None:
    born = dt.date(2004, 5, 17)
    make_person(tree.kinh_bac, given_name="Một", id_number=id_number(born, serial=123_456))
    make_person(tree.kinh_bac, given_name="Hai", id_number=id_number(born, serial=654_321))
    make_person(
        tree.kinh_bac, given_name="Ba", id_number=id_number(born, serial=123_999, province="001")
    )

    assert shown(admin_client, q="027204123") == ["Nguyễn Văn Một"]
    assert shown(admin_client, q="027204") == ["Nguyễn Văn Hai", "Nguyễn Văn Một"]
    assert shown(admin_client, q="027204123456") == ["Nguyễn Văn Một"]
    assert shown(admin_client, q="1234") == []


def test_a_leader_cannot_search_by_identity_number(
    client: Client, tree: Tree, accounts: Any, make_person: Callable[..., Person]
) -> None:
    """Numbers are masked for leaders; a prefix search would reveal them digit by digit."""
    make_person(tree.kinh_bac, given_name="Một", id_number=id_number(dt.date(2004, 5, 17)))
    client.force_login(accounts.leader)
    assert shown(client, q="Một") == ["Nguyễn Văn Một"]
    assert shown(client, q="027204") == []


def test_the_unit_filter_includes_the_wards_merged_into_it(
    admin_client: Client, tree: Tree, make_person: Callable[..., Person]
) -> None:
    make_person(tree.kinh_bac, given_name="Mới")
    make_person(tree.suoi_hoa, given_name="Cũ")
    make_person(tree.vo_cuong, given_name="Khác")

    assert shown(admin_client, unit=tree.kinh_bac.pk) == ["Nguyễn Văn Cũ", "Nguyễn Văn Mới"]
    assert shown(admin_client, unit=tree.suoi_hoa.pk) == ["Nguyễn Văn Cũ"]
    # The province of 2025 took over the old province: its filter reaches the 2022 wards too.
    assert shown(admin_client, unit=tree.province.pk) == [
        "Nguyễn Văn Cũ",
        "Nguyễn Văn Khác",
        "Nguyễn Văn Mới",
    ]
    assert shown(admin_client, unit=tree.vo_cuong.pk) == ["Nguyễn Văn Khác"]


def test_the_gender_filter(admin_client: Client, named: list[Person]) -> None:
    assert shown(admin_client, gender="F") == ["Đặng Thị Nhung"]
    assert shown(admin_client, gender="M") == ["Trần Văn Bình", "Nguyễn Văn Dũng"]


@pytest.fixture
def around_eighteen(tree: Tree, make_person: Callable[..., Person]) -> None:
    """One person turned 18 today, one turns 18 tomorrow, one turned 28 yesterday."""
    for given, born in (
        ("Hôm", years_ago(18)),
        ("Mai", years_ago(18, days=1)),
        ("Già", years_ago(28, days=-1)),
    ):
        make_person(tree.kinh_bac, given_name=given, birth_date=born)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"age_min": 18}, ["Nguyễn Văn Già", "Nguyễn Văn Hôm"]),
        ({"age_max": 17}, ["Nguyễn Văn Mai"]),
        ({"age_min": 17, "age_max": 17}, ["Nguyễn Văn Mai"]),
        ({"age_min": 18, "age_max": 27}, ["Nguyễn Văn Hôm"]),
        ({"age_min": 18, "age_max": 28}, ["Nguyễn Văn Già", "Nguyễn Văn Hôm"]),
        ({"age_min": 29}, []),
    ],
)
def test_the_age_filter_counts_completed_years_to_the_day(
    admin_client: Client, around_eighteen: None, query: dict[str, int], expected: list[str]
) -> None:
    assert shown(admin_client, **query) == expected


def test_an_absurd_age_is_a_form_error_not_a_server_error(admin_client: Client) -> None:
    response = admin_client.get(reverse("people:list"), {"age_max": 100000})
    assert response.status_code == 200
    assert response.context["filter"].errors["age_max"]


def test_the_education_filter_keeps_that_level_and_above(
    admin_client: Client, tree: Tree, make_person: Callable[..., Person]
) -> None:
    for given, level in (("Chín", 9), ("Mười Hai", 12), ("Đại Học", 15), ("Chưa Rõ", None)):
        make_person(tree.kinh_bac, given_name=given, education_level=level)

    assert shown(admin_client, education_min=12) == ["Nguyễn Văn Đại Học", "Nguyễn Văn Mười Hai"]
    assert shown(admin_client, education_min=0) == [
        "Nguyễn Văn Chín",
        "Nguyễn Văn Đại Học",
        "Nguyễn Văn Mười Hai",
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"age_min": "abc"},
        {"education_min": "99"},
        {"page": "x"},
        {"unit": "999999"},
        {"sort": "password"},
        {"page": "-3"},
    ],
)
def test_nonsense_in_the_query_string_is_not_a_500(
    admin_client: Client, named: list[Person], query: dict[str, str]
) -> None:
    assert admin_client.get(reverse("people:list"), query).status_code == 200


ROSTER = [
    "Nguyễn Văn Bình",
    "Đặng Văn An",
    "Nguyễn Văn An",
    "Lê Thị Ánh",
    "Trần Thị An",
    "Vũ Văn Đào",
    "Phạm Văn Dũng",
]
IN_VIETNAMESE_ORDER = [
    "Trần Thị An",
    "Đặng Văn An",
    "Nguyễn Văn An",
    "Lê Thị Ánh",
    "Nguyễn Văn Bình",
    "Phạm Văn Dũng",
    "Vũ Văn Đào",
]


@pytest.fixture
def roster(tree: Tree, make_person: Callable[..., Person]) -> None:
    for name in ROSTER:
        add(make_person, tree.kinh_bac, name, gender="F" if " Thị " in name else "M")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, IN_VIETNAMESE_ORDER),
        ({"sort": "name"}, IN_VIETNAMESE_ORDER),
        ({"sort": "-name"}, IN_VIETNAMESE_ORDER[::-1]),
        ({"gender": "M"}, [n for n in IN_VIETNAMESE_ORDER if "Thị" not in n]),
    ],
)
def test_the_list_sorts_by_given_then_middle_then_family_name(
    admin_client: Client, roster: None, query: dict[str, str], expected: list[str]
) -> None:
    assert shown(admin_client, **query) == expected


def test_the_page_shows_the_names_in_vietnamese_order(admin_client: Client, roster: None) -> None:
    html = admin_client.get(reverse("people:list")).content.decode()

    positions = [html.index(f">{name}</a>") for name in IN_VIETNAMESE_ORDER]
    assert positions == sorted(positions)


def test_sorting_by_birth_date(
    admin_client: Client, tree: Tree, make_person: Callable[..., Person]
) -> None:
    for given, born in (
        ("Giữa", dt.date(2000, 6, 1)),
        ("Già", dt.date(1990, 1, 1)),
        ("Trẻ", dt.date(2008, 12, 31)),
    ):
        make_person(tree.kinh_bac, given_name=given, birth_date=born)

    assert shown(admin_client, sort="birth") == [
        "Nguyễn Văn Già",
        "Nguyễn Văn Giữa",
        "Nguyễn Văn Trẻ",
    ]
    assert shown(admin_client, sort="-birth") == [
        "Nguyễn Văn Trẻ",
        "Nguyễn Văn Giữa",
        "Nguyễn Văn Già",
    ]


@pytest.fixture
def sixty(tree: Tree, make_person: Callable[..., Person]) -> None:
    for number in range(60):
        make_person(tree.kinh_bac if number % 2 else tree.vo_cuong, given_name=f"Số {number:02d}")


def test_the_list_pages_by_fifty(admin_client: Client, sixty: None) -> None:
    first = admin_client.get(reverse("people:list"))
    second = admin_client.get(reverse("people:list"), {"page": 2})

    assert len(first.context["page"].rows) == 50
    assert 'rel="next"' in first.content.decode() and "Trang 1" in first.content.decode()
    assert len(second.context["page"].rows) == 10
    assert "Trang 2" in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert "51–60 / 60" in second.content.decode()
    names = {p.pk for p in first.context["page"].rows} | {p.pk for p in second.context["page"].rows}
    assert len(names) == 60


def test_the_next_link_carries_a_cursor_and_reads_the_same_page(
    admin_client: Client, sixty: None
) -> None:
    """The next page is read from where this one ended (keyset), not by OFFSET."""
    first = admin_client.get(reverse("people:list"), {"sort": "-name"})
    link = re.search(r'href="\?([^"]+)" rel="next"', first.content.decode())
    assert link is not None and "after=" in link[1]
    by_cursor = admin_client.get(reverse("people:list") + "?" + html.unescape(link[1]))
    by_number = admin_client.get(reverse("people:list"), {"sort": "-name", "page": 2})
    assert [p.pk for p in by_cursor.context["page"].rows] == [
        p.pk for p in by_number.context["page"].rows
    ]
    assert "51–60 / 60" in by_cursor.content.decode()
    back = re.search(r'href="\?([^"]+)" rel="prev"', by_cursor.content.decode())
    assert back is not None and "after" not in back[1] and "page=1" in back[1]


def test_the_next_page_keeps_the_filters(admin_client: Client, sixty: None) -> None:
    html = admin_client.get(
        reverse("people:list"), {"q": "nguyen", "sort": "-name"}
    ).content.decode()

    assert "q=nguyen&amp;sort=-name&amp;page=2" in html


@pytest.mark.parametrize("account", ["admin", "kinh_bac_staff", "leader"])
def test_the_list_page_costs_a_few_queries_and_never_counts_the_whole_table(
    client: Client,
    accounts: Accounts,
    sixty: None,
    django_assert_max_num_queries: Any,
    account: str,
) -> None:
    client.force_login(getattr(accounts, account))
    client.get(reverse("people:list"))  # caches the account's scope, as any earlier page would

    # Session, account with its unit, the rows, the capped count, the unit choices of the filter:
    # the three reform generations of predecessors (new Kinh Bắc ← Tiền Ninh Vệ ← Ninh Xá) and
    # the ids under them come from the cache.
    with django_assert_max_num_queries(5) as captured:
        response = client.get(reverse("people:list"), {"page": 2, "q": "nguyen"})

    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts, "the pager shows a (capped) total"
    assert all("LIMIT" in sql.upper() for sql in counts), counts


def test_an_htmx_request_gets_only_the_table(admin_client: Client, named: list[Person]) -> None:
    response = admin_client.get(reverse("people:list"), {"q": "dung"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.templates[0].name == "people/_person_table.html"
    assert "<html" not in html and "<form" not in html
    assert "<table" in html and "Nguyễn Văn Dũng" in html and "Trang 1" in html


def test_a_full_page_request_gets_the_layout(admin_client: Client, named: list[Person]) -> None:
    html = admin_client.get(reverse("people:list")).content.decode()

    assert "<html" in html and 'id="person-table"' in html


def test_the_search_index_survives_every_migration(db: object) -> None:
    """SQLite rebuilds a table to alter it, dropping its triggers: the FTS ones must be back."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 triggers exist only on SQLite")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        triggers = [name for (name,) in cursor.fetchall()]
    assert triggers == ["people_person_fts_ad", "people_person_fts_ai", "people_person_fts_au"]


def test_an_account_of_an_abolished_ward_is_not_offered_a_form_that_cannot_save(
    client: Client, accounts: Any
) -> None:
    client.force_login(accounts.suoi_hoa_staff)  # Suối Hoa ended on 30/06/2025
    listing = client.get(reverse("people:list"))
    assert reverse("people:create") not in listing.content.decode()
    response = client.get(reverse("people:create"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:list")
    assert "công dân mới do xã, phường kế thừa nhập" in response.content.decode()
    client.force_login(accounts.kinh_bac_staff)
    assert client.get(reverse("people:create")).status_code == 200
