"""Personal identification numbers (số định danh cá nhân, 12 digits) and legacy 9-digit CMND.

Structure ``PPP G YY RRRRRR`` (Decree 137/2015 Art. 13; Circular 07/2016 Art. 7 and Appendix I,
kept by the Law on Identification 26/2023 Art. 12): the province where the birth was
registered, a century-and-gender digit, the last two digits of the birth year, six random digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from qpdp.core.error_codes import CodedError, ErrorCode

# Circular 07/2016, Appendix I: the 63 pre-2025 provinces (numbers issued never change).
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}  # fmt: skip

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")

MALE = "M"
FEMALE = "F"


class IdentityError(CodedError, ValueError):
    """An identity number that cannot belong to the person it is given for."""


@dataclass(frozen=True, slots=True)
class DecodedId:
    province_code: str
    gender: str
    birth_year: int


def decode(number: str) -> DecodedId:
    """Decode a 12-digit number; raise ``IdentityError`` with a Vietnamese reason if malformed."""
    if not _TWELVE_DIGITS.fullmatch(number):
        raise IdentityError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code=ErrorCode.ID_NUMBER_FORMAT
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise IdentityError(
            _("Mã tỉnh nơi đăng ký khai sinh “%(code)s” không có trong danh mục.")
            % {"code": province},
            code=ErrorCode.ID_NUMBER_PROVINCE,
        )
    century_gender = int(number[3])
    gender = MALE if century_gender % 2 == 0 else FEMALE
    birth_year = 1900 + 100 * (century_gender // 2) + int(number[4:6])
    return DecodedId(province_code=province, gender=gender, birth_year=birth_year)


def validate_id_number(number: str, *, gender: str | None, birth_year: int | None) -> None:
    """Check a 12-digit number against the gender and birth year it is recorded with."""
    decoded = decode(number)
    if gender in (MALE, FEMALE) and decoded.gender != gender:
        raise IdentityError(
            _("Chữ số thứ 4 của số định danh không khớp với giới tính đã khai."),
            code=ErrorCode.ID_NUMBER_GENDER,
        )
    if birth_year is not None and decoded.birth_year != birth_year:
        raise IdentityError(
            _("Số định danh cho năm sinh %(coded)s, không khớp với năm sinh %(given)s.")
            % {"coded": decoded.birth_year, "given": birth_year},
            code=ErrorCode.ID_NUMBER_BIRTH_YEAR,
        )


def validate_legacy_id_number(number: str) -> None:
    """The old identity card (CMND) number: exactly nine digits."""
    if not _NINE_DIGITS.fullmatch(number):
        raise IdentityError(
            _("Số CMND cũ phải gồm đúng 9 chữ số."), code=ErrorCode.LEGACY_ID_NUMBER_FORMAT
        )


def normalise_digits(value: str | int | float | None, *, length: int) -> str:
    """Identity numbers as text: strip spaces and a spreadsheet's ``.0``; restore dropped zeros.

    Excel turns "027205001234" into 27205001234; when the digits are one or two short of the
    expected length, the leading zeros are put back.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    text = re.sub(r"[\s.\-]", "", text)
    if text.isascii() and text.isdigit() and length - 2 <= len(text) < length:
        text = text.zfill(length)
    return text
