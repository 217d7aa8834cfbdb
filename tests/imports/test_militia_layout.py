"""The militia roster layout: a ward's list of its militia, each row a person and his service."""

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
from qpdp.militia import services as militia
from qpdp.militia.import_layouts import post_from_text
from qpdp.militia.models import Membership
from qpdp.militia.rules import EstablishingAuthority, ForceKind, Level, Post
from qpdp.people.models import Person
from tests.conftest import TODAY
from tests.imports.test_services import write_xlsx

HEADER = [
    "STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị DQTV", "Chức vụ", "Ngày vào",
    "Số QĐ",
]  # fmt: skip
AN = "027200000301"
BINH = "027201000302"
YOUNG = "027209000303"  # born 2009: not 18 in March 2026
UNIT = "Trung đội dân quân cơ động"


@pytest.fixture
def platoon(tree: Any, accounts: Any) -> Any:
    return militia.create_unit(
        accounts.province_commander,
        unit=tree.kinh_bac,
        name=UNIT,
        level=Level.PLATOON,
        force_kind=ForceKind.MOBILE,
        authorised_strength=31,
        established_on=dt.date(2025, 7, 15),
        established_by=EstablishingAuthority.PROVINCE_COMMANDER,
        decision_number="15/QĐ-BCHQS",
    )


def preview(user: Any, path: Path, unit: Any) -> Any:
    return services.preview(user, ImportSource("militia_members", path, unit, today=TODAY))


def test_the_layout_is_declared_by_the_militia_app() -> None:
    layout = get_layout("militia_members")
    assert layout in all_layouts()
    assert layout.field("id_number").required and layout.field("joined_on").required


@pytest.mark.parametrize(
    ("text", "post"),
    [
        ("", Post.MEMBER),
        ("Chiến sĩ", Post.MEMBER),
        ("Trung đội trưởng", Post.COMMANDER),
        ("Phó trung đội trưởng", Post.DEPUTY),
        ("Tiểu đội phó", Post.DEPUTY),
        ("Thủ quỹ", None),
    ],
)
def test_posts_are_read_as_rosters_write_them(text: str, post: str | None) -> None:
    assert post_from_text(text) == post


def test_a_roster_enrols_its_people_and_reimports_unchanged(
    tmp_path: Path, tree: Any, staff: Any, platoon: Any, make_person: Any
) -> None:
    known = make_person(
        tree.kinh_bac,
        id_number=BINH,
        middle_name="Thị",
        given_name="Bình",
        birth_date=dt.date(2001, 5, 2),
        gender="M",
    )
    rows = [
        [
            1,
            "Nguyễn Văn An",
            "15/03/2000",
            "Nam",
            AN,
            UNIT,
            "Trung đội trưởng",
            "02/03/2026",
            "8/QĐ",
        ],
        [2, "Nguyễn Thị Bình", "02/05/2001", "Nam", BINH, UNIT, "Chiến sĩ", "02/03/2026", "8/QĐ"],
    ]
    path = write_xlsx(tmp_path / "dqtv.xlsx", rows, HEADER)
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.updated_count, run.rejected_count) == (1, 1, 0)
    assert not Membership.objects.exists()

    services.commit(staff, run, "all", today=TODAY)
    an = Person.objects.get(id_number=AN)
    services_of = {m.person_id: m for m in Membership.objects.all()}
    assert set(services_of) == {an.pk, known.pk}
    assert services_of[an.pk].post == Post.COMMANDER
    assert services_of[an.pk].term_end == dt.date(2030, 3, 1)
    assert AuditEntry.objects.filter(
        content_type__model="membership", object_id=str(services_of[known.pk].pk)
    ).exists()

    again = preview(staff, path, tree.kinh_bac)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)

    services.undo(staff, run)
    assert not Membership.objects.exists()
    assert list(Person.objects.values_list("pk", flat=True)) == [known.pk]


def test_rows_the_law_refuses_are_errors_and_nothing_is_written(
    tmp_path: Path, tree: Any, staff: Any, platoon: Any
) -> None:
    rows = [
        [1, "Lê Văn Bé", "01/01/2009", "Nam", YOUNG, UNIT, "", "02/03/2026", "8/QĐ"],
        [2, "Nguyễn Văn An", "15/03/2000", "Nam", AN, "Trung đội không có", "", "02/03/2026", "8"],
        [3, "Trần Văn Tháng", "15/03/2000", "Nam", "027200000304", UNIT, "", "03/2026", "8/QĐ"],
        [
            4,
            "Phạm Văn Quỹ",
            "15/03/2000",
            "Nam",
            "027200000305",
            UNIT,
            "Thủ quỹ",
            "02/03/2026",
            "8",
        ],
    ]
    path = write_xlsx(tmp_path / "loi.xlsx", rows, HEADER)
    before = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    run = preview(staff, path, tree.kinh_bac)
    assert (run.created_count, run.rejected_count) == (0, 4)
    reasons = {error["row"]: error["reason"] for error in run.errors}
    assert "chưa đủ 18 tuổi" in reasons[4] and "Điều 8" in reasons[4]
    assert "Không có đơn vị “Trung đội không có”" in reasons[5]
    assert "đủ ngày, tháng, năm" in reasons[6]
    assert "Chức vụ “Thủ quỹ” không rõ" in reasons[7]
    with pytest.raises(services.ImportRefused):
        services.commit(staff, run, "all", today=TODAY)
    run.refresh_from_db()
    assert run.status == RunStatus.REJECTED
    after = (Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    assert after == before
