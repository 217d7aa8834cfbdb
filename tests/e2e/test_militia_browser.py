"""A ward's militia officer in the browser: sets up the mobile platoon, enrols two residents found
by name, plans the year's training and records the days attended; the ward's dashboard shows the
militia figures move (core members 0 → 2, training completion → 50%)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def figure(page: Any, base: str, unit: Any, code: str) -> Any:
    page.goto(f"{base}/tong-ket/?unit={unit.pk}&year=2026")
    return page.locator(f'tr[data-code="{code}"] td').nth(1)


def enrol(page: Any, name: str) -> None:
    page.get_by_role("link", name="Thêm dân quân tự vệ").first.click()
    page.get_by_label("Tìm theo tên").fill(name)
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name=name.title()).click()
    expect(page.get_by_text("Đã chọn:")).to_contain_text(name.title())
    page.locator("#id_joined_on").fill("2026-03-02")
    page.locator("#id_decision_number").fill("08/QĐ-UBND")
    page.locator("#id_decision_date").fill("2026-02-25")
    page.locator("#id_decision_signer").fill("Nguyễn Văn Chủ tịch")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm dân quân tự vệ.")).to_be_visible()
    page.get_by_role("link", name="Đơn vị", exact=True).first.click()


def test_a_ward_builds_its_platoon_trains_it_and_sees_the_figures_move(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    make_person(tree.kinh_bac, given_name="Dũng")
    make_person(tree.kinh_bac, given_name="Hùng", birth_date=dt.date(2001, 4, 2))
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # no militia unit yet: the register is not kept, so no figure rather than 0
    expect(figure(page, base, tree.kinh_bac, "militia.core_members")).to_have_text("—")

    page.get_by_role("link", name="Dân quân tự vệ").first.click()
    page.get_by_role("link", name="Thành lập đơn vị").click()
    page.get_by_label("Đơn vị quản lý").select_option(str(tree.kinh_bac.pk))
    page.get_by_label("Tên đơn vị").fill("Trung đội dân quân cơ động")
    page.get_by_label("Quy mô").select_option(label="Trung đội")
    page.get_by_label("Thành phần").select_option(label="Cơ động")
    page.get_by_label("Biên chế (người)").fill("3")
    page.get_by_label("Ngày thành lập").fill("2026-01-10")
    page.get_by_label("Cấp quyết định thành lập").select_option(
        label="Chỉ huy trưởng Bộ Chỉ huy quân sự cấp tỉnh"
    )
    page.get_by_label("Số quyết định thành lập").fill("15/QĐ-BCHQS")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Trung đội dân quân cơ động")).to_be_visible()

    enrol(page, "Nguyễn Văn Dũng")
    enrol(page, "Nguyễn Văn Hùng")
    expect(page.locator("table.roster tbody tr")).to_have_count(2)
    expect(page.get_by_text("2/3 người")).to_be_visible()
    expect(figure(page, base, tree.kinh_bac, "militia.core_members")).to_have_text("2")

    page.get_by_role("link", name="Dân quân tự vệ").first.click()
    page.get_by_role("link", name="Huấn luyện").click()
    page.get_by_role("link", name="Lập kế hoạch huấn luyện").click()
    page.get_by_label("Đơn vị tổ chức huấn luyện").select_option(str(tree.kinh_bac.pk))
    page.get_by_label("Thành phần").select_option(label="Cơ động")
    page.get_by_label("Từ ngày").fill("2026-09-07")
    page.get_by_label("Đến ngày").fill("2026-09-25")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("đưa 2 người vào danh sách huấn luyện")).to_be_visible()

    page.get_by_role("link", name="Ghi kết quả huấn luyện").click()
    page.get_by_label("Nguyễn Văn Dũng").fill("15")
    page.get_by_label("Nguyễn Văn Hùng").fill("9")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi kết quả huấn luyện.")).to_be_visible()
    expect(page.get_by_text("1/2 người (50%)")).to_be_visible()

    completion = figure(page, base, tree.kinh_bac, "militia.training_completion")
    expect(completion).to_contain_text("50")
