"""Import pages: who may upload, commit, undo and download; the mapping screen; bad files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qpdp.imports.models import ImportRun, RunStatus, SavedMapping
from qpdp.people.models import Person
from tests.imports.test_services import ANA, sample_rows, write_xlsx


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, unit: Any) -> Any:
    with path.open("rb") as handle:
        return client.post(
            reverse("imports:home"),
            {"layout": "people", "unit": unit.pk, "file": handle},
        )


def test_leader_sees_history_but_cannot_import(media: Path, tree: Any, accounts: Any) -> None:
    client = client_for(accounts.leader)
    page = client.get(reverse("imports:home"))
    assert page.status_code == 200
    assert b'type="file"' not in page.content
    path = write_xlsx(media / "a.xlsx", sample_rows())
    assert upload(client, path, tree.kinh_bac).status_code == 403


def test_upload_preview_commit_valid_undo_and_report(media: Path, tree: Any, accounts: Any) -> None:
    client = client_for(accounts.kinh_bac_staff)
    response = upload(client, write_xlsx(media / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:detail", args=[run.pk])
    page = client.get(response.url)
    assert "31/02/2003" in page.content.decode()
    assert "?mode=valid" in page.content.decode()
    assert client.get(reverse("imports:commit", args=[run.pk]) + "?mode=valid").status_code == 200
    client.post(reverse("imports:commit", args=[run.pk]), {"mode": "valid"})
    run.refresh_from_db()
    assert run.status == RunStatus.COMMITTED
    assert Person.objects.count() == 2

    report = client.get(reverse("imports:errors", args=[run.pk]))
    assert report.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert sheet is not None
    assert (sheet["G1"].value, sheet["H1"].value) == ("Dòng trong tệp gốc", "Lỗi")
    assert sheet["G2"].value == 6  # the rejected row's own number in the uploaded file

    client.post(reverse("imports:undo", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == RunStatus.UNDONE
    assert Person.objects.count() == 0


def test_all_or_nothing_is_refused_with_a_message(media: Path, tree: Any, accounts: Any) -> None:
    client = client_for(accounts.kinh_bac_staff)
    upload(client, write_xlsx(media / "a.xlsx", sample_rows()), tree.kinh_bac)
    run = ImportRun.objects.get()
    page = client.post(reverse("imports:commit", args=[run.pk]), {"mode": "all"}, follow=True)
    assert "Không ghi dòng nào" in page.content.decode()
    assert Person.objects.count() == 0


def test_another_wards_run_is_not_found(media: Path, tree: Any, accounts: Any) -> None:
    upload(
        client_for(accounts.kinh_bac_staff),
        write_xlsx(media / "a.xlsx", sample_rows()),
        tree.kinh_bac,
    )
    run = ImportRun.objects.get()
    other = client_for(accounts.vo_cuong_staff)
    for name in ("detail", "commit", "undo", "errors"):
        assert other.get(reverse(f"imports:{name}", args=[run.pk])).status_code == 404
    assert (
        other.post(reverse("imports:commit", args=[run.pk]), {"mode": "valid"}).status_code == 404
    )
    assert (
        client_for(accounts.leader).get(reverse("imports:detail", args=[run.pk])).status_code == 200
    )
    assert (
        client_for(accounts.leader).get(reverse("imports:errors", args=[run.pk])).status_code == 403
    )
    assert Person.objects.count() == 0


def test_bad_files_get_a_vietnamese_message(media: Path, tree: Any, accounts: Any) -> None:
    client = client_for(accounts.kinh_bac_staff)
    fake = SimpleUploadedFile("ds.xls", b"<html><body>bang</body></html>")
    page = client.post(
        reverse("imports:home"), {"layout": "people", "unit": tree.kinh_bac.pk, "file": fake}
    )
    assert page.status_code == 400
    assert "trang HTML" in page.content.decode()
    pdf = SimpleUploadedFile("ds.pdf", b"%PDF-1.4")
    page = client.post(
        reverse("imports:home"), {"layout": "people", "unit": tree.kinh_bac.pk, "file": pdf}
    )
    assert "Chỉ nhận tệp" in page.content.decode()
    assert not ImportRun.objects.exists()


def test_unmatched_headers_go_through_the_mapping_screen_and_are_remembered(
    media: Path, tree: Any, accounts: Any
) -> None:
    header = ["STT", "Họ và tên", "Sinh nhật", "Giới tính", "Số CCCD", "Cột lạ"]
    rows = [[1, "Nguyễn Văn An", "15/03/2004", "Nam", ANA, "x"]]
    path = write_xlsx(media / "m.xlsx", rows, header)
    client = client_for(accounts.kinh_bac_staff)
    response = upload(client, path, tree.kinh_bac)
    assert "/anh-xa/" in response.url
    form = client.get(response.url)
    assert "Sinh nhật" in form.content.decode()
    choices = {f"column_{i}": "" for i in range(6)}
    choices.update(
        column_1="full_name",
        column_2="birth_date",
        column_3="gender",
        column_4="id_number",
        save="on",
    )
    result = client.post(response.url, choices)
    run = ImportRun.objects.get()
    assert result.url == reverse("imports:detail", args=[run.pk])
    assert run.created_count == 1
    assert SavedMapping.objects.filter(unit=tree.kinh_bac).exists()
    # The next file of the same shape skips the mapping screen.
    again = upload(client, write_xlsx(media / "m2.xlsx", rows, header), tree.kinh_bac)
    assert "/anh-xa/" not in again.url
