"""The year-end review: assembled once, written as DOCX, PDF, XLSX and JSON that agree."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from qpdp.core import indicators
from qpdp.core.audit import AuditEntry
from qpdp.planning import services
from qpdp.planning.models import Plan, PlanTask, RankingWeight, Section, Target, TaskStatus
from qpdp.planning.review import layout, pdf_writer
from qpdp.planning.review.data import ReviewError, assemble, default_issue_date, find_unit
from qpdp.planning.review.outputs import as_json_data, render
from qpdp.planning.review.sentences import Figure, sentence
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.services import ApprovalStep
from tests.planning.conftest import hand_over_the_last

ISSUED = dt.date(2022, 12, 14)


def text_of(docx: bytes) -> str:
    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


@pytest.fixture
def planned(tree, accounts, intake):
    """The city's 2022 quota as a target, a 2022 plan with a task done, a 2023 plan."""
    Target.objects.create(unit=tree.city, year=2022, indicator_code="conscription.quota", value=3)
    plan = Plan.objects.create(unit=tree.city, year=2022, title="Kế hoạch 2022")
    PlanTask.objects.create(
        plan=plan,
        section=Section.RECRUITMENT,
        title="Tổ chức lễ giao nhận quân",
        status=TaskStatus.DONE,
        evidence="Lễ giao quân ngày 15/02/2022",
    )
    nxt = Plan.objects.create(unit=tree.city, year=2023, title="Kế hoạch 2023")
    PlanTask.objects.create(
        plan=nxt, section=Section.EXERCISE, title="Diễn tập khu vực phòng thủ thành phố năm 2023"
    )
    Target.objects.create(unit=tree.city, year=2023, indicator_code="conscription.quota", value=90)
    return plan


def test_the_review_sentences_come_from_the_figures(tree, planned) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    handed = review.figure("conscription.handed_over")
    assert (handed.value, handed.target) == (2, Decimal(3))  # the quota is the target
    assert review.figure("conscription.quota").target is None  # a reference figure
    recruitment = next(s for s in review.sections if s.code == Section.RECRUITMENT)
    assert (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ đạt 66,7% chỉ tiêu (giao 2/3 công dân), "
        "còn thiếu 1 công dân."
    ) in recruitment.sentences
    assert recruitment.done == ["Tổ chức lễ giao nhận quân: Lễ giao quân ngày 15/02/2022"]
    assert any("Phường Kinh Bắc" in line for line in review.limitations)
    assert review.directions[0].tasks == ["Diễn tập khu vực phòng thủ thành phố năm 2023"]
    assert review.next_targets == ["Chỉ tiêu gọi công dân nhập ngũ: 90 người"]
    # every declared indicator is in the review, for the city and each of its wards
    assert [f.code for f in review.figures] == [i.code for i in indicators.all_indicators()]
    assert all(len(rows) == len(review.children) for rows in review.by_unit.values())


def test_docx_has_every_part_and_an_annex_row_per_ward(tree, planned) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    docx = render(review, "docx", layout.Options(number="125", signer="Nguyễn Song Hà")).content
    text = text_of(docx)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ BẮC NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-UBND",
        "Bắc Ninh, ngày 14 tháng 12 năm 2022",
        "BÁO CÁO",
        "Tổng kết công tác Quốc phòng địa phương năm 2022; phương hướng, nhiệm vụ năm 2023",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        "II. ĐÁNH GIÁ CHUNG",
        "2. Tồn tại, hạn chế",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
        "Diễn tập khu vực phòng thủ thành phố năm 2023",
        "Thi đua, khen thưởng",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Song Hà",
        "Số liệu tính đến ngày 14/12/2022, chưa được khóa",
        "Phụ lục 1.1",
        "Phụ lục 2. So sánh với các năm trước",
        "Phụ lục 3. Bảng điểm thi đua",
    ):
        assert expected in text, expected
    for label in Section.labels:
        assert str(label) in text
    document = Document(io.BytesIO(docx))
    annex = next(
        t for t in document.tables if t.rows[0].cells[0].text == "TT" and len(t.columns) > 3
    )
    wards = [row.cells[1].text for row in annex.rows[1:-1]]
    assert len(wards) == len(review.children)
    assert annex.rows[-1].cells[1].text == "Toàn thành phố Bắc Ninh"
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 13)
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert document.sections[-1].page_width.mm == pytest.approx(297, abs=0.5)  # annex: landscape


def test_json_holds_every_figure_and_agrees_with_the_sentences(tree, planned) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    data = json.loads(render(review, "json").content)
    docx_text = text_of(render(review, "docx").content)
    city = [f for f in data["figures"] if f["unit_code"] == "256"]
    assert [f["code"] for f in city] == [i.code for i in indicators.all_indicators()]
    assert len(data["figures"]) == len(city) * (1 + len(review.children))
    for record in city:
        figure = Figure(
            record["code"],
            record["label"],
            record["unit_of_measure"],
            record["better"],
            None if record["value"] is None else Decimal(str(record["value"])),
            None if record["target"] is None else Decimal(str(record["target"])),
            *(
                str(getattr(indicators.get(record["code"]), name))
                for name in ("task", "counted", "verb")
            ),
        )
        assert sentence(figure) == record["sentence"]
        assert record["sentence"] in docx_text  # the report says what the JSON holds
        assert record["year"] == 2022 and record["locked_at"] is None
    handed = next(f for f in city if f["code"] == "conscription.handed_over")
    assert (handed["value"], handed["target"], handed["behind_target"]) == (2, 3, True)


def test_a_locked_report_keeps_its_figures_and_says_when(tree, accounts, planned, intake) -> None:
    services.act(accounts.city_commander, ApprovalStep(tree.city, 2022, ApprovalAction.COMPLETE))
    approval = services.act(
        accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.LOCK)
    )
    hand_over_the_last(accounts.city_commander, intake)  # the registry changes after the lock
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    assert review.locked_at == approval.locked_at
    assert review.figure("conscription.handed_over").value == 2
    text = text_of(render(review, "docx").content)
    locked_on = timezone.localtime(approval.locked_at).date()
    assert review.locked_on == locked_on
    assert f"Số liệu trong báo cáo được khóa ngày {locked_on:%d/%m/%Y}" in text
    assert as_json_data(review)["locked_at"] == approval.locked_at.isoformat()


def test_xlsx_holds_the_annex_tables_with_numbers(tree, planned) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    workbook = load_workbook(io.BytesIO(render(review, "xlsx").content))
    assert workbook.sheetnames[0].startswith("PL1.1")
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + len(review.children) + 1
    header = list(rows[0])
    column = header.index("Số công dân đã giao quân (người)")
    total = rows[-1]
    assert (total[column], total[column + 1]) == (2, 3)
    assert workbook.sheetnames[-2:] == ["PL2 So sánh các năm", "PL3 Điểm thi đua"]


def test_pdf_is_drawn_with_an_embedded_vietnamese_font(tree, planned, monkeypatch) -> None:
    """Without LibreOffice the PDF is drawn by reportlab with the DejaVu subset embedded."""
    monkeypatch.setattr(pdf_writer.shutil, "which", lambda name: None)
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    pdf = render(review, "pdf").content
    assert pdf.startswith(b"%PDF")
    assert b"DejaVuSerif" in pdf and b"/FontFile2" in pdf  # the TTF subset is embedded


def test_pdf_is_converted_by_libreoffice_with_its_fonts_embedded(tree, planned) -> None:
    """Where LibreOffice is installed the PDF is the DOCX converted, its fonts embedded."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed: the PDF is drawn by reportlab instead")
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    pdf = render(review, "pdf").content
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile" in pdf  # the font programs are embedded, not only referenced


def test_ranking_weights_change_the_order(tree, accounts, planned) -> None:
    Target.objects.create(
        unit=tree.suoi_hoa, year=2022, indicator_code="conscription.quota", value=2
    )
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    ranked = {s.unit.name: s for s in review.ranking}
    # quota as target: Suối Hoa handed over 2/2, old Kinh Bắc 0/1
    assert ranked["Suối Hoa"].rank == 1 and ranked["Suối Hoa"].score == 100
    assert ranked["Kinh Bắc"].score == 0
    assert [s.unit.name for s in review.proposed] == ["Suối Hoa"]
    RankingWeight.objects.create(
        unit=tree.city, year=2022, indicator_code="conscription.deferrals", weight=1
    )
    reweighted = {s.unit.name: s for s in assemble(tree.city, 2022, issued_on=ISSUED).ranking}
    # only deferrals count now (lower is better, nobody deferred): every ward ties at 100
    assert {s.score for s in reweighted.values() if s.score is not None} == {100}
    assert [p.code for p in reweighted["Suối Hoa"].parts] == ["conscription.deferrals"]


def test_the_command_writes_each_format_and_audits_it(tree, planned, tmp_path: Path) -> None:
    for fmt in ("docx", "json", "xlsx"):
        target = tmp_path / f"review.{fmt}"
        out = io.StringIO()
        call_command(
            "review", "--unit", "256", "--year", "2022", "--format", fmt, "-o", str(target),
            "--date", "14/12/2022", stdout=out,
        )  # fmt: skip
        assert target.stat().st_size > 0
        assert "Báo cáo tổng kết công tác Quốc phòng địa phương năm 2022" in out.getvalue()
    assert AuditEntry.objects.filter(action="export", unit=tree.city).count() == 3
    with pytest.raises(CommandError, match="Không có đơn vị mã 99999"):
        call_command("review", "--unit", "99999", "--year", "2022", "-o", str(tmp_path / "x.docx"))


def test_the_unit_is_the_one_in_force_that_year(tree) -> None:
    assert find_unit("09187", 2022) == tree.suoi_hoa
    assert find_unit("09187", 2026) == tree.kinh_bac
    assert find_unit("09187", 2025) == tree.kinh_bac  # in force at the year's end


def test_a_new_ward_compares_with_its_predecessors(tree, planned) -> None:
    review = assemble(tree.kinh_bac, 2026, issued_on=dt.date(2026, 12, 15))
    assert review.children == []
    # earlier years are computed over the wards merged into new Kinh Bắc
    assert sorted(review.history) == [2022, 2023, 2024, 2025]
    assert review.history[2022]["conscription.handed_over"] == 2  # Suối Hoa's two, in 2022
    text = text_of(render(review, "docx").content)
    assert "Toàn phường Kinh Bắc" in text


def test_the_demo_city_review_of_2022_and_new_kinh_bac_of_2026(db, tmp_path: Path) -> None:
    """The issue's acceptance run on the demo: 256 in 2022 (19 wards, 85/85) and 09187 in 2026
    compared with the eight 2022 wards it took over."""
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("seed_demo", "--people", "6000", **quiet)
    call_command("seed_callup_demo", **quiet)
    docx, data = tmp_path / "256.docx", tmp_path / "256.json"
    for path in (docx, data):
        call_command("review", "--unit", "256", "--year", "2022", "-o", str(path), **quiet)
    text = text_of(docx.read_bytes())
    assert (
        "Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ hoàn thành 100% chỉ tiêu "
        "(giao 85/85 công dân)."
    ) in text
    document = Document(io.BytesIO(docx.read_bytes()))
    annex = next(
        t for t in document.tables if t.rows[0].cells[0].text == "TT" and len(t.columns) > 3
    )
    assert len(annex.rows) == 1 + 19 + 1  # header, the 19 wards of 2022, the city
    records = json.loads(data.read_bytes())["figures"]
    city = {f["code"]: f for f in records if f["unit_code"] == "256"}
    assert (
        city["conscription.handed_over"]["value"],
        city["conscription.handed_over"]["target"],
    ) == (85, 85)
    assert len({f["unit_code"] for f in records}) == 20
    for record in city.values():
        assert record["sentence"] in text

    new = tmp_path / "09187.json"
    call_command("review", "--unit", "09187", "--year", "2026", "-o", str(new), **quiet)
    kinh_bac = json.loads(new.read_bytes())
    assert kinh_bac["unit"]["name"] == "Phường Kinh Bắc"
    handed_2026 = next(f for f in kinh_bac["figures"] if f["code"] == "conscription.handed_over")
    assert handed_2026["target"] == 26 and 0 < handed_2026["value"] < 26
    wards_2022 = sum(
        f["value"]
        for f in records
        if f["code"] == "conscription.handed_over"
        and f["unit_name"]
        in {
            "Phường Kinh Bắc", "Phường Vệ An", "Phường Tiền An", "Phường Ninh Xá",
            "Phường Suối Hoa", "Phường Hòa Long", "Phường Vạn An", "Phường Khúc Xuyên",
        }
    )  # fmt: skip
    docx_2026 = tmp_path / "09187.docx"
    call_command("review", "--unit", "09187", "--year", "2026", "-o", str(docx_2026), **quiet)
    assert "Phụ lục 2. So sánh với các năm trước" in text_of(docx_2026.read_bytes())
    assert kinh_bac["history"]["2022"]["conscription.handed_over"] == wards_2022 > 0


def test_pdf_is_the_docx_converted_when_libreoffice_is_installed(
    tree, planned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = tmp_path / "bin" / "soffice"
    soffice.parent.mkdir()
    # stands in for `soffice --headless --convert-to pdf --outdir DIR FILE`
    soffice.write_text(
        '#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\n'
        'printf "%%PDF-from-docx" > "$2/bao-cao.pdf"\n'
    )
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", f"{soffice.parent}:{os.environ['PATH']}")
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    assert render(review, "pdf").content == b"%PDF-from-docx"


def test_a_conversion_past_its_bound_is_stopped_with_a_docx_hint(
    tree, planned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings
) -> None:
    """LibreOffice runs inside the web request: it is stopped (with the process it started)
    before gunicorn's worker timeout, and the officer is sent to the DOCX."""
    assert settings.QPDP_PDF_CONVERT_TIMEOUT < settings.QPDP_WORKER_TIMEOUT
    soffice = tmp_path / "bin" / "soffice"
    soffice.parent.mkdir()
    soffice.write_text("#!/bin/sh\nsleep 60\n")  # a child, as soffice starts soffice.bin
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", f"{soffice.parent}:{os.environ['PATH']}")
    settings.QPDP_PDF_CONVERT_TIMEOUT = 1
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    started = time.monotonic()
    with pytest.raises(ReviewError, match="sau 1 giây; hãy tải bản DOCX"):
        render(review, "pdf")
    assert time.monotonic() - started < 10


def test_the_signing_date_defaults_to_the_turn_of_the_year_within_the_units_life(tree) -> None:
    today = dt.date(2026, 12, 7)
    assert default_issue_date(tree.kinh_bac, 2026, today) == today  # being written now
    assert default_issue_date(tree.kinh_bac, 2025, today) == dt.date(2026, 1, 31)
    # the 2022 city ended on 30/06/2025: its 2022 report is dated January 2023, not 2026
    assert default_issue_date(tree.city, 2022, today) == dt.date(2023, 1, 31)
    assert default_issue_date(tree.city, 2025, today) == dt.date(2025, 6, 30)  # its last day


def test_the_pages_and_the_command_take_the_default_or_a_chosen_signing_date(
    tree, accounts, planned, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(accounts.city_commander)
    url = f"/tong-ket/tai-ve/?unit={tree.city.pk}&year=2022&format=json"
    data = json.loads(client.get(url).content)
    assert data["issued_on"] == "2023-01-31"
    chosen = json.loads(client.get(url + "&ngay=2022-12-20").content)
    assert chosen["issued_on"] == "2022-12-20"
    target = tmp_path / "review.json"
    call_command("review", "--unit", "256", "--year", "2022", "-o", str(target))
    assert json.loads(target.read_text())["issued_on"] == "2023-01-31"


def test_docx_rows_never_split_and_the_annex_pages_are_numbered(tree, planned) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    document = Document(io.BytesIO(render(review, "docx").content))
    annex = [t for t in document.tables if len(t.rows) > 2]
    assert annex
    for table in annex:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    first, landscape = document.sections[0], document.sections[-1]
    assert first.different_first_page_header_footer  # Appendix I: page 1 is not numbered
    assert not landscape.different_first_page_header_footer
    assert "PAGE" in landscape.header._element.xml  # inherited from the body's header
