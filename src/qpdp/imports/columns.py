"""Column-wise parsing: the clean cells of a chunk are parsed by Polars expressions, the rest by
the row parsers of ``imports.values``.

Parsing a million-row list cell by cell in Python costs tens of microseconds a row, most of it
on identity numbers, names, dates, phones and addresses that never repeat. Almost every such
cell is already clean: plain Vietnamese letters in NFC, digits in the usual form. A
``Kernel`` is the vectorised equivalent of one parser *for those cells only*: it returns the
value the parser would return, or null where it is not certain, and every cell left null (a
legacy-font cell, an NFD name, a date with a two-digit year, any error) goes through the row
parser as before. Errors therefore always come from the row parsers, with their Vietnamese
reasons; a kernel only ever answers "this cell is valid and its value is …".
``tests/imports/test_columns.py`` runs both paths on the same files and compares every staged
row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

import polars as pl

from qpdp.core.dates import PartialDate
from qpdp.core.identity import PROVINCE_CODES
from qpdp.imports.readers import CellValue
from qpdp.imports.values import (
    MIN_YEAR,
    ParseContext,
    Parser,
    parse_date,
    parse_id_number,
    parse_name,
    parse_text,
    parse_unit_ref,
)


def _letters() -> str:
    """Every letter of the Vietnamese alphabet in NFC, both cases: each has one upper- and one
    lower-case form, so Polars' title case equals ``core.vietnamese.capitalise_name`` on them."""
    letters = {"đ", *"abcdefghijklmnopqrstuvwxyz"}
    for vowel in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"):
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return "".join(sorted(letters | {letter.upper() for letter in letters}))


_VIETNAMESE: Final = _letters()
# Clean text: printable ASCII and precomposed Latin letters (Latin-1, Extended-A and -B and
# Extended Additional, which hold every Vietnamese letter). Left out, so the row parsers see
# them: control characters and every white space but the space (``\s`` is not the same set in
# Python and Rust), combining marks, the Latin-1 symbols and ×÷ that mark a TCVN3 cell, and
# Ð/ð (read as Đ/đ by ``clean_text``). Text made of these characters alone is NFC already:
# none of them decomposes or composes with another (tests/imports/test_columns.py checks
# every pair), so NFC is left to the row parsers too.
_CLEAN: Final = (
    r"^[\x20-\x7e\u00c0-\u00cf\u00d1-\u00d6\u00d8-\u00ef\u00f1-\u00f6\u00f8-\u00ff"
    r"\u0100-\u024f\u1e00-\u1eff]*$"
)
# A letter beyond Latin-1 proves a cell is Unicode already (``core.vietnamese.repair_legacy``
# converts only Latin-1 text); all of U+0100–U+024F and U+1E00–U+1EFF are letters.
_BEYOND_LATIN1: Final = r"[\u0100-\u024f\u1e00-\u1eff]"
_ASCII: Final = r"^[\x00-\x7f]*$"
_NAME: Final = rf"^[{_VIETNAMESE}]+(?: [{_VIETNAMESE}]+)*$"

type Kernel = Callable[[pl.Expr, ParseContext], pl.Expr]
"""Clean text of one column (null where a cell is not clean) → the parser's value, or null."""


def clean_text_expr(text: pl.Expr) -> pl.Expr:
    """``core.vietnamese.clean_text`` of the cells that need neither NFC nor legacy repair (no
    change to them but spaces), null for the others and for blank ones."""
    clean = text.str.contains(_CLEAN) & (
        text.str.contains(_ASCII) | text.str.contains(_BEYOND_LATIN1)
    )
    collapsed = text.str.replace_all(" {2,}", " ").str.strip_chars(" ")
    return pl.when(clean & (collapsed != "")).then(collapsed)


def _text(text: pl.Expr, context: ParseContext) -> pl.Expr:
    return text


def _unit_ref(text: pl.Expr, context: ParseContext) -> pl.Expr:
    return pl.when(text.str.contains(r"^[0-9]{1,5}$")).then(text.str.zfill(5)).otherwise(text)


def _name(text: pl.Expr, context: ParseContext) -> pl.Expr:
    return pl.when(text.str.contains(_NAME)).then(text.str.to_titlecase())


def _id_number(text: pl.Expr, context: ParseContext) -> pl.Expr:
    return pl.when(
        text.str.contains(r"^[0-9]{12}$") & text.str.slice(0, 3).is_in(list(PROVINCE_CODES))
    ).then(text)


_DATE: Final = r"^(?:([0-9]{1,2})/([0-9]{1,2})/|([0-9]{1,2})/)?([0-9]{4})$"


def _date(text: pl.Expr, context: ParseContext) -> pl.Expr:
    """dd/mm/yyyy, mm/yyyy or yyyy, real and not in the future, as ``yyyymmdd`` (``00`` for a
    part not known); ``PartialDate`` objects are made once per distinct date by ``_Dates``."""
    parts = text.str.extract_groups(_DATE)
    day = parts.struct.field("1").cast(pl.Int32)
    month = pl.coalesce(parts.struct.field("2"), parts.struct.field("3")).cast(pl.Int32)
    year = parts.struct.field("4").cast(pl.Int32)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = (
        pl.when(month == 2)
        .then(28 + leap.cast(pl.Int32))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    valid = (
        year.is_not_null()
        & (year >= MIN_YEAR)
        & (month.is_null() | ((month >= 1) & (month <= 12)))
        & (day.is_null() | ((day >= 1) & (day <= days)))
    )
    earliest = year * 10_000 + month.fill_null(1) * 100 + day.fill_null(1)
    today = context.today
    valid &= earliest <= today.year * 10_000 + today.month * 100 + today.day
    return pl.when(valid).then(year * 10_000 + month.fill_null(0) * 100 + day.fill_null(0))


_KERNELS: dict[Parser, Kernel] = {
    parse_text: _text,
    parse_unit_ref: _unit_ref,
    parse_name: _name,
    parse_id_number: _id_number,
    parse_date: _date,
}


def register_kernel(parser: Parser, kernel: Kernel) -> None:
    """Declare the column-wise form of a registry's own parser (``people``: phone numbers)."""
    _KERNELS[parser] = kernel


def _texts(cells: Sequence[Sequence[CellValue]], index: int) -> list[str | None]:
    """One column of a chunk: its text cells (numbers and dates from a workbook, and missing
    cells of short rows, are the row parsers')."""
    return [cell if index < len(row) and type(cell := row[index]) is str else None for row in cells]


@dataclass(slots=True)
class _Dates:
    """``PartialDate`` of a ``yyyymmdd`` code, made once per distinct date of the file."""

    made: dict[int, PartialDate] = field(default_factory=dict)

    def __call__(self, code: int) -> PartialDate:
        found = self.made.get(code)
        if found is None:
            year, rest = divmod(code, 10_000)
            month, day = divmod(rest, 100)
            found = self.made[code] = PartialDate(year, month or None, day or None)
        return found


@dataclass(slots=True)
class ColumnParser:
    """The kernels of the mapped columns that have one, applied to a chunk of rows at once.

    ``parse`` gives, per column index, one entry per row: the parsed value, or ``None`` where
    the row parser must decide (no parsed value is ``None``: an empty value is a blank cell).
    """

    columns: dict[int, tuple[Parser, Kernel]]
    context: ParseContext
    dates: _Dates = field(default_factory=_Dates)

    @classmethod
    def of(cls, parsers: dict[int, Parser], context: ParseContext) -> ColumnParser:
        return cls(
            {
                index: (parser, _KERNELS[parser])
                for index, parser in parsers.items()
                if parser in _KERNELS
            },
            context,
        )

    def parse(self, cells: Sequence[Sequence[CellValue]]) -> dict[int, list[object | None]]:
        if not self.columns or not cells:
            return {}
        frame = pl.DataFrame(
            {str(index): pl.Series(_texts(cells, index), dtype=pl.String) for index in self.columns}
        )
        parsed = frame.select(
            kernel(clean_text_expr(pl.col(str(index))), self.context).alias(str(index))
            for index, (_parser, kernel) in self.columns.items()
        )
        found: dict[int, list[object | None]] = {}
        for index, (parser, _kernel) in self.columns.items():
            values = parsed.get_column(str(index)).to_list()
            if parser is parse_date:
                dates = self.dates
                values = [None if code is None else dates(code) for code in values]
            found[index] = values
        return found
