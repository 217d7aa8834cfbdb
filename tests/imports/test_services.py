"""The database side of imports: classification, commit modes, idempotence, undo, scope, report."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.core.audit import AuditEntry
from qpdp.imports import services
from qpdp.imports.analysis import MappingIncomplete
from qpdp.imports.models import ImportedRow, ImportRun, RunStatus
from qpdp.imports.report import error_report
from qpdp.people.models import Person, Residence
from qpdp.people.services import PersonInput
from tests.conftest import TODAY

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Địa chỉ"]
ANA = "027204000101"  # male, born 2004
BINH = "027305000102"  # female, born 2005
CUONG = "027203000103"


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> Path:
    """A ward's list as officers make it: a title, a blank row, the header, then the people."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH CÔNG DÂN"])
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def sample_rows() -> list[list[Any]]:
    return [
        [1, "Nguyễn Văn An", "15/03/2004", "Nam", ANA, "Số 3 Ngô Gia Tự"],
        [2, "trần thị bình", "02/01/2005", "Nữ", BINH, "Số 4 Lý Thái Tổ"],
        [3, "Lê Văn Cường", "31/02/2003", "Nam", CUONG, "Số 5"],  # no such date
    ]


def run_preview(
    user: Any,
    path: Path,
    unit: Any,
    mapping: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportRun:
    source = services.ImportSource("people", path, unit, mapping, today=TODAY)
    return services.preview(user, source, progress=progress)


def test_preview_classifies_and_writes_nothing(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    make_person(tree.kinh_bac, id_number=ANA, given_name="An", birth_date=dt.date(2004, 3, 15))
    path = write_xlsx(tmp_path / "ds.xlsx", sample_rows())
    before = Person.objects.count()
    run = run_preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.updated_count, run.unchanged_count, run.rejected_count) == (
        1,
        1,
        0,
        1,
    )
    assert Person.objects.count() == before
    assert run.status == RunStatus.PREVIEW
    assert len(run.checksum) == 64
    [error] = run.errors
    assert error["row"] == 6  # title, blank row and header come first, as Excel numbers them
    assert error["column"] == "C"
    assert error["header"] == "Ngày sinh"
    assert error["value"] == "31/02/2003"
    assert "Bỏ qua dòng 1" in run.skipped[0]


def test_duplicates_inside_the_file_reject_both_rows(tmp_path: Path, tree: Any, staff: Any) -> None:
    rows = [*sample_rows()[:2], [3, "Nguyễn Văn Anh", "15/03/2004", "Nam", ANA, ""]]
    run = run_preview(staff, write_xlsx(tmp_path / "d.xlsx", rows), tree.kinh_bac)
    assert run.rejected_count == 2
    assert {error["row"] for error in run.errors} == {4, 6}
    assert all("trùng" in error["reason"] and error["column"] == "E" for error in run.errors)


def test_all_or_nothing_refuses_and_leaves_the_database_unchanged(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    run = run_preview(staff, write_xlsx(tmp_path / "a.xlsx", sample_rows()), tree.kinh_bac)
    before = (Person.objects.count(), Residence.objects.count(), AuditEntry.objects.count())
    with pytest.raises(services.ImportRefused) as caught:
        services.commit(staff, run, "all", today=TODAY)
    assert caught.value.code == "rows_rejected"
    assert (Person.objects.count(), Residence.objects.count(), AuditEntry.objects.count()) == before
    run.refresh_from_db()
    assert run.status == RunStatus.REJECTED


def test_valid_only_commits_the_rest_then_reimport_changes_nothing(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    path = write_xlsx(tmp_path / "v.xlsx", sample_rows())
    run = services.commit(staff, run_preview(staff, path, tree.kinh_bac), "valid", today=TODAY)
    assert run.status == RunStatus.COMMITTED
    assert (run.created_count, run.rejected_count) == (2, 1)
    binh = Person.objects.get(id_number=BINH)
    assert binh.full_name == "Trần Thị Bình"
    assert binh.search_key == "tran thi binh"
    assert binh.roster_key
    assert binh.gender == "F"
    assert binh.residence_unit == tree.kinh_bac
    assert binh.ethnicity == "Kinh"
    assert list(binh.residences.values_list("unit", "valid_from")) == [(tree.kinh_bac.pk, TODAY)]
    assert Person.objects.filter(search_key__contains="binh").exists()
    assert AuditEntry.objects.filter(object_id=str(run.pk), changes__import__created=2).exists()

    again = run_preview(staff, path, tree.kinh_bac)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    services.commit(staff, again, "valid", today=TODAY)
    assert Person.objects.count() == 2


def test_update_changes_only_differing_fields_and_undo_restores(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    person = make_person(
        tree.kinh_bac,
        id_number=ANA,
        given_name="An",
        birth_date=dt.date(2004, 3, 15),
        address="Địa chỉ cũ",
        phone="0912345678",
    )
    rows = [[1, "Nguyễn Văn An", "15/03/2004", "Nam", ANA, "Số 3 Ngô Gia Tự"]]
    path = write_xlsx(tmp_path / "u.xlsx", rows)
    run = services.commit(staff, run_preview(staff, path, tree.kinh_bac), "all", today=TODAY)
    person.refresh_from_db()
    assert (person.address, person.phone, person.version) == ("Số 3 Ngô Gia Tự", "0912345678", 2)
    link = ImportedRow.objects.get(run=run)
    assert link.before == {"address": "Địa chỉ cũ", "version": 1}

    services.undo(staff, run)
    person.refresh_from_db()
    assert person.address == "Địa chỉ cũ"
    run.refresh_from_db()
    assert run.status == RunStatus.UNDONE


def test_undo_deletes_created_people(tmp_path: Path, tree: Any, staff: Any) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", sample_rows()[:2])
    run = services.commit(staff, run_preview(staff, path, tree.kinh_bac), "all", today=TODAY)
    assert Person.objects.count() == 2
    services.undo(staff, run)
    assert Person.objects.count() == 0
    assert Residence.objects.count() == 0


def test_undo_is_refused_after_an_edit(
    tmp_path: Path, tree: Any, staff: Any, accounts: Any
) -> None:
    from qpdp.people import services as people_services

    path = write_xlsx(tmp_path / "e.xlsx", sample_rows()[:2])
    run = services.commit(staff, run_preview(staff, path, tree.kinh_bac), "all", today=TODAY)
    person = Person.objects.get(id_number=ANA)
    people_services.update_person(
        staff, person, PersonInput({"address": "Mới"}, on=TODAY, version=person.version)
    )
    with pytest.raises(ValidationError, match="đã được sửa"):
        services.undo(staff, run)
    assert Person.objects.count() == 2


def test_scope_a_ward_imports_only_into_its_ward(
    tmp_path: Path, tree: Any, staff: Any, accounts: Any, make_person: Any
) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", sample_rows()[:2])
    with pytest.raises(PermissionDenied):
        run_preview(staff, path, tree.vo_cuong)
    with pytest.raises(PermissionDenied):
        run_preview(accounts.leader, path, tree.kinh_bac)
    # A row naming another ward is an error, not a write there.
    header = [*HEADER, "Phường"]
    rows = [[*sample_rows()[0], "Võ Cường"], [*sample_rows()[1], "09187"]]
    run = run_preview(staff, write_xlsx(tmp_path / "w.xlsx", rows, header), tree.kinh_bac)
    assert (run.created_count, run.rejected_count) == (1, 1)
    assert "Võ Cường" in run.errors[0]["reason"]
    # A person registered in another ward cannot be overwritten from this one.
    make_person(tree.vo_cuong, id_number=BINH, gender="F", birth_date=dt.date(2005, 1, 2))
    run = run_preview(staff, path, tree.kinh_bac)
    assert run.rejected_count == 1
    assert "ngoài phạm vi" in run.errors[0]["reason"]


def test_commander_places_rows_by_their_ward_column(
    tmp_path: Path, tree: Any, accounts: Any
) -> None:
    header = [*HEADER, "Phường"]
    rows = [[*sample_rows()[0], "Phường Võ Cường"], [*sample_rows()[1], "kinh bac"]]
    path = write_xlsx(tmp_path / "p.xlsx", rows, header)
    user = accounts.province_commander
    run = services.commit(user, run_preview(user, path, tree.province), "all", today=TODAY)
    assert run.created_count == 2
    assert Person.objects.get(id_number=ANA).residence_unit == tree.vo_cuong
    assert Person.objects.get(id_number=BINH).residence_unit == tree.kinh_bac


def test_missing_required_column_asks_for_a_mapping(tmp_path: Path, tree: Any, staff: Any) -> None:
    header = ["STT", "Họ và tên", "Năm sinh ghi chú", "Giới tính", "Số CCCD"]
    path = write_xlsx(tmp_path / "m.xlsx", [[1, "Nguyễn Văn An", "2004", "Nam", ANA]], header)
    with pytest.raises(MappingIncomplete) as raised:
        run_preview(staff, path, tree.kinh_bac)
    mapping = raised.value.mapping.to_saved()
    column = next(c for c in raised.value.mapping.columns if c.header == "Năm sinh ghi chú")
    mapping[column.key] = "birth_date"
    run = run_preview(staff, path, tree.kinh_bac, mapping=mapping)
    assert run.created_count == 1


def test_error_report_repeats_the_rejected_rows_with_their_reasons(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    run = run_preview(staff, write_xlsx(tmp_path / "r.xlsx", sample_rows()), tree.kinh_bac)
    workbook = openpyxl.load_workbook(io.BytesIO(error_report(run)))
    rows = list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0] == (*HEADER, "Dòng trong tệp gốc", "Lỗi")
    assert rows[1][:5] == (3, "Lê Văn Cường", "31/02/2003", "Nam", CUONG)
    assert rows[1][-2] == 6  # title, blank row, header, then the third person: row 6
    assert rows[1][-1].startswith("C – ")


def test_a_corrected_report_imported_again_reports_without_piling_up_its_columns(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    first = run_preview(staff, write_xlsx(tmp_path / "r.xlsx", sample_rows()), tree.kinh_bac)
    corrected = tmp_path / "corrected.xlsx"
    corrected.write_bytes(error_report(first))  # imported back unchanged: still rejected
    again = run_preview(staff, corrected, tree.kinh_bac)
    assert again.rejected_count == 1
    rows = list(
        openpyxl.load_workbook(io.BytesIO(error_report(again))).active.iter_rows(values_only=True)
    )  # type: ignore[union-attr]
    assert rows[0] == (*HEADER, "Dòng trong tệp gốc", "Lỗi")
    assert rows[1][-2] == 2  # its row in the corrected file


def test_a_title_right_above_the_header_is_not_part_of_it(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [["DANH SÁCH CÔNG DÂN"], HEADER, *sample_rows()]:
        sheet.append(list(row))
    workbook.save(tmp_path / "t.xlsx")
    run = run_preview(staff, tmp_path / "t.xlsx", tree.kinh_bac)
    assert run.headers == HEADER
    assert run.errors[0]["header"] == "Ngày sinh"


def test_rows_are_analysed_in_chunks_and_duplicates_are_found_across_them(
    tmp_path: Path, tree: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qpdp.imports import analysis

    monkeypatch.setattr(analysis, "CHUNK", 2)
    done: list[int] = []
    rows = [*sample_rows(), [4, "Nguyễn Văn Anh", "15/03/2004", "Nam", ANA, ""]]
    path = write_xlsx(tmp_path / "k.xlsx", rows)
    run = run_preview(staff, path, tree.kinh_bac, progress=done.append)
    assert done == [2, 4, 4]
    assert (run.created_count, run.rejected_count) == (1, 3)
    assert {error["row"] for error in run.errors if "trùng" in error["reason"]} == {4, 7}


def test_commit_in_another_process_uses_the_staged_rows_or_reads_the_file_again(
    tmp_path: Path, tree: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qpdp.imports import analysis

    path = write_xlsx(tmp_path / "p.xlsx", sample_rows())
    run = run_preview(staff, path, tree.kinh_bac)
    fresh = ImportRun.objects.get(pk=run.pk)  # as a worker loads it
    monkeypatch.setattr(analysis, "open_sheet", None)  # the file must not be read again
    written: list[int] = []
    services.commit(staff, fresh, "valid", today=TODAY, progress=written.append)
    assert written == [2]
    assert Person.objects.count() == 2
    monkeypatch.undo()

    again = run_preview(staff, path, tree.kinh_bac)
    for staged in (Path(settings_media(tmp_path)) / "imports").glob("*.stage.sqlite3"):
        staged.unlink()  # cleaned up, or another day: the file is read again
    services.commit(staff, again, "valid", today=TODAY)
    again.refresh_from_db()
    assert (again.unchanged_count, again.rejected_count) == (2, 1)


def settings_media(tmp_path: Path) -> Path:
    return tmp_path / "media"


def test_the_run_keeps_the_first_errors_and_the_staging_file_has_them_all(
    tmp_path: Path, tree: Any, staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qpdp.imports import analysis

    monkeypatch.setattr(analysis, "SAMPLE_ERRORS", 1)
    monkeypatch.setattr(services, "MAX_STORED_ERRORS", 1)
    rows = [[n, "Lê Văn Cường", "31/02/2003", "Nam", "", ""] for n in range(1, 4)]
    run = run_preview(staff, write_xlsx(tmp_path / "e.xlsx", rows), tree.kinh_bac)
    assert run.rejected_count == 3
    assert len(run.error_rows) == 1
    assert [row for row, _cells, _reasons in services.rejected_rows(run)] == [4, 5, 6]
    report = openpyxl.load_workbook(io.BytesIO(error_report(run))).active
    assert report is not None
    assert report.max_row == 4  # the header and all three rejected rows, not just the one kept


def test_the_cached_name_keys_are_the_registrys_keys() -> None:
    from qpdp.core.vietnamese import fold, name_search_key, roster_key, sort_key

    for parts in (("Nguyễn", "Thị Minh", "Khai"), ("Âu Dương", "", "Phong"), ("Lê", "", "Ư")):
        family, middle, given = parts
        assert name_search_key(*parts) == fold(" ".join(p for p in parts if p))
        assert roster_key(*parts) == sort_key(given) + sort_key(middle) + sort_key(family)


def test_a_row_that_became_invalid_since_the_preview_is_rejected_at_commit(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", sample_rows())
    valid_only = run_preview(staff, path, tree.kinh_bac)
    all_rows = run_preview(staff, write_xlsx(tmp_path / "m.xlsx", sample_rows()[:2]), tree.kinh_bac)
    make_person(tree.vo_cuong, id_number=BINH, gender="F", birth_date=dt.date(2005, 1, 2))

    with pytest.raises(services.ImportRefused):
        services.commit(staff, all_rows, "all", today=TODAY)
    all_rows.refresh_from_db()
    assert (all_rows.status, all_rows.rejected_count, all_rows.committed_at) == (
        RunStatus.REJECTED,
        1,
        None,
    )
    assert not Person.objects.filter(id_number=ANA).exists()

    services.commit(staff, valid_only, "valid", today=TODAY)
    valid_only.refresh_from_db()
    assert (valid_only.created_count, valid_only.rejected_count) == (1, 2)
    late = next(item for item in valid_only.error_rows if item["row"] == 5)
    assert late["cells"][4] == BINH
    assert "ngoài phạm vi" in late["reasons"][0]
