"""A ward officer starts the day on the home page's work list (issue 12 item 7): the overdue
first registration of the 2023 cycle links to the registration page, where the same number of
men waits, with the same definition; once he is registered the item leaves the list."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.conscription.test_views import world  # noqa: F401  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "1 công dân chưa đăng ký nghĩa vụ quân sự lần đầu"


def test_a_ward_officer_follows_an_overdue_item_to_the_registration_page(
    live_server: Any,
    page: Any,
    world: Any,  # noqa: F811
    accounts: Any,
) -> None:
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.suoi_hoa_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    work = page.locator("#work-callup")
    expect(work.get_by_role("heading", name="Việc tuyển quân: Tuyển quân năm 2023")).to_be_visible()
    expect(work.locator("li.overdue").filter(has_text=ITEM)).to_contain_text("quá hạn 01/04/2022")
    expect(work).to_contain_text(
        "Người đã đăng ký muộn và người đang bị áp dụng biện pháp theo Điều 13"
    )
    work.get_by_role("link", name=ITEM).click()

    expect(page.get_by_role("heading", name="Đăng ký nghĩa vụ quân sự lần đầu")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("1 công dân chưa đăng ký")
    expect(page.locator("#unregistered-definition")).to_contain_text(
        "Người đã đăng ký muộn và người đang bị áp dụng biện pháp theo Điều 13"
    )
    page.get_by_label("Chọn Nguyễn Văn Nam").check()
    page.get_by_label("Địa điểm đăng ký").fill("UBND phường Suối Hoa")
    page.get_by_role("button", name="Ghi nhận đăng ký cho người đã chọn").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã ghi nhận đăng ký cho 1 công dân.")).to_be_visible()

    page.goto(f"{live_server.url}/")
    expect(page.locator("#work-callup")).not_to_contain_text("chưa đăng ký nghĩa vụ quân sự")
