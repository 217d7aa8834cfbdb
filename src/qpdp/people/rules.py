"""Pure rules of the person registry: partial birth dates, phone numbers, name parts.

No database, no clock: the reference date is passed in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qpdp.core.vietnamese import clean_text
from qpdp.people.choices import BirthPrecision

_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_YEAR = re.compile(r"(?:năm\s*)?(\d{4})", re.IGNORECASE)
_MOBILE = re.compile(r"0[35789]\d{8}")
EARLIEST_BIRTH_YEAR = 1900


class RuleError(ValueError):
    """Input that breaks a rule; the message is Vietnamese and shown as is."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A birth date as old records hold it: a full date, a month and year, or a year only."""

    date: dt.date
    precision: str

    def __str__(self) -> str:
        if self.precision == BirthPrecision.YEAR:
            return f"{self.date:%Y}"
        if self.precision == BirthPrecision.MONTH:
            return f"{self.date:%m/%Y}"
        return f"{self.date:%d/%m/%Y}"


def parse_birth_date(text: str, *, today: dt.date) -> PartialDate:
    """Read dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy ("năm 2005"); refuse impossible dates."""
    value = clean_text(text)
    try:
        if m := _DAY.fullmatch(value):
            result = PartialDate(dt.date(int(m[3]), int(m[2]), int(m[1])), BirthPrecision.DAY)
        elif m := _ISO.fullmatch(value):
            result = PartialDate(dt.date(int(m[1]), int(m[2]), int(m[3])), BirthPrecision.DAY)
        elif m := _MONTH.fullmatch(value):
            result = PartialDate(dt.date(int(m[2]), int(m[1]), 1), BirthPrecision.MONTH)
        elif m := _YEAR.fullmatch(value):
            result = PartialDate(dt.date(int(m[1]), 1, 1), BirthPrecision.YEAR)
        else:
            raise RuleError(
                _("Ngày sinh “%(value)s” không đúng dạng ngày/tháng/năm, tháng/năm hoặc năm.")
                % {"value": value}
            )
    except ValueError as exc:
        if isinstance(exc, RuleError):
            raise
        raise RuleError(_("Ngày sinh “%(value)s” không có thật.") % {"value": value}) from exc
    check_birth_date(result, today=today)
    return result


def check_birth_date(value: PartialDate, *, today: dt.date) -> None:
    if value.date.year < EARLIEST_BIRTH_YEAR:
        raise RuleError(_("Năm sinh phải từ %(year)s trở đi.") % {"year": EARLIEST_BIRTH_YEAR})
    if value.date > today:
        raise RuleError(_("Ngày sinh không được sau ngày hôm nay."))


def normalise_phone(text: str) -> str:
    """A Vietnamese mobile number as ten digits: +84/84 prefixes and separators removed."""
    digits = re.sub(r"[\s.\-()]", "", text.strip())
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits
    if digits and not _MOBILE.fullmatch(digits):
        raise RuleError(
            _("Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09.")
        )
    return digits
