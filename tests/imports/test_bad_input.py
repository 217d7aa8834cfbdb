"""Bad input through the upload page: a clear Vietnamese message, no 500, nothing written.

Each file is small but has the shape of the real threat: a truncated workbook, an HTML page
renamed .xlsx, a zip bomb (a modest member that compresses a thousandfold, and a lowered size
limit), a sheet formatted down to row 1,048,576, an upload over the size limit, a sheet with no
header, and one column typed partly in Unicode and partly in the TCVN3 and VNI fonts.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from qpdp.core.audit import AuditEntry
from qpdp.imports import store
from qpdp.imports.models import ImportRun
from qpdp.imports.readers import estimate_rows
from qpdp.people.models import Person
from tests.imports.test_services import ANA, BINH, CUONG, sample_rows, write_xlsx


@pytest.fixture
def client(accounts: Any) -> Client:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    return client


def _state() -> tuple[int, int, int]:
    return Person.objects.count(), ImportRun.objects.count(), AuditEntry.objects.count()


def post_file(client: Client, tree: Any, name: str, content: bytes) -> Any:
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse("imports:home"), {"layout": "people", "unit": tree.kinh_bac.pk, "file": upload}
    )


def assert_refused(response: Any, phrase: str) -> None:
    """Refused on the upload form with the phrase, and the stored upload already gone."""
    assert response.status_code in (400, 413)
    assert phrase in response.content.decode()
    storage = store.storage()
    assert not storage.exists(store.FOLDER) or storage.listdir(store.FOLDER)[1] == []


def workbook_bytes(media: Path) -> bytes:
    return write_xlsx(media / "ok.xlsx", sample_rows()[:2]).read_bytes()


def test_a_truncated_xlsx(media: Path, client: Client, tree: Any) -> None:
    before = _state()
    content = workbook_bytes(media)
    response = post_file(client, tree, "ds.xlsx", content[: len(content) // 2])
    assert_refused(response, "bị hỏng hoặc chưa tải lên hết")
    assert _state() == before


def test_an_xlsx_whose_sheet_xml_is_broken(media: Path, client: Client, tree: Any) -> None:
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(media)))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            archive.writestr(item, data)
    before = _state()
    response = post_file(client, tree, "ds.xlsx", target.getvalue())
    assert_refused(response, "bị hỏng")
    assert _state() == before


@pytest.mark.parametrize("name", ["ds.xlsx", "ds.xls"])
def test_an_html_page_renamed_as_a_workbook(client: Client, tree: Any, name: str) -> None:
    before = _state()
    page = (
        b"\xef\xbb\xbf<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table></body></html>"
    )
    assert_refused(post_file(client, tree, name, page), "trang HTML")
    assert _state() == before


def _bomb(media: Path, member_bytes: int) -> bytes:
    """A valid workbook carrying a member of zeros: a thousandfold compression."""
    path = write_xlsx(media / "bomb.xlsx", sample_rows()[:2])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"\0" * member_bytes)
    return path.read_bytes()


def test_a_zip_bomb_is_refused_by_its_ratio(media: Path, client: Client, tree: Any) -> None:
    content = _bomb(media, 4 << 20)
    assert len(content) < 64 * 1024
    before = _state()
    assert_refused(post_file(client, tree, "ds.xlsx", content), "zip bomb")
    assert _state() == before


def test_a_zip_over_the_uncompressed_limit_is_refused(
    media: Path, settings: Any, client: Client, tree: Any
) -> None:
    settings.QPDP_IMPORT_MAX_UNCOMPRESSED_BYTES = 1 << 20
    path = write_xlsx(media / "big.xlsx", sample_rows()[:2])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/image1.png", bytes(range(256)) * 8192)  # 2 MB, stored
    before = _state()
    assert_refused(post_file(client, tree, "ds.xlsx", path.read_bytes()), "vượt giới hạn 1 MB")
    assert _state() == before


def test_a_sheet_formatted_down_to_the_last_excel_row(
    media: Path, client: Client, tree: Any
) -> None:
    """Its dimension claims a million rows; its size says a few, so it is checked at once."""
    path = write_xlsx(media / "tall.xlsx", sample_rows()[:2])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    sheet.cell(row=1_048_576, column=2).value = " "
    workbook.save(path)
    estimate = estimate_rows(path)
    assert estimate is not None and estimate < 100
    response = post_file(client, tree, "tall.xlsx", path.read_bytes())
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:detail", args=[run.pk])
    assert (run.created_count, run.rejected_count) == (2, 0)
    assert any("dòng trống liên tiếp" in line for line in run.skipped)
    assert Person.objects.count() == 0


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    media: Path, settings: Any, client: Client, tree: Any, accounts: Any
) -> None:
    settings.QPDP_IMPORT_MAX_BYTES = 256 * 1024
    rows = "\n".join(f"Nguyễn Văn An,01/01/2004,Nam,027204{index:06d}" for index in range(8000))
    content = ("Họ và tên,Ngày sinh,Giới tính,Số CCCD\n" + rows).encode()
    assert len(content) > 320 * 1024
    before = _state()
    response = post_file(client, tree, "ds.csv", content)
    assert response.status_code == 413
    assert_refused(response, "Tệp lớn hơn 256")
    assert _state() == before

    path = media / "ds.csv"
    path.write_bytes(content)  # the CLI on the server has no such limit
    out = io.StringIO()
    call_command(
        "import",
        "people",
        str(path),
        "--unit",
        "09187",
        "--user",
        "kinhbac",
        "--dry-run",
        stdout=out,
    )
    assert "8000 dòng dữ liệu" in out.getvalue()


def test_a_file_just_over_the_limit_is_refused_by_the_form(
    media: Path, settings: Any, client: Client, tree: Any
) -> None:
    settings.QPDP_IMPORT_MAX_BYTES = 1000
    response = post_file(client, tree, "ds.csv", b"a,b\n" * 300)
    assert response.status_code == 400
    assert "Tệp lớn hơn" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_sheet_without_a_recognisable_header(media: Path, client: Client, tree: Any) -> None:
    path = write_xlsx(
        media / "x.xlsx", [["a", 1, 2], ["b", 3, 4]], header=["Cột 1", "Cột 2", "Cột 3"]
    )
    before = _state()
    assert_refused(post_file(client, tree, "x.xlsx", path.read_bytes()), "tiêu đề")
    assert _state() == before


def test_one_column_in_unicode_tcvn3_and_vni(media: Path, client: Client, tree: Any) -> None:
    rows = [
        [1, "Nguyễn Văn An", "15/03/2004", "Nam", ANA, "Số 3 Ngô Gia Tự"],
        [2, "TrÇn ThÞ B×nh", "02/01/2005", "Nữ", BINH, "Sè 4 Lý Th¸i Tæ"],
        [3, "Leâ Vaên Cöôøng", "01/02/2003", "Nam", CUONG, "Soá 5"],
    ]
    path = write_xlsx(media / "mixed.xlsx", rows)
    response = post_file(client, tree, "mixed.xlsx", path.read_bytes())
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:detail", args=[run.pk])
    assert (run.created_count, run.rejected_count) == (3, 0)
    assert run.legacy_cells >= 3
    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "all"})
    names = set(Person.objects.values_list("full_name", flat=True))
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}


def test_the_preview_lists_the_rows_to_write_a_page_at_a_time_with_converted_cells(
    media: Path, client: Client, tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qpdp.imports import views

    monkeypatch.setattr(views, "PLANNED_PAGE_SIZE", 2)
    rows = [
        [1, "Nguyễn Văn An", "15/03/2004", "Nam", ANA, "Số 3 Ngô Gia Tự"],
        [2, "TrÇn ThÞ B×nh", "02/01/2005", "Nữ", BINH, "Sè 4 Lý Th¸i Tæ"],
        [3, "Leâ Vaên Cöôøng", "01/02/2003", "Nam", CUONG, "Soá 5"],
    ]
    post_file(client, tree, "mixed.xlsx", write_xlsx(media / "mixed.xlsx", rows).read_bytes())
    run = ImportRun.objects.get()
    detail = reverse("imports:detail", args=[run.pk])

    first = client.get(detail)
    rows = [
        (r.get_cell("row"), r.get_cell("action"), r.get_cell("converted"))
        for r in first.context["planned"].rows
    ]
    assert [row[0] for row in rows] == [4, 5]  # the file's own row numbers
    assert rows[0][1] == "Thêm mới"
    assert rows[0][2] == ""  # all Unicode
    assert rows[1][2] == "B (TCVN3), F (TCVN3)"
    assert "B (TCVN3), F (TCVN3)" in first.content.decode()
    assert first.context["page"].has_next

    second = client.get(detail + "?page=2").context
    assert [(r.get_cell("row"), r.get_cell("converted")) for r in second["planned"].rows] == [
        (6, "B (VNI)")  # "Soá 5" reads as Unicode already and is left alone
    ]

    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "all"})
    after = client.get(detail)
    assert "planned" not in after.context  # written: the staged rows are gone
    assert 'id="planned"' not in after.content.decode()
