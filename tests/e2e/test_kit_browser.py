"""The page kit in the browser: a list on a phone, sorting by a column, the unit search box."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from qpdp.core import forms as core_forms
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Công tác Quốc phòng địa phương")).to_be_visible()


@pytest.fixture
def residents(tree: Any, make_person: Any) -> None:
    make_person(tree.kinh_bac, given_name="An", birth_date=dt.date(2001, 3, 4))
    make_person(tree.kinh_bac, given_name="Bình", birth_date=dt.date(1999, 1, 2))
    make_person(tree.vo_cuong, given_name="Cường", birth_date=dt.date(2005, 6, 7))


def test_on_a_phone_every_value_of_the_list_shows_its_label(
    live_server: Any, browser: Any, accounts: Any, residents: None
) -> None:
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server, accounts.kinh_bac_staff.username)
        page.goto(f"{live_server.url}/cong-dan/")
        first_row = page.locator("table.list tbody tr").first
        labels = first_row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels == [
            '"Họ và tên: "',
            '"Ngày sinh: "',
            '"Giới tính: "',
            '"Số định danh: "',
            '"Nơi thường trú: "',
        ]
        expect(page.locator("table.list thead")).to_be_hidden()
    finally:
        context.close()


def test_a_column_header_sorts_the_table_in_place(
    live_server: Any, page: Any, accounts: Any, residents: None
) -> None:
    log_in(page, live_server, accounts.kinh_bac_staff.username)
    page.goto(f"{live_server.url}/cong-dan/")
    names = page.locator("#person-table tbody td:first-child")
    expect(names).to_have_text(["Nguyễn Văn An", "Nguyễn Văn Bình"])
    page.evaluate("window.kitMarker = 1")  # survives only if htmx swapped the table in place

    page.get_by_role("link", name="Ngày sinh").click()

    expect(names).to_have_text(["Nguyễn Văn Bình", "Nguyễn Văn An"])
    expect(page).to_have_url(re.compile(r"\?sort=birth$"))
    assert page.evaluate("window.kitMarker") == 1


def test_an_administrator_finds_a_unit_by_typing_without_accents(
    live_server: Any,
    page: Any,
    accounts: Any,
    residents: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(core_forms, "UNIT_SELECT_LIMIT", 3)  # the admin's 9 units are "many"
    log_in(page, live_server, accounts.admin.username)
    page.goto(f"{live_server.url}/cong-dan/")
    unit = page.locator("select#id_unit")
    expect(unit.locator("option")).to_have_count(1)  # only "—" until the officer searches

    page.get_by_placeholder("Gõ tên hoặc mã đơn vị để tìm").fill("vo cuong")

    expect(unit.locator("option")).to_have_count(2)
    unit.select_option(label="Phường Võ Cường (09190)")
    expect(page.locator("#person-table tbody td:first-child")).to_have_text(["Nguyễn Văn Cường"])
