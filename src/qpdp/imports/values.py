"""Cell parsers: turn what officers type in spreadsheets into clean values, or say why not.

Every parser has the shape ``parser(value, context) -> (value | None, message | None)`` so a
layout can declare one per column and the validator can report "row N, column X: reason"
without knowing the column's type. Values arrive as calamine gives them (text, int, float,
date, datetime) or as CSV text; parsers accept all of those.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.core.dates import PartialDate
from qpdp.core.identity import (
    FEMALE,
    MALE,
    IdentityError,
    decode,
    normalise_digits,
    validate_legacy_id_number,
)
from qpdp.core.vietnamese import capitalise_name, clean_text, fold
from qpdp.imports.readers import CellValue, Message

MIN_YEAR: Final = 1900
"""Earliest year accepted in a date: registries hold people born in the twentieth century on."""

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 29/02/1900, a day that
# never existed (Lotus 1-2-3's leap-year bug, kept for compatibility). From serial 61 on, the
# real date is day 0 = 1899-12-30; below 60, day 0 = 1899-12-31.
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY: Final = 60
_EXCEL_MAX_SERIAL: Final = 2_958_465  # 31/12/9999
# An integer in this range is a year someone typed, not an Excel serial (serial 3000 is 1908).
_YEAR_RANGE: Final = range(1000, 3000)


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a parser needs besides the cell: the reference date for "in the future" and for the
    two-digit-year pivot, passed in rather than read from the clock (see ARCHITECTURE)."""

    today: dt.date


type ParseResult[T] = tuple[T | None, Message | None]
type Parser = Callable[[CellValue, ParseContext], tuple[object, Message | None]]


# ---------------------------------------------------------------------------------------------
# Dates

_TIME_SUFFIX = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
# Tried in order on the folded text; each names the parts it has (d, m, y).
_DATE_PATTERNS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?P<d>\d{1,2})\s*(?P<s>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4}|\d{2})"
        + _TIME_SUFFIX,
        r"(?P<y>\d{4})(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _TIME_SUFFIX,
        r"ngay\s*(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})",
        r"(?:thang\s*)?(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})",
        r"thang\s*(?P<m>\d{1,2})\s*nam\s*(?P<y>\d{4})",
        r"(?:nam\s*)?(?P<y>\d{4})",
    )
)


def pivot_two_digit_year(two_digits: int, today: dt.date) -> int:
    """A two-digit year not after this year's is this century's: "05" is 2005, "95" is 1995.

    Dates in these files are birth dates and past events, so the pivot is the current year
    (in 2026, "26" → 2026, "27" → 1927), not the fixed 1930/2029 split of spreadsheet programs.
    """
    century = today.year - today.year % 100
    year = century + two_digits
    return year if year <= today.year else year - 100


def excel_serial_to_date(serial: int) -> dt.date | None:
    """The date of an Excel 1900-system serial, or ``None`` for 0, 60 (29/02/1900) and overflow."""
    if serial <= 0 or serial == _EXCEL_FAKE_LEAP_DAY or serial > _EXCEL_MAX_SERIAL:
        return None
    if serial < _EXCEL_FAKE_LEAP_DAY:
        serial += 1
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def parse_date(value: CellValue, context: ParseContext) -> ParseResult[PartialDate]:
    """A full or partial date from every form found in local registers.

    Accepted: date/datetime cells; Excel serial numbers (a number that Excel did not format as
    a date); an integer 1000–2999 as a year; text "dd/mm/yyyy", "d/m/yy" (see
    ``pivot_two_digit_year``), "dd-mm-yyyy", "dd.mm.yyyy", "yyyy-mm-dd" (with or without a time),
    "mm/yyyy", "tháng 3/2005", "năm 2005", "2005", "ngày 1 tháng 3 năm 2005".
    """
    if isinstance(value, bool | dt.time | dt.timedelta):
        return None, _("Ô này không chứa ngày tháng.")
    if isinstance(value, dt.datetime):
        return _checked(PartialDate.from_date(value.date()), context)
    if isinstance(value, dt.date):
        return _checked(PartialDate.from_date(value), context)
    if isinstance(value, int | float):
        return _date_from_number(value, context)
    text = fold(value)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            day, month = parts.get("d"), parts.get("m")
            return _from_parts(
                int(parts["y"]),
                int(month) if month else None,
                int(day) if day else None,
                len(parts["y"]) == 2,
                context,
            )
    return None, format_lazy(
        _("“{value}” không phải ngày tháng; hãy ghi dạng ngày/tháng/năm, ví dụ 01/03/2005."),
        value=clean_text(value),
    )


def _date_from_number(number: float, context: ParseContext) -> ParseResult[PartialDate]:
    if number == int(number) and int(number) in _YEAR_RANGE:
        return _from_parts(int(number), None, None, False, context)
    day = excel_serial_to_date(int(number))
    if day is None:
        if int(number) == _EXCEL_FAKE_LEAP_DAY:
            return None, _("Số ngày Excel 60 là ngày 29/02/1900, một ngày không có thật.")
        return None, format_lazy(_("Số {value} không phải ngày tháng."), value=number)
    return _checked(PartialDate.from_date(day), context)


def _from_parts(
    year: int, month: int | None, day: int | None, two_digit: bool, context: ParseContext
) -> ParseResult[PartialDate]:
    if two_digit:
        year = pivot_two_digit_year(year, context.today)
    if month is not None and not 1 <= month <= 12:
        if day is not None and 1 <= day <= 12 and month <= 31:
            return None, format_lazy(
                _(
                    "Tháng {month} không có; có thể ngày tháng đang ghi kiểu Mỹ "
                    "(tháng/ngày/năm). Hãy ghi ngày/tháng/năm."
                ),
                month=month,
            )
        return None, format_lazy(_("Tháng {month} không có."), month=month)
    if day is not None and month is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None, format_lazy(
                _("Ngày {date} không có thật."), date=f"{day:02d}/{month:02d}/{year}"
            )
    return _checked(PartialDate(year, month, day), context)


def _checked(value: PartialDate, context: ParseContext) -> ParseResult[PartialDate]:
    if value.year < MIN_YEAR:
        return None, format_lazy(_("Năm {year} quá xa, không hợp lệ."), year=value.year)
    if value.earliest > context.today:
        return None, format_lazy(_("Ngày {date} ở trong tương lai."), date=str(value))
    return value, None


# ---------------------------------------------------------------------------------------------
# Gender and marks

# Coded columns write 1 for nam and 0 for nữ; any other code is reported, not guessed.
_GENDERS: Final = {
    **dict.fromkeys(("nam", "m", "male", "1", "trai", "ong"), MALE),
    **dict.fromkeys(("nu", "f", "female", "0", "gai", "ba"), FEMALE),
}
_MARKS_TRUE: Final = frozenset({"x", "v", "\u2713", "\u2714", "1", "co", "yes", "true", "+"})
_MARKS_FALSE: Final = frozenset({"0", "khong", "no", "false", "-"})


def parse_gender(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """``identity.MALE`` or ``identity.FEMALE`` from Nam/Nữ, M/F, 1/0 and their spellings."""
    gender = _GENDERS.get(fold(as_text(value)))
    if gender is None:
        return None, format_lazy(
            _("Giới tính “{value}” không rõ; hãy ghi Nam hoặc Nữ."), value=as_text(value)
        )
    return gender, None


def parse_mark(value: CellValue, context: ParseContext) -> ParseResult[bool]:
    """A tick column ("x" under "Nam"): true for a mark, false for an explicit no."""
    if isinstance(value, bool):
        return value, None
    key = fold(as_text(value))
    if key in _MARKS_TRUE:
        return True, None
    if key in _MARKS_FALSE:
        return False, None
    return None, format_lazy(
        _("“{value}” không phải dấu đánh dấu; hãy ghi “x” hoặc để trống."), value=as_text(value)
    )


# ---------------------------------------------------------------------------------------------
# Identity numbers and phones

_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?e\+?\d+", re.IGNORECASE)
_ID_LENGTH: Final = 12
_LEGACY_ID_LENGTH: Final = 9


def _digits_or_error(value: CellValue, length: int) -> ParseResult[str]:
    if isinstance(value, bool):
        return None, _("Ô này phải là một dãy chữ số.")
    if isinstance(value, str) and _SCIENTIFIC.fullmatch(value.strip()):
        return None, _(
            "Excel đã đổi số này sang dạng khoa học (E+) nên mất chữ số. Hãy định dạng cột là "
            "Văn bản (Text) và nhập lại số."
        )
    if isinstance(value, float) and not value.is_integer():
        return None, format_lazy(_("“{value}” không phải dãy chữ số."), value=value)
    if not isinstance(value, str | int | float):
        return None, _("Ô này phải là một dãy chữ số.")
    digits = normalise_digits(value, length=length)
    if not digits.isdigit():
        return None, format_lazy(_("“{value}” không phải dãy chữ số."), value=as_text(value))
    return digits, None


def parse_id_number(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """The 12-digit personal identification number, as text even if Excel stored a number."""
    digits, error = _digits_or_error(value, _ID_LENGTH)
    if digits is None:
        return None, error
    if len(digits) == _LEGACY_ID_LENGTH:
        return None, _("Đây có vẻ là số CMND 9 chữ số; hãy nhập vào cột Số CMND.")
    if len(digits) < _LEGACY_ID_LENGTH:
        # Reported as what it is: too short to be either number, not a CMND.
        return None, format_lazy(
            _("“{value}” chỉ có {count} chữ số: số định danh cá nhân phải gồm 12 chữ số."),
            value=digits,
            count=len(digits),
        )
    try:
        decode(digits)
    except IdentityError as exc:
        return None, str(exc)
    return digits, None


def parse_legacy_id_number(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """The old 9-digit identity card (CMND) number."""
    digits, error = _digits_or_error(value, _LEGACY_ID_LENGTH)
    if digits is None:
        return None, error
    try:
        validate_legacy_id_number(digits)
    except IdentityError as exc:
        return None, str(exc)
    return digits, None


def parse_id_or_legacy_number(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A "CCCD/CMND" column: 12 digits (checked) or 9 digits; layouts route it by its length."""
    digits, error = _digits_or_error(value, _ID_LENGTH)
    if digits is None:
        return None, error
    if len(digits) <= _LEGACY_ID_LENGTH:
        return parse_legacy_id_number(value, context)
    return parse_id_number(value, context)


# ---------------------------------------------------------------------------------------------
# Text, names, units


def as_text(value: CellValue) -> str:
    """A cell as the text the officer sees: integers without ``.0``, dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return clean_text(str(value))


def parse_text(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """Free text, NFC and with white space collapsed: the form every input is stored in."""
    return as_text(value) or None, None


_NAME_CHARACTERS = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]*)*")


def parse_name(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A personal name (or part of one), capitalised syllable by syllable."""
    text = as_text(value)
    if not all(_NAME_CHARACTERS.fullmatch(word) for word in text.split(" ")):
        return None, format_lazy(_("Tên “{value}” có chữ số hoặc ký tự lạ."), value=text)
    return capitalise_name(text), None


_UNIT_CODE_LENGTH: Final = 5


def parse_unit_ref(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A residence unit as written: a name ("Phường Kinh Bắc") or a 5-digit code ("09190").

    Resolving it to a unit needs the unit tree, so it stays text here; a code loses its leading
    zeros in Excel and gets them back.
    """
    text = as_text(value)
    if text.isdigit() and len(text) <= _UNIT_CODE_LENGTH:
        return text.zfill(_UNIT_CODE_LENGTH), None
    return text or None, None
