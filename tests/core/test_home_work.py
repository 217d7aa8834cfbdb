"""The home page as the officer's work list (issue 12 item 7): each role gets its items, nothing
outside its scope, at a query cost that does not grow with the number of wards.

The world, seen on 01/12/2026: the province runs the 2027 call-up (registration day 01/04/2026
passed, examinations until 31/12/2026, orders by 10/02/2027); Kinh Bắc and Võ Cường each have a
man of the 2026 list unregistered; Võ Cường declared its 2026 figures complete; Kinh Bắc has a
militia target of 5 (none serve) and the province one of 10; each ward's staff has an import.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qpdp.conscription import home as conscription_home
from qpdp.conscription import services as callup
from qpdp.conscription.models import CallUpCycle
from qpdp.core.access import Role, User
from qpdp.core.units import Unit, UnitKind
from qpdp.imports import home as imports_home
from qpdp.imports.models import ImportRun, JobState, RunStatus
from qpdp.people.models import Person
from qpdp.planning import home as planning_home
from qpdp.planning import services as planning
from qpdp.planning.models import Target
from qpdp.planning.rules import ApprovalAction
from tests.conftest import Accounts, Tree

TODAY = dt.date(2026, 12, 1)
MILITIA = "militia.core_members"


@dataclass
class Work:
    cycle: CallUpCycle
    kinh_bac_man: Person
    vo_cuong_man: Person


def _on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The panels see ``TODAY`` (the pages they link to keep the real date)."""
    from django.utils import timezone

    fake = types.SimpleNamespace(localdate=lambda: TODAY, now=timezone.now)
    for module in (conscription_home, planning_home, imports_home):
        monkeypatch.setattr(module, "timezone", fake)


def _run(user: User, unit: Unit, file_name: str, **state: Any) -> ImportRun:
    return ImportRun.objects.create(
        user=user, unit=unit, file_name=file_name, checksum="0" * 64, layout="people", **state
    )


@pytest.fixture
def work(
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    monkeypatch: pytest.MonkeyPatch,
) -> Work:
    _on_today(monkeypatch)
    cycle = callup.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2027,
        handover_date=dt.date(2027, 2, 25),
    )
    born = dt.date(2009, 6, 1)
    kinh_bac_man = make_person(tree.kinh_bac, family_name="Lê", given_name="Khải", birth_date=born)
    vo_cuong_man = make_person(tree.vo_cuong, family_name="Trần", given_name="Vũ", birth_date=born)
    planning.act(
        accounts.vo_cuong_staff,
        planning.ApprovalStep(tree.vo_cuong, 2026, ApprovalAction.COMPLETE, ""),
    )
    Target.objects.create(unit=tree.kinh_bac, year=2026, indicator_code=MILITIA, value=5)
    Target.objects.create(unit=tree.province, year=2026, indicator_code=MILITIA, value=10)
    _run(
        accounts.kinh_bac_staff,
        tree.kinh_bac,
        "dan-cu-kinh-bac.xlsx",
        status=RunStatus.PREVIEW,
        job_state=JobState.FAILED,
    )
    _run(accounts.vo_cuong_staff, tree.vo_cuong, "dan-cu-vo-cuong.xlsx", status=RunStatus.PREVIEW)
    _run(accounts.kinh_bac_staff, tree.kinh_bac, "da-ghi.xlsx", status=RunStatus.COMMITTED)
    return Work(cycle, kinh_bac_man, vo_cuong_man)


def _home(client: Client, user: User) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_ward_officer_sees_what_is_due_and_overdue_in_his_ward(
    client: Client, work: Work, tree: Tree, accounts: Accounts
) -> None:
    html = _home(client, accounts.kinh_bac_staff)

    registration = reverse("conscription:registration", args=[work.cycle.pk, tree.kinh_bac.pk])
    assert f'<a href="{registration}">1 công dân chưa đăng ký nghĩa vụ quân sự lần đầu</a>' in html
    assert "quá hạn 01/04/2026" in html
    health = reverse("conscription:health", args=[work.cycle.pk, tree.kinh_bac.pk])
    assert f'<a href="{health}">Khám sức khỏe nghĩa vụ quân sự (từ 01/11/2026)</a>' in html
    assert "hạn 10/02/2027" in html  # the last day for call-up orders
    assert "Số liệu năm 2026 chưa báo hoàn thành" in html
    assert "Số liệu năm 2025 chưa báo hoàn thành" in html
    assert "Nhập tệp dan-cu-kinh-bac.xlsx không thành công" in html
    assert "da-ghi.xlsx" not in html  # committed: nothing to do
    assert "chờ khóa" not in html  # a ward does not lock


def test_an_abolished_ward_confirms_only_the_years_it_existed(
    client: Client, work: Work, accounts: Accounts
) -> None:
    """Suối Hoa (until 30/06/2025) has 2025's figures to confirm, none for 2026, and no part in
    the province's 2027 call-up."""
    html = _home(client, accounts.suoi_hoa_staff)

    assert "Số liệu năm 2025 chưa báo hoàn thành" in html
    assert "Số liệu năm 2026" not in html
    assert "Tuyển quân năm 2027" not in html


def test_an_import_still_running_is_on_the_list_until_it_ends(
    client: Client, work: Work, tree: Tree, accounts: Accounts
) -> None:
    run = _run(
        accounts.vo_cuong_staff,
        tree.vo_cuong,
        "lon.xlsx",
        status=RunStatus.PENDING,
        job_state=JobState.RUNNING,
    )
    detail = reverse("imports:detail", args=[run.pk])
    html = _home(client, accounts.vo_cuong_staff)
    assert f'<a href="{detail}">Đang xử lý tệp lon.xlsx</a>' in html

    ImportRun.objects.filter(pk=run.pk).update(status=RunStatus.COMMITTED, job_state=JobState.DONE)
    assert "lon.xlsx" not in _home(client, accounts.vo_cuong_staff)


def test_a_ward_officer_sees_nothing_of_another_ward(
    client: Client, work: Work, accounts: Accounts
) -> None:
    """Security: Võ Cường's officer reads neither Kinh Bắc's name, man, figures nor import."""
    html = _home(client, accounts.vo_cuong_staff)

    assert "Kinh Bắc" not in html
    assert work.kinh_bac_man.full_name not in html
    assert "dan-cu-kinh-bac.xlsx" not in html
    assert "1 công dân chưa đăng ký nghĩa vụ quân sự lần đầu" in html  # his own man only
    assert "Tệp dan-cu-vo-cuong.xlsx đã kiểm tra, chờ xác nhận ghi" in html
    assert "Số liệu năm 2026" not in html  # declared complete


def test_a_commander_sees_the_wards_waiting_for_approval_and_behind_target(
    client: Client, work: Work, tree: Tree, accounts: Accounts
) -> None:
    html = _home(client, accounts.province_commander)

    overview = reverse("conscription:cycle", args=[work.cycle.pk])
    assert f'<a href="{overview}">2 công dân chưa đăng ký nghĩa vụ quân sự lần đầu</a>' in html
    assert "Phường Võ Cường: số liệu năm 2026 đã báo hoàn thành, chờ khóa" in html
    # Kinh Bắc keeps no militia register yet: a target and no figure is still work to do.
    assert (
        "Phường Kinh Bắc chưa đạt chỉ tiêu năm 2026: Số dân quân tự vệ nòng cốt chưa có số liệu "
        "(chỉ tiêu 5)"
    ) in html
    assert "Phường Võ Cường chưa đạt" not in html  # no target given
    assert "dan-cu-" not in html  # imports are their authors' own


def test_a_leader_reads_the_year_key_indicators_against_target(
    client: Client, work: Work, accounts: Accounts
) -> None:
    html = _home(client, accounts.leader)

    assert "Chỉ tiêu chủ yếu năm 2026" in html
    assert f'data-code="{MILITIA}"' in html
    assert "Chưa có số liệu" in html  # a target of 10, no militia register kept yet
    assert ">Đạt<" not in html
    assert "chưa đăng ký nghĩa vụ quân sự" not in html  # leaders do not act on the cycle
    assert "chờ khóa" not in html
    assert work.vo_cuong_man.full_name not in html


def test_an_administrator_sees_every_ward_but_no_one_elses_imports(
    client: Client, work: Work, accounts: Accounts
) -> None:
    html = _home(client, accounts.admin)

    assert "2 công dân chưa đăng ký nghĩa vụ quân sự lần đầu" in html
    assert "Phường Võ Cường: số liệu năm 2026 đã báo hoàn thành, chờ khóa" in html
    assert "dan-cu-" not in html


# -- query budget ------------------------------------------------------------------------------

# Measured with the world above (two wards); the count must stay the same with ten more wards,
# each with an unregistered man, a complete approval and a target. A commander's and a leader's
# figures cost one grouped query per key indicator (here the one given a target).
# Since the merge of "no data is not zero" (issue 12 item 4) a key figure also asks whether the
# unit keeps the register at all (+1 for a key indicator, +2 where two registers are asked),
# and the wards panel counts its page of wards (+1): still constant in the number of wards.
HOME_BUDGET = {
    "kinh_bac_staff": 15,
    "province_commander": 21,
    "leader": 15,
    "admin": 11,
}


def _queries(client: Client, user: User) -> int:
    client.force_login(user)
    client.get(reverse("home"))  # the session's first queries
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def _more_wards(tree: Tree, make_person: Callable[..., Person], make_user: Any) -> None:
    for n in range(10):
        ward = Unit(
            code=f"0995{n}",
            name=f"Thử {n}",
            type_label="Phường",
            kind=UnitKind.COMMUNE,
            parent=tree.province,
            valid_from=tree.kinh_bac.valid_from,
        )
        ward.save()
        make_person(ward, birth_date=dt.date(2009, 2, 2))
        staff = make_user(Role.STAFF, ward)
        planning.act(staff, planning.ApprovalStep(ward, 2026, ApprovalAction.COMPLETE, ""))
        Target.objects.create(unit=ward, year=2026, indicator_code=MILITIA, value=3)


@pytest.mark.parametrize("account", list(HOME_BUDGET))
def test_the_work_list_costs_the_same_queries_whatever_the_number_of_wards(
    client: Client,
    work: Work,
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    make_user: Any,
    account: str,
) -> None:
    user = getattr(accounts, account)
    before = _queries(client, user)
    _more_wards(tree, make_person, make_user)
    after = _queries(client, user)

    assert before <= HOME_BUDGET[account]
    assert after == before
