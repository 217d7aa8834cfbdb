"""The home page's wards: grouped by province, in Vietnamese alphabetical order."""

from __future__ import annotations

import re

from django.test import Client

from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import sort_key
from qpdp.people.home import WARDS_PER_PAGE


def _ward(code: str, name: str, parent: Unit) -> Unit:
    unit = Unit(code=code, name=name, type_label="Phường", kind=UnitKind.COMMUNE, parent=parent)
    unit.save()
    return unit


def _ward_cells(html: str) -> list[str]:
    return re.findall(r'<a href="/cong-dan/\?unit=\d+">Phường ([^<]+)</a>', html)


def test_wards_are_listed_the_vietnamese_way_with_their_province(tree, accounts) -> None:
    for code, name in (("09900", "Hòa Long"), ("09901", "Hạp Lĩnh"), ("09902", "Đáp Cầu")):
        _ward(code, name, tree.province)
    client = Client()
    client.force_login(accounts.admin)
    html = client.get("/").content.decode()
    # code-point order would put Hòa before Hạp and Đáp Cầu last
    assert _ward_cells(html) == ["Đáp Cầu", "Hạp Lĩnh", "Hòa Long", "Kinh Bắc", "Võ Cường"]
    assert "Tỉnh, thành phố" not in html  # one province: no column for it
    other = Unit(code="01", name="Hà Nội", type_label="Thành phố", kind=UnitKind.PROVINCE)
    other.save()
    _ward("00001", "Ba Đình", other)
    html = client.get("/").content.decode()
    assert "Tỉnh, thành phố" in html
    assert _ward_cells(html)[-1] == "Ba Đình"  # provinces stay apart, each in its own order


def test_many_wards_are_paged_in_vietnamese_order_and_named_with_their_province(
    tree, accounts, django_assert_max_num_queries
) -> None:
    names = [f"{base} {n}" for n in range(1, 6) for base in ("Yên", "Đông", "Dương", "An", "Ân")]
    for index, name in enumerate(names):
        _ward(f"07{index:03d}", name, tree.province)
    hanoi = Unit(code="01", name="Hà Nội", type_label="Thành phố", kind=UnitKind.PROVINCE)
    hanoi.save()
    _ward("00001", "Kinh Bắc", hanoi)  # the same name as a Bắc Ninh ward
    client = Client()
    client.force_login(accounts.admin)
    with django_assert_max_num_queries(30):
        html = client.get("/").content.decode()
    expected = sorted([*names, "Kinh Bắc", "Võ Cường"], key=sort_key)  # Bắc Ninh's 27
    assert _ward_cells(html) == expected[:WARDS_PER_PAGE]
    assert "An 1" in _ward_cells(html)[0] and "Đông 1" in _ward_cells(html)  # Đ before Y
    second = client.get("/", {"xa_trang": 2}).content.decode()
    assert _ward_cells(second) == [*expected[WARDS_PER_PAGE:], "Kinh Bắc"]
    rows = re.findall(r"<tr.*?</tr>", second, re.S)
    provinces = [re.sub(r"<[^>]+>|\s+", " ", r) for r in rows if "Kinh Bắc<" in r]
    assert len(provinces) == 2
    assert "Tỉnh Bắc Ninh" in provinces[0] and "Thành phố Hà Nội" in provinces[1]
