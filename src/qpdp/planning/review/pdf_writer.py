"""The review as PDF: the DOCX converted by LibreOffice where it is installed, otherwise the same
blocks (``layout``) drawn with reportlab.

LibreOffice gives the very document the DOCX is; the reportlab path keeps the layout's parts,
order and wording (A4, the same margins, header block, parts, annex in landscape, signature and
recipients) with a Vietnamese-capable serif font embedded, since the PDF core fonts cannot draw
Vietnamese letters (ư, ơ, đ and the stacked tone marks).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from qpdp.planning.review import layout
from qpdp.planning.review.data import Review, ReviewError
from qpdp.planning.review.docx_writer import render_docx

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT_FILES = {
    "QpdpSerif": "DejaVuSerif.ttf",
    "QpdpSerif-Bold": "DejaVuSerif-Bold.ttf",
    "QpdpSerif-Italic": "DejaVuSerif-Italic.ttf",
    "QpdpSerif-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}


def render_pdf(review: Review, options: layout.Options | None = None) -> bytes:
    """PDF of ``review``: its DOCX converted when LibreOffice is on PATH, else drawn."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is not None:
        return _convert(soffice, render_docx(review, options))
    return _draw(review, options)


def _convert(soffice: str, docx: bytes) -> bytes:
    """The DOCX through LibreOffice, bounded by ``QPDP_PDF_CONVERT_TIMEOUT``: it runs inside a
    web request, so it must give up well before gunicorn's worker timeout kills the worker."""
    timeout = settings.QPDP_PDF_CONVERT_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="qpdp-review-") as directory:
        source = Path(directory) / "bao-cao.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once would otherwise share (and lock) one.
        profile = (Path(directory) / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            directory,
            str(source),
        ]
        try:
            # Its own process group: soffice starts soffice.bin, and a timeout must stop both.
            with subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            ) as process:
                try:
                    returncode = process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                    raise ReviewError(
                        _(
                            "LibreOffice chưa chuyển xong báo cáo sang PDF sau %(seconds)d giây; "
                            "hãy tải bản DOCX (hoặc thử lại lúc máy chủ bớt bận)."
                        )
                        % {"seconds": timeout}
                    ) from None
            if returncode != 0:
                raise subprocess.CalledProcessError(returncode, command)
            return (Path(directory) / "bao-cao.pdf").read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReviewError(
                _("LibreOffice không chuyển được báo cáo sang PDF; hãy tải bản DOCX.")
            ) from exc


def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "QpdpSerif" in pdfmetrics.getRegisteredFontNames():
        return
    directory = next((d for d in FONT_DIRS if (d / FONT_FILES["QpdpSerif"]).is_file()), None)
    if directory is None:
        raise ReviewError(
            "Không tìm thấy phông chữ DejaVu Serif để viết tiếng Việt trong PDF "
            f"(đã tìm trong {', '.join(str(d) for d in FONT_DIRS)}); hãy cài gói fonts-dejavu "
            "hoặc LibreOffice."
        )
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
    for bold, italic, name in (
        (0, 0, "QpdpSerif"),
        (1, 0, "QpdpSerif-Bold"),
        (0, 1, "QpdpSerif-Italic"),
        (1, 1, "QpdpSerif-BoldItalic"),
    ):
        addMapping("QpdpSerif", bold, italic, name)


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    base = ParagraphStyle("base", fontName="QpdpSerif", fontSize=12, leading=15)
    return {
        "center": ParagraphStyle("center", base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("cb", base, alignment=TA_CENTER, fontName="QpdpSerif-Bold"),
        "center_italic": ParagraphStyle(
            "ci", base, alignment=TA_CENTER, fontName="QpdpSerif-Italic"
        ),
        "title": ParagraphStyle(
            "title", base, alignment=TA_CENTER, fontName="QpdpSerif-Bold", fontSize=13, leading=17
        ),
        "part": ParagraphStyle(
            "part", base, fontName="QpdpSerif-Bold", fontSize=13, spaceBefore=8, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading", base, fontName="QpdpSerif-Bold", firstLineIndent=10 * mm, spaceAfter=4
        ),
        "paragraph": ParagraphStyle(
            "paragraph", base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6
        ),
        "item": ParagraphStyle(
            "item", base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4
        ),
        "note": ParagraphStyle(
            "note",
            base,
            alignment=TA_JUSTIFY,
            firstLineIndent=10 * mm,
            fontName="QpdpSerif-Italic",
            spaceAfter=6,
        ),
        "left": ParagraphStyle("left", base, alignment=TA_LEFT, fontSize=10, leading=12),
        "left_bold_italic": ParagraphStyle(
            "lbi", base, alignment=TA_LEFT, fontName="QpdpSerif-BoldItalic", fontSize=11
        ),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11),
        "cell_bold": ParagraphStyle(
            "cellb", base, fontName="QpdpSerif-Bold", fontSize=9, leading=11
        ),
    }


def _p(text: str, style: Any) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def _draw(review: Review, options: layout.Options | None) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    _register_fonts()
    styles = _styles()
    out = io.BytesIO()

    def page_number(canvas: Any, document: Any) -> None:
        if document.page > 1:  # not on the first page (Decree 30, Appendix I)
            canvas.setFont("QpdpSerif", 12)
            width, height = canvas._pagesize
            canvas.drawCentredString(width / 2, height - 12 * mm, str(document.page))

    portrait_size, landscape_size = A4, landscape(A4)
    document = BaseDocTemplate(
        out,
        pagesize=portrait_size,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=review.title,
        author="QPĐP",
    )
    frames = {
        name: Frame(30 * mm, 20 * mm, size[0] - 45 * mm, size[1] - 40 * mm, id=name, showBoundary=0)
        for name, size in (("portrait", portrait_size), ("landscape", landscape_size))
    }
    document.addPageTemplates(
        [
            PageTemplate("portrait", [frames["portrait"]], onPage=page_number, pagesize=A4),
            PageTemplate(
                "landscape", [frames["landscape"]], onPage=page_number, pagesize=landscape_size
            ),
        ]
    )
    head = layout.header(review, options)
    width = portrait_size[0] - 45 * mm
    left = [_p(head.body_line1, styles["center_bold"]), _p(head.body_line2, styles["center_bold"])]
    left.append(_p(head.number_line, styles["center"]))
    right = [
        _p(layout.NATIONAL_TITLE, styles["center_bold"]),
        _p(layout.MOTTO, styles["center_bold"]),
        _p(head.place_date, styles["center_italic"]),
    ]
    story: list[Any] = [
        Table([[left, right]], colWidths=[width * 0.4, width * 0.6]),
        Spacer(1, 8 * mm),
        _p("BÁO CÁO", styles["title"]),
        _p(review.summary, styles["title"]),
        Spacer(1, 6 * mm),
    ]
    for block in layout.body(review):
        text = f"- {block.text}" if block.kind == "item" else block.text
        story.append(_p(text, styles[block.kind]))
    sign = layout.signature(review, options)
    recipients = [_p("Nơi nhận:", styles["left_bold_italic"])]
    for index, recipient in enumerate(sign.recipients):
        end = "." if index == len(sign.recipients) - 1 else ";"
        recipients.append(_p(f"- {recipient}{end}", styles["left"]))
    signer = [
        _p(sign.mode, styles["center_bold"]),
        _p(sign.position, styles["center_bold"]),
        Spacer(1, 22 * mm),
        _p(sign.signer, styles["center_bold"]),
    ]
    story += [
        Spacer(1, 6 * mm),
        Table([[recipients, signer]], colWidths=[width * 0.45, width * 0.55]),
    ]
    story += [NextPageTemplate("landscape"), PageBreak()]
    table_width = landscape_size[0] - 45 * mm
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    for table in layout.annex(review):
        story.append(_p(table.title, styles["title"]))
        if table.note:
            story.append(_p(table.note, styles["center_italic"]))
        story.append(Spacer(1, 3 * mm))
        first_total = len(table.rows) - table.total_rows
        data = [[_p(c, styles["cell_bold"]) for c in table.columns]] + [
            [_p(c, styles["cell_bold" if i >= first_total else "cell"]) for c in row]
            for i, row in enumerate(table.rows)
        ]
        count = len(table.columns)
        rest = (table_width - 14 * mm - 55 * mm) / max(count - 2, 1)
        widths = [14 * mm, 55 * mm, *([rest] * (count - 2))][:count]
        story += [Table(data, colWidths=widths, repeatRows=1, style=grid), Spacer(1, 6 * mm)]
    document.build(story)
    return out.getvalue()
