"""Reading uploads: formats from magic bytes, row numbers as in Excel, hostile and broken files."""

from __future__ import annotations

import codecs
import datetime as dt
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from qpdp.imports.readers import (
    FileFormat,
    MergedRange,
    ReadError,
    ReadLimits,
    Row,
    column_letter,
    detect_format,
    estimate_rows,
    open_sheet,
)

type Cells = Sequence[object]

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
NAMES = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Quốc Bảo"]


def write_xlsx(path: Path, rows: Mapping[int, Cells], *, start_column: int = 1) -> Path:
    """Rows by Excel row number, cells from ``start_column`` (1 = A)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh sách"
    for number, cells in rows.items():
        for offset, value in enumerate(cells):
            sheet.cell(row=number, column=start_column + offset, value=value)
    workbook.save(path)
    return path


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="DS">{rows}</table:table>
</office:spreadsheet></office:body></office:document-content>"""


def _ods_cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def write_ods(path: Path, rows: Sequence[Cells]) -> Path:
    """A minimal OpenDocument spreadsheet written by hand (no LibreOffice on CI machines)."""
    body = "".join(
        "<table:table-row>" + "".join(_ods_cell(value) for value in row) + "</table:table-row>"
        for row in rows
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", ODS_CONTENT.format(rows=body), zipfile.ZIP_DEFLATED)
    return path


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 has no precomposed toned letters: write base letter plus a combining tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def rows_of(path: Path, **kwargs: object) -> list[Row]:
    return list(open_sheet(path, **kwargs))  # type: ignore[arg-type]  # test passthrough


# --- formats --------------------------------------------------------------------------------


def test_it_detects_the_format_from_the_bytes_not_the_extension(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "renamed.xls", {1: ["Họ và tên"]})
    ods = write_ods(tmp_path / "renamed.xlsx", [["Họ và tên"]])
    csv_file = tmp_path / "renamed.xlsx.csv.xls"
    csv_file.write_text("Họ và tên,Ngày sinh\n", encoding="utf-8")

    assert detect_format(xlsx) is FileFormat.XLSX
    assert detect_format(ods) is FileFormat.ODS
    assert detect_format(csv_file) is FileFormat.CSV


def test_it_reads_xlsx_with_excel_row_numbers_and_column_positions(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {
            2: ["DANH SÁCH CÔNG DÂN"],
            4: ["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
            5: [1, NAMES[0], dt.date(2005, 3, 1), 27205001234],
            6: [2.0, NAMES[1], 38412, 1.5],
        },
        start_column=2,
    )

    reader = open_sheet(path)
    rows = list(reader)

    assert reader.format is FileFormat.XLSX
    assert reader.sheet_names == ["Danh sách"]
    assert [row.number for row in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[0].cells == [] and rows[0].is_blank()
    assert rows[1].cells == [None, "DANH SÁCH CÔNG DÂN"]
    assert rows[4].cells == [None, 1, NAMES[0], dt.date(2005, 3, 1), 27205001234]
    assert rows[5].cells == [None, 2, NAMES[1], 38412, 1.5]
    assert all(type(value) is int for value in rows[5].cells[1:4:2])
    assert rows[4].get(40) is None
    assert reader.stopped is None


def test_it_reports_merged_cells_of_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "m.xlsx", {1: ["Giới tính"], 2: ["Nam", "Nữ"]})
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet.merge_cells("A1:B1")
    workbook.save(path)

    assert open_sheet(path).merged_ranges == [MergedRange(1, 0, 1, 1)]


def test_it_reads_a_sheet_by_name_and_refuses_a_missing_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {1: ["x"]})

    assert open_sheet(path, sheet="Danh sách").sheet_name == "Danh sách"
    with pytest.raises(ReadError) as caught:
        open_sheet(path, sheet="Không có")
    assert caught.value.code == "no_sheet"


def test_it_reads_ods(tmp_path: Path) -> None:
    path = write_ods(
        tmp_path / "a.ods",
        [
            [None, "DANH SÁCH"],
            [None, "Họ và tên", "Ngày sinh", "Số CCCD"],
            [None, NAMES[0], dt.date(2005, 3, 1), 27205001234],
        ],
    )

    reader = open_sheet(path)
    rows = list(reader)

    assert reader.format is FileFormat.ODS
    assert [row.number for row in rows] == [1, 2, 3]
    assert rows[2].cells == [None, NAMES[0], dt.date(2005, 3, 1), 27205001234]


def test_it_reads_xls(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the XLS fixture")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("DS")
    sheet.write_merge(0, 0, 1, 3, "DANH SÁCH")
    for column, value in enumerate(["Họ và tên", "Ngày sinh", "Số CCCD"], start=1):
        sheet.write(2, column, value)
    sheet.write(3, 1, NAMES[2])
    sheet.write(3, 2, dt.date(2005, 3, 1), xlwt.easyxf(num_format_str="DD/MM/YYYY"))
    sheet.write(3, 3, 27205001234)
    path = tmp_path / "a.xls"
    workbook.save(str(path))

    reader = open_sheet(path)
    rows = list(reader)

    assert reader.format is FileFormat.XLS
    assert reader.merged_ranges == [MergedRange(1, 1, 1, 3)]
    assert [row.number for row in rows] == [1, 2, 3, 4]
    assert rows[3].cells == [None, NAMES[2], dt.date(2005, 3, 1), 27205001234]


# --- CSV ----------------------------------------------------------------------------------------

CSV_TEXT = "Họ và tên;Ngày sinh\r\nNguyễn Thị Ánh;01/03/2005\r\n;\r\nĐặng Quốc Bảo;1/1/99\r\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("utf-16"), "utf-16"),
        (encode_cp1258(CSV_TEXT), "cp1258"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "cp1258"],
)
def test_it_reads_csv_in_each_encoding_as_nfc(
    tmp_path: Path, encoded: bytes, encoding: str
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(encoded)

    reader = open_sheet(path)
    rows = list(reader)

    assert reader.format is FileFormat.CSV
    assert reader.encoding == encoding
    assert reader.delimiter == ";"
    assert [row.number for row in rows] == [1, 2, 3, 4]
    assert rows[1].cells == ["Nguyễn Thị Ánh", "01/03/2005"]
    assert unicodedata.is_normalized("NFC", str(rows[1].cells[0]))
    assert rows[2].is_blank()
    assert rows[3].cells == ["Đặng Quốc Bảo", "1/1/99"]


def test_it_keeps_a_quoted_line_break_inside_one_csv_row(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('Địa chỉ,Ghi chú\n"Thôn 1\nxã Tân Lập",x\nb,y\n', encoding="utf-8")

    rows = rows_of(path)

    assert [row.number for row in rows] == [1, 2, 3]
    assert rows[1].cells == ["Thôn 1\nxã Tân Lập", "x"]


def test_it_keeps_leading_zeros_of_csv_numbers_as_text(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Số CCCD,SĐT\n027205001234,0912345678\n", encoding="utf-8")

    assert rows_of(path)[1].cells == ["027205001234", "0912345678"]


def test_it_refuses_a_csv_with_a_runaway_field(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('a,b\n"' + "x" * 200_000 + "\n", encoding="utf-8")

    with pytest.raises(ReadError) as caught:
        rows_of(path)
    assert caught.value.code == "corrupt_csv"


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><table><tr><td>H\xe1\xbb\x8d</td></tr></table></body></html>",
        codecs.BOM_UTF8 + b"\r\n  <!DOCTYPE html><html></html>",
        b"<TABLE border=1><TR><TD>x</TD></TR></TABLE>",
    ],
    ids=["html", "doctype-with-bom", "bare-table"],
)
def test_it_refuses_html_saved_as_xls(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "danh_sach.xls"
    path.write_bytes(content)

    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == "html"
    assert "HTML" in str(caught.value) and ".xlsx" in str(caught.value)


def test_it_refuses_excel_2003_xml(tmp_path: Path) -> None:
    path = tmp_path / "a.xls"
    path.write_bytes(b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com"/>')

    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == "xml"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown_format"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "unknown_format"),
    ],
    ids=["empty", "png", "pdf"],
)
def test_it_refuses_what_is_not_a_table(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)

    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == code


def test_it_refuses_a_zip_that_is_no_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == "unknown_zip"


def test_it_refuses_a_truncated_xlsx(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {1: ["Họ và tên"], 2: [NAMES[0]]})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == "corrupt"
    assert "hỏng" in str(caught.value)


def test_it_refuses_an_xlsx_with_broken_sheet_xml(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "a.xlsx", {1: ["Họ và tên"], 2: [NAMES[0]]})
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as broken:
        for member in original.infolist():
            data = original.read(member)
            if member.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            broken.writestr(member, data)

    with pytest.raises(ReadError) as caught:
        rows_of(path)
    assert caught.value.code == "corrupt"


@pytest.mark.parametrize("keep", [0.5, 0.1], ids=["half", "header-sectors-only"])
def test_it_refuses_a_truncated_xls(tmp_path: Path, keep: float) -> None:
    """The second case makes calamine panic in Rust; that too must be a ReadError."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt (dev dependency) writes the XLS fixture")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("DS")
    for row in range(200):
        sheet.write(row, 0, f"Dòng {row}")
    path = tmp_path / "a.xls"
    workbook.save(str(path))
    data = path.read_bytes()
    truncated = data[: int(len(data) * keep)]
    path.write_bytes(truncated if keep > 0.2 else data[:512] + b"x" * 4000)

    with pytest.raises(ReadError) as caught:
        rows_of(path)
    assert caught.value.code == "corrupt"


def _zip_with_payload(path: Path, payload_bytes: int) -> Path:
    write_xlsx(path, {1: ["Họ và tên"]})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.bin", b"\0" * payload_bytes)
    return path


def test_it_refuses_a_zip_bomb_by_ratio_before_decompressing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _zip_with_payload(tmp_path / "bomb.xlsx", 20 << 20)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("calamine must not see a zip bomb")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", never)
    with pytest.raises(ReadError) as caught:
        open_sheet(path)
    assert caught.value.code == "zip_ratio"


def test_it_refuses_a_zip_larger_than_the_limit(tmp_path: Path) -> None:
    path = _zip_with_payload(tmp_path / "big.xlsx", 3 << 20)
    limits = ReadLimits(max_uncompressed_bytes=2 << 20, max_compression_ratio=1e9)

    with pytest.raises(ReadError) as caught:
        open_sheet(path, limits=limits)
    assert caught.value.code == "zip_too_large"


def test_default_limits_accept_an_ordinary_workbook(tmp_path: Path) -> None:
    rows = {number: [f"Người {number}", number, "Phường Kinh Bắc"] for number in range(1, 3001)}
    path = write_xlsx(tmp_path / "ok.xlsx", rows)

    assert len(rows_of(path)) == 3000


# --- blank rows -----------------------------------------------------------------------------


def test_it_stops_after_a_run_of_blank_rows_down_to_row_1048576(tmp_path: Path) -> None:
    """Made cheaply: one space in the last row makes the sheet 1,048,576 rows tall."""
    path = write_xlsx(
        tmp_path / "tall.xlsx",
        {1: ["Họ và tên", "Ngày sinh"], 2: [NAMES[0], "01/03/2005"], 1_048_576: [None, " "]},
    )

    reader = open_sheet(path)
    rows = list(reader)

    assert [row.number for row in rows] == [1, 2]
    assert reader.stopped is not None
    assert (reader.stopped.first_blank_row, reader.stopped.blank_rows) == (3, 1000)
    assert "dòng 3" in str(reader.stopped.message)


def test_it_yields_blank_rows_inside_the_data_and_drops_trailing_ones(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n\n\n\nb\n\n\n", encoding="utf-8")

    reader = open_sheet(path, limits=ReadLimits(max_blank_rows=4))
    rows = list(reader)

    assert [(row.number, row.is_blank()) for row in rows] == [
        (1, False),
        (2, True),
        (3, True),
        (4, True),
        (5, False),
    ]
    assert reader.stopped is None


def test_a_run_as_long_as_the_limit_ends_reading(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n\n\n\n\nb\n", encoding="utf-8")

    reader = open_sheet(path, limits=ReadLimits(max_blank_rows=4))

    assert [row.number for row in reader] == [1]
    assert reader.stopped is not None and reader.stopped.first_blank_row == 2


def test_a_cell_of_spaces_counts_as_blank() -> None:
    assert Row(7, [None, " ", "\u00a0"]).is_blank()
    assert not Row(7, [None, 0]).is_blank()


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters_follow_excel(index: int, letter: str) -> None:
    assert column_letter(index) == letter


# --- row estimates (progress bars, background threshold) -------------------------------------


def test_it_estimates_the_rows_of_a_csv_from_its_first_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("".join(f"{NAMES[n % 3]};0{n:011d}\n" for n in range(20_000)), "utf-8")

    estimate = estimate_rows(path)

    assert estimate is not None and 19_000 < estimate < 21_000


def test_it_reads_the_rows_of_an_xlsx_from_its_dimension(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {n: [NAMES[0], n] for n in range(1, 301)})

    assert estimate_rows(path) == 300


def test_it_estimates_an_xlsx_without_dimension_from_its_first_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for number in range(5000):
        sheet.append([NAMES[number % 3], f"0{number:011d}", "Phường Kinh Bắc"])
    path = tmp_path / "a.xlsx"
    workbook.save(path)

    estimate = estimate_rows(path)

    assert estimate is not None and 4500 < estimate < 5500


def test_it_does_not_guess_for_formats_without_a_cheap_count(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "a.ods", [["Họ và tên"], [NAMES[0]]])

    assert estimate_rows(path) is None
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04 broken")
    assert estimate_rows(broken) is None
