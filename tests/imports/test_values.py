"""Cell parsers: dates in every form officers type, genders, numbers Excel mangles, legacy fonts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl.utils.datetime import from_excel
from viparse.normalize.tcvn3 import TCVN3
from viparse.normalize.vni import VNI

from qpdp.core.identity import FEMALE, MALE
from qpdp.core.vietnamese import is_vietnamese_syllable, repair_legacy
from qpdp.imports.values import (
    ParseContext,
    PartialDate,
    excel_serial_to_date,
    parse_date,
    parse_gender,
    parse_id_number,
    parse_id_or_legacy_number,
    parse_legacy_id_number,
    parse_mark,
    parse_name,
    parse_text,
    parse_unit_ref,
    pivot_two_digit_year,
)
from qpdp.people.import_layouts.values import (
    COLLEGE,
    INTERMEDIATE,
    POSTGRADUATE,
    UNIVERSITY,
    parse_education_level,
    parse_phone,
)

TODAY = dt.date(2026, 11, 29)
CTX = ParseContext(today=TODAY)
EXCEL_DAY_ZERO = dt.date(1899, 12, 30)

# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/03/2005", PartialDate(2005, 3, 1)),
        ("1/3/2005", PartialDate(2005, 3, 1)),
        ("01-03-2005", PartialDate(2005, 3, 1)),
        ("01.03.2005", PartialDate(2005, 3, 1)),
        (" 1 / 3 / 2005 ", PartialDate(2005, 3, 1)),
        ("1/3/05", PartialDate(2005, 3, 1)),
        ("1/3/95", PartialDate(1995, 3, 1)),
        ("2005-03-01", PartialDate(2005, 3, 1)),
        ("2005-03-01 00:00:00", PartialDate(2005, 3, 1)),
        ("01/03/2005 00:00", PartialDate(2005, 3, 1)),
        ("ngày 1 tháng 3 năm 2005", PartialDate(2005, 3, 1)),
        ("Ngày 01 tháng 03 năm 2005", PartialDate(2005, 3, 1)),
        ("03/2005", PartialDate(2005, 3)),
        ("3/2005", PartialDate(2005, 3)),
        ("tháng 3/2005", PartialDate(2005, 3)),
        ("Tháng 3 năm 2005", PartialDate(2005, 3)),
        ("2005", PartialDate(2005)),
        ("năm 2005", PartialDate(2005)),
        ("NĂM 2005", PartialDate(2005)),
        (2005, PartialDate(2005)),
        (2005.0, PartialDate(2005)),
        (38412, PartialDate(2005, 3, 1)),
        (38412.75, PartialDate(2005, 3, 1)),
        (dt.date(2005, 3, 1), PartialDate(2005, 3, 1)),
        (dt.datetime(2005, 3, 1, 14, 30), PartialDate(2005, 3, 1)),
        ("29/02/2004", PartialDate(2004, 2, 29)),
        ("29/11/2026", PartialDate(2026, 11, 29)),
        ("11/2026", PartialDate(2026, 11)),
    ],
)
def test_it_reads_every_date_form(value: object, expected: PartialDate) -> None:
    assert parse_date(value, CTX) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("31/02/2005", "31/02/2005 không có thật"),
        ("29/02/2005", "29/02/2005 không có thật"),
        ("12/13/2005", "kiểu Mỹ"),
        ("01/13/2005", "kiểu Mỹ"),
        ("40/40/2005", "Tháng 40 không có"),
        ("30/11/2026", "tương lai"),
        ("12/2026", "tương lai"),
        ("2027", "tương lai"),
        ("1/1/1899", "quá xa"),
        ("1850", "quá xa"),
        (60, "29/02/1900"),
        (0, "không phải ngày"),
        ("hai nghìn lẻ năm", "không phải ngày tháng"),
        ("01/03", "không phải ngày tháng"),
        (dt.time(8, 30), "không chứa ngày"),
        (True, "không chứa ngày"),
    ],
)
def test_it_rejects_impossible_future_and_unreadable_dates(value: object, fragment: str) -> None:
    parsed, error = parse_date(value, CTX)  # type: ignore[arg-type]

    assert parsed is None
    assert error is not None and fragment in str(error)


def test_two_digit_years_pivot_on_the_reference_year() -> None:
    assert pivot_two_digit_year(26, TODAY) == 2026
    assert pivot_two_digit_year(27, TODAY) == 1927
    assert pivot_two_digit_year(0, TODAY) == 2000
    assert pivot_two_digit_year(99, TODAY) == 1999
    assert parse_date("1/1/27", CTX) == (PartialDate(1927, 1, 1), None)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (60, None),  # Excel's 29/02/1900, which never existed
        (61, dt.date(1900, 3, 1)),
        (36526, dt.date(2000, 1, 1)),
        (38412, dt.date(2005, 3, 1)),
        (0, None),
        (-5, None),
        (2_958_466, None),
    ],
)
def test_excel_serials_follow_the_1900_system_with_its_leap_year_bug(
    serial: int, expected: dt.date | None
) -> None:
    assert excel_serial_to_date(serial) == expected


@given(st.integers(min_value=61, max_value=2_958_465))
def test_excel_serials_agree_with_openpyxl(serial: int) -> None:
    assert excel_serial_to_date(serial) == from_excel(serial).date()


@given(
    st.dates(min_value=dt.date(1900, 3, 1), max_value=TODAY),
    st.sampled_from(["dmy", "d/m/y", "iso", "dash", "dot", "serial", "words", "date", "datetime"]),
)
def test_dates_round_trip_through_every_form(day: dt.date, form: str) -> None:
    # Below serial 3000 (March 1908) a whole number reads as a typed year, which wins.
    assume(form != "serial" or (day - EXCEL_DAY_ZERO).days >= 3000)
    value: object = {
        "dmy": f"{day:%d/%m/%Y}",
        "d/m/y": f"{day.day}/{day.month}/{day.year}",
        "iso": day.isoformat(),
        "dash": f"{day:%d-%m-%Y}",
        "dot": f"{day:%d.%m.%Y}",
        "serial": (day - EXCEL_DAY_ZERO).days,
        "words": f"ngày {day.day} tháng {day.month} năm {day.year}",
        "date": day,
        "datetime": dt.datetime.combine(day, dt.time(7, 15)),
    }[form]

    parsed, error = parse_date(value, CTX)  # type: ignore[arg-type]

    assert error is None
    assert parsed is not None and parsed.to_date() == day
    assert parse_date(str(parsed), CTX) == (parsed, None)


@given(st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY))
def test_two_digit_years_round_trip_within_the_pivot_century(day: dt.date) -> None:
    parsed, _error = parse_date(f"{day.day}/{day.month}/{day:%y}", CTX)

    assert parsed is not None and parsed.to_date() == day


def test_partial_dates_print_and_compare_as_officers_write_them() -> None:
    assert str(PartialDate(2005)) == "2005"
    assert str(PartialDate(2005, 3)) == "03/2005"
    assert str(PartialDate(2005, 3, 1)) == "01/03/2005"
    assert PartialDate(2005, 3).earliest == dt.date(2005, 3, 1)
    assert PartialDate(2005, 3).to_date() is None
    assert PartialDate.from_date(dt.date(2005, 3, 1)).to_date() == dt.date(2005, 3, 1)


# --- gender and marks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nam", MALE), ("NAM", MALE), ("nam", MALE), ("M", MALE), ("male", MALE), (1, MALE),
        ("1", MALE), (1.0, MALE), ("Nữ", FEMALE), ("NỮ", FEMALE), ("nu", FEMALE),
        ("F", FEMALE), ("0", FEMALE), (0, FEMALE), (unicodedata.normalize("NFD", "Nữ"), FEMALE),
    ],
)  # fmt: skip
def test_it_reads_gender_conventions(value: object, expected: str) -> None:
    assert parse_gender(value, CTX) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["x", "Khác", "2", "?"])
def test_it_rejects_an_unknown_gender(value: str) -> None:
    parsed, error = parse_gender(value, CTX)

    assert parsed is None and error is not None and "Nam hoặc Nữ" in str(error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("x", True), ("X", True), ("✓", True), (1, True), (True, True), ("có", True),
     ("0", False), ("không", False), (False, False)],
)  # fmt: skip
def test_it_reads_tick_marks(value: object, expected: bool) -> None:
    assert parse_mark(value, CTX) == (expected, None)  # type: ignore[arg-type]


def test_it_rejects_a_tick_that_is_no_tick() -> None:
    assert parse_mark("Nam", CTX)[1] is not None


# --- identity numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [27205001234.0, 27205001234, "027205001234", " 027 205 001 234 ", "027.205.001.234"],
)
def test_it_reads_id_numbers_as_text_restoring_the_dropped_zero(value: object) -> None:
    assert parse_id_number(value, CTX) == ("027205001234", None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2.72050012E+10", "dạng khoa học"),
        ("2,7205E+10", "dạng khoa học"),
        ("012345678", "CMND"),
        ("12345678", "chỉ có 8 chữ số"),
        (1234567, "chỉ có 7 chữ số"),
        ("999205001234", "Mã tỉnh"),
        ("0272050012", "Mã tỉnh"),
        ("0272050012345", "12 chữ số"),
        ("027205OO1234", "chữ số"),
        (2.5, "chữ số"),
        (True, "chữ số"),
        (dt.date(2005, 3, 1), "chữ số"),
    ],
)
def test_it_rejects_malformed_id_numbers(value: object, fragment: str) -> None:
    parsed, error = parse_id_number(value, CTX)  # type: ignore[arg-type]

    assert parsed is None and error is not None and fragment in str(error)


def test_an_eight_digit_number_is_not_called_a_cmnd() -> None:
    _parsed, error = parse_id_number("12345678", CTX)  # type: ignore[arg-type]

    assert "CMND" not in str(error)


def test_it_reads_legacy_id_numbers() -> None:
    assert parse_legacy_id_number(12345678, CTX) == ("012345678", None)
    assert parse_legacy_id_number("125 678 901", CTX) == ("125678901", None)
    assert parse_legacy_id_number("1256789012", CTX)[0] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(27205001234.0, "027205001234"), ("125678901", "125678901"), (12345678, "012345678")],
)
def test_a_combined_column_takes_either_number(value: object, expected: str) -> None:
    assert parse_id_or_legacy_number(value, CTX) == (expected, None)  # type: ignore[arg-type]


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        (912345678, "0912345678"),
        (912345678.0, "0912345678"),
        ("01662345678", "0362345678"),
        ("0123 456 7890", "0834567890"),
        (1662345678, "0362345678"),
        ("0243 987 6543", "02439876543"),
        (2439876543, "02439876543"),
    ],
)
def test_it_normalises_phone_numbers(value: object, expected: str) -> None:
    assert parse_phone(value, CTX) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", ["12345", "0612345678", "091234567", "0912345678 / 0987654321", "abc", 9.5, True]
)
def test_it_rejects_what_is_not_one_vietnamese_phone(value: object) -> None:
    parsed, error = parse_phone(value, CTX)  # type: ignore[arg-type]

    assert parsed is None and error is not None


@given(
    st.sampled_from("35789"),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.sampled_from(["0{p}{r}", "+84{p}{r}", "+84 {p}{a} {b} {c}", "0{p}{a}.{b}.{c}", "84{p}{r}"]),
)
def test_mobile_numbers_round_trip_through_their_spellings(
    prefix: str, rest: str, spelling: str
) -> None:
    text = spelling.format(p=prefix, r=rest, a=rest[:2], b=rest[2:5], c=rest[5:])

    assert parse_phone(text, CTX) == (f"0{prefix}{rest}", None)


# --- text, names, units, education ----------------------------------------------------------


def test_names_are_nfc_trimmed_collapsed_and_capitalised() -> None:
    nfd = unicodedata.normalize("NFD", "  nguyễn   THỊ \t bích  ngọc ")

    assert parse_name(nfd, CTX) == ("Nguyễn Thị Bích Ngọc", None)


@given(
    st.sampled_from(["Nguyễn Văn An", "Đặng Thị Hồng Nhung", "Lê Quý Đôn", "Hoàng Thuỵ Ái"]),
    st.sampled_from(["NFC", "NFD"]),
    st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0"]), min_size=4, max_size=4),
    st.booleans(),
)
def test_name_spellings_collapse_to_one_form(
    name: str, form: Literal["NFC", "NFD"], spaces: list[str], upper: bool
) -> None:
    text = unicodedata.normalize(form, name.upper() if upper else name.lower())
    padded = spaces[0] + text.replace(" ", spaces[1] + " " + spaces[2]) + spaces[3]

    assert parse_name(padded, CTX) == (name, None)


@pytest.mark.parametrize("value", ["Nguyễn Văn 2", "Lê @ Hoa"])
def test_it_rejects_names_with_digits_or_symbols(value: str) -> None:
    assert parse_name(value, CTX)[0] is None


def test_text_is_nfc_and_collapsed() -> None:
    text = unicodedata.normalize("NFD", "  Thôn  Đông,\n xã Tân Lập ")

    assert parse_text(text, CTX) == ("Thôn Đông, xã Tân Lập", None)
    assert parse_text(12.0, CTX) == ("12", None)
    assert parse_text(dt.date(2005, 3, 1), CTX) == ("01/03/2005", None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9190, "09190"),
        ("9190", "09190"),
        ("00004", "00004"),
        (" Phường  Kinh Bắc", "Phường Kinh Bắc"),
    ],
)
def test_residence_units_are_names_or_five_digit_codes(value: object, expected: str) -> None:
    assert parse_unit_ref(value, CTX) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12/12", 12), ("9/12", 9), ("9 / 12", 9), ("0/12", 0), (9, 9), (12.0, 12), ("Lớp 9", 9),
        ("10/10", 12), ("7/10", 9), ("4/10", 5), ("Đại học", UNIVERSITY), ("ĐẠI HỌC", UNIVERSITY),
        ("ĐH", UNIVERSITY), ("Cao đẳng", COLLEGE), ("Trung cấp", INTERMEDIATE),
        ("Sau đại học", POSTGRADUATE), ("Thạc sĩ", POSTGRADUATE), ("12/12, Đại học", UNIVERSITY),
        ("THPT", 12), ("THCS", 9), ("Tiểu học", 5), ("Mù chữ", 0),
    ],
)  # fmt: skip
def test_it_reads_education_levels(value: object, expected: int) -> None:
    assert parse_education_level(value, CTX) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["13/12", "11/10", "giỏi", 14])
def test_it_rejects_unknown_education_levels(value: object) -> None:
    assert parse_education_level(value, CTX)[0] is None  # type: ignore[arg-type]


# --- legacy encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding"),
    [
        ("NguyÔn V¨n An", "Nguyễn Văn An", "tcvn3"),
        ("TrÇn §øc Th¾ng", "Trần Đức Thắng", "tcvn3"),
        ("Hµ Néi", "Hà Nội", "tcvn3"),
        ("Hä vµ tªn", "Họ và tên", "tcvn3"),
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", "tcvn3"),
        ("Nguyeãn Vaên An", "Nguyễn Văn An", "vni"),
        ("Traàn Ñöùc Thaéng", "Trần Đức Thắng", "vni"),
        ("Ñaø Naüng", "Đà Nẵng", "vni"),
        ("Phöôøng Kinh Baéc", "Phường Kinh Bắc", "vni"),
    ],
)
def test_it_converts_tcvn3_and_vni_cells(legacy: str, unicode: str, encoding: str) -> None:
    assert repair_legacy(legacy) == (unicode, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "El niño comió piñas en España.",
        "Müller Straße",
        "Hélène Dupré",
        "François Gérard",
        "José Martínez",
        "Søren Ærø",
        "São João",
        "Nguyễn Văn An",
        "Hoà Bình",
        "Võ Thị Sáu",
        "Hà Tây",
        "Phó Chủ tịch UBND",
        "Số 12, ngõ 5",
        "Müller",
    ],
)
def test_it_leaves_foreign_and_unicode_text_alone(text: str) -> None:
    assert repair_legacy(text) == (text, None)


PHRASES = (
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Phúc", "Phạm Đức Thắng", "Đặng Quốc Bảo",
    "Vũ Kim Oanh", "Bùi Xuân Trường", "Đỗ Mạnh Cường", "Hồ Ngô Tuyết Mai", "Dương Khải",
    "Lý Thu Hương", "Huyền", "phường xã thị trấn thôn tổ dân phố", "quyết định nghĩa vụ quân sự",
    "dân quân tự vệ huấn luyện sức khỏe", "giường khuya nguyệt luyện chuyện người được mười",
)  # fmt: skip
VIETNAMESE_WORDS = [word for phrase in PHRASES for word in phrase.split()]


def _encoder(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {unicode: legacy for legacy, unicode in pairs}


TO_TCVN3 = _encoder(TCVN3.pairs)
TO_VNI = _encoder(VNI.pairs)


def _encode(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in text)


@given(st.lists(st.sampled_from(VIETNAMESE_WORDS), min_size=1, max_size=6))
def test_legacy_text_is_never_converted_wrongly(words: list[str]) -> None:
    """A lone word can read validly in both tables (VNI "Thò" is "Thị", and Unicode "thò"):
    such a cell may stay as it is, but a conversion, when made, is the right one."""
    text = " ".join(words)
    for table, encoding in ((TO_TCVN3, "tcvn3"), (TO_VNI, "vni")):
        repaired = repair_legacy(_encode(text, table))
        assert repaired[1] is None or repaired == (text, encoding)


@pytest.mark.parametrize(("table", "encoding"), [(TO_TCVN3, "tcvn3"), (TO_VNI, "vni")])
def test_a_whole_sentence_of_legacy_text_converts(table: dict[str, str], encoding: str) -> None:
    text = " ".join(VIETNAMESE_WORDS)

    assert repair_legacy(_encode(text, table)) == (text, encoding)


def test_upper_case_tcvn3_keeps_its_lower_case_toned_letters() -> None:
    """.VnTimeH draws TCVN3's lower-case toned letters as capitals; only the font knew."""
    assert repair_legacy("NGUYÔN V¡N AN") == ("NGUYễN VĂN AN", "tcvn3")


def test_a_longer_vni_cell_resolves_an_ambiguous_word() -> None:
    assert repair_legacy("Thò") == ("Thò", None)
    assert repair_legacy("Traàn Thò Mai") == ("Trần Thị Mai", "vni")


@given(st.text(alphabet=st.characters(codec="latin-1"), max_size=30))
def test_repair_never_changes_text_into_something_unreadable(text: str) -> None:
    repaired, encoding = repair_legacy(text)

    assert (repaired == text) == (encoding is None)


@pytest.mark.parametrize(
    "word", ["nguyễn", "NGƯỜI", "quyết", "giường", "khuya", "gì", "oanh", "thuở", "xoong"]
)
def test_real_syllables_pass(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["niño", "müller", "straße", "hélène", "nguyeãn", "mỹller", "ấá"])
def test_foreign_words_are_no_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)
