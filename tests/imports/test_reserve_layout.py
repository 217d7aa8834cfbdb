"""The reserve register layout: a ward's list of reserve soldiers with their service history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qpdp.core.audit import AuditEntry
from qpdp.imports import services
from qpdp.imports.layouts import all_layouts, get_layout
from qpdp.imports.models import RunStatus
from qpdp.imports.services import ImportSource
from qpdp.people.models import Person
from qpdp.reserves.models import ReserveSoldier
from qpdp.reserves.rules import Category, Rank
from tests.conftest import TODAY
from tests.imports.test_services import write_xlsx

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày đăng ký", "Ngày xuất ngũ",
    "Số tháng tại ngũ", "Số tháng trong CAND", "CNQS", "Cấp bậc", "Hạng",
]  # fmt: skip
HAI = "027200000401"
LAN = "027199000402"
GAP = "027200000403"
YOUNG = "027206000404"
RANKED = "027200000405"


def preview(user: Any, path: Path, unit: Any) -> Any:
    return services.preview(user, ImportSource("reserve_soldiers", path, unit, today=TODAY))


def test_the_layout_is_declared_by_the_reserves_app() -> None:
    layout = get_layout("reserve_soldiers")
    assert layout in all_layouts() and layout.field("registered_on").required


def test_a_register_records_each_soldier_with_the_class_of_the_law(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    known = make_person(
        tree.kinh_bac,
        id_number=LAN,
        family_name="Trần",
        middle_name="Thị",
        given_name="Lan",
        gender="F",
        birth_date=dt.date(1999, 5, 2),
    )
    rows = [
        [1, "Nguyễn Văn Hải", "15/03/2000", "Nam", HAI, "20/03/2026", "05/03/2026", 24, "",
         "Bộ binh", "Hạ sĩ", ""],
        [2, "Trần Thị Lan", "02/05/1999", "Nữ", LAN, "01/08/2025", "", "", "", "Y tá", "", "2"],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "dbdv.xlsx", rows, HEADER)
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.updated_count, run.rejected_count) == (1, 1, 0)
    services.commit(staff, run, "all", today=TODAY)
    soldiers = {s.person_id: s for s in ReserveSoldier.objects.all()}
    hai = Person.objects.get(id_number=HAI)
    assert (soldiers[hai.pk].category, soldiers[hai.pk].rank) == (Category.ONE, Rank.CORPORAL)
    assert soldiers[known.pk].category_ground == "2dd"
    assert AuditEntry.objects.filter(content_type__model="reservesoldier").count() == 2
    again = preview(staff, path, tree.kinh_bac)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    services.undo(staff, run)
    assert not ReserveSoldier.objects.exists()
    assert list(Person.objects.values_list("pk", flat=True)) == [known.pk]


def test_a_class_against_the_law_is_an_error_and_nothing_is_written(
    tmp_path: Path, tree: Any, staff: Any
) -> None:
    rows = [
        [1, "Nguyễn Văn Hải", "15/03/2000", "Nam", HAI, "20/03/2026", "", 24, "", "", "", "2"],
        [2, "Lê Văn Gap", "15/03/2000", "Nam", GAP, "20/03/2026", "", "", 15, "", "", ""],
        [3, "Lê Văn Trẻ", "15/03/2006", "Nam", YOUNG, "20/03/2026", "", "", "", "", "", ""],
        [4, "Lê Văn Bậc", "15/03/2000", "Nam", RANKED, "20/03/2026", "", 24, "", "", "Đại tá", ""],
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "loi.xlsx", rows, HEADER)
    before = (Person.objects.count(), ReserveSoldier.objects.count(), AuditEntry.objects.count())
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.rejected_count) == (0, 4)
    reasons = {error["row"]: error["reason"] for error in run.errors}
    assert "hạng một" in reasons[4] and "Điều 24" in reasons[4]
    assert "từ đủ 12 tháng đến dưới 20 tháng" in reasons[5]
    assert "Không thuộc diện quân nhân dự bị" in reasons[6]
    assert "Cấp bậc “Đại tá” không rõ" in reasons[7]
    with pytest.raises(services.ImportRefused):
        services.commit(staff, run, "all", today=TODAY)
    run.refresh_from_db()
    assert run.status == RunStatus.REJECTED
    after = (Person.objects.count(), ReserveSoldier.objects.count(), AuditEntry.objects.count())
    assert after == before
