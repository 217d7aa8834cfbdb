"""Column-wise parsing (imports.columns) gives what the row parsers give, cell for cell and file
for file: every staged row, error, legacy-font count and skipped range of the same files."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qpdp.imports.analysis import Analysis, analyse
from qpdp.imports.columns import _CLEAN, ColumnParser
from qpdp.imports.layouts import _CellCache, get_layout
from qpdp.imports.values import (
    ParseContext,
    Parser,
    parse_date,
    parse_id_number,
    parse_name,
    parse_text,
    parse_unit_ref,
)
from qpdp.people.import_layouts.values import parse_phone
from tests.conftest import TODAY
from tests.imports.test_services import write_xlsx

CONTEXT = ParseContext(today=TODAY)
KERNEL_PARSERS: tuple[Parser, ...] = (
    parse_text,
    parse_name,
    parse_date,
    parse_id_number,
    parse_unit_ref,
    parse_phone,
)
TRICKY = [
    "Nguyễn Văn An", "NGUYỄN  văn   an ", " Lê Ư", "Hà", "Lê", "Trà My", "Ngô Gia Tự",
    "Nguye\u0302\u0303n Va\u0306n An", "Nguy\u00ea\u0303n", "NguyÔn V¨n An", "TrÇn §øc Th¾ng",
    "Leâ Vaên Cöôøng", "Hµ Néi", "Ðặng", "O'Brien", "Ê-đê", "An2", "Nguyễn\tAn", "A\u00a0B",
    "El niño", "Müller", "x", "Số 3 Ngô Gia Tự", "KCN Yên Phong", "Phường Kinh Bắc",
    "15/03/2004", "1/3/2004", "31/02/2003", "29/02/2004", "29/02/1900", "13/2005", "00/2005",
    "03/2005", "2005", "1899", "1900", "01/01/1900", "31/12/2099", f"{TODAY:%d/%m/%Y}",
    f"{TODAY + dt.timedelta(days=1):%d/%m/%Y}", f"{TODAY:%m/%Y}", f"{TODAY.year + 1}",
    "2004-03-15", "15-03-2004", "15.03.2004", "15/03/04", "tháng 3/2005", "năm 1990",
    "ngày 1 tháng 3 năm 2005", "12/31/2004", "32/01/2004",
    "027204000101", "027 204 000 101", "27204000101", "999204000101", "027204000101 ",
    "123456789", "2.72E+11", "0349245038", "0349 245 038", "+84349245038", "84912345678",
    "0212345678", "02223456789", "01693245038", "0149245038", "9190", "09190", "091900",
    "Vũ Ninh", "Kinh Bắc", "Không", "Kinh", "Đại học", "9/12", "",
]  # fmt: skip


def row_parse(parser: Parser, cell: str) -> tuple[object, object, object]:
    return _CellCache(parser, CONTEXT).parse(cell)


def column_parse(parser: Parser, cells: Sequence[str | None]) -> list[object | None]:
    return ColumnParser.of({0: parser}, CONTEXT).parse([[cell] for cell in cells])[0]


def assert_same(parser: Parser, cells: Sequence[str]) -> int:
    """Every value a kernel gives is the row parser's, with no error and no repair; returns how
    many cells the kernel decided."""
    decided = 0
    for cell, value in zip(cells, column_parse(parser, cells), strict=True):
        if value is None:
            continue
        decided += 1
        assert row_parse(parser, cell) == (value, None, None), (parser.__name__, cell)
    return decided


def test_every_engine_parser_of_the_people_layout_with_a_kernel_is_covered() -> None:
    assert all(ColumnParser.of({0: parser}, CONTEXT).columns for parser in KERNEL_PARSERS)


@pytest.mark.parametrize("parser", KERNEL_PARSERS, ids=lambda parser: parser.__name__)
def test_a_kernel_gives_the_row_parsers_value_or_leaves_the_cell_to_it(parser: Parser) -> None:
    assert assert_same(parser, TRICKY) > 0


def test_kernels_decide_the_clean_cells_and_leave_the_rest() -> None:
    decided = column_parse(parse_name, ["NGUYỄN  văn an", "NguyÔn V¨n An", "Nguye\u0302\u0303n"])
    assert decided == ["Nguyễn Văn An", None, None]  # the legacy and NFD cells go row by row
    dates = column_parse(parse_date, ["15/03/2004", "03/2005", "2005", "15/03/04", "31/02/2003"])
    assert [str(value) if value else None for value in dates] == [
        "15/03/2004",
        "03/2005",
        "2005",
        None,  # a two-digit year: the row parser pivots it
        None,  # no such day: the row parser says why
    ]
    assert column_parse(parse_text, ["   ", "Hà"]) == [None, None]  # blank; Latin-1 only


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from("aAăĂâđĐêôơưyỹỵáàạảãếệ019/ .-'\t\u00a0\u0303\u0301¨§µÔ×ÐðñüÇ"),
            max_size=14,
        ),
        min_size=1,
        max_size=30,
    )
)
def test_kernels_agree_with_the_row_parsers_on_any_text(cells: list[str]) -> None:
    for parser in KERNEL_PARSERS:
        assert_same(parser, cells)


def test_clean_text_is_nfc_already_so_kernels_need_no_normalisation() -> None:
    """Every character the clean alphabet admits is NFC alone and next to any other, so a
    string of them is NFC (composition works on pairs)."""
    pattern = _CLEAN.removeprefix("^[").removesuffix("]*$")
    alphabet = [
        chr(code) for code in range(0x20, 0x1F00) if re.fullmatch(f"[{pattern}]", chr(code))
    ]
    assert len(alphabet) > 600
    for first, second in itertools.product(alphabet, repeat=2):
        pair = first + second
        assert unicodedata.is_normalized("NFC", pair), pair
    assert all(char.isalpha() for char in alphabet if ord(char) > 0xFF)


# ---------------------------------------------------------------------------------------------
# Both paths on whole files

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Phường", "Địa chỉ",
    "Số điện thoại", "Nghề nghiệp",
]  # fmt: skip
GOOD = "027204000101"  # male, born 2004


def awkward_rows() -> list[list[Any]]:
    """Rows as officers send them: clean, legacy fonts, NFD, partial dates, errors, duplicates."""
    return [
        [
            1,
            "Nguyễn Văn An",
            "15/03/2004",
            "Nam",
            GOOD,
            "Kinh Bắc",
            "Số 3 Ngô Gia Tự",
            "0349245038",
            "Sinh viên",
        ],
        [
            2,
            "TrÇn ThÞ B×nh",
            "02/01/2005",
            "Nữ",
            "027305000102",
            "Kinh Bắc",
            "Sè 4 Lý Th¸i Tæ",
            "",
            "Lµm ruéng",
        ],
        [
            3,
            "Leâ Vaên Cöôøng",
            "01/2003",
            "Nam",
            "027203000103",
            "09187",
            "Soá 5",
            "0912 345 678",
            "",
        ],
        [
            4,
            "Nguye\u0302\u0303n  Thi\u0323 Du\u0303ng",
            "2004",
            "Nữ",
            "027304000104",
            "Kinh Bắc",
            "Số  6 ",
            "",
            "",
        ],
        [5, "Phạm Minh Đức", "31/02/2003", "Nam", "027203000105", "Kinh Bắc", "", "", ""],
        [
            6,
            "Võ Văn Em",
            f"{TODAY + dt.timedelta(days=3):%d/%m/%Y}",
            "Nam",
            "027204000106",
            "Kinh Bắc",
            "",
            "",
            "",
        ],
        [7, "Đỗ Thị Giang", "13/2004", "Nữ", "027304000107", "Kinh Bắc", "", "", ""],
        [8, "Bùi Văn Hải", "15/03/04", "Nam", "999204000108", "Kinh Bắc", "", "0149245038", ""],
        [
            9,
            "Ngô Văn 2",
            "1899",
            "Nam",
            "27204000109",
            "Kinh Bắc",
            "",
            "0349 245 038; 0912345678",
            "",
        ],
        [10, "Nguyễn Văn Anh", "15/03/2004", "Nam", GOOD, "Kinh Bắc", "", "", ""],
        [11, "Hà", "15/03/2004", "Nữ", "027204000111", "Nơi Khác", "", "", ""],
        [12, "Lý Thị Kim", "ngày 1 tháng 3 năm 2005", "X", "027305000112", "Kinh Bắc", "", "", ""],
        [13, "", "", "", "", "", "", "", ""],
        [
            14,
            "Trần Văn Long",
            "15.03.2004",
            "Nam",
            "027 204 000 114",
            "Kinh Bắc",
            "",
            "+84349245038",
            "",
        ],
    ]


def generated_rows(count: int) -> list[list[Any]]:
    """Many clean rows (across several column-wise chunks) with an error every so often."""
    rows: list[list[Any]] = []
    for index in range(count):
        year = 1960 + index % 45
        century_gender = index % 2 + (2 if year >= 2000 else 0)
        number = f"027{century_gender}{year % 100:02d}{index:06d}"
        born = f"{1 + index % 28:02d}/{1 + index % 12:02d}/{year}"
        if index % 997 == 0:
            born = f"{1 + index % 12:02d}/{year}"
        if index % 1009 == 0:
            born = "30/02/2001"
        if index % 1013 == 0:
            number = "027204000101"  # a duplicate of GOOD, every thousand rows
        family = ("Nguyễn Văn", "Trần Thị")[index % 2]
        name = family + (" An", " Bình", " Cường", " Dũng")[index % 4]
        rows.append(
            [index + 1, name, born, ("Nam", "Nữ")[index % 2], number, "Kinh Bắc",
             f"Số {index % 300} Lê Thái Tổ", f"03{index % 100_000_000:08d}", "Làm ruộng"]
        )  # fmt: skip
    return rows


def write_csv(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def staged(analysis: Analysis, key: str) -> list[tuple[Any, ...]]:
    """Every staged row as the commit and the error report will read it."""
    analysis.staging.publish(key)
    database = sqlite3.connect(analysis.staging.path)
    try:
        return database.execute("SELECT * FROM row ORDER BY row").fetchall()
    finally:
        database.close()


def both_paths(
    path: Path, user: Any, unit: Any, django_settings: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    found = []
    for columnar in (False, True):
        django_settings.QPDP_IMPORT_COLUMNAR = columnar
        analysis = analyse(user, get_layout("people"), path, unit, None, today=TODAY)
        try:
            found.append(
                {
                    "rows": staged(analysis, f"both-paths-{columnar}"),
                    "counts": analysis.counts,
                    "errors": json.dumps(analysis.errors, ensure_ascii=False),
                    "rejected": [(r.row, r.cells, r.reasons) for r in analysis.rejected],
                    "legacy": analysis.legacy_cells,
                    "skipped": analysis.skipped,
                    "total": analysis.total_rows,
                }
            )
        finally:
            analysis.staging.discard()
    return found[0], found[1]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_both_paths_stage_the_same_rows_and_report_the_same_errors(
    kind: str, tmp_path: Path, tree: Any, staff: Any, make_person: Any, settings: Any
) -> None:
    make_person(
        tree.kinh_bac, id_number="027203000103", given_name="Cường", birth_date=dt.date(2003, 1, 1)
    )
    rows = awkward_rows()
    path = (
        write_csv(tmp_path / "ds.csv", rows)
        if kind == "csv"
        else write_xlsx(tmp_path / "ds.xlsx", rows, HEADER)
    )
    by_row, by_column = both_paths(path, staff, tree.kinh_bac, settings)
    assert by_column == by_row
    reasons = {number: " ".join(reasons) for number, _cells, reasons in by_row["rejected"]}
    above = 1 if kind == "csv" else 3  # the header; or a title, a blank row and the header
    assert "không có thật" in reasons[5 + above]  # 31/02/2003
    assert "trùng" in reasons[1 + above] and "trùng" in reasons[10 + above]  # GOOD twice
    assert by_row["legacy"] >= 3
    assert by_row["counts"]["update"] == 1  # Cường was already in the registry (not created)


def test_both_paths_agree_over_several_chunks(
    tmp_path: Path, tree: Any, staff: Any, settings: Any
) -> None:
    path = write_csv(tmp_path / "big.csv", generated_rows(12_000))
    by_row, by_column = both_paths(path, staff, tree.kinh_bac, settings)
    assert by_column == by_row
    assert by_row["total"] == 12_000
    assert 20 < by_row["counts"]["error"] < 100
