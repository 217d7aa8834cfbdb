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
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.services import ApprovalStep
from tests.conftest import PASSWORD

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
