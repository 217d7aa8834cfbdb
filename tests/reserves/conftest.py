"""Fixtures of the reserve workflow: a soldier registered through the service, an infantry
platoon of new Kinh Bắc with room for two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from qpdp.people.models import Person
from qpdp.reserves import services
from qpdp.reserves.models import ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import ServiceHistory, UnitRole
from tests.conftest import Accounts, Tree

SERVED = ServiceHistory(active_service_months=24)


@pytest.fixture
def register(accounts: Accounts, tree: Tree) -> Callable[..., ReserveSoldier]:
    def do(person: Person, **overrides: Any) -> ReserveSoldier:
        data: dict[str, Any] = {
            "registered_on": dt.date(2025, 8, 1),
            "history": SERVED,
            "speciality": "Bộ binh",
        }
        data.update(overrides)
        user = data.pop("user", accounts.province_commander)
        unit = data.pop("unit", tree.kinh_bac)
        return services.register_soldier(user, person, unit, **data)

    return do


@pytest.fixture
def infantry(accounts: Accounts, tree: Tree) -> ReserveUnit:
    return services.create_reserve_unit(
        accounts.province_commander,
        tree.kinh_bac,
        name="Trung đội 1, Đại đội bộ binh 2",
        level="platoon",
        role=UnitRole.COMBAT,
        speciality="Bộ binh",
        authorised_strength=2,
        established_on=dt.date(2025, 8, 1),
    )
