"""The org-unit tree: subtrees, validity, reused codes, successions, constraints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from qpdp.core.units import (
    SEGMENT,
    SuccessionKind,
    Unit,
    UnitKind,
    UnitSuccession,
    path_segment,
    path_upper_bound,
)
from tests.conftest import Tree

INTERIM = dt.date(2025, 1, 1)


def names(units: Any) -> set[str]:
    return {str(u) for u in units}


def test_path_upper_bound_is_the_next_path_of_the_same_width() -> None:
    assert path_upper_bound("0000000100000002") == "0000000100000003"
    assert path_upper_bound("0000000099999999") == "0000000100000000"
    assert path_segment(42) == "00000042"


def test_subtree_of_is_one_query(tree: Tree, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        subtree = list(Unit.objects.subtree_of([tree.city]))

    assert {u.pk for u in subtree} == {
        tree.city.pk,
        tree.suoi_hoa.pk,
        tree.kinh_bac_old.pk,
        tree.ninh_xa.pk,
        tree.tien_ninh_ve.pk,
    }


def test_subtree_of_several_roots_is_still_one_query(
    tree: Tree, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        subtree = list(Unit.objects.subtree_of([tree.suoi_hoa, tree.province]))

    assert {u.pk for u in subtree} == {
        tree.suoi_hoa.pk,
        tree.province.pk,
        tree.kinh_bac.pk,
        tree.vo_cuong.pk,
    }


def test_subtree_of_exact_leaves_the_children_out(tree: Tree) -> None:
    assert list(Unit.objects.subtree_of([tree.city], exact=True)) == [tree.city]


def test_subtree_of_nothing_is_empty(tree: Tree) -> None:
    assert not Unit.objects.subtree_of([]).exists()


def test_a_leaf_subtree_is_the_leaf_only(tree: Tree) -> None:
    assert list(tree.vo_cuong.subtree()) == [tree.vo_cuong]


@pytest.mark.parametrize(
    ("day", "in_force", "not_in_force"),
    [
        (dt.date(2025, 6, 30), ["suoi_hoa", "kinh_bac_old", "city"], ["kinh_bac", "province"]),
        (dt.date(2025, 7, 1), ["kinh_bac", "vo_cuong", "province"], ["suoi_hoa", "city"]),
        (dt.date(2024, 12, 31), ["ninh_xa"], ["tien_ninh_ve"]),
        (dt.date(2025, 1, 1), ["tien_ninh_ve"], ["ninh_xa"]),
        (dt.date(2020, 1, 1), ["ninh_xa", "suoi_hoa", "old_province"], ["tien_ninh_ve"]),
    ],
)
def test_valid_on_includes_both_ends_of_the_period(
    tree: Tree, day: dt.date, in_force: list[str], not_in_force: list[str]
) -> None:
    valid = set(Unit.objects.valid_on(day).values_list("pk", flat=True))

    for attr in in_force:
        unit = getattr(tree, attr)
        assert unit.pk in valid, attr
        assert unit.is_valid_on(day), attr
    for attr in not_in_force:
        unit = getattr(tree, attr)
        assert unit.pk not in valid, attr
        assert not unit.is_valid_on(day), attr


def test_current_units_are_those_without_an_end(tree: Tree) -> None:
    assert names(Unit.objects.current()) == names([tree.province, tree.kinh_bac, tree.vo_cuong])


def test_a_reused_code_names_two_units(tree: Tree) -> None:
    assert set(Unit.objects.by_code("09187")) == {tree.suoi_hoa, tree.kinh_bac}


@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("09187", dt.date(2022, 5, 1), "suoi_hoa"),
        ("09187", dt.date(2025, 6, 30), "suoi_hoa"),
        ("09187", dt.date(2025, 7, 1), "kinh_bac"),
        ("09184", dt.date(2024, 12, 31), "ninh_xa"),
        ("09184", dt.date(2025, 1, 1), "tien_ninh_ve"),
    ],
)
def test_by_code_on_a_day_gives_the_unit_then_in_force(
    tree: Tree, code: str, day: dt.date, expected: str
) -> None:
    assert list(Unit.objects.by_code(code, on=day)) == [getattr(tree, expected)]


def test_by_code_on_a_day_after_the_unit_ended_finds_nothing(tree: Tree) -> None:
    assert not Unit.objects.by_code("09184", on=dt.date(2025, 7, 1)).exists()


def test_predecessors_of_new_kinh_bac_include_ninh_xa_through_tien_ninh_ve(tree: Tree) -> None:
    assert names(tree.kinh_bac.predecessors()) == names(
        [tree.suoi_hoa, tree.kinh_bac_old, tree.tien_ninh_ve, tree.ninh_xa]
    )


@pytest.mark.parametrize(("attr", "expected"), [("vo_cuong", []), ("ninh_xa", [])])
def test_a_unit_nothing_merged_into_has_no_predecessors(
    tree: Tree, attr: str, expected: list[Unit]
) -> None:
    assert getattr(tree, attr).predecessors() == expected


def test_successors_of_suoi_hoa_is_new_kinh_bac(tree: Tree) -> None:
    assert list(tree.suoi_hoa.successors()) == [tree.kinh_bac]


@pytest.mark.parametrize(
    ("attr", "parent", "depth"),
    [
        ("old_province", None, 0),
        ("city", "old_province", 1),
        ("suoi_hoa", "city", 2),
        ("tien_ninh_ve", "city", 2),
        ("province", None, 0),
        ("kinh_bac", "province", 1),
    ],
)
def test_path_and_depth_follow_the_parent(
    tree: Tree, attr: str, parent: str | None, depth: int
) -> None:
    unit = Unit.objects.get(pk=getattr(tree, attr).pk)
    parent_path = getattr(tree, parent).path if parent else ""

    assert unit.path == parent_path + path_segment(unit.pk)
    assert unit.depth == depth == len(unit.path) // SEGMENT - 1
    assert unit.ancestor_ids()[-1] == unit.pk


def test_ancestors_run_from_the_root_down(tree: Tree) -> None:
    assert list(tree.suoi_hoa.ancestors()) == [tree.old_province, tree.city, tree.suoi_hoa]


def test_moving_a_leaf_to_another_parent_rewrites_its_path(tree: Tree) -> None:
    tree.vo_cuong.parent = tree.city
    tree.vo_cuong.save()

    assert tree.vo_cuong in Unit.objects.subtree_of([tree.city])
    assert tree.vo_cuong not in Unit.objects.subtree_of([tree.province])
    assert Unit.objects.get(pk=tree.vo_cuong.pk).depth == 2


def test_moving_a_unit_moves_its_whole_subtree(tree: Tree) -> None:
    tree.city.parent = tree.province
    tree.city.save()

    assert tree.suoi_hoa in Unit.objects.subtree_of([tree.province])
    assert tree.suoi_hoa not in Unit.objects.subtree_of([tree.old_province])


@pytest.mark.parametrize(
    ("attr", "label"),
    [
        ("kinh_bac", "Phường Kinh Bắc"),
        ("suoi_hoa", "Phường Suối Hoa (đến 30/06/2025)"),
        ("ninh_xa", "Phường Ninh Xá (đến 31/12/2024)"),
        ("city", "Thành phố Bắc Ninh (đến 30/06/2025)"),
        ("province", "Tỉnh Bắc Ninh"),
    ],
)
def test_label_shows_the_end_of_a_unit_no_longer_in_force(
    tree: Tree, attr: str, label: str
) -> None:
    unit = getattr(tree, attr)

    assert unit.label == label
    assert str(unit) == label


def test_saving_a_unit_cleans_its_name_and_folds_its_search_key(tree: Tree) -> None:
    unit = Unit(
        code="09199",
        name="  Đa\u0300o   Vie\u0302\u0323n ",
        type_label="Phường",
        kind=UnitKind.COMMUNE,
        parent=tree.province,
        valid_from=dt.date(2025, 7, 1),
    )
    unit.save()

    assert unit.name == "Đào Viện"
    assert unit.search_key == "phuong dao vien"


@pytest.mark.parametrize(
    "valid_from",
    [pytest.param(dt.date(2025, 7, 1), id="same-start"), pytest.param(None, id="no-start")],
)
def test_the_same_code_kind_and_start_twice_is_refused(
    tree: Tree, valid_from: dt.date | None
) -> None:
    Unit(
        code="09999", name="Thử", kind=UnitKind.COMMUNE, parent=tree.province, valid_from=valid_from
    ).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Unit(
            code="09999",
            name="Thử lại",
            kind=UnitKind.COMMUNE,
            parent=tree.province,
            valid_from=valid_from,
        ).save()


def test_the_same_code_with_another_start_or_kind_is_allowed(tree: Tree) -> None:
    Unit(
        code="09187",
        name="Kinh Bắc mới hơn",
        kind=UnitKind.COMMUNE,
        parent=tree.province,
        valid_from=dt.date(2030, 1, 1),
    ).save()
    Unit(
        code="09187",
        name="Tổ chức trùng mã",
        kind=UnitKind.ORGANISATION,
        parent=tree.province,
        valid_from=dt.date(2025, 7, 1),
    ).save()

    assert Unit.objects.by_code("09187").count() == 4


def test_an_end_before_the_start_is_refused(tree: Tree) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit(
            code="09998",
            name="Ngược",
            kind=UnitKind.COMMUNE,
            parent=tree.province,
            valid_from=dt.date(2025, 7, 1),
            valid_to=dt.date(2025, 6, 30),
        ).save()


def test_a_one_day_unit_is_allowed(tree: Tree) -> None:
    day = dt.date(2025, 7, 1)
    Unit(
        code="09997",
        name="Một ngày",
        kind=UnitKind.COMMUNE,
        parent=tree.province,
        valid_from=day,
        valid_to=day,
    ).save()

    assert Unit.objects.by_code("09997", on=day).exists()


def test_a_succession_link_is_unique(tree: Tree) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitSuccession.objects.create(
            predecessor=tree.suoi_hoa,
            successor=tree.kinh_bac,
            kind=SuccessionKind.MERGE,
            effective=dt.date(2025, 7, 1),
        )
