"""Pages of the Art. 13 measures and Art. 4.4 recognitions: find the person, record the
document, the service's refusals on the form (400, nothing saved), lists scoped to the ward, the
export, and the pool's reasons naming the measure and the militia's flags."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qpdp.conscription import services
from qpdp.conscription.models import BarringMeasure, ServiceRecognition
from qpdp.conscription.rules import MeasureKind, RecognitionGround
from qpdp.conscription.services import PoolEntry
from qpdp.conscription.tables import reasons_text
from qpdp.core.breaches import Flag
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

MakePerson = Callable[..., Person]


@pytest.fixture
def resident(tree: Tree, make_person: MakePerson) -> Person:
    return make_person(tree.kinh_bac, given_name="Khải")


@pytest.fixture
def staff(client: Client, accounts: Accounts) -> Client:
    client.force_login(accounts.kinh_bac_staff)
    return client


def measure_post(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "person": str(person.pk),
        "kind": MeasureKind.PRISON,
        "starts_on": "01/03/2025",
        "ends_on": "28/02/2027",
        "document_number": "35/2025/HS-ST",
        "document_date": "20/02/2025",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_form_finds_the_person_by_name_first(staff: Client, resident: Person) -> None:
    url = reverse("conscription:measure_create")
    found = staff.get(url, {"q": "Khải"}).content.decode()
    assert f"?person={resident.pk}" in found
    chosen = staff.get(url, {"person": resident.pk}).content.decode()
    assert "Đã chọn: <b>Nguyễn Văn Khải</b>" in chosen
    assert "Biện pháp (Điều 13)" in chosen


def test_a_measure_recorded_on_the_page_shows_on_the_list(staff: Client, resident: Person) -> None:
    response = staff.post(reverse("conscription:measure_create"), measure_post(resident))
    assert response.status_code == 302
    assert response["Location"] == reverse("conscription:measures")
    measure = BarringMeasure.objects.get(person=resident)
    assert (measure.starts_on, measure.ends_on) == (dt.date(2025, 3, 1), dt.date(2027, 2, 28))
    page = staff.get(reverse("conscription:measures")).content.decode()
    assert "Nguyễn Văn Khải" in page
    assert "Đang chấp hành hình phạt tù" in page
    assert "điểm a khoản 1 Điều 13" in page


def test_the_services_refusal_comes_back_on_the_form(staff: Client, resident: Person) -> None:
    response = staff.post(
        reverse("conscription:measure_create"), measure_post(resident, ends_on="01/01/2025")
    )
    assert response.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu (01/03/2025)." in response.content.decode()
    assert not BarringMeasure.objects.exists()


def test_a_person_outside_the_scope_is_refused(
    staff: Client, tree: Tree, make_person: MakePerson
) -> None:
    stranger = make_person(tree.vo_cuong, given_name="Lạ")
    response = staff.post(reverse("conscription:measure_create"), measure_post(stranger))
    assert response.status_code == 400
    assert "Công dân không thuộc phạm vi của bạn." in response.content.decode()
    assert not BarringMeasure.objects.exists()


def test_the_lists_keep_to_the_ward_and_export(
    client: Client, accounts: Accounts, resident: Person
) -> None:
    services.record_measure(
        accounts.kinh_bac_staff,
        services.MeasureInput(
            resident, MeasureKind.PROBATION, dt.date(2025, 9, 1), None, "7/QĐ", dt.date(2025, 9, 1)
        ),
    )
    client.force_login(accounts.vo_cuong_staff)
    assert "Nguyễn Văn Khải" not in client.get(reverse("conscription:measures")).content.decode()
    client.force_login(accounts.kinh_bac_staff)
    export = client.get(reverse("conscription:measures"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Họ và tên", "Xã, phường", "Biện pháp"]
    assert rows[1][0] == "Nguyễn Văn Khải"
    assert rows[1][2] == "Đang chấp hành hình phạt quản chế"


def test_the_end_of_a_measure_is_recorded_on_its_page(
    staff: Client, accounts: Accounts, resident: Person
) -> None:
    measure = services.record_measure(
        accounts.kinh_bac_staff,
        services.MeasureInput(
            resident, MeasureKind.PROSECUTION, dt.date(2025, 9, 1), None, "7", dt.date(2025, 9, 1)
        ),
    )
    url = reverse("conscription:measure_end", args=[measure.pk])
    assert staff.post(url, {"ends_on": "31/08/2025"}).status_code == 400
    assert staff.post(url, {"ends_on": "15/01/2026"}).status_code == 302
    measure.refresh_from_db()
    assert measure.ends_on == dt.date(2026, 1, 15)


def test_a_recognition_short_of_months_is_refused_on_the_form(
    staff: Client, resident: Person
) -> None:
    data = {
        "person": str(resident.pk),
        "ground": RecognitionGround.COMMUNE_POLICE,
        "months_served": "30",
        "recognised_on": "10/12/2025",
        "decision_number": "45/QĐ-BCH",
        "signer": "Chỉ huy trưởng",
    }
    url = reverse("conscription:recognition_create")
    response = staff.post(url, data)
    assert response.status_code == 400
    assert "phải phục vụ từ đủ 36 tháng trở lên (điểm b khoản 4 Điều 4" in response.content.decode()
    assert not ServiceRecognition.objects.exists()
    assert staff.post(url, {**data, "months_served": "36"}).status_code == 302
    page = staff.get(reverse("conscription:recognitions")).content.decode()
    assert "Công an xã phục vụ liên tục từ đủ 36 tháng trở lên" in page


def test_a_leader_reads_the_lists_but_may_not_write(
    client: Client, accounts: Accounts, resident: Person
) -> None:
    client.force_login(accounts.leader)
    assert client.get(reverse("conscription:measures")).status_code == 200
    assert client.get(reverse("conscription:measure_create")).status_code == 403


def test_the_pool_shows_the_militia_flags_after_the_reasons(
    resident: Person, tree: Tree, accounts: Accounts
) -> None:
    cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    flag = Flag("militia_deferral_ground", "Đang là dân quân thường trực", "điểm h khoản 1 Điều 41")
    entry = PoolEntry(resident, services.state_of(cycle, resident, dt.date(2026, 1, 20)), (flag,))
    text = reasons_text(entry)
    assert text.startswith("Chưa đăng ký nghĩa vụ quân sự (Điều 12, Điều 16 Luật NVQS); ")
    assert text.endswith("; Đang là dân quân thường trực (điểm h khoản 1 Điều 41)")


def test_the_pool_page_names_the_bar_and_offers_the_volunteer_form(
    client: Client, scenario: Any, cycle: Any, callable_man: MakePerson, approved: Any
) -> None:
    man = callable_man(given_name="Khải")
    services.record_measure(
        scenario.staff,
        services.MeasureInput(
            man, MeasureKind.COMPULSORY_REHAB, dt.date(scenario.year - 1, 6, 1), None, "3",
            dt.date(scenario.year - 1, 6, 1),
        ),
    )  # fmt: skip
    client.force_login(scenario.staff)
    url = reverse("conscription:pool", args=[cycle.pk, scenario.ward.pk])
    page = client.get(url, {"on": f"{scenario.order_day:%d/%m/%Y}"}).content.decode()
    assert "Thuộc diện không được đăng ký nghĩa vụ quân sự" in page
    assert reverse("conscription:volunteer", args=[cycle.pk, man.pk]) in page


def test_months_not_asked_by_the_ground_read_not_applicable(
    client: Client, accounts: Accounts, resident: Person, tree: Tree, make_person: MakePerson
) -> None:
    """A reserve officer's recognition (Art. 4.4.c) has no length of service: its months are
    "không áp dụng", not the "—" of a figure missing; a commune policeman's show his months."""
    policeman = make_person(tree.kinh_bac, given_name="Lực")
    for person, ground, months in (
        (resident, RecognitionGround.RESERVE_OFFICER, None),
        (policeman, RecognitionGround.COMMUNE_POLICE, 36),
    ):
        services.record_recognition(
            accounts.kinh_bac_staff,
            services.RecognitionInput(
                person, ground, dt.date(2025, 9, 1), "45/QĐ", "Chỉ huy trưởng", months_served=months
            ),
        )
    client.force_login(accounts.kinh_bac_staff)
    html = client.get(reverse("conscription:recognitions")).content.decode()
    cells = {
        name: row.split('data-label="Số tháng"')[1].split("</td>")[0]
        for row in html.split("<tr")
        for name in ("Nguyễn Văn Khải", "Nguyễn Văn Lực")
        if name in row
    }
    assert cells["Nguyễn Văn Khải"].endswith(">không áp dụng")
    assert cells["Nguyễn Văn Lực"].endswith(">36")
    export = client.get(reverse("conscription:recognitions"), {"format": "csv"})
    assert "không áp dụng" in export.content.decode("utf-8-sig")
