"""Read the rows of an uploaded spreadsheet (XLSX, XLS, ODS, CSV), whatever its extension says.

Officers send files renamed by hand, HTML pages saved as ``.xls`` by old web systems and CSVs in
three encodings, so the format comes from the file's first bytes. Rows stream one at a time with
their Excel row number, so an error can point at the cell the officer sees. Every failure to read
is a ``ReadError`` with a Vietnamese message: an upload never ends in a server error.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, Final

import python_calamine
from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.core.error_codes import CodedError
from qpdp.imports.error_codes import ErrorCode

type CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
type Message = str | Promise

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP_STARTS: Final = (b"<html", b"<!doctype", b"<table", b"<head", b"<meta", b"<body")
_SNIFF_BYTES: Final = 64 * 1024
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
# A member smaller than this cannot hurt, whatever its ratio (a tiny styles.xml compresses 50×).
_RATIO_FLOOR_BYTES: Final = 1 << 20
_CSV_DELIMITERS: Final = ",;\t|"
_FIRST_SHEET: Final = "xl/worksheets/sheet1.xml"
_MIN_ROW_XML: Final = 24
_DIMENSION: Final = re.compile(rb"<dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


class FileFormat(StrEnum):
    """The formats the import engine reads."""

    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


class ReadError(CodedError):
    """A file that cannot be read as a table; ``message`` is shown to the officer as it is."""


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds that keep a hostile or broken upload from exhausting the server.

    ``max_blank_rows`` ends reading after that many consecutive empty rows: Excel files often
    carry formatting down to row 1,048,576, and nobody leaves a thousand blank rows inside a list.
    """

    max_uncompressed_bytes: int = 1 << 30
    max_compression_ratio: float = 200.0
    max_blank_rows: int = 1000


DEFAULT_LIMITS: Final = ReadLimits()


def configured_limits() -> ReadLimits:
    """The limits in force; the uncompressed size is ``QPDP_IMPORT_MAX_UNCOMPRESSED_BYTES``."""
    return ReadLimits(max_uncompressed_bytes=settings.QPDP_IMPORT_MAX_UNCOMPRESSED_BYTES)


@dataclass(frozen=True, slots=True)
class Row:
    """One row with its 1-based row number as Excel shows it; ``cells[0]`` is column A."""

    number: int
    cells: Sequence[CellValue]

    def is_blank(self) -> bool:
        return all(is_blank_cell(cell) for cell in self.cells)

    def get(self, index: int) -> CellValue:
        return self.cells[index] if index < len(self.cells) else None


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A merged block: rows 1-based as in Excel, columns 0-based as in ``Row.cells``."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass(frozen=True, slots=True)
class BlankRunStop:
    """Why reading ended before the end of the sheet, to show beside the import result."""

    first_blank_row: int
    blank_rows: int

    @property
    def message(self) -> Message:
        return format_lazy(
            _(
                "Đã dừng đọc từ dòng {row}: gặp {count} dòng trống liên tiếp; "
                "các dòng sau bị bỏ qua."
            ),
            row=self.first_blank_row,
            count=self.blank_rows,
        )


def is_blank_cell(value: CellValue) -> bool:
    """Empty, or text made only of white space (a cell holding a lone space looks empty too)."""
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """Excel's column name for a 0-based index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


@dataclass(slots=True)
class SheetReader:
    """An opened sheet: what was detected up front, and its rows when iterated.

    ``stopped`` is set once iteration has ended early on a run of blank rows.
    """

    path: Path
    format: FileFormat
    sheet_names: list[str]
    sheet_name: str | None
    encoding: str | None
    delimiter: str | None
    merged_ranges: list[MergedRange]
    _source: Callable[[], Iterator[Row]]
    _limits: ReadLimits
    stopped: BlankRunStop | None = field(default=None)

    def __iter__(self) -> Iterator[Row]:
        return self.rows()

    def rows(self) -> Iterator[Row]:
        """Rows in order, blank ones included (headers reports them), trailing blank ones not."""
        pending_start = 0
        pending = 0
        for row in self._source():
            if row.is_blank():
                if pending == 0:
                    pending_start = row.number
                pending += 1
                if pending >= self._limits.max_blank_rows:
                    self.stopped = BlankRunStop(first_blank_row=pending_start, blank_rows=pending)
                    return
                continue
            for number in range(pending_start, pending_start + pending):
                yield Row(number=number, cells=[])
            pending = 0
            yield row


def detect_format(path: Path | str) -> FileFormat:
    """The format from the file's first bytes; ``ReadError`` for anything that is not a table."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as exc:
        raise ReadError(_("Không mở được tệp đã tải lên."), code=ErrorCode.UNREADABLE) from exc
    if not head:
        raise ReadError(_("Tệp rỗng, không có dữ liệu."), code=ErrorCode.EMPTY)
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(path)
    if head.startswith(_OLE2_MAGIC):
        return FileFormat.XLS
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return FileFormat.CSV
    text_start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if text_start.startswith(_MARKUP_STARTS):
        raise ReadError(
            _(
                "Tệp này là trang HTML được đặt tên như tệp Excel (thường do phần mềm cũ xuất ra). "
                "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel Workbook (.xlsx)."
            ),
            code=ErrorCode.HTML,
        )
    if text_start.startswith(b"<?xml"):
        raise ReadError(
            _(
                "Tệp này là bảng tính dạng XML (Excel 2003). "
                "Hãy mở tệp bằng Excel rồi lưu lại dưới dạng Excel Workbook (.xlsx)."
            ),
            code=ErrorCode.XML,
        )
    if _looks_binary(head):
        raise ReadError(
            _("Không nhận ra định dạng tệp. Chỉ nhận tệp Excel (.xlsx, .xls), ODS hoặc CSV."),
            code=ErrorCode.UNKNOWN_FORMAT,
        )
    return FileFormat.CSV


def open_sheet(
    path: Path | str, *, sheet: int | str = 0, limits: ReadLimits | None = None
) -> SheetReader:
    """Open one sheet for streaming; problems with the container surface here, not mid-import.

    Without ``limits``, those of the settings apply (``configured_limits``).
    """
    path = Path(path)
    limits = limits or configured_limits()
    file_format = detect_format(path)
    if file_format is FileFormat.CSV:
        return _open_csv(path, limits)
    if file_format in (FileFormat.XLSX, FileFormat.ODS):
        check_zip_limits(path, limits)
    return _open_workbook(path, file_format, sheet, limits)


def check_zip_limits(path: Path, limits: ReadLimits) -> None:
    """Refuse zip bombs from the sizes the archive declares, before anything is decompressed.

    A forged directory can understate sizes; calamine then reads what the entries really hold,
    so this guard stops the honest bomb (the common one) cheaply, not a crafted lie.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _corrupt() from exc
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise _too_large(total, limits)
    for member in members:
        if member.file_size < _RATIO_FLOOR_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise ReadError(
                format_lazy(
                    _(
                        "Tệp bị từ chối: phần “{name}” nén với tỷ lệ {ratio:.0f}:1, vượt giới hạn "
                        "{limit:.0f}:1 (dấu hiệu tệp độc hại “zip bomb”)."
                    ),
                    name=member.filename,
                    ratio=ratio,
                    limit=limits.max_compression_ratio,
                ),
                code=ErrorCode.ZIP_RATIO,
            )


def _too_large(total: int, limits: ReadLimits) -> ReadError:
    return ReadError(
        format_lazy(
            _("Tệp bị từ chối: khi giải nén chiếm {size} MB, vượt giới hạn {limit} MB."),
            size=total >> 20,
            limit=limits.max_uncompressed_bytes >> 20,
        ),
        code=ErrorCode.ZIP_TOO_LARGE,
    )


def _corrupt() -> ReadError:
    return ReadError(
        _("Tệp bị hỏng hoặc chưa tải lên hết. Hãy mở lại bằng Excel, lưu lại rồi tải lên lại."),
        code=ErrorCode.CORRUPT,
    )


def _zip_format(path: Path) -> FileFormat:
    """Tell XLSX from ODS (and from a Word document or any other zip) by the members inside."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                return FileFormat.ODS
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt() from exc
    if "xl/workbook.xml" in names:
        return FileFormat.XLSX
    if "content.xml" in names and "mimetype" not in names:
        return FileFormat.ODS
    raise ReadError(
        _("Tệp nén này không phải bảng tính Excel (.xlsx) hay OpenDocument (.ods)."),
        code=ErrorCode.UNKNOWN_ZIP,
    )


def _looks_binary(head: bytes) -> bool:
    """Control bytes other than tab and line breaks occur in no CSV, whatever its encoding."""
    return any(byte < 0x09 or 0x0E <= byte < 0x20 for byte in head) or head.startswith(b"%PDF")


def _open_workbook(
    path: Path, file_format: FileFormat, sheet: int | str, limits: ReadLimits
) -> SheetReader:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if isinstance(sheet, str):
            loaded = workbook.get_sheet_by_name(sheet)
        else:
            loaded = workbook.get_sheet_by_index(sheet)
        merged = loaded.merged_cell_ranges or []
    except python_calamine.PasswordError as exc:
        raise ReadError(
            _("Tệp được đặt mật khẩu. Hãy gỡ mật khẩu trong Excel rồi tải lên lại."),
            code=ErrorCode.PASSWORD,
        ) from exc
    except python_calamine.WorksheetNotFound as exc:
        raise ReadError(
            format_lazy(_("Không có trang tính “{sheet}” trong tệp."), sheet=sheet),
            code=ErrorCode.NO_SHEET,
        ) from exc
    except BaseException as exc:
        _reraise_unless_reader_failure(exc)
        raise _corrupt() from exc
    start_column = loaded.start[1] if loaded.start is not None else 0

    def source() -> Iterator[Row]:
        try:
            for index, values in enumerate(loaded.iter_rows()):
                yield Row(number=index + 1, cells=_coerce(values, start_column))
        except BaseException as exc:
            _reraise_unless_reader_failure(exc)
            raise _corrupt() from exc

    return SheetReader(
        path=path,
        format=file_format,
        sheet_names=names,
        sheet_name=loaded.name,
        encoding=None,
        delimiter=None,
        merged_ranges=[
            MergedRange(top + 1, left, bottom + 1, right) for (top, left), (bottom, right) in merged
        ],
        _source=source,
        _limits=limits,
    )


def _reraise_unless_reader_failure(exc: BaseException) -> None:
    """Let interrupts and generator shutdown through; calamine's Rust panics are read failures.

    A malformed OLE2 file makes calamine panic, which pyo3 raises as ``PanicException``, a
    ``BaseException`` that no narrower ``except`` catches.
    """
    if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
        return
    raise exc


def _coerce(values: Sequence[CellValue], start_column: int) -> list[CellValue]:
    """calamine gives ``""`` for empty cells and floats for integers; make them ``None`` and int.

    calamine drops the empty columns left of the data; put them back so indices are columns.
    """
    cells: list[CellValue] = [None] * start_column
    for value in values:
        if isinstance(value, float) and value.is_integer():
            cells.append(int(value))
        elif value == "":
            cells.append(None)
        else:
            cells.append(value)
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _open_csv(path: Path, limits: ReadLimits) -> SheetReader:
    encoding = detect_csv_encoding(path)
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        sample = handle.read(_SNIFF_BYTES)
    delimiter = _sniff_delimiter(sample)

    def source() -> Iterator[Row]:
        try:
            with path.open(encoding=encoding, newline="") as handle:
                yield from _csv_rows(handle, delimiter)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ReadError(
                _("Tệp CSV bị hỏng (sai mã ký tự hoặc ô quá dài), không đọc tiếp được."),
                code=ErrorCode.CORRUPT_CSV,
            ) from exc

    return SheetReader(
        path=path,
        format=FileFormat.CSV,
        sheet_names=[],
        sheet_name=None,
        encoding=encoding,
        delimiter=delimiter,
        merged_ranges=[],
        _source=source,
        _limits=limits,
    )


def _csv_rows(handle: IO[str], delimiter: str) -> Iterator[Row]:
    """One ``Row`` per CSV record; a quoted line break stays inside its cell, as in Excel."""
    for number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
        cells: list[CellValue] = [
            (value if value.isascii() else unicodedata.normalize("NFC", value)) or None
            for value in record
        ]
        while cells and cells[-1] is None:
            cells.pop()
        yield Row(number=number, cells=cells)


def detect_csv_encoding(path: Path) -> str:
    """BOM first; else UTF-8 if the whole file decodes strictly; else Windows-1258.

    The UTF-8 check streams the file once in blocks (memory stays flat); a cp1258 file almost
    never happens to be valid UTF-8, because its accented bytes do not form UTF-8 sequences.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        try:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1258"
    return "utf-8"


def _sniff_delimiter(sample: str) -> str:
    """Vietnamese-locale Excel saves CSV with ``;`` (the comma is its decimal mark)."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        counts = {delimiter: sample.count(delimiter) for delimiter in _CSV_DELIMITERS}
        best = max(counts, key=lambda delimiter: counts[delimiter])
        return best if counts[best] else ","


def estimate_rows(path: Path | str) -> int | None:
    """About how many rows a file holds, cheaply, to size a progress bar; ``None`` if unknown.

    A CSV: its size over the mean length of its first lines. An XLSX: the ``<dimension>`` that
    Excel and LibreOffice write at the top of the first sheet, bounded by the sheet's size; or,
    without one (streaming writers), the sheet's size over the mean size of its first rows.
    XLS and ODS say nothing cheap.
    """
    path = Path(path)
    try:
        file_format = detect_format(path)
        if file_format is FileFormat.CSV:
            with path.open("rb") as handle:
                sample = handle.read(_SNIFF_BYTES)
            lines = sample.count(b"\n")
            if lines == 0:
                return 1
            return max(1, round(path.stat().st_size / (len(sample) / lines)))
        if file_format is FileFormat.XLSX:
            with zipfile.ZipFile(path) as archive:
                size = archive.getinfo(_FIRST_SHEET).file_size
                with archive.open(_FIRST_SHEET) as sheet:
                    head = sheet.read(_SNIFF_BYTES)
            match = _DIMENSION.search(head[:4096])
            if match:
                # A lone cell at row 1,048,576 makes the dimension huge, not the sheet: no row
                # with a value takes fewer bytes of XML than this.
                return min(int(match.group(1)), size // _MIN_ROW_XML)
            rows = head.count(b"<row ")
            return round(size * rows / len(head)) if rows else None
    except (ReadError, KeyError, OSError, zipfile.BadZipFile, ValueError):
        return None
    return None
