"""Find the header row of an uploaded list and map its columns to a layout's fields.

Local lists are made by hand: a national motto and a title above the table, headers merged
over two rows, a row of column numbers "(1) (2) (3)", blank rows, a "Tổng cộng" row and a
signature block below. This module finds the table inside all that, says which rows it skipped
and why, and matches headers to fields by their accent-folded text, so "HỌ VÀ TÊN", "Họ tên"
and "ho va ten" are the same column.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Final

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.core.vietnamese import clean_text, fold, repair_legacy
from qpdp.imports.error_codes import ErrorCode
from qpdp.imports.readers import (
    CellValue,
    MergedRange,
    Message,
    ReadError,
    Row,
    column_letter,
    is_blank_cell,
)

if TYPE_CHECKING:
    from qpdp.imports.layouts import Layout, LayoutField

SCAN_ROWS: Final = 30
"""How far down the header is looked for: title blocks are rarely more than ten rows."""

MIN_MATCHES: Final = 2
"""A row is a header only if at least this many of its cells name a layout field."""

IGNORE: Final = ""
"""The target of a column deliberately left out (row numbers, "STT")."""

_PUNCTUATION = re.compile(r"[^\w\s]|_")
_PARENTHESISED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
_COLUMN_NUMBER = re.compile(r"\(?[0-9]{1,2}\)?|\(?[a-z]\)?", re.IGNORECASE)
_TOTALS = re.compile(r"(tổng cộng|tổng số|tổng|cộng)(\s*[:\-].*)?")
# Signature block: matched at the start of the first filled cell ("TM. UBND", "Người lập biểu"),
# or a place-and-date line anywhere in it ("Kinh Bắc, ngày 05 tháng 3 năm 2026").
_FOOTER_START = re.compile(
    r"nguoi lap|thu truong|tm |t m |kt |k t |chu tich|pho chu tich|xac nhan|ky ten|ky ghi ro"
    r"|chi huy truong|truong ban|truong cong an|noi nhan"
)
_FOOTER_DATE = re.compile(r"\bngay \d* ?thang \d* ?nam\b")
_FOOTER_MAX_CELLS: Final = 3
_SPECIFIC_KEY_LENGTH: Final = 4


class SkipReason(StrEnum):
    """Why a row was not read as data; the mapping screen lists these with their rows."""

    TITLE = "title"
    BLANK = "blank"
    COLUMN_NUMBERS = "column_numbers"
    TOTALS = "totals"
    FOOTER = "footer"
    REPEATED_HEADER = "repeated_header"


_SKIP_MESSAGES: Final[dict[SkipReason, Message]] = {
    SkipReason.TITLE: _("dòng tiêu đề phía trên bảng"),
    SkipReason.BLANK: _("dòng trống"),
    SkipReason.COLUMN_NUMBERS: _("dòng đánh số cột"),
    SkipReason.TOTALS: _("dòng tổng cộng"),
    SkipReason.FOOTER: _("phần ký tên cuối bảng"),
    SkipReason.REPEATED_HEADER: _("dòng tiêu đề cột lặp lại"),
}


@dataclass(frozen=True, slots=True)
class SkippedRows:
    """Consecutive rows skipped for one reason (1-based, inclusive)."""

    first_row: int
    last_row: int
    code: SkipReason

    @property
    def reason(self) -> Message:
        return _SKIP_MESSAGES[self.code]

    @property
    def message(self) -> Message:
        rows = (
            str(self.first_row)
            if self.first_row == self.last_row
            else f"{self.first_row}–{self.last_row}"
        )
        return format_lazy(_("Bỏ qua dòng {rows}: {reason}."), rows=rows, reason=self.reason)


class ColumnStatus(StrEnum):
    MATCHED = "matched"
    IGNORED = "ignored"
    UNMATCHED = "unmatched"
    DUPLICATE = "duplicate"
    """Names a field an earlier column already took; the officer chooses which one counts."""


@dataclass(frozen=True, slots=True)
class HeaderColumn:
    """One column that has a header, and what it was mapped to."""

    index: int
    header: str
    key: str
    status: ColumnStatus
    field: str | None = None

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The header found and the field of each column: what validation and the mapping screen use."""

    header_rows: tuple[int, ...]
    columns: tuple[HeaderColumn, ...]

    @property
    def fields(self) -> dict[int, str]:
        """Column index → field name, for matched columns only."""
        return {
            column.index: column.field
            for column in self.columns
            if column.status is ColumnStatus.MATCHED and column.field
        }

    @property
    def headers(self) -> dict[int, str]:
        return {column.index: column.header for column in self.columns}

    def with_status(self, status: ColumnStatus) -> list[HeaderColumn]:
        return [column for column in self.columns if column.status is status]

    @property
    def signature(self) -> str:
        """Identifies files of the same shape, so a mapping saved for one applies to the next."""
        by_index = {column.index: column.key for column in self.columns}
        width = max(by_index, default=-1) + 1
        joined = "\x1f".join(by_index.get(index, "") for index in range(width))
        return hashlib.sha256(joined.encode()).hexdigest()

    def missing_required(self, layout: Layout) -> list[LayoutField]:
        """Required fields no column provides, directly or through their ``satisfied_by`` sets."""
        mapped = set(self.fields.values())
        return [
            layout_field
            for layout_field in layout.fields
            if layout_field.required
            and layout_field.name not in mapped
            and not any(set(group) <= mapped for group in layout_field.satisfied_by)
        ]

    def to_saved(self) -> dict[str, str]:
        """Header key → field name (``IGNORE`` for a column left out), to store for next time."""
        saved: dict[str, str] = {}
        for column in self.columns:
            if column.status is ColumnStatus.MATCHED and column.field:
                saved[column.key] = column.field
            elif column.status is ColumnStatus.IGNORED:
                saved[column.key] = IGNORE
        return saved


def header_key(value: CellValue) -> str:
    """The comparison key of a header: folded, punctuation as spaces, white space collapsed."""
    return " ".join(_PUNCTUATION.sub(" ", fold(_cell_text(value))).split())


def _skeleton(text: str) -> str:
    """Like ``header_key`` but keeps ă â ê ô ơ ư đ: "Năm" and "Nam" fold alike, these do not."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    toneless = unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if char not in _TONE_MARKS)
    )
    return " ".join(_PUNCTUATION.sub(" ", toneless).split())


def _compatible(header: str, variant: str) -> bool:
    """A header with fewer marks than the variant matches it; one with other marks does not.

    "Ho ten" and "Họ tên" both match "Họ tên", "Văn hoá" matches "Văn hóa" (tone placement is
    ignored), but "Năm" does not match "Nam".
    """
    if len(header) != len(variant):
        return True
    return all(a == b or a.isascii() for a, b in zip(header, variant, strict=True))


def _cell_text(value: CellValue) -> str:
    if is_blank_cell(value):
        return ""
    text = clean_text(str(value))
    return repair_legacy(text)[0]


@dataclass(frozen=True, slots=True)
class _Target:
    field: str
    skeleton: str


@cache
def _index(layout: Layout) -> dict[str, tuple[_Target, ...]]:
    """Header key → the fields whose label or variants fold to it (several when marks differ)."""
    index: dict[str, list[_Target]] = {}
    names: list[tuple[str, str]] = [
        (text, layout_field.name)
        for layout_field in layout.fields
        for text in (layout_field.label_vi, *layout_field.variants)
    ]
    names += [(text, IGNORE) for text in layout.ignored_headers]
    for text, target in names:
        clean = clean_text(text)
        entry = _Target(target, _skeleton(clean))
        existing = index.setdefault(header_key(clean), [])
        for other in existing:
            if other.skeleton == entry.skeleton and other.field != target:
                raise ValueError(
                    f"layout {layout.code}: header {text!r} names both {other.field!r} "
                    f"and {target!r}"
                )
        existing.append(entry)
    return {key: tuple(targets) for key, targets in index.items()}


def check_layout_headers(layout: Layout) -> None:
    """Raise ``ValueError`` when two fields of a layout claim the same header text."""
    _index(layout)


def match_header(layout: Layout, text: str) -> str | None:
    """The field a header names, ``IGNORE`` for a column to leave out, ``None`` if unknown.

    A parenthesised hint is dropped when the whole text does not match: "Ngày sinh
    (dd/mm/yyyy)" is "Ngày sinh".
    """
    clean = _cell_text(text)
    for candidate in (clean, _PARENTHESISED.sub(" ", clean)):
        skeleton = _skeleton(candidate)
        for target in _index(layout).get(header_key(candidate), ()):
            if _compatible(skeleton, target.skeleton):
                return target.field
    return None


# ---------------------------------------------------------------------------------------------
# Locating the header


@dataclass(frozen=True, slots=True)
class _Candidate:
    rows: tuple[int, ...]
    columns: tuple[tuple[int, str, str, str | None], ...]  # index, display, key, target

    @property
    def score(self) -> int:
        return len({target for *_, target in self.columns if target})


def _texts(row: Row) -> list[str]:
    return [_cell_text(value) for value in row.cells]


def _single(layout: Layout, row: Row) -> _Candidate:
    columns = tuple(
        (index, text, header_key(text), match_header(layout, text))
        for index, text in enumerate(_texts(row))
        if text
    )
    return _Candidate((row.number,), columns)


def _is_text_row(row: Row) -> bool:
    """A header line holds text only; a number or a date means a data or numbering row."""
    return all(value is None or isinstance(value, str) for value in row.cells)


def _two_line(
    layout: Layout, top: Row, bottom: Row, merged_ranges: Sequence[MergedRange]
) -> _Candidate:
    """Headers in two rows: a group label above (often merged across), sub-labels below."""
    parents, children = _texts(top), _texts(bottom)
    width = max(len(parents), len(children))
    parents += [""] * (width - len(parents))
    children += [""] * (width - len(children))
    for merged in merged_ranges:
        if merged.first_row == top.number and merged.first_column < width:
            for index in range(merged.first_column + 1, min(merged.last_column + 1, width)):
                parents[index] = parents[index] or parents[merged.first_column]
    for index in range(1, width):
        if not parents[index] and children[index] and children[index - 1]:
            parents[index] = parents[index - 1]
    columns = []
    for index in range(width):
        parent, child = parents[index], children[index]
        if not parent and not child:
            continue
        if not child or not parent:
            text = parent or child
            columns.append((index, text, header_key(text), match_header(layout, text)))
            continue
        display = f"{parent} – {child}"
        target = match_header(layout, f"{parent} {child}")
        key = header_key(f"{parent} {child}")
        child_key = header_key(child)
        specific = len(child_key) >= _SPECIFIC_KEY_LENGTH or " " in child_key
        if target is None and (specific or match_header(layout, parent) is not None):
            target = match_header(layout, child)
            key = child_key if target is not None else key
        columns.append((index, display, key, target))
    return _Candidate((top.number, bottom.number), tuple(columns))


def _spans(
    candidate: _Candidate, below: Sequence[Row], merged_ranges: Sequence[MergedRange]
) -> dict[int, int]:
    """Header cells spanning columns that have no header of their own: start column → width.

    A column belongs to the span when a merged range says so (XLSX, XLS keep them) or when it
    has data under an empty header, which is how a merged cell arrives from ODS and CSV.
    """
    headed = {index for index, *_ in candidate.columns}
    merged_to = {
        merged.first_column: merged.last_column
        for merged in merged_ranges
        if merged.first_row == candidate.rows[0]
    }
    spans = {}
    for index in sorted(headed):
        width = 1
        while index + width not in headed and (
            index + width <= merged_to.get(index, -1)
            or any(not is_blank_cell(row.get(index + width)) for row in below)
        ):
            width += 1
        if width > 1:
            spans[index] = width
    return spans


def _expand_spans(
    layout: Layout,
    candidate: _Candidate,
    below: Sequence[Row],
    merged_ranges: Sequence[MergedRange],
) -> list[tuple[int, str, str, str | None]]:
    """Give each column under a spanning header its own entry.

    A field may declare how it splits across a span (``LayoutField.spanned``): "Họ và tên"
    over two columns is family-and-middle name, then given name. Otherwise the first column
    keeps the field and the others are left for the officer to map.
    """
    spans = _spans(candidate, list(_until_table_end(below)), merged_ranges)
    columns = []
    for index, display, key, target in candidate.columns:
        width = spans.get(index, 1)
        if width == 1:
            columns.append((index, display, key, target))
            continue
        parts: Sequence[str | None] = [target] + [None] * (width - 1)
        if target:
            spanned = layout.field(target).spanned
            parts = next((split for split in spanned if len(split) == width), parts)
        for offset, part in enumerate(parts, start=1):
            columns.append((index + offset - 1, f"{display} ({offset})", f"{key} {offset}", part))
    return columns


def _best_candidate(
    layout: Layout, rows: Sequence[Row], merged_ranges: Sequence[MergedRange]
) -> _Candidate | None:
    best: _Candidate | None = None
    for position, row in enumerate(rows):
        if row.is_blank():
            continue
        candidates = [_single(layout, row)]
        following = rows[position + 1] if position + 1 < len(rows) else None
        if following is not None and not following.is_blank() and _is_text_row(following):
            two_line = _two_line(layout, row, following, merged_ranges)
            # A title right above a one-line header adds nothing: the header row alone wins.
            if two_line.score > _single(layout, following).score:
                candidates.append(two_line)
        for candidate in candidates:
            if best is None or candidate.score > best.score:
                best = candidate
    return best if best is not None and best.score >= MIN_MATCHES else None


def _resolve(columns: Iterable[tuple[int, str, str, str | None]]) -> tuple[HeaderColumn, ...]:
    """Statuses in column order: the first column to name a field takes it."""
    taken: set[str] = set()
    resolved = []
    for index, display, key, target in columns:
        if target is None:
            status = ColumnStatus.UNMATCHED
        elif target == IGNORE:
            status = ColumnStatus.IGNORED
        elif target in taken:
            status = ColumnStatus.DUPLICATE
        else:
            status = ColumnStatus.MATCHED
            taken.add(target)
        field_name = target or None
        resolved.append(HeaderColumn(index, display, key, status, field_name))
    return tuple(resolved)


def apply_saved_mapping(
    mapping: ColumnMapping, layout: Layout, saved: Mapping[str, str]
) -> ColumnMapping:
    """Put an officer's earlier choices (header key → field, or ``IGNORE``) over the automatic ones.

    Saved choices win over automatic matches for the same field; entries naming a field the
    layout no longer has are dropped.
    """
    known = {layout_field.name for layout_field in layout.fields}
    chosen = {
        column.index: saved[column.key]
        for column in mapping.columns
        if column.key in saved and (saved[column.key] in known or saved[column.key] == IGNORE)
    }
    claimed = {target for target in chosen.values() if target != IGNORE}
    columns = []
    for column in mapping.columns:
        if column.index in chosen:
            target: str | None = chosen[column.index]
        elif column.field in claimed:
            target = None
        else:
            target = column.field if column.status is not ColumnStatus.IGNORED else IGNORE
        columns.append((column.index, column.header, column.key, target))
    ordered = sorted(columns, key=lambda column: column[0] not in chosen)
    resolved = {column.index: column for column in _resolve(ordered)}
    return replace(mapping, columns=tuple(resolved[index] for index, *_ in columns))


# ---------------------------------------------------------------------------------------------
# The table: header plus the data rows below it


@dataclass(slots=True)
class Table:
    """The header found in a sheet and its data rows; ``skipped`` grows as rows are consumed."""

    mapping: ColumnMapping
    skipped: list[SkippedRows]
    _below: Iterator[Row]
    _header_lines: list[list[str]] = field(default_factory=list)

    def data_rows(self) -> Iterator[Row]:
        """Rows that hold data; blank, totals, repeated-header and signature rows are skipped."""
        after_table = False
        numbered = any(
            next((key for key in line if key), "").isdigit() for line in self._header_lines
        )
        for row in self._below:
            reason = self._skip_reason(row, after_table, numbered)
            if reason is None:
                yield row
                continue
            if reason in (SkipReason.TOTALS, SkipReason.FOOTER):
                after_table = True
            _record(self.skipped, row.number, reason)

    def _skip_reason(self, row: Row, after_table: bool, numbered: bool) -> SkipReason | None:
        """Why a row below the header is not data, or ``None``; ``numbered``: a header line
        starts with a number, so a row starting with one may repeat it."""
        filled = [
            value
            for value in row.cells
            if value is not None and (type(value) is not str or value.strip())
        ]
        if not filled:
            return SkipReason.BLANK
        first = _cell_text(filled[0])
        if _is_totals(first):
            return SkipReason.TOTALS
        if len(filled) <= _FOOTER_MAX_CELLS and (after_table or _is_footer(first)):
            return SkipReason.FOOTER
        if self._header_lines and _is_text_row(row) and (numbered or not first.isdigit()):
            key = header_key(first)
            if any(
                key in line and [header_key(value) for value in row.cells] == line
                for line in self._header_lines
            ):
                return SkipReason.REPEATED_HEADER
        return None


def _record(skipped: list[SkippedRows], number: int, reason: SkipReason) -> None:
    """Add a skipped row, extending the previous range when it continues it."""
    last = skipped[-1] if skipped else None
    if last is not None and last.code is reason and last.last_row == number - 1:
        skipped[-1] = replace(last, last_row=number)
    else:
        skipped.append(SkippedRows(number, number, reason))


def _until_table_end(rows: Iterable[Row]) -> Iterator[Row]:
    """Rows above the totals row or signature block: the sample that shows where data sits."""
    for row in rows:
        first = next((value for value in row.cells if not is_blank_cell(value)), None)
        if first is not None and (_is_totals(_cell_text(first)) or _is_footer(_cell_text(first))):
            return
        yield row


def _is_footer(text: str) -> bool:
    key = header_key(text)
    return bool(_FOOTER_START.match(key) or _FOOTER_DATE.search(key))


def _is_totals(text: str) -> bool:
    """A totals row: "Tổng cộng", "Cộng", "Tổng số: 25"; accents count ("Tống" is a surname)."""
    lowered = text.lower().strip(" .:")
    if lowered[:1] not in ("t", "c"):  # both words start so in any spelling: skip the fold
        return False
    return bool(_TOTALS.fullmatch(lowered)) or fold(lowered).startswith("tong cong")


def _is_column_numbers(row: Row) -> bool:
    """A row "(1) (2) (3)…" or "A B 1 2 3…" under the header, numbering the columns."""
    values = [value for value in row.cells if not is_blank_cell(value)]
    numbers = []
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100:
            numbers.append(value)
        elif isinstance(value, str) and _COLUMN_NUMBER.fullmatch(value.strip()):
            digits = value.strip().strip("()")
            if digits.isdigit():
                numbers.append(int(digits))
        else:
            return False
    consecutive = list(range(numbers[0], numbers[0] + len(numbers))) if numbers else []
    return len(numbers) >= MIN_MATCHES and numbers == consecutive


def locate_table(
    layout: Layout,
    rows: Iterable[Row],
    *,
    scan_rows: int = SCAN_ROWS,
    merged_ranges: Sequence[MergedRange] = (),
) -> Table:
    """Find the header among the first ``scan_rows`` rows and return the table below it.

    Raises ``ReadError`` (code ``no_header``) when no row names at least two of the layout's
    fields: the officer is then asked to check the sheet or map the columns by hand.
    """
    iterator = iter(rows)
    buffered: list[Row] = []
    for row in iterator:
        buffered.append(row)
        if len(buffered) >= scan_rows:
            break
    candidate = _best_candidate(layout, buffered, merged_ranges)
    if candidate is None:
        raise ReadError(
            format_lazy(
                _(
                    "Không tìm thấy dòng tiêu đề cột trong {count} dòng đầu. Bảng cần có dòng "
                    "tiêu đề với ít nhất hai cột như “Họ và tên”, “Ngày sinh”."
                ),
                count=scan_rows,
            ),
            code=ErrorCode.NO_HEADER,
        )
    header_end = candidate.rows[-1]
    below = [row for row in buffered if row.number > header_end]
    columns = _expand_spans(layout, candidate, below, merged_ranges)
    mapping = ColumnMapping(header_rows=candidate.rows, columns=_resolve(columns))
    skipped: list[SkippedRows] = []
    for row in buffered:
        if row.number >= candidate.rows[0]:
            break
        _record(skipped, row.number, SkipReason.BLANK if row.is_blank() else SkipReason.TITLE)
    if below and _is_column_numbers(below[0]):
        _record(skipped, below.pop(0).number, SkipReason.COLUMN_NUMBERS)
    return Table(
        mapping=mapping,
        skipped=skipped,
        _below=itertools.chain(below, iterator),
        _header_lines=[
            [header_key(value) for value in row.cells]
            for row in buffered
            if row.number in candidate.rows
        ],
    )
