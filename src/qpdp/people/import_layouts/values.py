"""Cell parsers of the person registry's columns: phone numbers and education levels.

Generic parsers (dates, names, identity numbers, text, units) are the engine's
(``imports.values``); these know the person registry's own value lists and rules.
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.core.vietnamese import fold
from qpdp.imports.columns import register_kernel
from qpdp.imports.readers import CellValue
from qpdp.imports.values import ParseContext, ParseResult, as_text
from qpdp.people.choices import EducationLevel
from qpdp.people.rules import RuleError, normalise_phone

_PHONE_SEPARATORS = re.compile(r"[,;/\n]|\s-\s")


def parse_phone(value: CellValue, context: ParseContext) -> ParseResult[str]:
    """A Vietnamese phone number as ten (mobile) or eleven (landline) digits (people.rules).

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
    try:
        return normalise_phone(text), None
    except RuleError:
        return None, format_lazy(
            _(
                "“{value}” không phải số điện thoại Việt Nam (di động 10 số bắt đầu bằng 03, 05, "
                "07, 08, 09)."
            ),
            value=text,
        )


# Education level: 0–12 general-education grade, then the vocational and higher levels.
INTERMEDIATE: Final = EducationLevel.VOCATIONAL
COLLEGE: Final = EducationLevel.COLLEGE
UNIVERSITY: Final = EducationLevel.UNIVERSITY
POSTGRADUATE: Final = EducationLevel.POSTGRADUATE

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
    text = fold(as_text(value))
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
        value=as_text(value),
    )


def _phone_kernel(text: pl.Expr, context: ParseContext) -> pl.Expr:
    """A mobile number already written as ten digits is what ``parse_phone`` returns for it."""
    return pl.when(text.str.contains(r"^0[35789][0-9]{8}$")).then(text)


register_kernel(parse_phone, _phone_kernel)
