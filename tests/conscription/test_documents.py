"""Call-up orders printed to DOCX: one per page, the official layout, the regime's wording."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.section import WD_SECTION

from qpdp.conscription import services
from qpdp.conscription.documents import build_templates, render_orders, template_name
from qpdp.conscription.models import CallUpOrder, HealthKind
from qpdp.core.officedocs import official_date
from tests.conscription.council import council_proposes

HANDOVER_2026 = dt.date(2026, 2, 25)
HANDOVER_2022 = dt.date(2022, 2, 15)


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def _open(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture
def orders_2026(tree, accounts, make_person) -> list[CallUpOrder]:
    """Three decisions of the new Kinh Bắc ward, 2026 intake (two-tier regime)."""
    officer = accounts.province_commander
    cycle = services.create_cycle(
        officer, unit=tree.province, year=2026, handover_date=HANDOVER_2026
    )
    people = [
        make_person(tree.kinh_bac, given_name=name, education_level=12)
        for name in ("An", "Bình", "Cường")
    ]
    for person in people:
        services.record_registration(
            officer,
            person,
            registered_on=dt.date(2021, 4, 15),
            number=f"2021/{person.pk}",
            unit=tree.suoi_hoa,
        )
        services.record_health(
            officer,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=dt.date(2025, 11, 20),
            health_class=2,
            bmi=Decimal("21.0"),
        )
    council_proposes(officer, cycle, tree.kinh_bac, dt.date(2026, 1, 10))
    services.approve_review(officer, cycle, tree.kinh_bac, approved_on=dt.date(2026, 1, 10))
    return [
        services.issue_order(
            officer,
            cycle,
            person,
            issued_on=dt.date(2026, 2, 3),
            report_place="Sân vận động phường Kinh Bắc",
        )
        for person in people
    ]


@pytest.fixture
def order_2022(tree, accounts, make_person) -> CallUpOrder:
    """A district "lệnh gọi nhập ngũ" of the 2022 intake for a man of Suối Hoa."""
    officer = accounts.city_commander
    cycle = services.create_cycle(officer, unit=tree.city, year=2022, handover_date=HANDOVER_2022)
    person = make_person(
        tree.suoi_hoa,
        given_name="Dũng",
        birth_date=dt.date(2001, 3, 4),
        education_level=12,
        address="Số 5 ngõ 3 & 4 <khu Đông>",
    )
    services.record_registration(
        officer, person, registered_on=dt.date(2018, 4, 15), number="2018/1"
    )
    services.record_health(
        officer,
        cycle,
        person,
        kind=HealthKind.EXAMINATION,
        examined_on=dt.date(2021, 11, 20),
        health_class=1,
    )
    council_proposes(officer, cycle, tree.suoi_hoa, dt.date(2022, 1, 10))
    services.approve_review(officer, cycle, tree.suoi_hoa, approved_on=dt.date(2022, 1, 10))
    return services.issue_order(
        officer,
        cycle,
        person,
        issued_on=dt.date(2022, 1, 20),
        report_place="Sân vận động phường Suối Hoa",
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 3), "ngày 03 tháng 02 năm 2026"),
        (dt.date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (dt.date(2025, 7, 1), "ngày 01 tháng 7 năm 2025"),
        (dt.date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (dt.date(2025, 12, 25), "ngày 25 tháng 12 năm 2025"),
        (dt.date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    ],
)
def test_official_date_pads_days_below_10_and_months_1_and_2(day, expected) -> None:
    assert official_date(day) == expected


def test_one_section_per_order_each_on_a_new_page(orders_2026) -> None:
    document = _open(render_orders(orders_2026))
    assert len(document.sections) == len(orders_2026) == 3
    for section in document.sections:
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
        assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_decision_of_the_2025_regime(orders_2026) -> None:
    document = _open(render_orders(orders_2026))
    text = _text(document)
    assert text.count("QUYẾT ĐỊNH\n") >= 3
    assert "Về việc gọi công dân nhập ngũ năm 2026" in text
    assert "LỆNH GỌI NHẬP NGŨ" not in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG KINH BẮC" in text
    for name in ("Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Văn Cường"):
        assert f"Gọi công dân {name}" in text
    for number in ("Số: 01/QĐ-UBND", "Số: 02/QĐ-UBND", "Số: 03/QĐ-UBND"):
        assert number in text
    assert "Kinh Bắc, ngày 03 tháng 02 năm 2026" in text
    assert "ngày 25 tháng 02 năm 2026 để nhập ngũ" in text
    assert "khoản 6 Điều 34 Luật Nghĩa vụ quân sự" in text
    assert "do Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh phê duyệt ngày 10/01/2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert orders_2026[0].person.id_number in text


def test_header_runs_follow_decree_30(orders_2026) -> None:
    document = _open(render_orders(orders_2026[:1]))
    left, right = document.tables[0].rows[0].cells
    runs = {run.text: run for cell in (left, right) for p in cell.paragraphs for run in p.runs}
    assert runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].bold
    assert runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].font.size.pt == 13
    assert runs["Độc lập - Tự do - Hạnh phúc"].bold
    assert runs["Độc lập - Tự do - Hạnh phúc"].font.size.pt == 14
    assert runs["Kinh Bắc, ngày 03 tháng 02 năm 2026"].italic
    assert runs["PHƯỜNG KINH BẮC"].bold


def test_order_of_the_district_regime(order_2022) -> None:
    document = _open(
        render_orders([order_2022], report_time="07 giờ 30", signer_name="Trần Văn Hòa")
    )
    text = _text(document)
    assert len(document.sections) == 1
    assert "LỆNH GỌI NHẬP NGŨ" in text
    assert "QUYẾT ĐỊNH" not in text
    assert "Số: 01/LGNN" in text
    assert "BỘ CHQS TỈNH BẮC NINH" in text
    assert "BAN CHỈ HUY QUÂN SỰ\nTHÀNH PHỐ BẮC NINH" in text
    assert "CHỈ HUY TRƯỞNG BAN CHỈ HUY QUÂN SỰ THÀNH PHỐ BẮC NINH" in text
    assert "Bắc Ninh, ngày 20 tháng 01 năm 2022" in text
    assert "Họ và tên: Nguyễn Văn Dũng" in text
    assert "Sinh ngày: 04/03/2001" in text
    # Markup characters in the registry reach the page as text, not as broken XML.
    assert "Số 5 ngõ 3 & 4 <khu Đông>, phường Suối Hoa, thành phố Bắc Ninh" in text
    assert "vào hồi 07 giờ 30, ngày 15 tháng 02 năm 2022 để nhập ngũ" in text
    assert "Trần Văn Hòa" in text


def test_template_of_the_province_wins(settings, tmp_path, orders_2026, order_2022) -> None:
    custom = Document()
    custom.add_paragraph("MẪU CỦA TỈNH {% for o in orders %}[{{ o.full_name }}]{% endfor %}")
    custom.save(tmp_path / template_name("2025"))
    settings.QPDP_TEMPLATE_DIR = str(tmp_path)
    text = _text(_open(render_orders(orders_2026)))
    assert "MẪU CỦA TỈNH [Nguyễn Văn An][Nguyễn Văn Bình][Nguyễn Văn Cường]" in text
    # No override for the other regime: the shipped template is used.
    assert "LỆNH GỌI NHẬP NGŨ" in _text(_open(render_orders([order_2022])))


def test_orders_of_two_regimes_are_printed_separately(orders_2026, order_2022) -> None:
    with pytest.raises(ValueError, match="in riêng"):
        render_orders([order_2022, *orders_2026])
    with pytest.raises(ValueError):
        render_orders([])


def test_rendering_reads_in_a_bounded_number_of_queries(
    orders_2026, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(2):
        render_orders(orders_2026)


def test_shipped_templates_are_reproducible(tmp_path) -> None:
    written = build_templates(tmp_path)
    assert sorted(p.name for p in written) == [template_name("2016"), template_name("2025")]
    for path in written:
        document = Document(path)
        assert "{%p for o in orders %}" in document.paragraphs[0].text
        assert path.stat().st_size < 60_000
