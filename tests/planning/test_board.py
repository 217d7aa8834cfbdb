"""The dashboard of a unit with many children: ranked by an indicator, filtered, the middle
collapsed, the page bounded whatever the number of communes (``communes``: forty of them).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from qpdp.core.vietnamese import sort_key
from qpdp.planning.review import board
from tests.planning.conftest import MISSING, SORT, TARGET, YEAR, with_charts


def _children(client: Client, tree, **query: str) -> str:
    response = client.get("/tong-ket/", {"unit": tree.province.pk, "year": YEAR, **query})
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="children"')[1].split("</section>")[0]


def _names(table_html: str) -> list[str]:
    return re.findall(r'<a href="/tong-ket/\?unit=\d+&amp;year=\d+">([^<]+)</a>', table_html)


def _tables(section: str) -> list[str]:
    return section.split("<table")[1:]


@pytest.fixture
def client(accounts) -> Client:
    client = Client()
    client.force_login(accounts.province_commander)
    return client


def _ranked(values: dict[str, int | None], *, descending: bool) -> list[str]:
    present = [(n, v) for n, v in values.items() if v is not None]
    present.sort(key=lambda nv: (-nv[1] if descending else nv[1], sort_key(nv[0])))
    return [n for n, _v in present]


def test_sorting_by_an_indicator_shows_the_first_and_last_and_collapses_the_rest(
    tree, communes, client
) -> None:
    section = _children(client, tree, sort=f"-{SORT}")
    first, last, rest = (_names(t) for t in _tables(section))
    ranked = _ranked(communes, descending=True)
    assert first == ranked[: board.EDGE]
    assert last == ranked[-board.EDGE :]
    collapsed = len(communes) - 2 * board.EDGE
    assert f"Các đơn vị còn lại ({collapsed})" in section
    assert "<details" in section
    assert len(rest) == board.REST_PAGE_SIZE  # a page of the rest, not all of it
    assert 'aria-sort="descending"' in section


def test_units_without_a_figure_are_never_last_even_sorted_low_to_high(
    tree, communes, client
) -> None:
    section = _children(client, tree, sort=SORT)
    first, last, _rest = (_names(t) for t in _tables(section))
    ranked = _ranked(communes, descending=False)
    assert first == ranked[: board.EDGE]
    assert last == ranked[-board.EDGE :]
    assert all(communes[name] is not None for name in first + last)


def test_filters_keep_the_units_behind_target_or_with_a_figure(tree, communes, client) -> None:
    behind = sum(1 for v in communes.values() if v is not None and v < TARGET)
    section = _children(client, tree, sort=f"-{SORT}", behind="on")
    assert f"{behind}/40 đơn vị" in section
    shown = [n for t in _tables(section) for n in _names(t)]
    assert shown and all(communes[n] is not None and communes[n] < TARGET for n in shown)
    with_data = _children(client, tree, has_data="on")
    assert f"{40 - MISSING}/40 đơn vị" in with_data


def test_without_an_indicator_the_units_are_paged_in_vietnamese_order(
    tree, communes, client
) -> None:
    by_name = sorted(communes, key=sort_key)
    first_page = _names(_tables(_children(client, tree))[0])
    assert first_page == by_name[: board.REST_PAGE_SIZE]
    second_page = _names(_tables(_children(client, tree, page="2"))[0])
    assert second_page == by_name[board.REST_PAGE_SIZE : 2 * board.REST_PAGE_SIZE]
    assert by_name.index("Xã Đại Đồng 1") > by_name.index("Xã Dương Liễu 1")  # Đ after D


def test_the_page_stays_bounded_and_bar_charts_show_only_the_ends(tree, communes, client) -> None:
    response = client.get("/tong-ket/", {"unit": tree.province.pk, "year": YEAR, "sort": SORT})
    html = response.content.decode()
    section = html.split('id="children"')[1].split("</section>")[0]
    assert section.count("<tr") <= 2 * board.EDGE + board.REST_PAGE_SIZE + 3  # + 3 headers
    card = with_charts(client, html).split('class="card chart-card"')[1]
    bars = re.findall(r"<title>(Xã [^:<]+): (\d+)</title>", card)
    assert len(bars) == 2 * board.EDGE
    assert [int(v) for _n, v in bars] == sorted((int(v) for _n, v in bars), reverse=True)
    hidden = len(communes) - MISSING - 2 * board.EDGE
    assert f"{hidden} đơn vị ở giữa không hiển thị" in card
    assert f"Chưa có số liệu: {MISSING} đơn vị" in card


def test_the_indicator_page_lists_the_communes_highest_first(tree, communes, client) -> None:
    response = client.get(
        "/tong-ket/chi-so/conscription.handed_over/", {"unit": tree.province.pk, "year": YEAR}
    )
    names = re.findall(
        r'conscription.handed_over/\?unit=\d+&amp;year=\d+">([^<]+)</a>', response.content.decode()
    )
    ranked = _ranked(communes, descending=True)
    missing = sorted((n for n, v in communes.items() if v is None), key=sort_key)
    assert names == ranked + missing
