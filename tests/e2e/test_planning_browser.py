"""In Chromium, under the site's CSP: a commander updates a task's progress in place (htmx swaps
the row, the refusal shows in it), then a ward declares its figures complete and the city locks
them through the confirmation page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from qpdp.planning import services
from qpdp.planning.models import ApprovalStatus, DataApproval, PlanTask, Section, TaskStatus
from qpdp.planning.review import board
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.services import ApprovalStep
from tests.conftest import PASSWORD
from tests.planning.conftest import SORT, TARGET, YEAR, communes  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Kế hoạch, tổng kết")).to_be_visible()


def test_progress_in_place_and_a_lock_from_the_pages(page, live_server, tree, accounts) -> None:
    plan = services.create_plan(accounts.city_commander, {"unit": tree.city, "year": 2022})
    task = services.add_task(
        accounts.city_commander,
        plan,
        {"section": Section.RECRUITMENT, "title": "Giao quân", "deadline": dt.date(2022, 2, 15)},
    )
    base = live_server.url
    log_in(page, base, accounts.city_commander.username)
    page.get_by_role("link", name="Kế hoạch, tổng kết").click()
    page.get_by_role("spinbutton", name="Năm").fill("2022")
    page.get_by_role("button", name="Xem").click()
    page.get_by_role("link", name=plan.title).click()
    row = page.locator(f"#task-{task.pk}")
    row.get_by_label("Tiến độ").select_option("done")
    row.get_by_role("button", name="Lưu").click()
    expect(row.get_by_role("alert")).to_contain_text("minh chứng")
    url = page.url
    row.get_by_label("Kết quả, minh chứng").fill("Giao 3/3 công dân")
    row.get_by_role("button", name="Lưu").click()
    expect(row.get_by_role("alert")).to_have_count(0)
    assert page.url == url  # swapped in place, no page load
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.DONE

    services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.COMPLETE)
    )
    page.goto(f"{base}/ke-hoach/phe-duyet-so-lieu/?unit={tree.suoi_hoa.pk}&year=2022")
    page.get_by_role("link", name="Khóa số liệu").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Chỉ số đã khóa ngày")).to_be_visible()
    assert DataApproval.objects.get(unit=tree.suoi_hoa).status == ApprovalStatus.LOCKED


def test_a_province_ranks_and_filters_its_communes_on_the_dashboard(
    page,
    live_server,
    tree,
    accounts,
    communes,  # noqa: F811
) -> None:
    log_in(page, live_server.url, accounts.province_commander.username)
    page.goto(f"{live_server.url}/tong-ket/?unit={tree.province.pk}&year={YEAR}")
    children = page.locator("#children")
    expect(children).to_contain_text("40/40 đơn vị")
    children.locator("select[name=sort]").select_option(f"-{SORT}")
    children.get_by_role("button", name="Áp dụng").click()
    heading = f"{board.EDGE} đơn vị đầu theo “Số công dân đã giao quân”"
    expect(children.get_by_role("heading", name=heading)).to_be_visible()
    first = children.locator("table").first.locator("tbody tr").first
    expect(first).to_contain_text("8")  # the highest figure heads the list
    rest = children.locator("details.rest")
    expect(rest.locator("table")).to_be_hidden()  # collapsed until asked for
    rest.locator("summary").click()
    expect(rest.locator("table")).to_be_visible()

    children.get_by_label("Chỉ đơn vị chưa đạt chỉ tiêu").check()
    children.get_by_role("button", name="Áp dụng").click()
    behind = sum(1 for v in communes.values() if v is not None and v < TARGET)
    expect(page.locator("#children")).to_contain_text(f"{behind}/40 đơn vị")
    page.locator("#children th a", has_text="Số công dân đã giao quân").first.click()
    expect(page.locator("#children th[aria-sort]").first).to_have_attribute(
        "aria-sort", "ascending"
    )
    assert "behind=on" in page.url  # the filter is kept when the header re-sorts
