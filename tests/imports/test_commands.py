"""``qpdp import`` and ``qpdp export``: summaries, exit status, error file, round trip."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.imports.models import ImportRun, RunStatus
from qpdp.people.models import Person
from tests.imports.test_services import ANA, BINH, sample_rows, write_xlsx


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing_and_fails_on_errors(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", sample_rows())
    errors = tmp_path / "loi.xlsx"
    with pytest.raises(CommandError) as raised:
        run_import(
            "people",
            str(path),
            "--unit",
            "09187",
            "--user",
            "kinhbac",
            "--dry-run",
            "--errors",
            str(errors),
        )
    assert raised.value.returncode == 1
    assert Person.objects.count() == 0
    sheet = openpyxl.load_workbook(errors).active
    assert sheet is not None
    assert sheet.max_row == 2  # header + the one bad row


def test_all_or_nothing_exits_non_zero_valid_mode_commits(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", sample_rows())
    with pytest.raises(CommandError, match="Không ghi dòng nào"):
        run_import("people", str(path), "--unit", "09187", "--user", "kinhbac")
    assert Person.objects.count() == 0
    assert ImportRun.objects.get().status == RunStatus.REJECTED
    output = run_import(
        "people", str(path), "--unit", "09187", "--user", "kinhbac", "--mode", "valid"
    )
    assert "Thêm mới:  2" in output
    assert "Bị loại:   1" in output
    assert set(Person.objects.values_list("id_number", flat=True)) == {ANA, BINH}


def test_clean_file_exits_zero(tmp_path: Path, tree: Any, accounts: Any) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", sample_rows()[:2])
    output = run_import("people", str(path), "--unit", "09187", "--user", "kinhbac")
    assert "Đã ghi vào sổ" in output
    assert Person.objects.count() == 2


def test_refusals_are_messages(tmp_path: Path, tree: Any, accounts: Any) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", sample_rows()[:2])
    with pytest.raises(CommandError, match="không có quyền"):
        run_import("people", str(path), "--unit", "09190", "--user", "kinhbac")
    html = tmp_path / "page.xls"
    html.write_text("<html><body><table></table></body></html>")
    with pytest.raises(CommandError, match="HTML"):
        run_import("people", str(html), "--unit", "09187", "--user", "kinhbac")
    assert Person.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_round_trips_unchanged(
    tmp_path: Path, tree: Any, accounts: Any, make_person: Any, fmt: str
) -> None:
    make_person(tree.kinh_bac, given_name="An", notes="Ghi chú")
    make_person(tree.kinh_bac, given_name="Bình", gender="F", education_level=12)
    make_person(tree.vo_cuong)
    target = tmp_path / f"out.{fmt}"
    out = io.StringIO()
    call_command(
        "export", "people", "--unit", "09187", "--format", fmt, "-o", str(target), stdout=out
    )
    assert "Đã xuất 2 công dân" in out.getvalue()
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(target).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Số định danh cá nhân", "Số CMND", "Họ và tên")
    output = run_import("people", str(target), "--unit", "09187", "--user", "kinhbac")
    assert "Không đổi: 2" in output
    assert "Thêm mới:  0" in output


def test_export_neutralises_formulas(
    tmp_path: Path, tree: Any, accounts: Any, make_person: Any
) -> None:
    make_person(tree.kinh_bac, address='=HYPERLINK("http://x")')
    target = tmp_path / "out.xlsx"
    call_command("export", "people", "--unit", "09187", "-o", str(target), stdout=io.StringIO())
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert '\'=HYPERLINK("http://x")' in values


def test_only_a_layout_that_declares_an_export_is_exported(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    target = tmp_path / "out.xlsx"
    with pytest.raises(CommandError, match="“registration” chưa hỗ trợ xuất"):
        call_command("export", "registration", "--unit", "09187", "-o", str(target))
    with pytest.raises(CommandError, match="Không có mẫu “militia”; các mẫu: people, registration"):
        call_command("export", "militia", "--unit", "09187", "-o", str(target))
    assert not target.exists()


def test_an_unknown_layout_is_refused_and_nothing_is_imported(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ds.xlsx", sample_rows())
    with pytest.raises(CommandError, match="Không có mẫu nhập “militia”"):
        run_import("militia", str(path), "--unit", "09187", "--user", "kinhbac")
    assert (Person.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_progress_goes_to_stderr_and_the_summary_to_stdout(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", sample_rows()[:2])
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import",
        "people",
        str(path),
        "--unit",
        "09187",
        "--user",
        "kinhbac",
        "--progress",
        stdout=out,
        stderr=err,
    )
    progress = err.getvalue()
    assert "\rKiểm tra [" in progress
    assert "100% 2 dòng" in progress
    assert "dòng/giây" in progress
    assert "\rGhi vào sổ" in progress
    assert "dòng/giây" not in out.getvalue()
    assert "Đã ghi vào sổ" in out.getvalue()


def test_no_progress_line_when_stderr_is_not_a_terminal(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", sample_rows()[:2])
    err = io.StringIO()
    call_command(
        "import",
        "people",
        str(path),
        "--unit",
        "09187",
        "--user",
        "kinhbac",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert err.getvalue() == ""
