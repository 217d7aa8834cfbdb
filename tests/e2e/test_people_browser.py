"""An officer in the browser: log in, find a person without accents, edit, read the history."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_finds_edits_and_sees_history(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    make_person(tree.kinh_bac, family_name="Nguyễn", middle_name="Văn", given_name="Dũng")
    make_person(
        tree.kinh_bac,
        family_name="Trần",
        middle_name="Thị",
        given_name="Hoa",
        gender="F",
        birth_date=dt.date(2003, 2, 1),
    )
    make_person(
        tree.vo_cuong,
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="Dũng",
        birth_date=dt.date(2001, 1, 9),
    )

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Công dân").first.click()

    page.get_by_label("Tìm theo tên hoặc số định danh").fill("nguyen van dung")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**q=nguyen+van+dung**")
    # The Võ Cường namesake is out of this ward's scope.
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page.get_by_role("link", name="Nguyễn Văn Dũng").click()
    expect(page.get_by_role("heading", name="Nguyễn Văn Dũng")).to_be_visible()

    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Địa chỉ").fill("Số 25 Lý Thái Tổ")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thay đổi.")).to_be_visible()
    history = page.locator("table.history")
    expect(history).to_contain_text("Số 25 Lý Thái Tổ")
    assert re.search(r"Số 1 Ngô Gia Tự\s*→\s*Số 25 Lý Thái Tổ", history.inner_text())
    assert accounts.kinh_bac_staff.username in history.inner_text()

    page.get_by_text(accounts.kinh_bac_staff.username).first.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
