"""Fixtures of the militia and reserve workflows: an enterprise under new Kinh Bắc, a mobile
platoon, and a check that a refused call leaves every table exactly as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db.models import Model

from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit, UnitKind
from qpdp.militia import services
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import EstablishingAuthority, ForceKind, Level
from qpdp.people.models import Person
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from tests.conftest import Accounts, Tree

TABLES: tuple[type[Model], ...] = (
    MilitiaUnit,
    Membership,
    DutyDecision,
    TrainingPlan,
    Attendance,
    ReserveSoldier,
    ReserveUnit,
    Assignment,
    Drill,
    Summons,
    AuditEntry,
)
JOINED = dt.date(2026, 3, 2)


def fingerprint() -> dict[str, list[dict[str, Any]]]:
    return {
        model.__name__: list(model._default_manager.order_by("pk").values())  # type: ignore[attr-defined]
        for model in TABLES
    }


@contextmanager
def unchanged() -> Iterator[None]:
    """Assert that the block changes no row of any militia or reserve table, nor the audit log."""
    before = fingerprint()
    yield
    assert fingerprint() == before


@pytest.fixture
def enterprise(tree: Tree) -> Unit:
    host = Unit(
        code="09187-DN01",
        name="Công ty cổ phần May mặc Kinh Bắc",
        kind=UnitKind.ORGANISATION,
        parent=tree.kinh_bac,
        valid_from=dt.date(2025, 7, 1),
    )
    host.save()
    return host


def make_unit(user: Any, unit: Unit, **overrides: Any) -> MilitiaUnit:
    data: dict[str, Any] = {
        "unit": unit,
        "name": "Trung đội dân quân cơ động",
        "level": Level.PLATOON,
        "force_kind": ForceKind.MOBILE,
        "authorised_strength": 3,
        "established_on": dt.date(2025, 7, 15),
        "established_by": EstablishingAuthority.PROVINCE_COMMANDER,
        "decision_number": "15/QĐ-BCHQS",
    }
    data.update(overrides)
    return services.create_unit(user, **data)


@pytest.fixture
def platoon(tree: Tree, accounts: Accounts) -> MilitiaUnit:
    """A mobile platoon of new Kinh Bắc with room for three."""
    return make_unit(accounts.province_commander, tree.kinh_bac)


@pytest.fixture
def enrol(accounts: Accounts) -> Callable[..., Membership]:
    def do(militia_unit: MilitiaUnit, person: Person, **overrides: Any) -> Membership:
        data: dict[str, Any] = {
            "joined_on": JOINED,
            "decision_number": "08/QĐ-UBND",
            "decision_date": JOINED - dt.timedelta(days=5),
            "decision_signer": "Nguyễn Văn Chủ tịch",
        }
        data.update(overrides)
        user = data.pop("user", accounts.province_commander)
        return services.enrol_member(user, militia_unit, person, **data)

    return do
