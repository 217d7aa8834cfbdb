"""The registration layout's Art. 13 measure and Art. 4.4 recognition columns: accepted and
recorded through the services, re-imported unchanged, undone; a bad value or a fact the law
refuses is an error naming the row, the column and the reason, and nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qpdp.conscription.models import BarringMeasure, Registration, ServiceRecognition
from qpdp.conscription.rules import MeasureKind, RecognitionGround
from qpdp.core.audit import AuditEntry
from qpdp.imports import services
from qpdp.people.models import Person
from tests.conftest import TODAY
from tests.imports.test_registration_layout import preview
from tests.imports.test_services import write_xlsx

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày ĐK", "Số đăng ký",
    "Biện pháp Điều 13", "Biện pháp từ ngày", "Biện pháp đến ngày", "Số văn bản biện pháp",
    "Ngày văn bản biện pháp", "Công nhận hoàn thành NVQS", "Số tháng phục vụ", "Ngày công nhận",
    "Số quyết định công nhận", "Người ký quyết định công nhận",
]  # fmt: skip
NO_FACTS = ["", "", "", "", ""]
NO_RECOGNITION = ["", "", "", "", ""]


def row(n: int, name: str, born: str, number: str, *facts: Any) -> list[Any]:
    return [n, name, born, "Nam", number, "01/08/2025", f"ĐK-{n:03d}", *facts]


def test_measures_and_recognitions_are_recorded_reimported_unchanged_and_undone(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    rows = [
        row(1, "Nguyễn Văn Án", "15/03/2007", "027207000301",
            "Phạt tù", "01/09/2025", "31/05/2027", "35/2025/HS-ST", "20/08/2025",
            *NO_RECOGNITION),
        row(2, "Trần Văn Công", "02/05/2007", "027207000302", *NO_FACTS,
            "Công an xã", "36", "01/12/2025", "45/QĐ-BCH", "Chỉ huy trưởng"),
        row(3, "Lê Văn Thường", "03/05/2007", "027207000303", *NO_FACTS, *NO_RECOGNITION),
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "dk.xlsx", rows, HEADER)
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.rejected_count) == (3, 0), run.errors
    services.commit(staff, run, "all", today=TODAY)

    measure = BarringMeasure.objects.get()
    assert measure.person.full_name == "Nguyễn Văn Án"
    assert (measure.kind, measure.starts_on, measure.ends_on) == (
        MeasureKind.PRISON,
        dt.date(2025, 9, 1),
        dt.date(2027, 5, 31),
    )
    recognition = ServiceRecognition.objects.get()
    assert (recognition.ground, recognition.months_served) == (RecognitionGround.COMMUNE_POLICE, 36)
    assert AuditEntry.objects.filter(object_id=str(measure.pk), action="create").exists()

    again = preview(staff, path, tree.kinh_bac)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)

    services.undo(staff, run)
    assert not BarringMeasure.objects.exists()
    assert not ServiceRecognition.objects.exists()
    assert not Registration.objects.exists()


def test_a_fact_added_to_a_known_registration_is_an_update(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    first = [row(1, "Nguyễn Văn Án", "15/03/2007", "027207000301", *NO_FACTS, *NO_RECOGNITION)]
    run = preview(staff, write_xlsx(tmp_path / "a.xlsx", first, HEADER), tree.kinh_bac)
    services.commit(staff, run, "all", today=TODAY)
    later = [
        row(1, "Nguyễn Văn Án", "15/03/2007", "027207000301",
            "Quản chế", "01/06/2025", "", "7/QĐ", "01/06/2025", *NO_RECOGNITION),
    ]  # fmt: skip
    second = preview(staff, write_xlsx(tmp_path / "b.xlsx", later, HEADER), tree.kinh_bac)
    assert (second.created_count, second.updated_count) == (0, 1), second.errors
    services.commit(staff, second, "all", today=TODAY)
    assert BarringMeasure.objects.get().ends_on is None
    services.undo(staff, second)
    assert not BarringMeasure.objects.exists()
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("facts", "column", "header", "reason"),
    [
        (["Đi tù mọt gông", "01/06/2025", "", "7/QĐ", "01/06/2025", *NO_RECOGNITION], "H",
         "Biện pháp Điều 13", "Biện pháp “Đi tù mọt gông” không rõ"),
        (["Quản chế", "01/06/2025", "01/01/2025", "7/QĐ", "01/06/2025", *NO_RECOGNITION], "J",
         "", "Ngày kết thúc biện pháp không được trước ngày bắt đầu."),
        (["Quản chế", "01/06/2025", "", "", "01/06/2025", *NO_RECOGNITION], "K",
         "", "Phải ghi số văn bản biện pháp."),
        (["Bị can", "01/07/2025", "", "7/QĐ", "01/07/2025", *NO_RECOGNITION], "I", "",
         "công dân không được đăng ký nghĩa vụ quân sự (điểm a khoản 1 Điều 13"),
        ([*NO_FACTS, "Dân quân thường trực", "23", "01/12/2025", "4/QĐ", "Chỉ huy trưởng"], "N",
         "", "phải phục vụ từ đủ 24 tháng trở lên (điểm a khoản 4 Điều 4"),
        ([*NO_FACTS, "Bộ đội cụ Hồ", "", "01/12/2025", "4/QĐ", "Chỉ huy trưởng"], "M",
         "Công nhận hoàn thành NVQS", "Trường hợp công nhận “Bộ đội cụ Hồ” không rõ"),
    ],
)  # fmt: skip
def test_a_bad_fact_is_an_error_naming_row_column_and_reason_and_nothing_is_written(
    tmp_path: Path,
    tree: Any,
    staff: Any,
    facts: list[Any],
    column: str,
    header: str,
    reason: str,
) -> None:
    rows = [row(1, "Nguyễn Văn Án", "15/03/2007", "027207000301", *facts)]
    before = (Person.objects.count(), BarringMeasure.objects.count(), AuditEntry.objects.count())
    run = preview(staff, write_xlsx(tmp_path / "loi.xlsx", rows, HEADER), tree.kinh_bac)
    assert run.rejected_count == 1
    [error] = run.errors
    assert (error["row"], error["column"]) == (4, column)
    assert error["header"] == header
    assert reason in error["reason"]
    with pytest.raises(services.ImportRefused):
        services.commit(staff, run, "all", today=TODAY)
    after = (Person.objects.count(), BarringMeasure.objects.count(), AuditEntry.objects.count())
    assert after == before
