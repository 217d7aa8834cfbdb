"""`qpdp load_units` against the real catalogue packages, limited to Bắc Ninh to stay fast."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from qpdp.core.units import REFORM_DATE, Unit, UnitKind

pytestmark = pytest.mark.django_db

NEW_WARDS = {"Vũ Ninh", "Kinh Bắc", "Võ Cường", "Nam Sơn", "Hạp Lĩnh"}


@pytest.fixture
def bac_ninh(db: Any) -> Unit:
    call_command("load_units", "--province", "24", stdout=StringIO())
    return Unit.objects.get(code="256", kind=UnitKind.DISTRICT)


def wards_of(city: Unit, day: dt.date) -> set[str]:
    return set(
        Unit.objects.filter(parent=city, kind=UnitKind.COMMUNE)
        .valid_on(day)
        .values_list("name", flat=True)
    )


def test_the_city_had_nineteen_wards_in_2022_and_seventeen_in_march_2025(bac_ninh: Unit) -> None:
    in_2022 = wards_of(bac_ninh, dt.date(2022, 6, 1))
    assert len(in_2022) == 19
    assert {"Vệ An", "Tiền An", "Ninh Xá", "Suối Hoa"} <= in_2022
    in_2025 = wards_of(bac_ninh, dt.date(2025, 3, 1))
    assert len(in_2025) == 17
    assert "Tiền Ninh Vệ" in in_2025 and "Ninh Xá" not in in_2025
    assert wards_of(bac_ninh, REFORM_DATE) == set()


def test_the_reused_code_09187_names_two_units_told_apart_by_date(bac_ninh: Unit) -> None:
    assert Unit.objects.by_code("09187").count() == 2
    assert Unit.objects.by_code("09187", on=dt.date(2022, 6, 1)).get().name == "Suối Hoa"
    assert Unit.objects.by_code("09187", on=REFORM_DATE).get().name == "Kinh Bắc"


def test_new_kinh_bac_descends_from_nine_wards_through_the_interim_merger(bac_ninh: Unit) -> None:
    kinh_bac = Unit.objects.by_code("09187", on=REFORM_DATE).get()
    names = {unit.name for unit in kinh_bac.predecessors()}
    assert names == {"Kinh Bắc", "Tiền Ninh Vệ", "Suối Hoa", "Hòa Long", "Vạn An", "Khúc Xuyên",
                     "Ninh Xá", "Vệ An", "Tiền An"}  # fmt: skip


def test_the_new_province_holds_the_five_wards_that_replaced_the_city(bac_ninh: Unit) -> None:
    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    successors = Unit.objects.filter(
        predecessor_links__predecessor__parent=bac_ninh, valid_from=REFORM_DATE
    ).distinct()
    assert {unit.name for unit in successors} == NEW_WARDS
    assert all(unit.parent_id == province.pk for unit in successors)
    assert {p.code for p in province.predecessors()} == {"24", "27"}


def test_loading_twice_changes_nothing(bac_ninh: Unit) -> None:
    before = Unit.objects.count()
    out = StringIO()
    call_command("load_units", "--province", "24", stdout=out)
    assert Unit.objects.count() == before
    assert "đã được nạp" in out.getvalue()
