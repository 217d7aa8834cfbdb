"""The city commander locks a ward's 2022 figures, a registry record is edited afterwards, and
the ward's dashboard and the report downloaded from it still show the locked figures.

Setup through the services: the 2022 intake in miniature (tests/planning/conftest.py) and the
ward's "figures complete" (the ward's own step, not under test here). In the browser: the lock
on the approval page (/ke-hoach/phe-duyet-so-lieu/), the edit on the person form, the dashboard
and the JSON download.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qpdp.planning import services
from qpdp.planning.models import ApprovalStatus, DataApproval, WrittenLimitations
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.services import ApprovalStep
from tests.conftest import PASSWORD
from tests.planning.conftest import intake  # noqa: F401  (the fixture, shared with planning)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PARTY = "conscription.handed_over_party_members"


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Kế hoạch, tổng kết")).to_be_visible()


def test_a_locked_ward_keeps_its_figures_after_an_edit(
    live_server: Any,
    page: Any,
    accounts: Any,
    tree: Any,
    intake: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.COMPLETE)
    )
    base = live_server.url
    log_in(page, base, accounts.city_commander.username)

    # The city commander locks Suối Hoa's 2022 figures.
    page.goto(f"{base}/ke-hoach/phe-duyet-so-lieu/?unit={tree.suoi_hoa.pk}&year=2022")
    page.get_by_role("link", name="Khóa số liệu").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Khóa số liệu: Phường Suối Hoa")).to_be_visible()
    approval = DataApproval.objects.get(unit=tree.suoi_hoa, year=2022)
    assert approval.status == ApprovalStatus.LOCKED and approval.locked_at is not None
    locked_on = f"{timezone.localtime(approval.locked_at):%d/%m/%Y}"

    dashboard = f"{base}/tong-ket/?unit={tree.suoi_hoa.pk}&year=2022"
    page.goto(dashboard)
    row = page.locator(f'tr[data-code="{PARTY}"]')
    expect(row.locator("td").nth(1)).to_have_text("0")

    # Afterwards the province's officer updates a man handed over in 2022: he now lives in new
    # Kinh Bắc (the person form offers units in force) and has joined the Party.
    page.context.clear_cookies()
    log_in(page, base, accounts.province_commander.username)
    page.goto(f"{base}/tong-ket/chi-so/conscription.handed_over/danh-sach/"
              f"?unit={tree.suoi_hoa.pk}&year=2022")  # fmt: skip
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("link", name="Sửa").click()
    page.get_by_label("Đảng viên").check()
    page.get_by_label("Nơi thường trú (đơn vị)").select_option(label="Phường Kinh Bắc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thay đổi.")).to_be_visible()

    # The ward's dashboard and its report still show the figures as locked.
    page.goto(dashboard)
    expect(page.get_by_text(f"Số liệu đã khóa ngày {locked_on}")).to_be_visible()
    expect(row.locator("td").nth(1)).to_have_text("0")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải báo cáo JSON").click()
    saved = tmp_path / "review.json"
    download.value.save_as(saved)
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert report["locked_at"] == approval.locked_at.isoformat()
    party = next(f for f in report["figures"] if f["code"] == PARTY)
    assert party["value"] == 0
    # the city's figures are not locked: computed now, they count the edit
    page.goto(f"{base}/tong-ket/?unit={tree.city.pk}&year=2022")
    expect(page.locator(f'tr[data-code="{PARTY}"]').locator("td").nth(1)).to_have_text("1")
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_on_a_phone_each_figure_of_the_dashboard_shows_its_column_label(
    live_server: Any,
    browser: Any,
    accounts: Any,
    tree: Any,
    intake: Any,  # noqa: F811
) -> None:
    """At 390 px the figures table stacks each row; every value keeps its column's name."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server.url, accounts.city_commander.username)
        page.goto(f"{live_server.url}/tong-ket/?unit={tree.city.pk}&year=2022")
        row = page.locator('tr[data-code="conscription.handed_over"]')
        expect(row.locator("td").nth(1)).to_have_text("2")
        expect(page.locator("table.figures thead")).to_be_hidden()
        labels = row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels == [
            '"Chỉ số: "',
            '"Kết quả: "',
            '"Chỉ tiêu: "',
            '"Tỷ lệ đạt: "',
            '"Đánh giá: "',
        ]
    finally:
        context.close()


def test_the_commander_rewrites_the_limitations_the_report_then_prints(
    live_server: Any,
    page: Any,
    accounts: Any,
    tree: Any,
    intake: Any,  # noqa: F811
) -> None:
    base = live_server.url
    log_in(page, base, accounts.city_commander.username)
    page.goto(f"{base}/tong-ket/?unit={tree.city.pk}&year=2022")
    page.get_by_role("link", name="Tồn tại, hạn chế").click()
    text = page.get_by_label("Tồn tại, hạn chế")
    expect(text).to_have_value(re.compile("còn thiếu 1 công dân"))  # from the figures
    text.fill("Một phường giao quân chậm so với kế hoạch.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu phần tồn tại, hạn chế.")).to_be_visible()
    written = WrittenLimitations.objects.get(unit=tree.city, year=2022)
    assert written.lines == ["Một phường giao quân chậm so với kế hoạch."]
