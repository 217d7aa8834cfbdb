"""A ward's officer in the browser assigns a reserve soldier whose speciality is not the unit's:
the page asks for the reason (Reserve Law Art. 16.1), the assignment is saved with it, and the
unit's staffing and the ward's reserves.assigned figure move; and registers a reserve soldier
found by name, confirming the class the rules give his service history (Art. 24) before it is
saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from qpdp.reserves import services
from qpdp.reserves.rules import ServiceHistory, UnitRole
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_assignment_outside_the_speciality_needs_its_reason(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    officer = accounts.province_commander
    signaller = services.register_soldier(
        officer,
        make_person(tree.kinh_bac, given_name="Cường"),
        tree.kinh_bac,
        registered_on=dt.date(2025, 8, 1),
        history=ServiceHistory(active_service_months=24),
        speciality="Thông tin",
    )
    unit = services.create_reserve_unit(
        officer,
        tree.kinh_bac,
        name="Trung đội bộ binh 1",
        level="platoon",
        role=UnitRole.COMBAT,
        speciality="Bộ binh",
        authorised_strength=2,
        established_on=dt.date(2025, 8, 1),
    )
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{base}/tong-ket/?unit={tree.kinh_bac.pk}&year=2026")
    expect(page.locator('tr[data-code="reserves.assigned"] td').nth(1)).to_have_text("0")

    page.get_by_role("link", name="Dự bị động viên").first.click()
    page.get_by_role("link", name="Đơn vị dự bị động viên").first.click()
    page.get_by_role("link", name="Trung đội bộ binh 1").click()
    page.get_by_role("link", name="Sắp xếp quân nhân").click()
    page.locator("#id_soldier").select_option(str(signaller.pk))
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("p.error")).to_contain_text("khoản 1 Điều 16")

    page.locator("#id_override_reason").fill("Đơn vị thiếu chiến sĩ, chuyên nghiệp gần nhất")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã sắp xếp quân nhân vào đơn vị.")).to_be_visible()
    expect(page.get_by_role("heading", name=unit.name)).to_be_visible()
    expect(page.locator("table.roster")).to_contain_text("Nguyễn Văn Cường")
    expect(page.get_by_text("1/2 người (50%)")).to_be_visible()

    page.goto(f"{base}/tong-ket/?unit={tree.kinh_bac.pk}&year=2026")
    expect(page.locator('tr[data-code="reserves.assigned"] td').nth(1)).to_have_text("1")


def test_a_ward_registers_a_reserve_soldier_after_seeing_his_class(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    make_person(tree.kinh_bac, given_name="Bình", birth_date=dt.date(2000, 4, 2))
    base = live_server.url
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(accounts.kinh_bac_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.get_by_role("link", name="Dự bị động viên").first.click()
    page.get_by_role("link", name="Đăng ký quân nhân dự bị").click()
    page.get_by_label("Tìm theo tên").fill("Nguyễn Văn Bình")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Nguyễn Văn Bình").click()
    expect(page.get_by_text("Đã chọn:")).to_contain_text("Nguyễn Văn Bình")
    page.locator("#id_unit").select_option(str(tree.kinh_bac.pk))
    page.locator("#id_registered_on").fill("2026-02-10")
    page.locator("#id_discharged_on").fill("2026-02-01")
    page.locator("#id_speciality").fill("Bộ binh")
    page.locator("#id_active_service_months").fill("24")
    page.get_by_role("button", name="Xem hạng và xác nhận").click()

    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Hạng một")
    expect(facts).to_contain_text("điểm a khoản 2 Điều 24 Luật Nghĩa vụ quân sự")
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_text("Đã đăng ký quân nhân dự bị.")).to_be_visible()
    expect(page.get_by_role("heading", name="Nguyễn Văn Bình")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("Hạng một (1a)")
