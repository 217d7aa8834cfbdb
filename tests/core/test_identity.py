"""Personal identification numbers: structure, consistency with the person, spreadsheet damage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpdp.core.identity import (
    FEMALE,
    MALE,
    PROVINCE_CODES,
    DecodedId,
    IdentityError,
    decode,
    normalise_digits,
    validate_id_number,
    validate_legacy_id_number,
)


def build(province: str, gender: str, year: int, serial: int) -> str:
    century_gender = 2 * ((year - 1900) // 100) + (0 if gender == MALE else 1)
    return f"{province}{century_gender}{year % 100:02d}{serial:06d}"


def test_the_province_list_holds_the_63_provinces_of_circular_07_2016() -> None:
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["027"] == "Bắc Ninh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)


@pytest.mark.parametrize(
    ("number", "decoded"),
    [
        pytest.param("027085001234", DecodedId("027", MALE, 1985), id="man-19xx"),
        pytest.param("001190000001", DecodedId("001", FEMALE, 1990), id="woman-19xx"),
        pytest.param("027205001234", DecodedId("027", MALE, 2005), id="man-20xx"),
        pytest.param("079308123456", DecodedId("079", FEMALE, 2008), id="woman-20xx"),
        pytest.param("096200999999", DecodedId("096", MALE, 2000), id="year-2000"),
        pytest.param("024199000001", DecodedId("024", FEMALE, 1999), id="year-1999"),
        pytest.param("027400000001", DecodedId("027", MALE, 2100), id="man-21xx"),
    ],
)
def test_decode_reads_province_gender_and_birth_year(number: str, decoded: DecodedId) -> None:
    assert decode(number) == decoded


@pytest.mark.parametrize(
    ("number", "message"),
    [
        pytest.param("02720500123", "đúng 12 chữ số", id="eleven-digits"),
        pytest.param("0272050012345", "đúng 12 chữ số", id="thirteen-digits"),
        pytest.param("02720500123A", "đúng 12 chữ số", id="a-letter"),
        pytest.param("027 205 001 234", "đúng 12 chữ số", id="spaces-not-normalised"),
        pytest.param("", "đúng 12 chữ số", id="empty"),
        pytest.param("000205001234", "“000” không có trong danh mục", id="province-000"),
        pytest.param("003205001234", "“003” không có trong danh mục", id="province-gap-003"),
        pytest.param("097205001234", "“097” không có trong danh mục", id="province-097"),
    ],
)
def test_decode_refuses_a_malformed_number(number: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        decode(number)


@pytest.mark.parametrize(
    ("number", "gender", "birth_year"),
    [
        ("027085001234", MALE, 1985),
        ("001190000001", FEMALE, 1990),
        ("027205001234", MALE, 2005),
        ("079308123456", FEMALE, 2008),
        ("027205001234", None, None),
        ("027205001234", "", 2005),
    ],
)
def test_validate_id_number_accepts_a_consistent_number(
    number: str, gender: str | None, birth_year: int | None
) -> None:
    validate_id_number(number, gender=gender, birth_year=birth_year)


@pytest.mark.parametrize(
    ("number", "gender", "birth_year", "message"),
    [
        pytest.param("027205001234", FEMALE, 2005, "không khớp với giới tính", id="man-as-woman"),
        pytest.param("079308123456", MALE, 2008, "không khớp với giới tính", id="woman-as-man"),
        pytest.param("027085001234", MALE, 2085, "năm sinh 1985", id="wrong-century"),
        pytest.param("027205001234", MALE, 2004, "không khớp với năm sinh 2004", id="year-off"),
        pytest.param("027005001234", MALE, 2005, "năm sinh 1905", id="20xx-as-19xx-digit"),
    ],
)
def test_validate_id_number_refuses_a_number_of_someone_else(
    number: str, gender: str, birth_year: int, message: str
) -> None:
    with pytest.raises(IdentityError, match=message):
        validate_id_number(number, gender=gender, birth_year=birth_year)


@pytest.mark.parametrize(
    "number",
    [
        pytest.param("027\uff12\uff10\uff15\uff10\uff10\uff11\uff12\uff13\uff14", id="fullwidth"),
        pytest.param(
            "027\u0662\u0660\u0665\u0660\u0660\u0661\u0662\u0663\u0664", id="arabic-indic"
        ),
    ],
)
def test_a_number_with_digits_that_are_not_ascii_is_refused(number: str) -> None:
    with pytest.raises(IdentityError, match="đúng 12 chữ số"):
        validate_id_number(number, gender=MALE, birth_year=2005)


@pytest.mark.parametrize("number", ["125456789", "000000001"])
def test_a_nine_digit_legacy_number_is_accepted(number: str) -> None:
    validate_legacy_id_number(number)


@pytest.mark.parametrize("number", ["12545678", "1254567890", "12545678A", "027205001234", ""])
def test_a_legacy_number_that_is_not_nine_digits_is_refused(number: str) -> None:
    with pytest.raises(IdentityError, match="đúng 9 chữ số"):
        validate_legacy_id_number(number)


@pytest.mark.parametrize(
    ("value", "length", "expected"),
    [
        pytest.param(27205001234.0, 12, "027205001234", id="excel-float"),
        pytest.param(27205001234, 12, "027205001234", id="excel-int"),
        pytest.param("27205001234.0", 12, "027205001234", id="float-as-text"),
        pytest.param("027 205 001 234", 12, "027205001234", id="spaces"),
        pytest.param(" 027-205-001-234 ", 12, "027205001234", id="dashes"),
        pytest.param("27205001234", 12, "027205001234", id="one-zero-dropped"),
        pytest.param("1205001234", 12, "001205001234", id="two-zeros-dropped"),
        pytest.param("205001234", 12, "205001234", id="too-short-not-padded"),
        pytest.param("027205001234", 12, "027205001234", id="already-right"),
        pytest.param("25456789", 9, "025456789", id="legacy-zero-dropped"),
        pytest.param("0272O5001234", 12, "0272O5001234", id="letter-o-left-for-validation"),
        pytest.param(None, 12, "", id="none"),
        pytest.param("", 12, "", id="empty"),
    ],
)
def test_normalise_digits_repairs_what_spreadsheets_do_to_numbers(
    value: str | int | float | None, length: int, expected: str
) -> None:
    assert normalise_digits(value, length=length) == expected


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    gender=st.sampled_from([MALE, FEMALE]),
    year=st.integers(min_value=1900, max_value=2299),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_any_well_built_number_validates_and_decodes_back(
    province: str, gender: str, year: int, serial: int
) -> None:
    number = build(province, gender, year, serial)

    validate_id_number(number, gender=gender, birth_year=year)
    assert decode(number) == DecodedId(province, gender, year)


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    gender=st.sampled_from([MALE, FEMALE]),
    year=st.integers(min_value=1900, max_value=2099),
    serial=st.integers(min_value=0, max_value=999_999),
)
def test_a_number_excel_made_numeric_comes_back_intact(
    province: str, gender: str, year: int, serial: int
) -> None:
    number = build(province, gender, year, serial)

    assert normalise_digits(float(int(number)), length=12) == number
