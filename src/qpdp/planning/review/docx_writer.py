"""The review as a Word document in the official administrative layout (Decree 30/2020).

Built in code with python-docx from the assembled ``Review`` (its sections, tables and lists
vary in number, which a fixed template would not fit): A4 portrait, margins 20/20/30/15 mm,
Times New Roman 13–14, issuing body and number top left, national title and motto top right,
place and date in italics, "BÁO CÁO" with its summary, the body in numbered parts, signature
block and recipients, page numbers centred at the top from page 2; the annex tables follow in a
landscape section (Appendix I allows landscape for tables). The paragraph and table helpers are
those of ``core.officedocs``, shared with the call-up orders, so both documents share one layout.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qpdp.core import officedocs as od
from qpdp.planning.review import layout
from qpdp.planning.review.data import Review

LANDSCAPE_TEXT_MM = 297 - 30 - 15


def render_docx(review: Review, options: layout.Options | None = None) -> bytes:
    """The DOCX of ``review`` (see the module docstring)."""
    document = Document()
    od.base_style(document)
    _page_setup(document.sections[0], landscape=False)
    document.core_properties.title = review.title
    document.core_properties.author = "QPĐP"
    document.core_properties.language = "vi-VN"
    body = document.element.body
    for paragraph in list(document.paragraphs):  # the default empty paragraph
        body.remove(paragraph._element)
    _page_numbers(document.sections[0])
    _header(document, layout.header(review, options), review)
    for block in layout.body(review):
        _block(document, block)
    _signature(document, layout.signature(review, options))
    _annex(document, review)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(section: Any, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (297, 210) if landscape else (210, 297)
    section.page_width, section.page_height = od.mm(width), od.mm(height)
    section.top_margin, section.bottom_margin = od.mm(20), od.mm(20)
    section.left_margin, section.right_margin = od.mm(30), od.mm(15)
    section.header_distance = section.footer_distance = od.mm(10)


def _page_numbers(section: Any) -> None:
    """A PAGE field centred in the top margin, left off the first page (Appendix I, I.1)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = 1  # centre
    run = paragraph.add_run()
    run.font.size = od.pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _header(document: Any, head: layout.Header, review: Review) -> None:
    left_mm = od.HEADER_LEFT_MM
    right_mm = od.TEXT_WIDTH_MM - left_mm
    table = od.table(document, (left_mm, right_mm))
    left, right = table.rows[0].cells
    if head.parent_body:
        od.para(left, head.parent_body)
    od.para(left, head.body_line1, bold=True)
    od.para(left, head.body_line2, bold=True)
    od.rule(left, left_mm, 22)
    od.para(left, head.number_line, before=4)
    od.para(right, layout.NATIONAL_TITLE, bold=True)
    od.para(right, layout.MOTTO, size=14, bold=True)
    od.rule(right, right_mm, 68)
    od.para(right, head.place_date, size=14, italic=True, before=4)
    od.para(document, "BÁO CÁO", size=14, bold=True, before=16)
    od.para(document, review.summary, size=14, bold=True)
    od.rule(document, od.TEXT_WIDTH_MM, 30)


def _block(document: Any, block: layout.Block) -> None:
    if block.kind == "part":
        od.para(document, block.text, size=14, bold=True, align="left", before=8, after=4)
    elif block.kind == "heading":
        od.para(document, block.text, bold=True, align="justify", indent_mm=10, before=4, after=4)
    elif block.kind == "note":
        od.para(document, block.text, italic=True, align="justify", indent_mm=10, after=6)
    else:
        text = f"- {block.text}" if block.kind == "item" else block.text
        od.para(document, text, align="justify", indent_mm=10, after=6)


def _signature(document: Any, sign: layout.Signature) -> None:
    left_mm = od.SIGN_LEFT_MM
    table = od.table(document, (left_mm, od.TEXT_WIDTH_MM - left_mm))
    left, right = table.rows[0].cells
    heading = od.para(left, align="left", before=8)
    od.run(heading, "Nơi nhận:", size=12, bold=True, italic=True)
    for index, recipient in enumerate(sign.recipients):
        end = "." if index == len(sign.recipients) - 1 else ";"
        od.para(left, f"- {recipient}{end}", size=11, align="left")
    od.para(right, sign.mode, bold=True, before=8)
    od.para(right, sign.position, bold=True)
    for _ in range(4):  # room for the signature and the seal
        od.para(right)
    od.para(right, sign.signer, bold=True)


def _annex(document: Any, review: Review) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    # Only the document's first page goes unnumbered: the annex's first page is numbered.
    section.different_first_page_header_footer = False
    for index, table in enumerate(layout.annex(review)):
        od.para(document, table.title, size=14, bold=True, before=0 if index == 0 else 12)
        if table.note:
            od.para(document, table.note, italic=True, after=6)
        _grid(
            document, table.columns, table.rows, LANDSCAPE_TEXT_MM, size=11, totals=table.total_rows
        )


def _grid(
    document: Any,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    width_mm: float,
    *,
    size: float,
    totals: int = 0,
) -> None:
    """A bordered table, header row bold and repeated on each page, the last ``totals`` rows
    bold; the first column (the row number) narrow, the names wide."""
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = 12.0
    name = min(60.0, width_mm * 0.3)
    rest = (width_mm - first - name) / max(len(columns) - 2, 1)
    widths = [first, name, *([rest] * (len(columns) - 2))][: len(columns)]
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for row in table.rows:  # a row is never split across two pages
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(keep)
    first_total = len(rows) - totals
    for cells, values, bold in (
        (header.cells, columns, True),
        *((table.rows[i + 1].cells, row, i >= first_total) for i, row in enumerate(rows)),
    ):
        for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = od.mm(widths[column])
            paragraph = cell.paragraphs[0]
            paragraph.alignment = 0 if column == 1 and cells is not header.cells else 1
            od.run(paragraph, str(value), size=size, bold=bold)
