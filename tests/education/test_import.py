"""The course attendees layout: the organising council's list of a course, matched to people by
identity number and to the course by its number; results through the services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qpdp.education.models import Attendance, Course, Official
from qpdp.imports import services
from qpdp.imports.layouts import get_layout
from qpdp.imports.services import ImportSource
from tests.conftest import TODAY, Accounts, Tree
from tests.imports.test_services import write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Họ và tên", "Số CCCD", "Lớp", "Kết quả", "Số GCN"]


def test_the_layout_asks_for_the_identity_number_and_the_course() -> None:
    layout = get_layout("course_attendees")
    assert layout.field("id_number").required and layout.field("course_code").required
    assert not layout.field("result").required


def test_a_course_list_imports_adds_attendees_and_their_results(
    tmp_path: Path,
    accounts: Accounts,
    tree: Tree,
    course: Course,
    official_maker: Callable[..., Official],
) -> None:
    first, second = official_maker(), official_maker()
    user = accounts.city_commander
    rows = [
        [1, first.person.full_name, first.person.id_number, course.code, "Khá", "ĐT4/001"],
        [2, second.person.full_name, second.person.id_number, course.code, "Không đạt", ""],
        [3, "Người lạ", "027203999999", course.code, "Đạt", ""],
        [4, first.person.full_name, first.person.id_number, "ĐT4-99/2022", "Đạt", ""],
        [5, second.person.full_name, second.person.id_number, course.code, "Không đạt", "09"],
    ]
    path = write_xlsx(tmp_path / "lop.xlsx", rows, HEADER)
    run = services.preview(user, ImportSource("course_attendees", path, tree.city, today=TODAY))
    # the unknown number; and each man on two rows (an unknown course, a certificate to a fail)
    assert run.rejected_count == 5
    third, fourth = official_maker(), official_maker()
    bad = [
        [1, "Người lạ", "027203999999", course.code, "Đạt", ""],
        [2, third.person.full_name, third.person.id_number, "ĐT4-99/2022", "Đạt", ""],
        [3, fourth.person.full_name, fourth.person.id_number, course.code, "Không đạt", "09"],
        [4, fourth.person.full_name, "", course.code, "Giỏi lắm", ""],
    ]
    run = services.preview(
        user,
        ImportSource(
            "course_attendees", write_xlsx(tmp_path / "x.xlsx", bad, HEADER), tree.city, today=TODAY
        ),
    )
    assert run.rejected_count == 4
    reasons = [str(e["reason"]) for e in run.errors]
    assert any("027203999999" in r for r in reasons)
    assert any("ĐT4-99/2022" in r for r in reasons)
    assert any("giấy chứng nhận" in r for r in reasons)
    assert any("Giỏi lắm" in r for r in reasons)
    assert not Attendance.objects.exists()

    good = write_xlsx(tmp_path / "lop2.xlsx", rows[:2], HEADER)
    run = services.preview(user, ImportSource("course_attendees", good, tree.city, today=TODAY))
    assert (run.created_count, run.rejected_count) == (2, 0)
    services.commit(user, run, "all", today=TODAY)
    results = {
        a.person_id: (a.result, a.certificate_number, a.unit) for a in Attendance.objects.all()
    }
    assert results == {
        first.person_id: ("good", "ĐT4/001", tree.suoi_hoa),
        second.person_id: ("failed", "", tree.suoi_hoa),
    }
    again = services.preview(user, ImportSource("course_attendees", good, tree.city, today=TODAY))
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)

    services.undo(user, run)
    assert not Attendance.objects.exists()


def test_a_ward_cannot_import_into_the_citys_course(
    tmp_path: Path,
    accounts: Accounts,
    tree: Tree,
    course: Course,
    official_maker: Callable[..., Official],
) -> None:
    holder = official_maker()
    rows = [[1, holder.person.full_name, holder.person.id_number, course.code, "Đạt", ""]]
    path = write_xlsx(tmp_path / "lop.xlsx", rows, HEADER)
    run = services.preview(
        accounts.suoi_hoa_staff, ImportSource("course_attendees", path, tree.suoi_hoa, today=TODAY)
    )
    assert run.rejected_count == 1 and "ĐT4-01/2022" in str(run.errors[0]["reason"])
