"""No data is not zero: a year or a ward without records has no figure in any output.

The fixture's intake is the city's only cycle (handed over in 2022); its recruits registered in
2018. So the 2018–2021 call-up figures of the 2022 review do not exist (no cycle), while first
registrations exist from 2018 on (2019: a recorded 0). Nobody keeps a welfare register.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from django.test import Client
from docx import Document
from openpyxl import load_workbook

from qpdp.planning import services
from qpdp.planning.models import Target
from qpdp.planning.review import charts, layout
from qpdp.planning.review.data import assemble
from qpdp.planning.review.outputs import render
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.services import ApprovalStep
from tests.planning.conftest import with_charts

ISSUED = dt.date(2022, 12, 14)
HANDED_OVER = "Số công dân đã giao quân"


def test_json_history_has_no_figure_for_years_without_a_cycle(tree, intake) -> None:
    history = json.loads(render(assemble(tree.city, 2022, issued_on=ISSUED), "json").content)[
        "history"
    ]
    assert [history[y]["conscription.handed_over"] for y in ("2018", "2021")] == [None, None]
    assert [history[y]["conscription.quota"] for y in ("2018", "2021")] == [None, None]
    registered = [history[y]["conscription.first_registrations"] for y in ("2018", "2019")]
    assert registered == [3, 0]  # kept since 2018: zero only where zero was recorded


def test_the_history_annex_prints_a_dash_not_zero(tree, intake) -> None:
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    annex = next(t for t in layout.annex(review) if t.title.startswith("Phụ lục 2"))
    row = next(r for r in annex.rows if r[1].startswith(HANDED_OVER))
    assert row[2:] == ["—", "—", "—", "—", "2"]
    assert "chưa có số liệu" in annex.note


def test_the_docx_history_annex_has_no_invented_zero(tree, intake) -> None:
    content = render(assemble(tree.city, 2022, issued_on=ISSUED), "docx").content
    tables = [
        [[c.text for c in r.cells] for r in t.rows] for t in Document(io.BytesIO(content)).tables
    ]
    rows = next(t for t in tables if any("Năm 2018" in c for r in t for c in r))
    row = next(r for r in rows if len(r) > 1 and r[1].startswith(HANDED_OVER))
    assert row[2:] == ["—", "—", "—", "—", "2"]


def test_the_xlsx_comparison_sheet_writes_a_dash_where_there_is_no_figure(tree, intake) -> None:
    content = render(assemble(tree.city, 2022, issued_on=ISSUED), "xlsx").content
    sheet = load_workbook(io.BytesIO(content))["PL2 So sánh các năm"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "conscription.handed_over")
    assert list(row[3:]) == ["—", "—", "—", "—", 2]


def test_a_target_without_a_figure_is_a_limitation_said_as_no_data(tree, intake) -> None:
    Target.objects.create(unit=tree.city, year=2022, indicator_code="welfare.families", value=5)
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    assert review.figure("welfare.families").value is None
    assert any(
        "gia đình quân nhân" in line.lower() and "chưa có số liệu" in line
        for line in review.limitations
    )


def test_a_locked_year_keeps_its_missing_figures_missing(tree, accounts, intake) -> None:
    services.act(accounts.city_commander, ApprovalStep(tree.city, 2021, ApprovalAction.COMPLETE))
    services.act(accounts.province_commander, ApprovalStep(tree.city, 2021, ApprovalAction.LOCK))
    history = assemble(tree.city, 2022, issued_on=ISSUED).history
    assert history[2021]["conscription.handed_over"] is None  # from the snapshot
    assert history[2021]["conscription.first_registrations"] == 0


def test_charts_leave_a_gap_and_name_it() -> None:
    trend = charts.trend_chart(
        [
            (2018, None, False),
            (2019, 3, False),
            (2020, None, False),
            (2021, 4, False),
            (2022, 5, False),
        ]
    )
    assert [p.label for p in trend.points] == ["2019", "2021", "2022"]
    assert trend.missing == ["2018", "2020"]
    assert len(trend.lines) == 1  # 2019 stands alone: no line drawn across 2020
    bars = charts.bar_chart(
        [charts.BarInput("A", None, None, False), charts.BarInput("B", 2, None, False)]
    )
    assert [(b.label, b.width is None) for b in bars.bars] == [("B", False), ("A", True)]
    assert bars.missing == ("A",)


def _card(html: str, label: str) -> str:
    cards = html.split('class="card chart-card"')[1:]
    return next(c for c in cards if label in c.split("</h2>")[0])


def test_the_dashboard_draws_no_point_or_bar_for_missing_figures(tree, accounts, intake) -> None:
    client = Client()
    client.force_login(accounts.city_commander)
    page = client.get("/tong-ket/", {"unit": tree.city.pk, "year": 2022}).content.decode()
    html = with_charts(client, page)
    handed_over = _card(html, HANDED_OVER)
    assert "<title>2021:" not in handed_over  # no point at 0 for a year without a cycle
    assert "<title>2022: 2</title>" in handed_over
    assert "Chưa có số liệu: 2018, 2019, 2020, 2021" in handed_over
    families = _card(html, "Số gia đình quân nhân đang tại ngũ")
    assert "<rect" not in families  # no ward keeps the register: no bar at 0
    assert re.search(r"Chưa có số liệu: \d+ đơn vị", families)


def _row(html: str, code: str) -> list[str]:
    """The dashboard row's cells as text: label, value, target, achievement, assessment."""
    row = re.search(rf'<tr[^>]*data-code="{re.escape(code)}"[^>]*>(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_dashboard_says_not_applicable_where_no_target_asks_and_dashes_missing_figures(
    tree, accounts, intake
) -> None:
    """Without a target there is no rate reached and nothing to assess ("không áp dụng"); a
    target without a figure keeps "—" for the rate and says "Chưa có số liệu"."""
    Target.objects.create(unit=tree.city, year=2022, indicator_code="welfare.families", value=5)
    client = Client()
    client.force_login(accounts.city_commander)
    html = client.get("/tong-ket/", {"unit": tree.city.pk, "year": 2022}).content.decode()

    untargeted = _row(html, "conscription.first_registrations")
    assert untargeted[1:] == ["0", "—", "không áp dụng", "không áp dụng"]
    targeted = _row(html, "conscription.handed_over")
    assert targeted[1:] == ["2", "3", "66,7%", "Chưa đạt"]
    missing = _row(html, "welfare.families")
    assert missing[1:] == ["—", "5", "—", "Chưa có số liệu"]


def test_the_indicator_page_says_not_applicable_without_a_target(tree, accounts, intake) -> None:
    client = Client()
    client.force_login(accounts.city_commander)
    html = client.get(
        "/tong-ket/chi-so/conscription.first_registrations/", {"unit": tree.city.pk, "year": 2022}
    ).content.decode()
    assert '<dt>Tỷ lệ đạt</dt><dd><span class="help">không áp dụng</span></dd>' in html
