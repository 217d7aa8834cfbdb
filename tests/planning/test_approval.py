"""Data approval through the services: who may complete, lock and unlock, and what a lock keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.core import indicators
from qpdp.core.audit import AuditEntry
from qpdp.core.indicators import Indicator
from qpdp.planning import figures, services, stored
from qpdp.planning.models import ApprovalStatus, IndicatorSnapshot, Target
from qpdp.planning.rules import ApprovalAction, Capacity
from qpdp.planning.services import ApprovalStep
from tests.planning.conftest import hand_over_the_last


def test_capacities_follow_the_tree_and_the_merger(tree, accounts) -> None:
    assert services.capacities(accounts.suoi_hoa_staff, tree.suoi_hoa) == {Capacity.UNIT}
    # new Kinh Bắc keeps the archives of Suối Hoa, merged into it
    assert services.capacities(accounts.kinh_bac_staff, tree.suoi_hoa) == {Capacity.UNIT}
    assert services.capacities(accounts.city_commander, tree.suoi_hoa) == {Capacity.SUPERIOR}
    assert services.capacities(accounts.city_commander, tree.city) == {Capacity.UNIT}
    assert services.capacities(accounts.province_commander, tree.city) == {Capacity.SUPERIOR}
    assert services.capacities(accounts.vo_cuong_staff, tree.suoi_hoa) == set()
    assert services.capacities(accounts.leader, tree.suoi_hoa) == set()
    assert services.capacities(accounts.admin, tree.suoi_hoa) == set(Capacity)


def test_a_ward_completes_but_cannot_lock_and_the_city_locks(tree, accounts, intake) -> None:
    approval = services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.COMPLETE)
    )
    assert approval.status == ApprovalStatus.COMPLETED
    assert approval.completed_by == accounts.suoi_hoa_staff
    with pytest.raises(ValidationError, match="Chỉ chỉ huy đơn vị cấp trên") as caught:
        services.act(
            accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.LOCK)
        )
    assert caught.value.code == "approval_superior_only"
    with pytest.raises(PermissionDenied):
        services.act(
            accounts.vo_cuong_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.LOCK)
        )
    approval = services.act(
        accounts.city_commander, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.LOCK)
    )
    assert approval.status == ApprovalStatus.LOCKED
    assert approval.locked_at is not None
    # a ward has no children: one row per indicator
    assert approval.snapshots.count() == len(indicators.all_indicators())
    entry = AuditEntry.objects.filter(object_id=str(approval.pk)).first()
    assert entry is not None and entry.changes["action"] == "lock"


def test_the_city_cannot_lock_figures_not_declared_complete(tree, accounts) -> None:
    with pytest.raises(ValidationError, match="đang ở trạng thái"):
        services.act(
            accounts.city_commander, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.LOCK)
        )


def test_a_lock_keeps_the_figures_whatever_is_edited_later(tree, accounts, intake) -> None:
    Target.objects.create(unit=tree.city, year=2022, indicator_code="conscription.quota", value=3)
    services.act(accounts.city_commander, ApprovalStep(tree.city, 2022, ApprovalAction.COMPLETE))
    services.act(accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.LOCK))
    children = figures.children_in_year(tree.city, 2022)
    assert IndicatorSnapshot.objects.filter(approval__unit=tree.city).count() == len(
        indicators.all_indicators()
    ) * (1 + len(children))

    hand_over_the_last(accounts.city_commander, intake)  # a registry edit after the lock
    Target.objects.filter(unit=tree.city).update(value=4)  # and a target edit
    indicators.register(
        Indicator("test.after_lock", "Chỉ số thêm sau khi khóa", "người", lambda u, s, e: {})
    )
    try:
        locked = figures.year_figures(tree.city, 2022)
        assert "test.after_lock" not in {row.code for row in locked.rows}
    finally:
        indicators.unregister("test.after_lock")
    rows = {row.code: row for row in locked.rows}
    assert locked.locked_at is not None
    assert locked.children == children
    assert rows["conscription.handed_over"].value == 2
    assert rows["conscription.handed_over"].target == Decimal("3.00")
    assert rows["conscription.completion"].value == Decimal("66.7")
    assert rows["conscription.handed_over"].by_unit[tree.kinh_bac_old.pk] == (0, None)
    assert rows["conscription.completion"].by_unit[tree.ninh_xa.pk] == (None, None)
    assert stored.history(tree.city, [2022])[2022].values["conscription.handed_over"] == 2

    with pytest.raises(ValidationError, match="lý do"):
        services.act(
            accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.UNLOCK, "")
        )
    with pytest.raises(ValidationError, match="cấp trên"):
        services.act(
            accounts.city_commander,
            ApprovalStep(tree.city, 2022, ApprovalAction.UNLOCK, "Sai số liệu"),
        )
    approval = services.act(
        accounts.province_commander,
        ApprovalStep(tree.city, 2022, ApprovalAction.UNLOCK, "Bổ sung giao quân"),
    )
    assert approval.status == ApprovalStatus.OPEN and approval.note == "Bổ sung giao quân"
    entry = AuditEntry.objects.filter(object_id=str(approval.pk)).first()
    assert entry is not None and entry.changes["reason"] == "Bổ sung giao quân"
    live = {row.code: row for row in figures.year_figures(tree.city, 2022).rows}
    assert live["conscription.handed_over"].value == 3
    assert live["conscription.completion"].value == Decimal("100.0")


def test_a_second_lock_replaces_the_snapshot(tree, accounts, intake) -> None:
    services.act(accounts.city_commander, ApprovalStep(tree.city, 2022, ApprovalAction.COMPLETE))
    services.act(accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.LOCK))
    services.act(
        accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.UNLOCK, "Bổ sung")
    )
    hand_over_the_last(accounts.city_commander, intake)
    services.act(accounts.city_commander, ApprovalStep(tree.city, 2022, ApprovalAction.COMPLETE))
    services.act(accounts.province_commander, ApprovalStep(tree.city, 2022, ApprovalAction.LOCK))
    rows = {row.code: row for row in figures.year_figures(tree.city, 2022).rows}
    assert rows["conscription.handed_over"].value == 3
    assert IndicatorSnapshot.objects.filter(approval__unit=tree.city).count() == len(
        indicators.all_indicators()
    ) * (1 + len(figures.children_in_year(tree.city, 2022)))


def test_the_unit_must_exist_in_the_year(tree, accounts) -> None:
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        services.act(
            accounts.kinh_bac_staff, ApprovalStep(tree.kinh_bac, 2022, ApprovalAction.COMPLETE)
        )


def test_a_declaration_is_withdrawn_by_the_ward_or_sent_back_by_the_city(tree, accounts) -> None:
    services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.COMPLETE)
    )
    approval = services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.REOPEN)
    )
    assert approval.status == ApprovalStatus.OPEN
    services.act(
        accounts.suoi_hoa_staff, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.COMPLETE)
    )
    approval = services.act(
        accounts.city_commander,
        ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.REOPEN, "Thiếu số liệu"),
    )
    assert (approval.status, approval.note) == (ApprovalStatus.OPEN, "Thiếu số liệu")
    with pytest.raises(ValidationError, match="đang ở trạng thái"):
        services.act(
            accounts.city_commander, ApprovalStep(tree.suoi_hoa, 2022, ApprovalAction.REOPEN)
        )
