"""Pure rules of the person registry: partial birth dates, phone numbers, name parts.

No database, no clock: the reference date is passed in.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from qpdp.core.dates import PartialDate
from qpdp.core.error_codes import CodedError
from qpdp.core.vietnamese import clean_text
from qpdp.people.error_codes import ErrorCode

_DAY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_YEAR = re.compile(r"(?:năm\s*)?(\d{4})", re.IGNORECASE)
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
EARLIEST_BIRTH_YEAR = 1900


class RuleError(CodedError, ValueError):
    """Input that breaks a rule; the message is Vietnamese and shown as is."""


def parse_birth_date(text: str, *, today: dt.date) -> PartialDate:
    """Read dd/mm/yyyy, yyyy-mm-dd, mm/yyyy or yyyy ("năm 2005"); refuse impossible dates."""
    value = clean_text(text)
    try:
        if m := _DAY.fullmatch(value):
            result = PartialDate(int(m[3]), int(m[2]), int(m[1]))
        elif m := _ISO.fullmatch(value):
            result = PartialDate(int(m[1]), int(m[2]), int(m[3]))
        elif m := _MONTH.fullmatch(value):
            result = PartialDate(int(m[2]), int(m[1]))
        elif m := _YEAR.fullmatch(value):
            result = PartialDate(int(m[1]))
        else:
            raise RuleError(
                _("Ngày sinh “%(value)s” không đúng dạng ngày/tháng/năm, tháng/năm hoặc năm.")
                % {"value": value},
                code=ErrorCode.BIRTH_DATE_FORMAT,
            )
    except ValueError as exc:
        if isinstance(exc, RuleError):
            raise
        raise RuleError(
            _("Ngày sinh “%(value)s” không có thật.") % {"value": value},
            code=ErrorCode.BIRTH_DATE_IMPOSSIBLE,
        ) from exc
    check_birth_date(result, today=today)
    return result


def check_birth_date(value: PartialDate, *, today: dt.date) -> None:
    if value.year < EARLIEST_BIRTH_YEAR:
        raise RuleError(
            _("Năm sinh phải từ %(year)s trở đi.") % {"year": EARLIEST_BIRTH_YEAR},
            code=ErrorCode.BIRTH_YEAR_TOO_EARLY,
        )
    if value.earliest > today:
        raise RuleError(
            _("Ngày sinh không được sau ngày hôm nay."), code=ErrorCode.BIRTH_DATE_FUTURE
        )


# Mobile prefixes renumbered in 2018 (11 digits → 10): Viettel, MobiFone, VinaPhone,
# Vietnamobile, Gmobile. Old lists still carry the 11-digit numbers.
OLD_MOBILE_PREFIXES = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
    "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}  # fmt: skip


def normalise_phone(text: str) -> str:
    """A Vietnamese phone number: ten digits for a mobile, eleven for a landline, from 0.

    "+84 912 345 678", "84912345678", "0912.345.678" and 912345678 (a spreadsheet dropped the
    zero) all become "0912345678"; pre-2018 eleven-digit mobiles get their new prefix.
    """
    digits = re.sub(r"[\s.\-()]", "", text.strip())
    for country_code in ("+84", "0084", "84"):
        if digits.startswith(country_code) and (country_code != "84" or len(digits) == 11):
            digits = "0" + digits.removeprefix(country_code).lstrip("0")
            break
    if (len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] in "12"):
        digits = "0" + digits
    if len(digits) == 11 and digits[:4] in OLD_MOBILE_PREFIXES:
        digits = OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    if digits and not (_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits)):
        raise RuleError(
            _(
                "Số điện thoại di động phải gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09; "
                "số cố định gồm 11 chữ số, bắt đầu bằng 02."
            ),
            code=ErrorCode.PHONE_FORMAT,
        )
    return digits
