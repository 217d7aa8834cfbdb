"""Layouts and row validation: the registry, the people layout, and whole files end to end."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

from qpdp.core.identity import FEMALE, MALE
from qpdp.imports.headers import ColumnMapping, locate_table
from qpdp.imports.layouts import (
    Layout,
    LayoutField,
    LegacyCell,
    RowResult,
    all_layouts,
    get_layout,
    register,
    validate_rows,
)
from qpdp.imports.readers import CellValue, Row, open_sheet
from qpdp.imports.values import PartialDate, parse_date, parse_name
from qpdp.people.import_layouts import PEOPLE
from tests.imports.test_readers import encode_cp1258

TODAY = dt.date(2026, 11, 29)
MALE_2005 = "027205001234"  # Bắc Ninh, century-and-gender digit 2 (male, 2000s), born 2005
FEMALE_2005 = "027305001234"


def validate(header: Sequence[CellValue], *rows: Sequence[CellValue]) -> list[RowResult]:
    """Validate data rows (numbered from 2) under a one-line header."""
    table = locate_table(
        PEOPLE, [Row(1, list(header))] + [Row(n, list(r)) for n, r in enumerate(rows, 2)]
    )
    return list(validate_rows(PEOPLE, table.data_rows(), table.mapping, today=TODAY))


def codes(result: RowResult) -> list[tuple[str, str]]:
    return [(error.column_letter, error.code) for error in result.errors]


# --- registry -------------------------------------------------------------------------------


def test_the_people_layout_is_registered() -> None:
    assert get_layout("people") is PEOPLE
    assert PEOPLE in all_layouts()
    assert str(PEOPLE.label) == "Danh sách công dân"
    assert PEOPLE.field("full_name").label == "Họ và tên"


def test_registering_twice_is_harmless_but_a_second_layout_with_the_code_is_refused() -> None:
    assert register(PEOPLE) is PEOPLE
    with pytest.raises(ValueError, match="already registered"):
        register(Layout("people", "Khác", (LayoutField("full_name", "Họ và tên"),)))


def test_a_layout_that_does_not_say_how_its_rows_are_written_is_refused() -> None:
    with pytest.raises(ValueError, match="declares no records"):
        register(Layout("test-no-records", "Khác", (LayoutField("full_name", "Họ và tên"),)))
    with pytest.raises(KeyError):
        get_layout("test-no-records")


def test_an_unknown_layout_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        get_layout("no-such-layout")


def test_a_layout_with_two_fields_of_one_name_is_refused() -> None:
    with pytest.raises(ValueError, match="duplicate field"):
        Layout("x", "x", (LayoutField("a", "Một"), LayoutField("a", "Hai")))


def test_a_small_layout_is_a_few_declarations() -> None:
    trainees = Layout(
        code="test-trainees",
        label_vi="Học viên",
        fields=(
            LayoutField("full_name", "Họ và tên", ("Họ tên",), parse_name, required=True),
            LayoutField("course_start", "Ngày nhập học", ("Ngày vào",), parse_date),
        ),
    )
    table = locate_table(trainees, [Row(1, ["Họ tên", "Ngày vào"]), Row(2, ["lê  thị hoa", 45658])])

    (result,) = validate_rows(trainees, table.data_rows(), table.mapping, today=TODAY)

    assert result.values == {"full_name": "Lê Thị Hoa", "course_start": PartialDate(2025, 1, 1)}


# --- validation -----------------------------------------------------------------------------


def test_a_clean_row_becomes_the_values_of_a_person() -> None:
    (result,) = validate(
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc", "Tôn giáo",
         "Trình độ văn hóa", "Phường/Xã", "Địa chỉ", "SĐT", "Nghề nghiệp", "Nơi làm việc",
         "Ghi chú", "Số CMND"],
        [1, " nguyễn  văn AN ", 38412, "Nam", 27205001234.0, "Kinh", "Không", "12/12", 9190,
         "Thôn Đông", 912345678, "Sinh viên", "Trường Đại học Bắc Ninh", None, 125678901],
    )  # fmt: skip

    assert result.ok, result.errors
    assert result.row_number == 2
    assert result.values == {
        "full_name": "Nguyễn Văn An",
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "An",
        "birth_date": PartialDate(2005, 3, 1),
        "gender": MALE,
        "id_number": MALE_2005,
        "legacy_id_number": "125678901",
        "ethnicity": "Kinh",
        "religion": "Không",
        "education_level": 12,
        "residence_unit": "09190",
        "address": "Thôn Đông",
        "phone": "0912345678",
        "occupation": "Sinh viên",
        "workplace": "Trường Đại học Bắc Ninh",
    }


def test_each_bad_cell_is_reported_at_its_row_column_and_header() -> None:
    results = validate(
        ["Họ và tên", "Ngày sinh", "Giới tính", "SĐT"],
        ["Nguyễn Văn An", "31/02/2005", "?", "12345"],
        ["Trần Thị Bích", "01/03/2005", "Nữ", "0987654321"],
    )

    first, second = results
    assert [(e.row, e.column_letter, e.header, e.value, e.field) for e in first.errors] == [
        (2, "B", "Ngày sinh", "31/02/2005", "birth_date"),
        (2, "C", "Giới tính", "?", "gender"),
        (2, "D", "SĐT", "12345", "phone"),
    ]
    assert str(first.errors[0].reason_vi) == "Ngày 31/02/2005 không có thật."
    assert {error.code for error in first.errors} == {"invalid"}
    assert second.ok


def test_a_blank_required_cell_is_one_error_and_a_bad_one_is_not_reported_twice() -> None:
    blank, bad = validate(
        ["Họ và tên", "Ngày sinh"], ["Nguyễn Văn An", None], ["Lê Văn 3", "01/03/2005"]
    )

    assert codes(blank) == [("B", "required")]
    assert str(blank.errors[0].reason_vi) == "Thiếu Ngày sinh."
    assert codes(bad) == [("A", "invalid")]


def test_a_required_field_with_no_column_is_reported_without_a_column() -> None:
    (result,) = validate(["Họ và tên", "Địa chỉ"], ["Nguyễn Văn An", "Thôn Đông"])

    assert [(e.column_letter, e.header, e.field, e.code) for e in result.errors] == [
        ("", "", "birth_date", "required")
    ]


def test_names_in_two_columns_make_the_full_name() -> None:
    (result,) = validate(["Họ và tên đệm", "Tên", "Ngày sinh"], ["NGUYỄN thị", "ánh", 2005])

    assert result.ok
    assert (result.values["full_name"], result.values["middle_name"]) == ("Nguyễn Thị Ánh", "Thị")


def test_names_in_three_columns_make_the_full_name() -> None:
    (result,) = validate(["Họ", "Tên đệm", "Tên", "Năm sinh"], ["Lê", None, "Hoa", 2005])

    assert result.ok
    assert result.values["full_name"] == "Lê Hoa"


def test_gender_comes_from_a_tick_under_nam_or_nu() -> None:
    male, female, both, neither = validate(
        ["Họ và tên", "Ngày sinh", "Nam", "Nữ"],
        ["An", 2005, "x", None],
        ["Bích", 2005, None, "X"],
        ["Cúc", 2005, "x", "x"],
        ["Dung", 2005],
    )

    assert male.values["gender"] == MALE
    assert female.values["gender"] == FEMALE
    assert codes(both) == [("D", "gender_both")]
    assert neither.ok and "gender" not in neither.values
    assert not {"gender_male", "gender_female"} & set(male.values)


def test_a_tick_that_contradicts_the_gender_column_is_an_error() -> None:
    (result,) = validate(["Họ và tên", "Ngày sinh", "Giới tính", "Nữ"], ["An", 2005, "Nam", "x"])

    assert codes(result) == [("D", "gender_conflict")]


def test_a_birth_date_written_under_nam_or_nu_gives_both_date_and_gender() -> None:
    table = locate_table(
        PEOPLE,
        [
            Row(1, ["Họ và tên", "Ngày, tháng, năm sinh", None]),
            Row(2, [None, "Nam", "Nữ"]),
            Row(3, ["Nguyễn Văn An", "01/03/2005", None]),
            Row(4, ["Trần Thị Bích", None, 2005]),
            Row(5, ["Lê Cúc", 2005, 2005]),
        ],
    )

    an, bich, cuc = validate_rows(PEOPLE, table.data_rows(), table.mapping, today=TODAY)

    assert (an.values["birth_date"], an.values["gender"]) == (PartialDate(2005, 3, 1), MALE)
    assert (bich.values["birth_date"], bich.values["gender"]) == (PartialDate(2005), FEMALE)
    assert codes(cuc) == [("C", "gender_both")]


def test_an_id_number_that_contradicts_gender_or_birth_year_is_an_error() -> None:
    wrong_gender, wrong_year, partial_year = validate(
        ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD"],
        ["Trần Thị Bích", "01/03/2005", "Nữ", MALE_2005],
        ["Nguyễn Văn An", "01/03/2006", "Nam", MALE_2005],
        ["Nguyễn Văn An", "năm 2005", "Nam", MALE_2005],
    )

    assert codes(wrong_gender) == [("D", "id_mismatch")]
    assert "giới tính" in str(wrong_gender.errors[0].reason_vi)
    assert codes(wrong_year) == [("D", "id_mismatch")]
    assert partial_year.ok


def test_a_cccd_cmnd_column_is_routed_by_the_length_of_the_number() -> None:
    twelve, nine, dropped_zero = validate(
        ["Họ và tên", "Ngày sinh", "CCCD/CMND"],
        ["An", 2005, 27305001234],
        ["Bích", 1990, "125678901"],
        ["Cúc", 1990, 12345678],
    )

    assert twelve.values["id_number"] == FEMALE_2005
    assert nine.values["legacy_id_number"] == "125678901"
    assert dropped_zero.values["legacy_id_number"] == "012345678"
    assert "id_or_legacy_number" not in twelve.values


def test_two_different_numbers_for_one_person_are_an_error() -> None:
    (result,) = validate(
        ["Họ và tên", "Ngày sinh", "Số CCCD", "CCCD/CMND"], ["An", 2005, MALE_2005, FEMALE_2005]
    )

    assert codes(result) == [("D", "id_conflict")]


def test_legacy_font_cells_are_converted_and_counted() -> None:
    (result,) = validate(
        ["Họ và tên", "Ngày sinh", "Địa chỉ", "Ghi chú"],
        ["NguyÔn V¨n An", 2005, "Phöôøng Kinh Baéc", "El niño"],
    )

    assert result.ok
    assert result.values["full_name"] == "Nguyễn Văn An"
    assert result.values["address"] == "Phường Kinh Bắc"
    assert result.values["notes"] == "El niño"
    assert result.converted == (LegacyCell("A", "tcvn3"), LegacyCell("C", "vni"))


def test_a_repeated_cell_gives_the_same_value_conversion_and_error_on_every_row() -> None:
    rows = [
        [f"NguyÔn V¨n {given}", 2005, "Phöôøng Kinh Baéc", "Nam", " "]
        for given in ("An", "Ba", "Ca")
    ]
    rows.append(["Lê Văn Dũng", "31/02/2005", "Phöôøng Kinh Baéc", "Namm", ""])
    rows.append(["Lê Văn Em", "31/02/2005", "x", "Namm", ""])
    results = validate(["Họ và tên", "Ngày sinh", "Địa chỉ", "Giới tính", "Ghi chú"], *rows)

    for result in results[:3]:
        assert result.ok
        assert result.values["address"] == "Phường Kinh Bắc"
        assert "notes" not in result.values  # a lone space is a blank cell, every time
        assert LegacyCell("C", "vni") in result.converted
    assert [codes(result) for result in results[3:]] == [[("B", "invalid"), ("D", "invalid")]] * 2
    assert [error.row for result in results[3:] for error in result.errors] == [5, 5, 6, 6]


def test_validation_streams_without_reading_ahead() -> None:
    def rows() -> object:
        yield Row(2, ["Nguyễn Văn An", 2005])
        raise AssertionError("read past the first row")

    mapping = locate_table(PEOPLE, [Row(1, ["Họ và tên", "Ngày sinh"])]).mapping
    results = validate_rows(PEOPLE, rows(), mapping, today=TODAY)  # type: ignore[arg-type]

    assert next(results).values["full_name"] == "Nguyễn Văn An"


# --- whole files ----------------------------------------------------------------------------


def _import(path: Path) -> tuple[ColumnMapping, list[RowResult], list[str]]:
    reader = open_sheet(path)
    table = locate_table(PEOPLE, reader, merged_ranges=reader.merged_ranges)
    results = list(validate_rows(PEOPLE, table.data_rows(), table.mapping, today=TODAY))
    return table.mapping, results, [skip.code for skip in table.skipped]


def test_an_officers_xlsx_imports_end_to_end(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ỦY BAN NHÂN DÂN PHƯỜNG KINH BẮC"])
    sheet.append(["DANH SÁCH CÔNG DÂN NAM ĐỦ 17 TUỔI NĂM 2026"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", None, "Ngày sinh", "Giới tính", "Số CCCD", "Ghi chú"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    nfd_name = unicodedata.normalize("NFD", "  Nguyễn   Văn ")
    sheet.append([1, nfd_name, "An", dt.date(2005, 3, 1), "Nam", 27205001234, None])
    sheet.append([2, "TrÇn §øc", "Th¾ng", 38412, "nam", "027205001234", "Müller"])
    sheet.append([3, "Lê Văn", "Cường", "31/02/2005", "Nam", 2.7205e10 + 0.5, None])
    sheet.append(["Tổng cộng", None, None, None, 3])
    sheet.merge_cells("B4:C4")
    path = tmp_path / "danh_sach.xlsx"
    workbook.save(path)

    mapping, (an, thang, cuong), skipped = _import(path)

    assert mapping.header_rows == (4,)
    assert an.values["full_name"] == "Nguyễn Văn An"
    assert an.values["id_number"] == MALE_2005
    assert thang.values["full_name"] == "Trần Đức Thắng"
    assert thang.values["notes"] == "Müller"
    assert thang.converted == (LegacyCell("B", "tcvn3"), LegacyCell("C", "tcvn3"))
    assert [(e.row, e.column_letter, e.code) for e in cuong.errors] == [
        (8, "D", "invalid"),
        (8, "F", "invalid"),
    ]
    assert skipped == ["title", "blank", "column_numbers", "totals"]


def test_a_semicolon_cp1258_csv_imports_end_to_end(tmp_path: Path) -> None:
    text = (
        "Họ và tên;Ngày sinh;Giới tính;SĐT\r\n"
        "Nguyễn Thị Ánh;1/3/05;Nữ;+84 912 345 678\r\n"
        "Đặng Quốc Bảo;năm 2004;Nam;0987.654.321\r\n"
    )
    path = tmp_path / "danh_sach.csv"
    path.write_bytes(encode_cp1258(text))

    _mapping, (anh, bao), _skipped = _import(path)

    assert anh.values["full_name"] == "Nguyễn Thị Ánh"
    assert (anh.values["birth_date"], anh.values["phone"]) == (
        PartialDate(2005, 3, 1),
        "0912345678",
    )
    assert (bao.values["birth_date"], bao.values["gender"]) == (PartialDate(2004), MALE)
