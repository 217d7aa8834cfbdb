"""The review in each file format, all written from one assembled ``Review``.

``render`` is what the command and the dashboard's download call; XLSX holds the annex tables
with numbers as numbers (result and target in their own columns), JSON every figure with its
code for other systems.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from qpdp.core.exports import add_sheet
from qpdp.planning.review import layout
from qpdp.planning.review.data import Review, UnitRef
from qpdp.planning.review.docx_writer import render_docx
from qpdp.planning.review.pdf_writer import render_pdf
from qpdp.planning.review.sentences import Figure, Number, sentence

FORMATS = ("docx", "pdf", "xlsx", "json")
MISSING = "—"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@dataclass(frozen=True, slots=True)
class Output:
    content: bytes
    content_type: str
    filename: str


def filename(review: Review, fmt: str) -> str:
    return f"bao-cao-tong-ket-qpdp-{review.unit.code}-{review.year}.{fmt}"


def render(review: Review, fmt: str, options: layout.Options | None = None) -> Output:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "docx":
        content = render_docx(review, options)
    elif fmt == "pdf":
        content = render_pdf(review, options)
    elif fmt == "xlsx":
        content = render_xlsx(review)
    else:
        content = render_json(review)
    return Output(content, CONTENT_TYPES[fmt], filename(review, fmt))


# -- JSON -----------------------------------------------------------------------------------


def _plain(value: Number | None) -> int | float | None:
    """A figure as JSON: counts as integers, rates as numbers with their decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _figure_record(review: Review, unit: UnitRef, figure: Figure) -> dict[str, Any]:
    return {
        "code": figure.code,
        "label": figure.label,
        "unit_of_measure": figure.unit_of_measure,
        "better": figure.better,
        "unit_code": unit.code,
        "unit_name": unit.full_name,
        "year": review.year,
        "value": _plain(figure.value),
        "target": _plain(figure.target),
        "achievement": _plain(figure.achievement),
        "behind_target": figure.behind,
        "locked_at": review.locked_at.isoformat() if review.locked_at else None,
        "sentence": sentence(figure),
    }


def as_json_data(review: Review) -> dict[str, Any]:
    figures = [_figure_record(review, review.unit, f) for f in review.figures]
    for code in (f.code for f in review.figures):
        figures += [_figure_record(review, uf.unit, uf.figure) for uf in review.by_unit[code]]
    return {
        "title": review.title,
        "unit": {"code": review.unit.code, "name": review.unit.full_name},
        "year": review.year,
        "issued_on": review.issued_on.isoformat(),
        "locked_at": review.locked_at.isoformat() if review.locked_at else None,
        "figures": figures,
        "history": {
            str(year): {code: _plain(v) for code, v in values.items()}
            for year, values in sorted(review.history.items())
        },
        "ranking": [
            {
                "rank": s.rank,
                "unit_code": s.unit.code,
                "unit_name": s.unit.full_name,
                "score": _plain(s.score),
                "proposed_for_commendation": s in review.proposed,
                "parts": [
                    {
                        "code": p.code,
                        "weight": _plain(p.weight),
                        "achievement": _plain(p.achievement),
                    }
                    for p in s.parts
                ],
            }
            for s in review.ranking
        ],
        "awarded": review.awarded,
        "limitations": review.limitations,
        "limitations_written": review.limitations_written,
    }


def render_json(review: Review) -> bytes:
    return json.dumps(as_json_data(review), ensure_ascii=False, indent=2).encode("utf-8")


# -- XLSX -----------------------------------------------------------------------------------


def _sheet(
    workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """A sheet as every export writes one, with the figures as numbers Excel can sum: counts
    whole, rates with their decimals, "—" where there is no figure (an empty cell would read
    as 0 in a sum)."""
    add_sheet(
        workbook,
        title,
        headers,
        ([_cell(v) for v in row] for row in rows),
    )


def _cell(value: Any) -> Any:
    if value is None:
        return MISSING
    return _plain(value) if isinstance(value, Decimal) else value


def render_xlsx(review: Review) -> bytes:
    """One sheet per annex table of areas (result and target in separate columns), then the
    earlier years and the ranking, as the annex prints them."""
    workbook = Workbook(write_only=True)
    sections = [s for s in review.sections if s.codes]
    for index, section in enumerate(sections, start=1):
        totals = [review.figure(code) for code in section.codes]
        headers = ["TT", "Mã đơn vị", "Đơn vị"]
        for figure in totals:
            headers += [
                f"{figure.label} ({figure.unit_of_measure})",
                f"Chỉ tiêu: {figure.label}",
            ]
        rows: list[list[Any]] = []
        for position, child in enumerate(review.children):
            row: list[Any] = [position + 1, child.code, child.full_name]
            for code in section.codes:
                figure = review.by_unit[code][position].figure
                row += [figure.value, figure.target]
            rows.append(row)
        total: list[Any] = ["", review.unit.code, f"Toàn {review.unit.in_text}"]
        for figure in totals:
            total += [figure.value, figure.target]
        rows.append(total)
        _sheet(workbook, f"PL1.{index} {section.title}", headers, rows)
    years = sorted(review.history)
    _sheet(
        workbook,
        "PL2 So sánh các năm",
        ["Mã chỉ số", "Chỉ số", "Đơn vị tính", *(str(y) for y in years), str(review.year)],
        (
            [
                f.code,
                f.label,
                f.unit_of_measure,
                *(review.history[y].get(f.code) for y in years),
                f.value,
            ]
            for f in review.figures
        ),
    )
    codes = list(dict.fromkeys(p.code for s in review.ranking for p in s.parts))
    _sheet(
        workbook,
        "PL3 Điểm thi đua",
        ["Thứ hạng", "Mã đơn vị", "Đơn vị", "Điểm", "Đề nghị khen thưởng", *codes],
        (
            [
                s.rank,
                s.unit.code,
                s.unit.full_name,
                s.score,
                "x" if s in review.proposed else "",
                *({p.code: p.achievement for p in s.parts}.get(c) for c in codes),
            ]
            for s in review.ranking
        ),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
