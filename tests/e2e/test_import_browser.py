"""An officer imports a ward list with one bad row, fixes it from the error report, re-imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from qpdp.people.models import Person
from tests.conftest import PASSWORD
from tests.imports.test_jobs import run_worker
from tests.imports.test_services import CUONG, sample_rows, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_fix_and_reimport(
    live_server: Any, page: Any, accounts: Any, tree: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    path = write_xlsx(tmp_path / "danh-sach.xlsx", sample_rows())

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nhập, xuất dữ liệu").click()

    page.get_by_label("Tệp danh sách").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("[data-count=rejected]")).to_have_text("1")
    errors = page.locator("table.errors-table tbody tr")
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text("31/02/2003")

    page.get_by_role("link", name="Chỉ ghi các dòng hợp lệ").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã ghi: 2 thêm mới")).to_be_visible()
    assert Person.objects.count() == 2

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải báo cáo lỗi (Excel)").click()
    report = tmp_path / "loi.xlsx"
    download_info.value.save_as(report)

    workbook = openpyxl.load_workbook(report)
    sheet = workbook.active
    assert sheet is not None
    assert sheet.cell(row=1, column=7).value == "Dòng trong tệp gốc"
    assert sheet.cell(row=1, column=8).value == "Lỗi"
    assert sheet.cell(row=2, column=3).value == "31/02/2003"
    sheet.cell(row=2, column=3).value = "28/02/2003"
    workbook.save(report)

    page.get_by_role("link", name="Các lần nhập").click()
    page.get_by_label("Tệp danh sách").set_input_files(str(report))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.locator("[data-count=created]")).to_have_text("1")
    expect(page.locator("[data-count=rejected]")).to_have_text("0")
    page.get_by_role("link", name="Ghi tất cả").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đã ghi: 1 thêm mới")).to_be_visible()

    person = Person.objects.get(id_number=CUONG)
    page.goto(f"{live_server.url}/cong-dan/{person.pk}/")
    expect(page.get_by_role("heading", name="Lê Văn Cường")).to_be_visible()
    expect(page.get_by_text("28/02/2003")).to_be_visible()


def test_a_large_file_shows_its_progress_and_the_result_when_the_worker_is_done(
    live_server: Any, page: Any, accounts: Any, tree: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QPDP_IMPORT_BACKGROUND_ROWS = 1
    settings.QPDP_IMPORT_BACKGROUND_BYTES = 1
    path = write_xlsx(tmp_path / "danh-sach-lon.xlsx", sample_rows())

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/nhap-xuat/")
    page.get_by_label("Tệp danh sách").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()

    expect(page.locator("#job progress")).to_be_visible()
    expect(page.locator("#job")).to_contain_text("Đang chờ xử lý")
    run_worker()  # the page polls, sees the job done and reloads itself
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("#job")).to_have_count(0)

    page.get_by_role("link", name="Chỉ ghi các dòng hợp lệ").click()
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Đang xử lý trong nền")).to_be_visible()
    run_worker()
    expect(page.locator("dd.status")).to_contain_text("Đã ghi")
    assert Person.objects.count() == 2
