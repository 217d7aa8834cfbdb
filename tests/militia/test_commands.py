"""``qpdp militia_status`` and ``qpdp reserves_status``: what an officer reads on a day."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qpdp.militia import services
from qpdp.people.models import Person
from qpdp.reserves import services as reserves
from qpdp.reserves.rules import ServiceHistory
from tests.conftest import Accounts, Tree

from .conftest import make_unit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_militia_status_lists_strength_and_who_is_past_term(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    user = accounts.province_commander
    platoon = make_unit(user, tree.kinh_bac, authorised_strength=31)
    person = make_person(tree.kinh_bac, given_name="Hạn", birth_date=dt.date(2000, 1, 1))
    services.enrol_member(
        user,
        platoon,
        person,
        joined_on=dt.date(2025, 8, 1),
        decision_number="1",
        decision_date=dt.date(2025, 8, 1),
        decision_signer="Chủ tịch",
    )
    today = run("militia_status", "--unit", "09187", "--on", "01/12/2026")
    assert "Trung đội dân quân cơ động" in today and "1        31" in today
    assert "Cần xử lý" not in today
    later = run("militia_status", "--unit", "09187", "--on", "01/08/2029")
    assert (
        "Nguyễn Văn Hạn" in later and "Đã hết thời hạn thực hiện nghĩa vụ ngày 31/07/2029" in later
    )
    with pytest.raises(CommandError, match="ngày/tháng/năm"):
        run("militia_status", "--unit", "09187", "--on", "2026-12-01")


def test_reserves_status_counts_classes_and_flags_the_late(
    tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    reserves.register_soldier(
        accounts.province_commander,
        make_person(tree.kinh_bac, given_name="Muộn", birth_date=dt.date(2003, 1, 1)),
        tree.kinh_bac,
        registered_on=dt.date(2026, 4, 20),
        discharged_on=dt.date(2026, 3, 5),
        history=ServiceHistory(active_service_months=24),
    )
    out = run("reserves_status", "--unit", "09187", "--on", "01/12/2026")
    assert "Quân nhân dự bị: 1 (Hạng một 1; nhóm A 1)" in out
    assert "Nguyễn Văn Muộn: Đăng ký ngày 20/04/2026, quá hạn" in out
