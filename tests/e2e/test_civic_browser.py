"""Defense education, rear policy and awards in the browser: a Decision 62 case walked through
its workflow by the ward and the city, a course recorded with an attendee, and an award decision
issued and printed.

Reference data (target groups, dossier checklists, award forms) comes from data migrations; a
transactional test flushes it, so each test seeds it again through the migrations' own
(idempotent) ``seed`` functions."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import zipfile
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import expect

from qpdp.awards import services as awards
from qpdp.awards.models import AwardDecision, AwardForm
from qpdp.education.models import Course
from qpdp.welfare import services as welfare
from qpdp.welfare.models import DossierItem
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


@pytest.fixture(autouse=True)
def reference_data(db: None) -> None:
    seeds = (
        "education.migrations.0002_reference_data",
        "education.migrations.0003_refresh_periods",
        "welfare.migrations.0002_reference_data",
        "welfare.migrations.0003_step_deadlines",
        "awards.migrations.0002_reference_data",
        "awards.migrations.0003_missing_authorities",
    )
    for name in seeds:
        importlib.import_module(f"qpdp.{name}").seed(apps, None)


def log_in(page: Any, base: str, username: str, domain: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name=domain).click()


def log_out(page: Any, username: str) -> None:
    page.get_by_text(username).first.click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def take_step(page: Any, step: str, on: str, **fields: str) -> None:
    """Press the step's button on the case page, fill its page, confirm."""
    page.locator(".heading .actions").get_by_role("link", name=step).click()
    page.get_by_label("Ngày thực hiện").fill(on)
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#case-facts")).to_contain_text(step)


def test_a_decision_62_case_is_walked_through_its_workflow(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    veteran = make_person(tree.suoi_hoa, given_name="Tiến", birth_date=D(1958, 2, 2))
    papers = DossierItem.objects.filter(
        scheme="62_2011", code__in=("declaration", "id_copy", "village_minutes")
    )
    case = welfare.receive_case(
        accounts.suoi_hoa_staff,
        unit=tree.suoi_hoa,
        scheme="62_2011",
        benefit="one_time",
        applicant=veteran,
        coverage="a",
        theatre="north",
        service_months=40,
        left_on=D(1983, 1, 1),
        received_on=D(2023, 3, 1),
        documents=list(papers),
    )
    base, staff = live_server.url, accounts.suoi_hoa_staff.username
    commander = accounts.city_commander.username

    log_in(page, base, staff, "Hậu phương quân đội")
    page.get_by_role("link", name="Hồ sơ Quyết định 49, 62").click()
    page.get_by_role("link", name=veteran.full_name).click()
    take_step(page, "Đã kiểm tra", "2023-03-05")
    take_step(page, "Đã gửi cấp trên", "2023-03-06")
    log_out(page, staff)

    log_in(page, base, commander, "Hậu phương quân đội")
    page.goto(f"{base}/hau-phuong-quan-doi/ho-so/{case.pk}/")
    # A return needs its reason: refused on the step's page, the case unchanged.
    page.locator(".heading .actions").get_by_role("link", name="Trả lại").click()
    page.get_by_label("Ngày thực hiện").fill("2023-03-20")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_text("Trả lại hồ sơ phải ghi lý do.")).to_be_visible()
    page.get_by_role("link", name="Hủy").click()
    take_step(page, "Đã phê duyệt", "2023-03-20", **{"Số quyết định": "12/QĐ-BCH"})
    expect(page.locator("#case-facts")).to_contain_text("3700000")
    take_step(page, "Đã chi trả", "2023-03-30")
    expect(page.locator("#steps tbody tr")).to_have_count(5)

    case.refresh_from_db()
    assert (case.status, case.decision_number, case.paid_on) == (
        "paid",
        "12/QĐ-BCH",
        D(2023, 3, 30),
    )


def test_an_officer_records_a_course_and_its_attendee(
    live_server: Any, page: Any, accounts: Any, tree: Any, make_person: Any
) -> None:
    official = make_person(tree.suoi_hoa, given_name="Hòa", birth_date=D(1985, 1, 1))
    log_in(page, live_server.url, accounts.city_commander.username, "Giáo dục QP-AN")
    page.get_by_role("link", name="Ghi lớp bồi dưỡng").click()
    page.get_by_label("Hội đồng GDQPAN cấp").select_option(str(tree.city.pk))
    page.get_by_label("Đối tượng").select_option(label="Đối tượng 4")
    page.get_by_label("Số hiệu lớp").fill("ĐT4-01/2022")
    page.get_by_label("Tên lớp").fill("Lớp bồi dưỡng đối tượng 4")
    page.get_by_label("Địa điểm").fill("Hội trường thành phố")
    page.get_by_label("Từ ngày").fill("2022-06-06")
    page.get_by_label("Đến ngày").fill("2022-06-09")
    page.get_by_role("button", name="Lưu").click()
    expect(
        page.get_by_role("heading", name="ĐT4-01/2022 — Lớp bồi dưỡng đối tượng 4")
    ).to_be_visible()

    page.get_by_role("link", name="Thêm học viên").click()
    page.get_by_label("Số định danh cá nhân của học viên").fill("001099999999")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Không có công dân số định danh 001099999999")).to_be_visible()
    page.get_by_label("Số định danh cá nhân của học viên").fill(official.id_number)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#attendees")).to_contain_text(official.full_name)

    course = Course.objects.get(code="ĐT4-01/2022")
    assert list(course.attendances.values_list("person", flat=True)) == [official.pk]


def test_an_award_decision_is_issued_and_printed(
    live_server: Any, page: Any, accounts: Any, tree: Any
) -> None:
    giay_khen = AwardForm.objects.get(code="giay_khen")
    proposal = awards.propose(
        accounts.city_commander,
        proposer=tree.city,
        year=2022,
        form=giay_khen,
        field="local_defense",
        achievement="Hoàn thành xuất sắc nhiệm vụ quốc phòng địa phương",
        proposed_on=D(2022, 12, 10),
        collective=tree.suoi_hoa,
    )
    awards.review(accounts.city_commander, proposal, agreed=True, reviewed_on=D(2022, 12, 15))
    log_in(page, live_server.url, accounts.city_commander.username, "Thi đua, khen thưởng")
    page.get_by_role("link", name="Quyết định khen thưởng").first.click()
    page.get_by_role("link", name="Ra quyết định").click()
    page.get_by_label("Cơ quan quyết định").select_option(str(tree.city.pk))
    page.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    page.get_by_label("Năm").fill("2022")
    page.get_by_label("Ngày ký").fill("2022-12-28")
    page.get_by_label("Hình thức").select_option(str(giay_khen.pk))
    page.locator("#id_field").select_option("local_defense")  # "Lĩnh vực" also names the nav
    page.get_by_label("Phường Suối Hoa", exact=False).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#awardees")).to_contain_text("Phường Suối Hoa")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="In quyết định").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as handle:
        body = handle.read()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        text = archive.read("word/document.xml").decode()
    assert "125/QĐ-UBND" in text and "Suối Hoa" in text
    assert AwardDecision.objects.get().number == "125/QĐ-UBND"
