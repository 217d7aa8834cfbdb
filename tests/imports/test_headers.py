"""Finding the header in a hand-made list and mapping its columns to a layout's fields."""

from __future__ import annotations

import unicodedata

import pytest

from qpdp.imports.headers import (
    IGNORE,
    ColumnMapping,
    ColumnStatus,
    SkipReason,
    Table,
    apply_saved_mapping,
    header_key,
    locate_table,
    match_header,
)
from qpdp.imports.layouts import Layout, LayoutField
from qpdp.imports.readers import CellValue, MergedRange, ReadError, Row
from qpdp.people.import_layouts import PEOPLE


def table_of(*rows: Row, merged: tuple[MergedRange, ...] = ()) -> Table:
    return locate_table(PEOPLE, rows, merged_ranges=merged)


def fields_of(mapping: ColumnMapping) -> dict[str, str]:
    """Column letter → field, the way the mapping screen shows it."""
    return {
        column.letter: column.field or "" for column in mapping.with_status(ColumnStatus.MATCHED)
    }


# --- keys and matching ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Họ và tên", "ho va ten"),
        ("HỌ VÀ TÊN", "ho va ten"),
        (unicodedata.normalize("NFD", " Họ  và\ntên "), "ho va ten"),
        ("Ngày, tháng, năm sinh", "ngay thang nam sinh"),
        ("CCCD/CMND", "cccd cmnd"),
        ("Số ĐT", "so dt"),
        ("Hä vµ tªn", "ho va ten"),
        (None, ""),
        (12, "12"),
    ],
)
def test_header_keys_fold_case_accents_punctuation_and_spacing(header: object, key: str) -> None:
    assert header_key(header) == key  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Họ và tên", "full_name"),
        ("Họ tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("ho va ten", "full_name"),
        ("Họ và tên (viết in hoa)", "full_name"),
        ("Ngày sinh", "birth_date"),
        ("Ngày, tháng, năm sinh", "birth_date"),
        ("NS", "birth_date"),
        ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
        ("Số CCCD", "id_number"),
        ("Số định danh", "id_number"),
        ("Số định danh cá nhân", "id_number"),
        ("CCCD/CMND", "id_or_legacy_number"),
        ("Số CMND", "legacy_id_number"),
        ("Giới tính", "gender"),
        ("Nam/Nữ", "gender"),
        ("Nam", "gender_male"),
        ("Nữ", "gender_female"),
        ("Dân tộc", "ethnicity"),
        ("Tôn giáo", "religion"),
        ("Trình độ văn hóa", "education_level"),
        ("Trình độ văn hoá", "education_level"),
        ("TĐVH", "education_level"),
        ("Đơn vị", "residence_unit"),
        ("Phường/Xã", "residence_unit"),
        ("Địa chỉ", "address"),
        ("Nơi ở hiện nay", "address"),
        ("Thường trú", "address"),
        ("SĐT", "phone"),
        ("Số điện thoại", "phone"),
        ("Điện thoại", "phone"),
        ("Nghề nghiệp", "occupation"),
        ("Nơi làm việc", "workplace"),
        ("Ghi chú", "notes"),
        ("STT", IGNORE),
        ("Số TT", IGNORE),
        ("Quê quán", None),
        ("Năm", None),
        ("Nắm", None),
    ],
)
def test_headers_match_people_fields(header: str, field: str | None) -> None:
    assert match_header(PEOPLE, header) == field


def test_a_header_with_fewer_marks_still_matches_but_other_marks_do_not() -> None:
    assert match_header(PEOPLE, "Dia chi") == "address"
    assert match_header(PEOPLE, "Dia chỉ") == "address"
    assert match_header(PEOPLE, "Địa chì") is not None  # tones are not compared
    assert match_header(PEOPLE, "Đìa chỉ") is not None
    assert match_header(PEOPLE, "Dân tôc") == "ethnicity"
    assert match_header(PEOPLE, "Dăn tộc") is None


def test_a_layout_whose_fields_claim_one_header_is_refused() -> None:
    with pytest.raises(ValueError, match="names both"):
        Layout(
            code="broken",
            label_vi="x",
            fields=(
                LayoutField("a", "Họ và tên"),
                LayoutField("b", "Tên", ("HỌ VÀ TÊN",)),
            ),
        )


# --- locating the table ---------------------------------------------------------------------

HEADER: list[CellValue] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Quê quán",
    "SĐT",
]
AN: list[CellValue] = [1, "Nguyễn Văn An", "01/03/2005", "Nam", 27205001234, "Bắc Ninh", 912345678]
BICH: list[CellValue] = [
    2,
    "Trần Thị Bích",
    "02/04/2005",
    "Nữ",
    "027305001234",
    "Hà Nội",
    "0987654321",
]


def test_it_finds_the_header_under_title_rows_and_skips_what_is_not_data() -> None:
    table = table_of(
        Row(1, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
        Row(2, ["Độc lập - Tự do - Hạnh phúc"]),
        Row(3, []),
        Row(4, [None, "DANH SÁCH CÔNG DÂN NAM ĐỦ 17 TUỔI"]),
        Row(5, HEADER),
        Row(6, ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]),
        Row(7, AN),
        Row(8, []),
        Row(9, []),
        Row(10, BICH),
        Row(11, ["Tổng cộng", "2 người"]),
        Row(12, [None, "Người lập biểu", None, None, "TM. ỦY BAN NHÂN DÂN"]),
        Row(13, [None, "(Ký, ghi rõ họ tên)"]),
        Row(14, [None, "Lê Văn Cán"]),
    )

    data = list(table.data_rows())

    assert table.mapping.header_rows == (5,)
    assert [row.number for row in data] == [7, 10]
    assert [(skip.first_row, skip.last_row, skip.code) for skip in table.skipped] == [
        (1, 2, SkipReason.TITLE),
        (3, 3, SkipReason.BLANK),
        (4, 4, SkipReason.TITLE),
        (6, 6, SkipReason.COLUMN_NUMBERS),
        (8, 9, SkipReason.BLANK),
        (11, 11, SkipReason.TOTALS),
        (12, 14, SkipReason.FOOTER),
    ]
    assert str(table.skipped[4].message) == "Bỏ qua dòng 8–9: dòng trống."
    assert fields_of(table.mapping) == {
        "B": "full_name",
        "C": "birth_date",
        "D": "gender",
        "E": "id_number",
        "G": "phone",
    }


def test_it_returns_unmatched_and_ignored_columns_for_the_mapping_screen() -> None:
    mapping = table_of(Row(1, HEADER), Row(2, AN)).mapping

    assert [
        (column.letter, column.header) for column in mapping.with_status(ColumnStatus.UNMATCHED)
    ] == [("F", "Quê quán")]
    assert [column.letter for column in mapping.with_status(ColumnStatus.IGNORED)] == ["A"]


def test_a_second_column_for_the_same_field_is_a_duplicate() -> None:
    mapping = table_of(
        Row(1, ["Họ và tên", "Ngày sinh", "Họ tên"]), Row(2, ["An", 2005, "An"])
    ).mapping

    assert [
        (column.letter, column.field) for column in mapping.with_status(ColumnStatus.DUPLICATE)
    ] == [("C", "full_name")]


@pytest.mark.parametrize(
    "total", ["Tổng cộng", "TỔNG CỘNG:", "Cộng", "Tổng", "Tổng số: 2", "Tong cong"]
)
def test_totals_rows_are_skipped(total: str) -> None:
    table = table_of(Row(1, HEADER), Row(2, AN), Row(3, [total, None, None, None, 2]))

    assert [row.number for row in table.data_rows()] == [2]
    assert table.skipped[-1].code is SkipReason.TOTALS


def test_a_person_named_tong_is_no_totals_row() -> None:
    tong: list[CellValue] = [3, "Tống Văn Cộng", "01/01/2000", "Nam"]
    table = table_of(Row(1, HEADER), Row(2, AN), Row(3, ["Tống", *tong[1:]]), Row(4, tong))

    assert [row.number for row in table.data_rows()] == [2, 3, 4]


def test_a_header_repeated_on_each_printed_page_is_skipped() -> None:
    table = table_of(Row(1, HEADER), Row(2, AN), Row(3, HEADER), Row(4, BICH))

    assert [row.number for row in table.data_rows()] == [2, 4]
    assert table.skipped[-1].code is SkipReason.REPEATED_HEADER


def test_a_data_row_is_not_taken_for_a_header() -> None:
    table = table_of(Row(1, HEADER), Row(2, [1, "Nguyễn Văn An", "Nam", "Nữ", "x"]))

    assert table.mapping.header_rows == (1,)


def test_a_sheet_without_a_header_is_refused() -> None:
    with pytest.raises(ReadError) as caught:
        table_of(Row(1, ["Báo cáo"]), Row(2, ["Nguyễn Văn An", "01/03/2005"]))

    assert caught.value.code == "no_header"


def test_the_header_is_looked_for_only_in_the_first_rows() -> None:
    rows = [Row(number, [f"Dòng {number}"]) for number in range(1, 31)] + [Row(31, HEADER)]

    with pytest.raises(ReadError):
        locate_table(PEOPLE, rows)
    assert locate_table(PEOPLE, rows, scan_rows=40).mapping.header_rows == (31,)


def test_rows_after_the_scanned_ones_stream_through() -> None:
    rows = iter([Row(1, HEADER)] + [Row(number, AN) for number in range(2, 5002)])

    table = locate_table(PEOPLE, rows)

    assert sum(1 for _row in table.data_rows()) == 5000


# --- merged and two-line headers ------------------------------------------------------------


def test_a_two_line_header_with_a_merged_group_maps_its_sub_columns() -> None:
    table = table_of(
        Row(4, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", None, "Nơi ở hiện nay"]),
        Row(5, [None, None, None, "Nam", "Nữ"]),
        Row(6, [1, "Nguyễn Văn An", "01/03/2005", "x", None, "Thôn Đông"]),
    )

    assert table.mapping.header_rows == (4, 5)
    assert fields_of(table.mapping) == {
        "B": "full_name",
        "C": "birth_date",
        "D": "gender_male",
        "E": "gender_female",
        "F": "address",
    }
    assert table.mapping.headers[3] == "Giới tính – Nam"
    assert [row.number for row in table.data_rows()] == [6]


def test_a_birth_date_split_under_nam_and_nu_is_recognised() -> None:
    table = table_of(
        Row(1, ["Họ và tên", "Năm sinh", None, "Địa chỉ"]),
        Row(2, [None, "Nam", "Nữ"]),
        Row(3, ["Nguyễn Văn An", 2005, None, "Thôn Đông"]),
    )

    assert fields_of(table.mapping) == {
        "A": "full_name",
        "B": "birth_date_male",
        "C": "birth_date_female",
        "D": "address",
    }


def test_sub_headers_under_a_name_group_split_the_name() -> None:
    table = table_of(
        Row(1, ["Họ và tên", None, "Ngày sinh"]),
        Row(2, ["Họ đệm", "Tên"]),
        Row(3, ["Nguyễn Văn", "An", "01/03/2005"]),
    )

    assert fields_of(table.mapping) == {
        "A": "family_and_middle_name",
        "B": "given_name",
        "C": "birth_date",
    }


def test_a_bare_sub_header_under_an_unknown_group_is_not_guessed() -> None:
    table = table_of(
        Row(1, ["Họ và tên", "Ngày sinh", "Quê quán", None]),
        Row(2, [None, None, "Xã", "Huyện"]),
        Row(3, ["Nguyễn Văn An", "01/03/2005", "Tân Lập", "Yên Phong"]),
    )

    assert "residence_unit" not in fields_of(table.mapping).values()


@pytest.mark.parametrize("with_merge_info", [True, False], ids=["xlsx-merge", "value-once"])
def test_a_name_header_merged_over_two_columns_splits_the_name(with_merge_info: bool) -> None:
    merged = (MergedRange(1, 1, 1, 2),) if with_merge_info else ()
    table = table_of(
        Row(1, ["STT", "Họ và tên", None, "Ngày sinh"]),
        Row(2, [1, "Nguyễn Văn", "An", "01/03/2005"]),
        merged=merged,
    )

    assert fields_of(table.mapping) == {
        "B": "family_and_middle_name",
        "C": "given_name",
        "D": "birth_date",
    }
    assert table.mapping.headers[2] == "Họ và tên (2)"


def test_a_name_header_over_three_columns_gives_family_middle_and_given_names() -> None:
    table = table_of(
        Row(1, ["Họ và tên", None, None, "Ngày sinh"]), Row(2, ["Lê", "Thị", "Hoa", 2005])
    )

    assert fields_of(table.mapping) == {
        "A": "family_name",
        "B": "middle_name",
        "C": "given_name",
        "D": "birth_date",
    }


def test_another_merged_header_keeps_its_field_on_the_first_column_and_asks_for_the_rest() -> None:
    table = table_of(
        Row(1, ["Họ và tên", "Địa chỉ", None]), Row(2, ["An", "Thôn Đông", "xã Tân Lập"])
    )

    assert fields_of(table.mapping) == {"A": "full_name", "B": "address"}
    assert [column.header for column in table.mapping.with_status(ColumnStatus.UNMATCHED)] == [
        "Địa chỉ (2)"
    ]


# --- signatures and saved mappings ----------------------------------------------------------


def test_files_of_the_same_shape_share_a_signature() -> None:
    lower = table_of(Row(1, HEADER), Row(2, AN)).mapping
    upper = table_of(
        Row(1, ["Tiêu đề"]), Row(3, [str(header).upper() for header in HEADER]), Row(4, BICH)
    ).mapping
    reordered = table_of(Row(1, HEADER[::-1]), Row(2, AN[::-1])).mapping

    assert lower.signature == upper.signature
    assert lower.signature != reordered.signature
    assert len(lower.signature) == 64


def test_a_saved_mapping_fills_in_and_overrides_the_automatic_one() -> None:
    mapping = table_of(Row(1, [*HEADER, "Liên lạc"]), Row(2, AN)).mapping
    saved = {"que quan": "address", "lien lac": "phone", "sdt": IGNORE, "gone": "no_such_field"}

    applied = apply_saved_mapping(mapping, PEOPLE, saved)

    assert fields_of(applied) == {
        "B": "full_name",
        "C": "birth_date",
        "D": "gender",
        "E": "id_number",
        "F": "address",
        "H": "phone",
    }
    assert [column.letter for column in applied.with_status(ColumnStatus.IGNORED)] == ["A", "G"]
    assert applied.signature == mapping.signature


def test_a_saved_choice_wins_over_an_automatic_match_of_the_same_field() -> None:
    header = ["Họ và tên", "Ngày sinh", "Ngày sinh (theo giấy khai sinh)"]
    mapping = table_of(Row(1, header), Row(2, ["An", "1/3/2005", "1/3/2005"])).mapping

    applied = apply_saved_mapping(mapping, PEOPLE, {"ngay sinh theo giay khai sinh": "birth_date"})

    assert fields_of(applied) == {"A": "full_name", "C": "birth_date"}
    assert [column.letter for column in applied.with_status(ColumnStatus.UNMATCHED)] == ["B"]


def test_a_mapping_saved_once_reproduces_itself() -> None:
    mapping = apply_saved_mapping(
        table_of(Row(1, HEADER), Row(2, AN)).mapping, PEOPLE, {"que quan": "address"}
    )
    fresh = table_of(Row(1, HEADER), Row(2, BICH)).mapping

    assert apply_saved_mapping(fresh, PEOPLE, mapping.to_saved()) == mapping


def test_missing_required_fields_are_reported_and_name_parts_stand_in() -> None:
    only_names = table_of(
        Row(1, ["Họ đệm", "Tên", "Địa chỉ"]), Row(2, ["Lê Thị", "Hoa", "x"])
    ).mapping
    split_birth = table_of(
        Row(1, ["Họ và tên", "Năm sinh", None]), Row(2, [None, "Nam", "Nữ"]), Row(3, ["An", 2005])
    ).mapping

    assert [field.name for field in only_names.missing_required(PEOPLE)] == ["birth_date"]
    assert split_birth.missing_required(PEOPLE) == []
