"""Word documents in the official administrative layout (Decree 30/2020, Appendix I).

The paragraph, rule and table helpers every QPĐP document shares (the call-up orders, the
year-end review, the award decisions and certificates), and the replaceable-template helpers
(docxtpl): Times New Roman 13 pt, A4 text width between 30 mm and 15 mm margins, the
header and signature column widths, and the official way of writing a date. python-docx is
imported inside each helper so that importing this module costs nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def official_date(day: dt.date) -> str:
    """ "ngày 03 tháng 02 năm 2026": days below 10 and months 1 and 2 take a leading zero
    (Decree 30/2020, Appendix I, I.5)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: dt.date) -> str:
    return f"{place}, {official_date(day)}"


FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_MM = 62
SIGN_LEFT_MM = 72


def mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def pt(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def base_style(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = pt(13)
    style.font.color.rgb = RGBColor(0, 0, 0)
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = r_pr.makeelement(qn("w:lang"), {})
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    fmt = style.paragraph_format
    fmt.space_before = pt(0)
    fmt.space_after = pt(0)
    fmt.line_spacing = 1.0


def para(
    container: Any,
    text: str = "",
    *,
    size: float = 13,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    indent_mm: float | None = None,
    after: float = 0,
    before: float = 0,
) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_after = pt(after)
    fmt.space_before = pt(before)
    if indent_mm is not None:
        fmt.first_line_indent = mm(indent_mm)
    if text:
        run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def run(paragraph: Any, text: str, *, size: float = 13, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.size = pt(size)
    run.bold = bold
    run.italic = italic
    return run


def rule(container: Any, width_mm: float, length_mm: float) -> None:
    """A solid line ``length_mm`` long, centred in a ``width_mm`` column: an empty 1 pt paragraph
    with a top border and side indents (Decree 30: the line under the body name and the motto)."""
    from docx.oxml.ns import qn

    paragraph = para(container, size=1)
    side = max((width_mm - length_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = mm(side)
    fmt.line_spacing = pt(2)
    p_pr = paragraph._element.get_or_add_pPr()
    borders = p_pr.makeelement(qn("w:pBdr"), {})
    top = borders.makeelement(
        qn("w:top"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1"}
    )
    top.set(qn("w:color"), "000000")
    borders.append(top)
    # pBdr must precede spacing/ind/jc in pPr (CT_PPr sequence): insert after pStyle/keepNext.
    p_pr.insert(0, borders)
    mark = p_pr.makeelement(qn("w:rPr"), {})
    size = mark.makeelement(qn("w:sz"), {qn("w:val"): "2"})
    mark.append(size)
    p_pr.append(mark)


def table(document: Any, widths_mm: Sequence[float]) -> Any:
    """A borderless one-row table with fixed column widths."""
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(widths_mm))
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblStyle", "w:tblBorders"):
        found = tbl_pr.find(qn(tag))
        if found is not None:
            tbl_pr.remove(found)
    margins = tbl_pr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): "0", qn("w:type"): "dxa"}))
    look = tbl_pr.find(qn("w:tblLook"))  # CT_TblPr order: … tblLayout, tblCellMar, tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        tbl_pr.append(margins)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = mm(width)
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
        cell.width = mm(width)
        for paragraph in list(cell.paragraphs):  # start each cell empty
            paragraph._element.getparent().remove(paragraph._element)
    return table


# -- replaceable Word templates (docxtpl) -------------------------------------------------------


def in_text(unit: Any) -> str:
    """ "phường Kinh Bắc", "thành phố Bắc Ninh": a unit as it reads inside a sentence."""
    kind = (unit.type_label or "").strip()
    return f"{kind[:1].lower()}{kind[1:]} {unit.name}".strip()


def template_path(shipped: Path, name: str) -> Path:
    """The template ``name``: the province's copy in ``QPDP_TEMPLATE_DIR`` wins over the one
    shipped in ``shipped`` (a directory of the app)."""
    from django.conf import settings

    override = getattr(settings, "QPDP_TEMPLATE_DIR", None)
    if override:
        candidate = Path(override) / name
        if candidate.is_file():
            return candidate
    return shipped / name


def render(template: Path, context: dict[str, Any]) -> bytes:
    """Fill a docxtpl template (Jinja tags inside an ordinary .docx) with ``context``."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(template)
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def new_document(title: str, *, landscape: bool = False) -> Any:
    """An empty A4 document in the Decree 30 page setup (margins 20/20/30/15 mm, Times New
    Roman 13 pt), for building a template."""
    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document()
    base_style(document)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = mm(297), mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = mm(210), mm(297)
    section.top_margin, section.bottom_margin = mm(20), mm(20)
    section.left_margin, section.right_margin = mm(30), mm(15)
    section.header_distance = section.footer_distance = mm(10)
    document.core_properties.title = title
    document.core_properties.author = "QPĐP"
    body = document.element.body
    for paragraph in list(document.paragraphs):  # the default empty paragraph
        body.remove(paragraph._element)
    return document


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def tag(container: Any, text: str) -> None:
    """A paragraph holding only a docxtpl block tag (it disappears when rendered)."""
    container.add_paragraph(text)


def section_break(document: Any) -> None:
    """A paragraph ending the section: what follows starts on a new page with the same page
    setup (a copy of the body's section properties)."""
    body = document.element.body
    final = body.sectPr
    paragraph = para(document, size=1)
    p_pr = paragraph._element.get_or_add_pPr()
    p_pr.append(copy.deepcopy(final))


def signature_block(document: Any, var: str) -> None:
    """The recipients (left) and the signature (right) of a template whose context object is
    ``var``: ``{var}.recipients``, ``{var}.signing_mode`` ("TM. …", "KT. …", may be empty),
    ``{var}.position`` and ``{var}.signer_name`` (Decree 30/2020, Appendix I)."""
    left_mm = SIGN_LEFT_MM
    table_ = table(document, (left_mm, TEXT_WIDTH_MM - left_mm))
    left, right = table_.rows[0].cells
    heading = para(left, align="left", before=8)
    run(heading, "Nơi nhận:", size=12, bold=True, italic=True)
    tag(left, f"{{%p for r in {var}.recipients %}}")
    para(left, "- {{ r }}{% if loop.last %}.{% else %};{% endif %}", size=11, align="left")
    tag(left, "{%p endfor %}")
    tag(right, f"{{%p if {var}.signing_mode %}}")
    para(right, f"{{{{ {var}.signing_mode }}}}", bold=True)
    tag(right, "{%p endif %}")
    para(right, f"{{{{ {var}.position }}}}", bold=True, before=8)
    for _ in range(4):  # room for the signature and the seal
        para(right)
    para(right, f"{{{{ {var}.signer_name }}}}", bold=True)
