"""Year figures over the unit tree, targets, and history across the 2025 merger."""

from __future__ import annotations

from decimal import Decimal

from qpdp.planning import figures
from qpdp.planning.models import Target


def test_year_figures_are_live_for_the_city_and_its_wards(tree, intake) -> None:
    Target.objects.create(unit=tree.city, year=2022, indicator_code="conscription.quota", value=3)
    Target.objects.create(
        unit=tree.suoi_hoa, year=2022, indicator_code="conscription.quota", value=2
    )
    result = figures.year_figures(tree.city, 2022)
    assert result.locked_at is None
    assert result.children == [tree.kinh_bac_old, tree.ninh_xa, tree.suoi_hoa]  # by code
    rows = {row.code: row for row in result.rows}
    handed = rows["conscription.handed_over"]
    assert handed.value == 2
    assert handed.target == Decimal("3.00")  # measured against the quota's target
    assert handed.by_unit[tree.suoi_hoa.pk] == (2, Decimal("2.00"))
    assert handed.by_unit[tree.kinh_bac_old.pk] == (0, None)
    assert rows["conscription.completion"].value == Decimal("66.7")
    assert rows["conscription.completion"].by_unit[tree.ninh_xa.pk] == (None, None)


def test_children_are_those_in_force_during_the_year(tree) -> None:
    assert figures.children_in_year(tree.city, 2025) == [
        tree.kinh_bac_old,
        tree.tien_ninh_ve,
        tree.suoi_hoa,
    ]


def test_history_of_a_new_ward_sums_its_predecessors_and_recomputes_rates(tree, intake) -> None:
    past = figures.territory_figures(tree.kinh_bac, [2021, 2022])
    assert past[2022]["conscription.quota"] == 3
    assert past[2022]["conscription.handed_over"] == 2
    # 2 handed over of 3, not Suối Hoa's 100% plus old Kinh Bắc's 0%
    assert past[2022]["conscription.completion"] == Decimal("66.7")
    assert past[2021]["conscription.handed_over"] is None  # no cycle in 2021: no figure, not 0
    assert past[2021]["conscription.completion"] is None
