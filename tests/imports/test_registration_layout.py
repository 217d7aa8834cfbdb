"""The military-service registration layout: a commune's register of first registrations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qpdp.conscription.models import Registration
from qpdp.core.audit import AuditEntry
from qpdp.imports import services
from qpdp.imports.layouts import all_layouts, get_layout
from qpdp.imports.models import RunStatus
from qpdp.people.models import Person
from tests.conftest import TODAY
from tests.imports.test_services import write_xlsx

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày ĐK", "Số đăng ký"]
NAM = "027209000201"  # male, born 2009: turns 17 in 2026
HUY = "027209000202"
TOO_YOUNG = "027212000203"  # born 2012: registers from 2029
REGISTERED_ON = "10/04/2026"


def preview(user: Any, path: Path, unit: Any) -> Any:
    return services.preview(user, services.ImportSource("registration", path, unit, today=TODAY))


def test_the_registration_layout_is_declared_by_the_conscription_app() -> None:
    layout = get_layout("registration")
    assert layout in all_layouts()
    assert str(layout.label) == "Đăng ký nghĩa vụ quân sự lần đầu"
    assert layout.field("id_number").required


def test_a_register_creates_the_people_and_their_registrations_and_reimports_unchanged(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    known = make_person(
        tree.kinh_bac,
        id_number=HUY,
        family_name="Trần",
        middle_name="Quốc",
        given_name="Huy",
        birth_date=dt.date(2009, 5, 2),
    )
    rows = [
        [1, "Nguyễn Văn Nam", "15/03/2009", "Nam", NAM, REGISTERED_ON, "ĐK-001"],
        [2, "Trần Quốc Huy", "02/05/2009", "Nam", HUY, REGISTERED_ON, "ĐK-002"],
    ]
    path = write_xlsx(tmp_path / "dk.xlsx", rows, HEADER)
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.rejected_count) == (2, 0)
    assert not Registration.objects.exists()

    services.commit(staff, run, "all", today=TODAY)
    nam = Person.objects.get(id_number=NAM)
    assert nam.full_name == "Nguyễn Văn Nam"
    assert nam.residence_unit == tree.kinh_bac
    registrations = {r.person_id: r for r in Registration.objects.all()}
    assert set(registrations) == {nam.pk, known.pk}
    assert registrations[nam.pk].number == "ĐK-001"
    assert registrations[nam.pk].registered_on == dt.date(2026, 4, 10)
    assert registrations[nam.pk].unit == tree.kinh_bac
    assert AuditEntry.objects.filter(object_id=str(registrations[known.pk].pk)).exists()

    again = preview(staff, path, tree.kinh_bac)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)
    services.commit(staff, again, "all", today=TODAY)
    assert Registration.objects.count() == 2
    assert Person.objects.count() == 2

    services.undo(staff, run)
    assert not Registration.objects.exists()
    assert list(Person.objects.values_list("pk", flat=True)) == [known.pk]


def test_rows_the_law_or_the_registry_refuse_are_errors_and_nothing_is_written(
    tmp_path: Path, tree: Any, staff: Any, make_person: Any
) -> None:
    from qpdp.conscription.services import record_registration

    done = make_person(
        tree.kinh_bac, id_number=HUY, given_name="Huy", birth_date=dt.date(2009, 5, 2)
    )
    record_registration(staff, done, registered_on=dt.date(2026, 4, 1), number="ĐK-009")
    rows = [
        [1, "Nguyễn Văn Nam", "15/03/2009", "Nam", NAM, REGISTERED_ON, "ĐK-009"],
        [2, "Trần Quốc Huy", "02/05/2009", "Nam", HUY, REGISTERED_ON, "ĐK-010"],
        [3, "Lê Văn Bé", "01/01/2012", "Nam", TOO_YOUNG, REGISTERED_ON, "ĐK-011"],
        [4, "Phạm Văn Không Số", "01/01/2009", "Nam", "", REGISTERED_ON, "ĐK-012"],
        [5, "Đỗ Văn Tháng", "01/01/2009", "Nam", "027209000205", "04/2026", "ĐK-013"],
    ]
    path = write_xlsx(tmp_path / "loi.xlsx", rows, HEADER)
    before = (Person.objects.count(), Registration.objects.count(), AuditEntry.objects.count())

    run = preview(staff, path, tree.kinh_bac)

    assert (run.created_count, run.rejected_count) == (0, 5)
    reasons = {error["row"]: error["reason"] for error in run.errors}
    assert "ĐK-009 đã dùng" in reasons[4]
    assert "đã đăng ký nghĩa vụ quân sự lần đầu ngày 01/04/2026" in reasons[5]
    assert "Điều 12" in reasons[6]
    assert "Thiếu Số định danh cá nhân" in reasons[7]
    assert "đủ ngày, tháng, năm" in reasons[8]
    with pytest.raises(services.ImportRefused):
        services.commit(staff, run, "all", today=TODAY)
    run.refresh_from_db()
    assert run.status == RunStatus.REJECTED
    after = (Person.objects.count(), Registration.objects.count(), AuditEntry.objects.count())
    assert after == before
