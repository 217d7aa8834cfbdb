"""A ward officer starts the day on the home page's work list (issue 12 item 7): the overdue
first registration of the 2023 cycle links to the registration page, where the same number of
men waits, with the same definition; he registers the 17-year-old with the page's defaults and
the item leaves the list. Then he records an Art. 13 measure against a callable man, who leaves
the ward's callable pool (issue 12, "done when")."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from qpdp.conscription.models import BarringMeasure, Registration
from tests.conftest import PASSWORD
from tests.conscription.test_views import world  # noqa: F401  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ITEM = "1 công dân chưa đăng ký nghĩa vụ quân sự lần đầu"
CALLABLE = "Đủ điều kiện gọi nhập ngũ"
PROSECUTION = "Đang bị truy cứu trách nhiệm hình sự"


def show_callable(page: Any) -> Any:
    """Open the ward's pool narrowed to the callable men; return its table."""
    page.get_by_role("link", name="Nguồn", exact=True).click()
    page.get_by_label("Trạng thái").select_option(label=CALLABLE)
    expect(page).to_have_url(re.compile("state=callable"))  # htmx swapped the table in
    return page.locator("table.pool")


def test_a_ward_officer_registers_the_overdue_and_bars_a_callable_man(
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

    # The 17-year-old (born 2005) is registered with what the page proposes: nothing typed.
    expect(page.get_by_role("heading", name="Đăng ký nghĩa vụ quân sự lần đầu")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("1 công dân chưa đăng ký")
    expect(page.locator("#unregistered-definition")).to_contain_text(
        "Người đã đăng ký muộn và người đang bị áp dụng biện pháp theo Điều 13"
    )
    page.get_by_label("Chọn Nguyễn Văn Nam").check()
    page.get_by_role("button", name="Ghi nhận đăng ký cho người đã chọn").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã ghi nhận đăng ký cho 1 công dân.")).to_be_visible()
    expect(page.locator("table.registered")).to_contain_text("Nguyễn Văn Nam")
    registration = Registration.objects.get(person=world.newcomer)
    assert registration.registered_on == world.cycle.registration_date  # the page's default
    assert (registration.number, registration.place) == ("2022-0001", "")

    # Phong is callable in the ward's pool until the officer records an Art. 13 measure.
    expect(show_callable(page).get_by_role("row", name="Nguyễn Văn Phong")).to_be_visible()

    page.get_by_role("link", name="Nghĩa vụ quân sự", exact=True).click()
    page.get_by_role("link", name="Không đăng ký, không gọi nhập ngũ (Điều 13)").click()
    page.get_by_role("link", name="Thêm").click()
    page.get_by_label("Tìm theo tên").fill("Phong")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Nguyễn Văn Phong").click()
    expect(page.get_by_text("Đã chọn:")).to_contain_text("Nguyễn Văn Phong")
    page.get_by_label("Biện pháp (Điều 13)").select_option(label=PROSECUTION)
    page.get_by_label("Từ ngày").fill("2023-01-05")
    page.get_by_label("Số văn bản").fill("12/QĐ-VKS")
    page.get_by_label("Ngày văn bản").fill("2023-01-05")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi biện pháp.")).to_be_visible()
    expect(page.locator("table.measures")).to_contain_text("Nguyễn Văn Phong")
    assert BarringMeasure.objects.get().person == world.fit

    page.get_by_role("link", name="Nghĩa vụ quân sự", exact=True).click()
    page.get_by_role("link", name="Tuyển quân năm 2023").click()
    page.get_by_role("row", name="Phường Suối Hoa").get_by_role("link", name="Xét duyệt").click()
    expect(show_callable(page)).not_to_contain_text("Nguyễn Văn Phong")

    page.goto(f"{live_server.url}/")
    expect(page.locator("#work-callup")).not_to_contain_text("chưa đăng ký nghĩa vụ quân sự")
