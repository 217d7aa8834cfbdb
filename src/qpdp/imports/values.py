"""Cell parsers: turn what officers type in spreadsheets into clean values, or say why not.

Every parser has the shape ``parser(value, context) -> (value | None, message | None)`` so a
layout can declare one per column and the validator can report "row N, column X: reason"
without knowing the column's type. Values arrive as calamine gives them (text, int, float,
date, datetime) or as CSV text; parsers accept all of those.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import viparse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

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


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date that may lack its day, or its day and month: old records often give only the
    birth year ("năm 2005") or month and year ("03/2005")."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    def earliest(self) -> dt.date:
        """The first day the value can mean: what "not in the future" is checked against."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def to_date(self) -> dt.date | None:
        return self.earliest() if self.is_complete else None

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"


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
    if value.earliest() > context.today:
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
    gender = _GENDERS.get(fold(_as_text(value)))
    if gender is None:
        return None, format_lazy(
            _("Giới tính “{value}” không rõ; hãy ghi Nam hoặc Nữ."), value=_as_text(value)
        )
    return gender, None


def parse_mark(value: CellValue, context: ParseContext) -> ParseResult[bool]:
    """A tick column ("x" under "Nam"): true for a mark, false for an explicit no."""
    if isinstance(value, bool):
        return value, None
    key = fold(_as_text(value))
    if key in _MARKS_TRUE:
        return True, None
    if key in _MARKS_FALSE:
        return False, None
    return None, format_lazy(
        _("“{value}” không phải dấu đánh dấu; hãy ghi “x” hoặc để trống."), value=_as_text(value)
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
        return None, format_lazy(_("“{value}” không phải dãy chữ số."), value=_as_text(value))
    return digits, None


def parse_id_number(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """The 12-digit personal identification number, as text even if Excel stored a number."""
    digits, error = _digits_or_error(value, _ID_LENGTH)
    if digits is None:
        return None, error
    if len(digits) <= _LEGACY_ID_LENGTH:
        return None, _("Đây có vẻ là số CMND 9 chữ số; hãy nhập vào cột Số CMND.")
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


# Mobile prefixes renumbered in 2018 (11 digits → 10): Viettel, MobiFone, VinaPhone,
# Vietnamobile, Gmobile. Old lists still carry the 11-digit numbers.
_OLD_MOBILE_PREFIXES: Final = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
    "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
_PHONE_SEPARATORS = re.compile(r"[,;/\n]|\s-\s")


def parse_phone(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A Vietnamese phone number as ten (mobile) or eleven (landline) digits starting with 0.

    "+84 912 345 678", "84912345678", "0912.345.678" and 912345678 (Excel dropped the zero)
    all become "0912345678"; pre-2018 eleven-digit mobiles get their new prefix.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, _("Ô này phải là số điện thoại.")
    if isinstance(value, float):
        if not value.is_integer():
            return None, format_lazy(_("“{value}” không phải số điện thoại."), value=value)
        value = int(value)
    text = str(value).strip()
    if len([part for part in _PHONE_SEPARATORS.split(text) if part.strip()]) > 1:
        return None, _("Ô có nhiều số điện thoại; chỉ ghi một số.")
    digits = re.sub(r"[\s.\-()]", "", text)
    for country_code in ("+84", "0084", "84"):
        if digits.startswith(country_code) and (country_code != "84" or len(digits) == 11):
            digits = "0" + digits.removeprefix(country_code).lstrip("0")
            break
    if (len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] in "12"):
        digits = "0" + digits  # Excel dropped the leading zero of a number typed as a number
    if len(digits) == 11 and digits[:4] in _OLD_MOBILE_PREFIXES:
        digits = _OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits, None
    return None, format_lazy(
        _(
            "“{value}” không phải số điện thoại Việt Nam (di động 10 số bắt đầu bằng 03, 05, 07, "
            "08, 09)."
        ),
        value=text,
    )


# ---------------------------------------------------------------------------------------------
# Text, names, units, education


def _as_text(value: CellValue) -> str:
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
    return _as_text(value) or None, None


_NAME_CHARACTERS = re.compile(r"[^\W\d_]+(?:['’.\-][^\W\d_]*)*")


def parse_name(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A personal name (or part of one), capitalised syllable by syllable."""
    text = _as_text(value)
    if not all(_NAME_CHARACTERS.fullmatch(word) for word in text.split(" ")):
        return None, format_lazy(_("Tên “{value}” có chữ số hoặc ký tự lạ."), value=text)
    return capitalise_name(text), None


_UNIT_CODE_LENGTH: Final = 5


def parse_unit_ref(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A residence unit as written: a name ("Phường Kinh Bắc") or a 5-digit code ("09190").

    Resolving it to a unit needs the unit tree, so it stays text here; a code loses its leading
    zeros in Excel and gets them back.
    """
    text = _as_text(value)
    if text.isdigit() and len(text) <= _UNIT_CODE_LENGTH:
        return text.zfill(_UNIT_CODE_LENGTH), None
    return text or None, None


# Education level: 0–12 general-education grade, then the vocational and higher levels.
INTERMEDIATE: Final = 13
COLLEGE: Final = 14
UNIVERSITY: Final = 15
POSTGRADUATE: Final = 16

_EDUCATION_WORDS: Final = (
    (POSTGRADUATE, ("sau dai hoc", "thac si", "tien si", "cao hoc", "ths", "ts")),
    (UNIVERSITY, ("dai hoc", "dh", "cu nhan", "ky su")),
    (COLLEGE, ("cao dang", "cd")),
    (INTERMEDIATE, ("trung cap", "trung hoc chuyen nghiep", "thcn", "tc")),
    (12, ("trung hoc pho thong", "pho thong trung hoc", "thpt", "ptth", "cap 3", "cap iii")),
    (9, ("trung hoc co so", "thcs", "cap 2", "cap ii")),
    (5, ("tieu hoc", "cap 1", "cap i")),
    (0, ("mu chu", "khong biet chu", "khong")),
)
_GRADE = re.compile(r"(?:lop\s*)?(\d{1,2})(?:\s*/\s*(10|12))?")
# The northern ten-year system (replaced by the 1981 reform): grade 4/10 ended primary school,
# 7/10 lower secondary and 10/10 upper secondary; each level maps to its twelve-year end grade.
_TEN_YEAR_GRADES: Final = (0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 12)


def parse_education_level(value: CellValue, context: ParseContext) -> ParseResult[int]:
    """General-education grade 0–12, or 13 trung cấp, 14 cao đẳng, 15 đại học, 16 sau đại học.

    The highest level named wins ("12/12, Đại học" is 15).
    """
    text = fold(_as_text(value))
    words = f" {re.sub(r'[^a-z0-9]+', ' ', text)} "
    for level, names in _EDUCATION_WORDS:
        if any(f" {name} " in words for name in names):
            return level, None
    match = _GRADE.fullmatch(text)
    if match:
        grade, ten_year = int(match[1]), match[2] == "10"
        if ten_year and grade < len(_TEN_YEAR_GRADES):
            return _TEN_YEAR_GRADES[grade], None
        if not ten_year and grade <= 12:
            return grade, None
    return None, format_lazy(
        _(
            "Trình độ văn hóa “{value}” không rõ; hãy ghi dạng 9/12, 12/12, Trung cấp, Cao đẳng, "
            "Đại học hoặc Sau đại học."
        ),
        value=_as_text(value),
    )


# ---------------------------------------------------------------------------------------------
# Legacy encodings (TCVN3 / VNI)

_LEGACY_ENCODINGS: Final = ("tcvn3", "vni")
_TONE_MARKS: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Toneless vowel clusters: those ending in a glide (or the open diphthongs ia/ua/ưa) take no
# final consonant, some nuclei need one ("ă", "iê"), the rest may have one or not; "oo" occurs
# only in loanwords before -ng and -c (xoong, moóc). Each maps to the positions its tone mark
# may take: "hoài", not "hoaì"; "hòa" and "hoà" are both in use.
_OPEN_CLUSTERS: Final = {
    **dict.fromkeys(
        ("ia", "ua", "ưa", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi",
         "ui", "ưi", "ưu"),
        (0,),
    ),
    "uơ": (1,),
    **dict.fromkeys(
        ("uya", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uyu"), (1,)
    ),
}  # fmt: skip
_CLOSED_CLUSTERS: Final = {
    "ă": (0,), "â": (0,), "iê": (1,), "yê": (1,), "uô": (1,), "ươ": (1,), "oă": (1,), "uâ": (1,),
    "uyê": (2,),
}  # fmt: skip
_FREE_CLUSTERS: Final = {
    **dict.fromkeys(("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"), (0,)),
    **dict.fromkeys(("oa", "oe", "uy", "uê"), (0, 1)),
}
_TONE_SLOTS: Final = {**_OPEN_CLUSTERS, **_CLOSED_CLUSTERS, **_FREE_CLUSTERS, "oo": (0, 1)}
_ONSETS: Final = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip


def _alternatives(clusters: Iterable[str]) -> str:
    return "|".join(sorted(clusters, key=len, reverse=True))


_CODA = "(?:ch|ng|nh|[cmnpt])"
_RHYME = re.compile(
    f"(?P<open>{_alternatives(_OPEN_CLUSTERS)})"
    f"|(?P<closed>{_alternatives(_CLOSED_CLUSTERS)}){_CODA}"
    f"|(?P<free>{_alternatives(_FREE_CLUSTERS)}){_CODA}?"
    "|(?P<oo>oo)(?:ng|c)"
)
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word can be one Vietnamese syllable: onset, vowel cluster, final consonant, and
    at most one tone mark, on the vowel that carries it."""
    tone_at: int | None = None
    toneless = []
    for position, char in enumerate(unicodedata.normalize("NFC", word.lower())):
        decomposed = unicodedata.normalize("NFD", char)
        marks = [mark for mark in decomposed if mark in _TONE_MARKS]
        if len(marks) > 1 or (marks and tone_at is not None):
            return False
        if marks:
            tone_at = position
            decomposed = decomposed.replace(marks[0], "")
        toneless.append(unicodedata.normalize("NFC", decomposed))
    text = "".join(toneless)
    for onset in _ONSETS:
        if not text.startswith(onset):
            continue
        match = _RHYME.fullmatch(text, len(onset))
        if match is None or match.lastgroup is None:
            continue
        cluster_start = match.start(match.lastgroup)
        if tone_at is None or tone_at - cluster_start in _TONE_SLOTS[match[match.lastgroup]]:
            return True
    return False


def _inner_capital(word: str) -> bool:
    """A non-ASCII capital inside a lower-case word ("trÊn", "BÝch"): TCVN3 stores many
    lower-case toned letters on the bytes of Latin-1 capitals."""
    for index in range(1, len(word)):
        char = word[index]
        if char.isupper() and not char.isascii():
            after = word[index + 1 : index + 2]
            if word[index - 1].islower() or after.islower():
                return True
    return False


def _has_legacy_symbol(text: str) -> bool:
    """Latin-1 symbols (¡…¿, ×, ÷) that TCVN3 uses for letters; Vietnamese text has none."""
    return any("\u00a1" <= char <= "\u00bf" or char in "×÷" for char in text)


def _reads_as_vietnamese(text: str) -> bool:
    """Every word with a non-ASCII letter is a syllable without a stray capital, at least one of
    them longer than a letter, and nothing non-letter-like is left."""
    if _has_legacy_symbol(text):
        return False
    accented = [word for word in _WORD.findall(text) if not word.isascii()]
    return any(len(word) > 1 for word in accented) and all(
        is_vietnamese_syllable(word)
        and not any(
            char.isupper() and not char.isascii() and previous.islower()
            for previous, char in itertools.pairwise(word)
        )
        for word in accented
    )


def _looks_legacy(text: str) -> bool:
    """Latin-1-only text with a legacy symbol (µ, ¨, §…) or an accented word that is no syllable
    or has a capital inside it (TCVN3 puts lower-case "ấ" on the byte of "Ê": "trÊn").

    A single letter beyond Latin-1 (ư, ạ, ễ…) means the cell is already Unicode Vietnamese.
    """
    if any(char.isalpha() and ord(char) > 0xFF for char in text):
        return False
    if _has_legacy_symbol(text):
        return True
    return any(
        not word.isascii() and (not is_vietnamese_syllable(word) or _inner_capital(word))
        for word in _WORD.findall(text)
    )


@lru_cache(maxsize=1 << 14)
def repair_legacy(text: str) -> tuple[str, str | None]:
    """Convert a cell typed in a TCVN3 (.VnTime) or VNI font to Unicode; name the encoding used.

    viparse's ``encoding="auto"`` turns Spanish and German into nonsense ("niño" → "niđo"), so a
    cell is converted only when it looks legacy, exactly one of the two tables turns it into
    valid Vietnamese syllables, and the result differs from the input. Anything else is left as
    it was: an unconverted cell is visible to the officer, a wrongly converted one is not.
    Cached, because lists repeat the same names, places and occupations on every page.
    """
    if text.isascii() or not _looks_legacy(text):
        return text, None
    # VNI writes every letter with Latin-1 letters; a symbol (µ, ¨, soft hyphen…) is TCVN3's.
    encodings = ("tcvn3",) if _has_legacy_symbol(text) else _LEGACY_ENCODINGS
    candidates = []
    for encoding in encodings:
        converted = viparse.fix(text, encoding=encoding)
        if converted != clean_text(text) and _reads_as_vietnamese(converted):
            candidates.append((converted, encoding))
    if len(candidates) != 1:
        return text, None
    return candidates[0]
