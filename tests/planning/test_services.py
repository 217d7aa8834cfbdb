"""Plans, tasks, targets, documents, events and budget through the services, with scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qpdp.core import audit
from qpdp.core.audit import AuditEntry
from qpdp.people.services import StaleRecord
from qpdp.planning import services
from qpdp.planning.models import (
    DirectiveDocument,
    Plan,
    PlanStatus,
    PlanTask,
    Section,
    Target,
    TaskStatus,
)
from qpdp.planning.services import TargetChanges

QUOTA = "conscription.quota"
COMPLETION = "conscription.completion"


@pytest.fixture
def city_plan(tree, accounts) -> Plan:
    plan = services.create_plan(accounts.city_commander, {"unit": tree.city, "year": 2022})
    services.add_task(
        accounts.city_commander,
        plan,
        {
            "section": Section.RECRUITMENT,
            "title": "Hoàn thành 100% chỉ tiêu tuyển quân",
            "responsible_unit": tree.suoi_hoa,
            "deadline": dt.date(2022, 2, 15),
        },
    )
    return plan


# -- plans and scoping --------------------------------------------------------------------------


def test_a_plan_is_created_once_per_unit_and_year_with_a_default_title(city_plan, tree, accounts):
    assert city_plan.title == (
        "Phương hướng, nhiệm vụ công tác quốc phòng địa phương năm 2022 của Thành phố Bắc Ninh"
    )
    with pytest.raises(ValidationError, match="đã có kế hoạch năm 2022"):
        services.create_plan(accounts.city_commander, {"unit": tree.city, "year": 2022})
    assert AuditEntry.objects.filter(object_id=str(city_plan.pk), action="create").exists()


def test_a_ward_sees_and_edits_its_own_plan_only(tree, accounts, city_plan) -> None:
    own = services.create_plan(accounts.suoi_hoa_staff, {"unit": tree.suoi_hoa, "year": 2022})
    other = services.create_plan(accounts.city_commander, {"unit": tree.kinh_bac_old, "year": 2022})
    staff = accounts.suoi_hoa_staff
    assert set(Plan.objects.visible_to(staff)) == {own}
    assert set(Plan.objects.visible_to(accounts.city_commander)) == {own, other, city_plan}
    assert not PlanTask.objects.visible_to(staff).exists()
    with pytest.raises(PermissionDenied):
        services.add_task(staff, other, {"section": Section.MILITIA, "title": "Huấn luyện"})
    with pytest.raises(PermissionDenied):
        services.create_plan(staff, {"unit": tree.kinh_bac_old, "year": 2023})
    with pytest.raises(PermissionDenied):
        services.create_plan(accounts.leader, {"unit": tree.kinh_bac, "year": 2026})
    # the ward's plan is seen by new Kinh Bắc, which keeps old Suối Hoa's archives
    assert own in Plan.objects.visible_to(accounts.kinh_bac_staff)


def test_only_a_commander_approves_a_plan_with_tasks(tree, accounts, city_plan) -> None:
    empty = services.create_plan(accounts.suoi_hoa_staff, {"unit": tree.suoi_hoa, "year": 2022})
    with pytest.raises(PermissionDenied):
        services.approve_plan(accounts.suoi_hoa_staff, empty)
    with pytest.raises(ValidationError, match="chưa có nhiệm vụ"):
        services.approve_plan(accounts.city_commander, empty)
    plan = services.approve_plan(accounts.city_commander, city_plan)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == accounts.city_commander


def test_a_stale_plan_edit_is_refused(accounts, city_plan) -> None:
    services.update_plan(accounts.city_commander, city_plan, {"note": "Bản 1", "version": 1})
    with pytest.raises(StaleRecord) as caught:
        services.update_plan(accounts.city_commander, city_plan, {"note": "Bản 2", "version": 1})
    assert caught.value.code == "stale"
    assert Plan.objects.get(pk=city_plan.pk).note == "Bản 1"


def test_a_task_is_done_only_with_its_evidence(accounts, city_plan) -> None:
    task = city_plan.tasks.get()
    with pytest.raises(ValidationError, match="minh chứng"):
        services.set_task_progress(
            accounts.city_commander, task, {"status": TaskStatus.DONE, "evidence": " "}
        )
    task = services.set_task_progress(
        accounts.city_commander,
        task,
        {"status": TaskStatus.DONE, "evidence": "Giao 85/85 công dân"},
    )
    assert task.status == TaskStatus.DONE
    entry = AuditEntry.objects.filter(object_id=str(task.pk), action="update").get()
    assert entry.changes["status"] == ["not_started", "done"]


def test_a_task_belongs_to_the_plan_territory_and_year(tree, accounts, city_plan) -> None:
    with pytest.raises(ValidationError, match="không thuộc"):
        services.add_task(
            accounts.city_commander,
            city_plan,
            {"section": Section.MILITIA, "title": "Huấn luyện", "responsible_unit": tree.kinh_bac},
        )
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        services.add_task(
            accounts.city_commander,
            city_plan,
            {"section": Section.MILITIA, "title": "X", "responsible_unit": tree.tien_ninh_ve},
        )
    with pytest.raises(ValidationError, match="Thời hạn"):
        services.add_task(
            accounts.city_commander,
            city_plan,
            {"section": Section.MILITIA, "title": "X", "deadline": dt.date(2030, 1, 1)},
        )


# -- targets, top-down ---------------------------------------------------------------------------


def test_targets_are_handed_down_and_over_sharing_is_refused(tree, accounts) -> None:
    city = accounts.city_commander
    warnings = services.set_targets(
        city,
        TargetChanges(
            tree.city,
            2022,
            {(tree.city.pk, QUOTA): Decimal(3), (tree.suoi_hoa.pk, QUOTA): Decimal(2)},
        ),
    )
    assert warnings == [
        "Chỉ tiêu gọi công dân nhập ngũ: mới giao 2 trên 3 cho các đơn vị thuộc Thành phố Bắc "
        "Ninh (đến 30/06/2025), còn 1 chưa giao."
    ]
    with pytest.raises(ValidationError, match="là 4, vượt chỉ tiêu") as caught:
        services.set_targets(
            city, TargetChanges(tree.city, 2022, {(tree.kinh_bac_old.pk, QUOTA): Decimal(2)})
        )
    assert [e.code for e in caught.value.error_list] == ["target_over_shared"]
    assert not Target.objects.filter(unit=tree.kinh_bac_old).exists()  # nothing written
    assert (
        services.set_targets(
            city, TargetChanges(tree.city, 2022, {(tree.kinh_bac_old.pk, QUOTA): 1})
        )
        == []
    )
    # lowering the parent's below what it handed down is refused too
    with pytest.raises(ValidationError, match="vượt chỉ tiêu"):
        services.set_targets(
            city, TargetChanges(tree.city, 2022, {(tree.city.pk, QUOTA): Decimal(2)})
        )
    # a rate is not summed: 100% for each ward is consistent with 100% for the city
    values = {(u.pk, COMPLETION): Decimal(100) for u in (tree.city, tree.suoi_hoa, tree.ninh_xa)}
    assert services.set_targets(city, TargetChanges(tree.city, 2022, values)) == []
    # removing a target
    services.set_targets(
        city, TargetChanges(tree.city, 2022, {(tree.ninh_xa.pk, COMPLETION): None})
    )
    assert not Target.objects.filter(unit=tree.ninh_xa).exists()


def test_targets_are_set_by_commanders_for_their_territory(tree, accounts) -> None:
    with pytest.raises(PermissionDenied, match="Chỉ chỉ huy"):
        services.set_targets(
            accounts.suoi_hoa_staff,
            TargetChanges(tree.suoi_hoa, 2022, {(tree.suoi_hoa.pk, QUOTA): Decimal(2)}),
        )
    with pytest.raises(ValidationError, match="trực thuộc"):
        services.set_targets(
            accounts.city_commander,
            TargetChanges(tree.city, 2022, {(tree.kinh_bac.pk, QUOTA): Decimal(2)}),
        )
    with pytest.raises(ValidationError, match="Không có chỉ tiêu mã"):
        services.set_targets(
            accounts.city_commander,
            TargetChanges(tree.city, 2022, {(tree.city.pk, "no.such"): Decimal(2)}),
        )


def test_the_target_kinds_follow_the_registry() -> None:
    kinds = {kind.code: kind for kind in services.target_kinds()}
    assert QUOTA in kinds and COMPLETION in kinds
    assert "conscription.handed_over" not in kinds  # measured against the quota
    assert kinds[COMPLETION].rate and not kinds[QUOTA].rate


# -- next year -----------------------------------------------------------------------------------


def test_next_years_plan_follows_the_merger(tree, accounts) -> None:
    """Ninh Xá ended on 31/12/2024, merged into Tiền Ninh Vệ: the 2025 plan gives its task and
    its target to Tiền Ninh Vệ."""
    city = accounts.city_commander
    plan = services.create_plan(
        city, {"unit": tree.city, "year": 2024, "note": "Trọng tâm: tuyển quân"}
    )
    task = services.add_task(
        city,
        plan,
        {
            "section": Section.EXERCISE,
            "title": "Diễn tập chiến đấu phòng thủ phường",
            "responsible_unit": tree.ninh_xa,
            "deadline": dt.date(2024, 2, 29),
        },
    )
    services.set_task_progress(city, task, {"status": TaskStatus.DONE, "evidence": "Đạt loại Giỏi"})
    services.set_targets(
        city,
        TargetChanges(
            tree.city,
            2024,
            {
                (tree.city.pk, QUOTA): Decimal(5),
                (tree.ninh_xa.pk, QUOTA): Decimal(2),
                (tree.suoi_hoa.pk, QUOTA): Decimal(3),
            },
        ),
    )
    new = services.create_next_year_plan(city, plan)
    assert (new.unit, new.year, new.status) == (tree.city, 2025, PlanStatus.DRAFT)
    assert new.note == "Trọng tâm: tuyển quân"
    copied = new.tasks.get()
    assert copied.responsible_unit == tree.tien_ninh_ve
    assert copied.deadline == dt.date(2025, 2, 28)
    assert (copied.status, copied.evidence) == (TaskStatus.NOT_STARTED, "")
    targets = dict(Target.objects.filter(year=2025).values_list("unit__name", "value"))
    assert targets == {"Bắc Ninh": 5, "Tiền Ninh Vệ": 2, "Suối Hoa": 3}
    entry = audit.history(new).get()
    assert entry.changes["tasks"] == 1 and entry.changes["targets"] == 3
    with pytest.raises(ValidationError, match="đã có kế hoạch năm 2025"):
        services.create_next_year_plan(city, plan)


def test_a_merged_wards_plan_becomes_the_new_wards(tree, accounts) -> None:
    plan = services.create_plan(accounts.admin, {"unit": tree.suoi_hoa, "year": 2025})
    services.add_task(accounts.admin, plan, {"section": Section.MILITIA, "title": "Huấn luyện"})
    new = services.create_next_year_plan(accounts.admin, plan)
    assert (new.unit, new.year) == (tree.kinh_bac, 2026)
    assert new.title.endswith("của Phường Kinh Bắc")
    city_plan = services.create_plan(accounts.admin, {"unit": tree.city, "year": 2025})
    with pytest.raises(ValidationError, match="không có một đơn vị kế thừa"):
        services.create_next_year_plan(accounts.admin, city_plan)


def test_targets_of_merged_wards_are_combined(tree, accounts) -> None:
    from qpdp.planning.services.targets import carry_targets

    rows = [
        Target(unit=tree.suoi_hoa, year=2025, indicator_code=QUOTA, value=Decimal(2)),
        Target(unit=tree.kinh_bac_old, year=2025, indicator_code=QUOTA, value=Decimal(1)),
        Target(unit=tree.suoi_hoa, year=2025, indicator_code=COMPLETION, value=Decimal(95)),
        Target(unit=tree.kinh_bac_old, year=2025, indicator_code=COMPLETION, value=Decimal(100)),
    ]
    mapping = {tree.suoi_hoa.pk: tree.kinh_bac, tree.kinh_bac_old.pk: tree.kinh_bac}
    carried = carry_targets(rows, mapping, 2026, accounts.admin)
    assert {(t.unit, t.indicator_code, t.value) for t in carried} == {
        (tree.kinh_bac, QUOTA, Decimal(3)),
        (tree.kinh_bac, COMPLETION, Decimal(100)),
    }


def test_successors_follow_interim_arrangements(tree) -> None:
    assert services.successors_in(tree.ninh_xa, 2025) == [tree.tien_ninh_ve]
    assert services.successors_in(tree.ninh_xa, 2026) == [tree.kinh_bac]
    assert services.successors_in(tree.suoi_hoa, 2025) == [tree.suoi_hoa]


# -- documents, events, budget -------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _document(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "year": 2022,
        "number": "125/KH-UBND",
        "issued_on": dt.date(2022, 1, 10),
        "issuer": "UBND thành phố Bắc Ninh",
        "summary": "Kế hoạch  công tác quốc phòng địa phương năm 2022",
    }
    return {**data, **overrides}


def test_a_directive_document_is_registered_with_its_file(tree, accounts, media) -> None:
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    document = services.add_document(
        accounts.city_commander, tree.city, {**_document(), "file": upload}
    )
    assert document.summary == "Kế hoạch công tác quốc phòng địa phương năm 2022"
    assert document.file.name.startswith("planning/documents/2022/")
    assert (media / document.file.name).read_bytes().startswith(b"%PDF")
    with pytest.raises(ValidationError):
        services.add_document(accounts.city_commander, tree.city, _document())  # same number


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp"),
        ("gia-mao.pdf", b"MZ\x90\x00", "không đúng định dạng"),
        ("lon.pdf", b"%PDF-" + b"0" * services.MAX_FILE_SIZE, "lớn hơn 10 MB"),
    ],
)
def test_a_file_too_large_or_of_the_wrong_kind_is_refused(
    tree, accounts, media, name, content, message
):
    with pytest.raises(ValidationError, match=message):
        services.add_document(
            accounts.city_commander,
            tree.city,
            {**_document(), "file": SimpleUploadedFile(name, content)},
        )
    assert not DirectiveDocument.objects.exists()


def test_an_exercise_has_phases_within_its_dates(tree, accounts) -> None:
    event = services.create_event(
        accounts.city_commander,
        tree.city,
        {
            "year": 2022,
            "name": "Diễn tập khu vực phòng thủ thành phố",
            "kind": "exercise",
            "starts_on": dt.date(2022, 9, 20),
            "ends_on": dt.date(2022, 9, 23),
        },
    )
    services.add_phase(
        accounts.city_commander,
        event,
        {
            "name": "Diễn tập chỉ huy - cơ quan",
            "starts_on": dt.date(2022, 9, 20),
            "ends_on": dt.date(2022, 9, 21),
        },
    )
    with pytest.raises(ValidationError, match="nằm trong thời gian"):
        services.add_phase(
            accounts.city_commander,
            event,
            {
                "name": "Thực binh",
                "starts_on": dt.date(2022, 9, 22),
                "ends_on": dt.date(2022, 9, 25),
            },
        )
    with pytest.raises(ValidationError, match="nằm trong thời gian"):
        services.update_event(accounts.city_commander, event, {"starts_on": dt.date(2022, 9, 21)})
    event = services.update_event(
        accounts.city_commander, event, {"outcome": "Hoàn thành", "rating": "good"}
    )
    assert event.get_rating_display() == "Giỏi"
    with pytest.raises(PermissionDenied):
        services.create_event(
            accounts.suoi_hoa_staff, tree.city, {"year": 2022, "name": "X", "kind": "exercise"}
        )


def test_budget_lines_add_up(accounts, city_plan) -> None:
    for planned, spent in ((120_000_000, 118_500_000), (80_000_000, 40_000_000)):
        services.add_budget_line(
            accounts.city_commander,
            city_plan,
            {
                "section": Section.EXERCISE,
                "description": "Diễn tập",
                "planned": planned,
                "spent": spent,
            },
        )
    totals = services.totals(city_plan)
    assert (totals.planned, totals.spent) == (200_000_000, 158_500_000)
    assert totals.share_spent == Decimal("79.3")
    with pytest.raises(ValidationError):
        services.add_budget_line(
            accounts.city_commander,
            city_plan,
            {"section": Section.EXERCISE, "description": "Sai", "planned": -1, "spent": 0},
        )


def test_only_a_commander_copies_a_plan_with_its_targets(tree, accounts, make_user) -> None:
    staff = make_user("staff", tree.city)
    plan = services.create_plan(staff, {"unit": tree.city, "year": 2023})
    with pytest.raises(PermissionDenied, match="Chỉ chỉ huy"):
        services.create_next_year_plan(staff, plan)
    assert not Plan.objects.filter(year=2024).exists()
