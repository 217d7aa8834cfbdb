"""An officer runs the whole 2023 call-up of the old city 256 in the browser, for Suối Hoa ward.

The city commander opens the cycle and assigns the quotas; the ward's staff records a first
registration and a health result and proposes a deferral; the commander decides it, approves the
ward's list and signs the call-up order (the district signed "lệnh gọi" before 07/2025, Art.
34.6); the staff prints the order, records the handover, and the ward's completion reaches 100%.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Outcome
from tests.conftest import PASSWORD
from tests.conscription.council import council_proposes
from tests.conscription.test_views import world  # noqa: F401  # the fixture

REVIEWED_ON = dt.date(2023, 1, 5)
"""The day the ward's council reviews and the city's council proposes its lists."""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nghĩa vụ quân sự", exact=True).click()
    expect(page.get_by_role("heading", name="Đợt tuyển quân")).to_be_visible()


def log_out(page: Any, username: str) -> None:
    page.get_by_text(username).first.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def confirm(page: Any, message: str) -> None:
    expect(page.get_by_role("heading", name="xác nhận cho")).to_be_visible()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text(message)).to_be_visible()


def test_an_officer_runs_the_2023_cycle_to_full_completion(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    make_person(
        tree.suoi_hoa,
        family_name="Nguyễn",
        middle_name="Văn",
        given_name="An",
        birth_date=dt.date(2005, 1, 10),
        education_level=12,
    )
    student = make_person(
        tree.suoi_hoa,
        family_name="Trần",
        middle_name="Văn",
        given_name="Bình",
        birth_date=dt.date(2003, 6, 1),
        education_level=12,
    )
    services.record_registration(
        accounts.admin, student, registered_on=dt.date(2020, 4, 6), number="2020-0001"
    )
    base = live_server.url
    commander, staff = accounts.city_commander.username, accounts.suoi_hoa_staff.username

    # The city commander opens the cycle and assigns the quotas top-down.
    log_in(page, base, commander)
    page.get_by_role("link", name="Lập đợt tuyển quân").click()
    page.get_by_label("Đơn vị chủ trì").select_option(str(tree.city.pk))
    page.get_by_label("Năm gọi nhập ngũ").fill("2023")
    page.get_by_label("Ngày giao quân").fill("2023-02-15")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lập Tuyển quân năm 2023.")).to_be_visible()
    expect(page.get_by_text("31/01/2023")).to_be_visible()  # latest order date
    for unit, number in ((tree.city, "1"), (tree.suoi_hoa, "1")):
        page.get_by_role("link", name="Giao chỉ tiêu").click()
        page.get_by_label("Đơn vị được giao").select_option(str(unit.pk))
        page.get_by_label("Chỉ tiêu (người)").fill(number)
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_text(f"Đã giao chỉ tiêu {number} cho {unit.label}.")).to_be_visible()
    log_out(page, commander)

    # The ward's staff: first registration, health result, a deferral proposal.
    log_in(page, base, staff)
    page.get_by_role("link", name="Tuyển quân năm 2023").click()
    page.get_by_role("link", name="Đăng ký lần đầu").click()
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Địa điểm đăng ký").fill("UBND phường Suối Hoa")
    page.get_by_role("button", name="Ghi nhận đăng ký cho người đã chọn").click()
    expect(page.get_by_text("số đăng ký 2022-0001")).to_be_visible()
    confirm(page, "Đã ghi nhận đăng ký cho 1 công dân.")
    expect(page.locator("table.registered")).to_contain_text("Nguyễn Văn An")

    page.get_by_role("link", name="Sức khỏe", exact=True).click()
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Ngày khám").fill("2022-11-20")
    page.get_by_label("Phân loại sức khỏe (1–6)").fill("1")
    page.get_by_role("button", name="Ghi kết quả cho người đã chọn").click()
    confirm(page, "Đã ghi kết quả sức khỏe cho 1 công dân.")
    expect(page.get_by_role("row", name="Nguyễn Văn An")).to_contain_text("Loại 1 (20/11/2022)")

    page.get_by_role("link", name="Nguồn", exact=True).click()
    expect(page.get_by_role("row", name="Nguyễn Văn An")).to_contain_text(
        "Đủ điều kiện gọi nhập ngũ"
    )
    page.get_by_role("row", name="Trần Văn Bình").get_by_role(
        "link", name="Đề nghị tạm hoãn, miễn"
    ).click()
    page.get_by_label("Lý do (điểm của Điều 41)").select_option("deferral:g")
    page.get_by_label("Giấy tờ chứng minh").fill("Giấy xác nhận sinh viên số 123")
    page.get_by_label("Tạm hoãn đến ngày").fill("2026-06-30")
    page.get_by_label("Học cao đẳng, đại học hệ chính quy").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã gửi đề nghị cho Trần Văn Bình.")).to_be_visible()
    expect(page.get_by_role("row", name="Trần Văn Bình")).to_contain_text("Chờ quyết định")
    log_out(page, staff)

    # The commander decides the deferral, approves the ward's list and signs the order.
    log_in(page, base, commander)
    page.get_by_role("link", name="Tuyển quân năm 2023").click()
    page.get_by_role("link", name="Tạm hoãn, miễn").click()
    page.get_by_role("row", name="Trần Văn Bình").get_by_role("link", name="Quyết định").click()
    page.get_by_label("Số quyết định").fill("15/QĐ-UBND")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("row", name="Trần Văn Bình")).to_contain_text("Số 15/QĐ-UBND")

    # The councils' resolutions (their pages have their own tests: test_council_pages.py).
    council_proposes(accounts.admin, CallUpCycle.objects.get(), tree.suoi_hoa, REVIEWED_ON)
    page.get_by_role("link", name="Tổng quan").click()
    page.get_by_role("row", name="Phường Suối Hoa").get_by_role("link", name="Xét duyệt").click()
    expect(page.locator("table.callable")).to_contain_text("Nguyễn Văn An")
    expect(page.locator("table.deferred")).to_contain_text("Trần Văn Bình")
    expect(page.locator("table.deferred")).to_contain_text("điểm g khoản 1 Điều 41")
    page.get_by_label("Tôi xác nhận phê duyệt danh sách của đơn vị này").check()
    page.get_by_role("button", name="Phê duyệt danh sách").click()
    expect(page.get_by_text("Đã phê duyệt danh sách")).to_be_visible()

    page.get_by_role("link", name="Gọi nhập ngũ", exact=True).click()
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Địa điểm có mặt").fill("Sân vận động thành phố")
    page.get_by_role("button", name="Ra lệnh gọi cho người đã chọn").click()
    expect(page.get_by_text("số 1/2023")).to_be_visible()
    confirm(page, "Đã ra 1 lệnh gọi nhập ngũ.")
    log_out(page, commander)

    # The staff prints the order, records the handover and sees the ward complete.
    log_in(page, base, staff)
    page.get_by_role("link", name="Tuyển quân năm 2023").click()
    page.get_by_role("link", name="Lệnh gọi, giao quân").click()
    page.get_by_label("Chọn lệnh 1/2023").check()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="In lệnh đã chọn (DOCX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as printed:
        assert printed.read(2) == b"PK"

    page.get_by_role("link", name="Ghi ngày giao cho công dân").click()
    signed = CallUpOrder.objects.get().issued_on
    page.get_by_label("Ngày giao cho công dân").fill(signed.isoformat())
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi ngày giao")).to_be_visible()
    page.get_by_role("link", name="Ghi kết quả giao quân").click()
    page.get_by_label("Đơn vị nhận quân").fill("Trung đoàn 8")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi kết quả giao quân của Nguyễn Văn An.")).to_be_visible()
    order = CallUpOrder.objects.get()
    assert (order.outcome, order.handed_over_on) == (Outcome.HANDED_OVER, dt.date(2023, 2, 15))

    page.get_by_role("link", name="Tổng quan").click()
    expect(
        page.locator("table.completion").get_by_role("row", name="Phường Suối Hoa")
    ).to_contain_text("100,0%")


def test_on_a_phone_each_call_up_cell_shows_its_label(
    live_server: Any,
    browser: Any,
    accounts: Any,
    world: Any,  # noqa: F811
) -> None:
    """At 390 px the decisions table stacks each row as "label: value" lines (issue 10)."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        log_in(page, live_server.url, accounts.city_commander.username)
        page.goto(f"{live_server.url}/nghia-vu-quan-su/dot/{world.cycle.pk}/tam-hoan-mien/")
        first_row = page.locator("table.list tbody tr").first
        labels = first_row.locator("td").evaluate_all(
            "cells => cells.map(c => getComputedStyle(c, '::before').content)"
        )
        assert labels[:3] == ['"Họ và tên: "', '"Xã, phường: "', '"Đề nghị: "']
        assert labels[-1] == '"Quyết định: "'
        expect(page.locator("table.list thead")).to_be_hidden()
    finally:
        context.close()
