"""The call-up lists as tables: each export keeps the columns it had before the lists became
django-tables2 tables (issue 10), the lists read from the database sort by their headers, and
every cell of a list carries its column's label for the phone layout."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qpdp.conscription import services
from tests.conftest import Accounts, Tree
from tests.conscription.test_views import World, issue, world  # noqa: F401  # the fixture

NAME, BIRTH = "Họ và tên", "Ngày sinh"
HEADERS: dict[str, tuple[str, ...]] = {
    "home": (
        "Năm",
        "Đợt",
        "Đơn vị chủ trì",
        "Ngày giao quân",
        "Khám từ ngày",
        "Khám đến ngày",
        "Quy định áp dụng",
    ),
    "cycle": (
        "Đơn vị",
        "Chỉ tiêu",
        "Đã giao quân",
        "Tỷ lệ hoàn thành (%)",
        "Không có mặt",
        "Tốt nghiệp cao đẳng, đại học",
        "Đảng viên",
    ),
    "decisions": (
        NAME,
        BIRTH,
        "Xã, phường",
        "Loại",
        "Lý do",
        "Căn cứ",
        "Giấy tờ chứng minh",
        "Đến ngày",
        "Ngày đề nghị",
        "Số quyết định",
        "Ngày quyết định",
    ),
    "orders": (
        "Số",
        NAME,
        BIRTH,
        "Xã, phường",
        "Ngày ký",
        "Ngày có mặt",
        "Địa điểm có mặt",
        "Giao cho công dân",
        "Kết quả",
        "Ngày giao quân",
        "Đơn vị nhận quân",
        "Lý do không có mặt",
        "Gọi thay cho",
    ),
    "registration": (NAME, BIRTH, "Địa chỉ", "Số đăng ký", "Ngày đăng ký"),
    "health": (
        NAME,
        BIRTH,
        "Giao giấy gọi khám",
        "Giấy gọi: ngày khám",
        "Sơ tuyển: ngày",
        "Sơ tuyển: loại",
        "Khám tuyển: ngày",
        "Khám tuyển: loại",
        "Trạng thái",
    ),
    "pool": (NAME, BIRTH, "Tuổi", "Trạng thái", "Lý do và căn cứ"),
    "review": ("Danh sách", NAME, BIRTH, "Lý do và căn cứ"),
    "issue": (NAME, BIRTH, "Danh sách"),
}


def _url(name: str, world: World, tree: Tree) -> str:  # noqa: F811
    if name == "home":
        return reverse("conscription:home")
    if name in ("cycle", "decisions", "orders"):
        return reverse(f"conscription:{name}", args=[world.cycle.pk])
    return reverse(f"conscription:{name}", args=[world.cycle.pk, tree.suoi_hoa.pk])


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("name", list(HEADERS))
def test_each_export_keeps_its_columns(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
    name: str,
) -> None:
    issue(world, accounts, tree)
    client.force_login(accounts.city_commander)
    rows = _sheet(client.get(_url(name, world, tree), {"format": "xlsx"}))
    assert rows[0] == HEADERS[name]
    assert len(rows) > 1  # every list of the world has a row
    assert all(len(row) == len(HEADERS[name]) for row in rows)


def test_exports_keep_dates_and_order_numbers(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    issue(world, accounts, tree)
    client.force_login(accounts.city_commander)
    orders = _sheet(client.get(_url("orders", world, tree), {"format": "xlsx"}))
    number, name, _birth, _ward, issued_on = orders[1][:5]
    assert (number, name) == ("1/2023", "Nguyễn Văn Phong")
    assert issued_on.date() == dt.date(2023, 1, 20)  # a date, not text


def test_the_decisions_sort_by_name_both_ways(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
) -> None:
    services.propose_decision(
        accounts.suoi_hoa_staff,
        world.cycle,
        world.fit,
        kind="deferral",
        ground="g",
        evidence="Giấy xác nhận của trường",
        proposed_on=dt.date(2022, 12, 2),
        until=dt.date(2025, 6, 30),
        higher_education=True,
    )
    client.force_login(accounts.city_commander)
    url = reverse("conscription:decisions", args=[world.cycle.pk])

    def names(sort: str) -> list[str]:
        return [d.person.given_name for d in client.get(url, {"sort": sort}).context["page"].rows]

    assert names("person") == ["Phong", "Quang"]
    assert names("-person") == ["Quang", "Phong"]
    page = client.get(url).content.decode()
    assert "sort=-person" not in page and "sort=person" in page  # the header is a sort link


def test_every_cell_of_a_list_carries_its_label(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    issue(world, accounts, tree)
    client.force_login(accounts.city_commander)
    for name in ("orders", "decisions", "pool", "health", "issue", "review"):
        page = client.get(_url(name, world, tree)).content.decode()
        assert 'data-label="Họ và tên"' in page, name
