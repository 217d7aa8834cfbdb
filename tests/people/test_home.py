"""The home page's wards: grouped by province, in Vietnamese alphabetical order."""

from __future__ import annotations

import re

from django.test import Client

from qpdp.core.units import Unit, UnitKind


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
