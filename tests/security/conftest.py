"""Security tests run with the second factor required, as in production, against one small world:
two wards of the old city 256 with people, a call-up cycle, decisions, orders and import runs in
each, and one caller per role of each ward, of the city, and an administrator.

Ward A is Suối Hoa, ward B is Kinh Bắc (both 2022); the 2023 cycle of the city covers both, and a
2026 cycle of the new province is out of reach for everyone but the administrator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Decision
from qpdp.core.access import Role, User
from qpdp.imports import services as import_services
from qpdp.imports.models import ImportRun
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes
from tests.imports.test_services import sample_rows, write_xlsx
from tests.security.helpers import login_verified

HANDOVER = dt.date(2023, 2, 15)


@pytest.fixture(autouse=True)
def second_factor_required(settings: Any) -> None:
    settings.QPDP_REQUIRE_2FA = True


@dataclass(frozen=True)
class Caller:
    """Who calls: a role and where it sits (ward "A", ward "B", "city", or nowhere)."""

    name: str
    role: str
    ward: str | None

    @property
    def anonymous(self) -> bool:
        return self.role == "anonymous"

    def sees(self, ward: str | None) -> bool:
        """Whether the caller's scope holds the records of ``ward``."""
        if self.anonymous:
            return False
        return self.role == Role.ADMINISTRATOR or self.ward in (ward, "city")

    def writes(self, ward: str | None) -> bool:
        return self.sees(ward) and self.role != Role.LEADER


CALLERS = (
    Caller("anonymous", "anonymous", None),
    Caller("a_commander", Role.COMMANDER, "A"),
    Caller("a_staff", Role.STAFF, "A"),
    Caller("a_leader", Role.LEADER, "A"),
    Caller("b_commander", Role.COMMANDER, "B"),
    Caller("b_staff", Role.STAFF, "B"),
    Caller("b_leader", Role.LEADER, "B"),
    Caller("city_commander", Role.COMMANDER, "city"),
    Caller("admin", Role.ADMINISTRATOR, None),
)


@dataclass
class World:
    tree: Tree
    users: dict[str, User]
    clients: dict[str, Client]
    ward: dict[str, Any]  # "A"/"B" → Unit
    fit: dict[str, Person]  # examined class 1, holds a call-up order
    student: dict[str, Person]  # a deferral proposed and decided
    cycle: CallUpCycle  # the city's 2023 cycle over both wards
    other_cycle: CallUpCycle  # the province's 2026 cycle
    decision: dict[str, Decision]
    order: dict[str, CallUpOrder]
    run: dict[str, ImportRun]
    names: dict[str, list[str]] = field(default_factory=dict)  # ward → full names shown
    made: dict[str, Any] = field(default_factory=dict)  # objects a matrix table made on demand


@pytest.fixture
def world(
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    make_user: Callable[..., User],
    settings: Any,
    tmp_path: Path,
) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    ward = {"A": tree.suoi_hoa, "B": tree.kinh_bac_old}
    users = {
        "a_commander": make_user(Role.COMMANDER, ward["A"], "chihuy_a"),
        "a_staff": accounts.suoi_hoa_staff,
        "a_leader": make_user(Role.LEADER, ward["A"], "lanhdao_a"),
        "b_commander": make_user(Role.COMMANDER, ward["B"], "chihuy_b"),
        "b_staff": make_user(Role.STAFF, ward["B"], "canbo_b"),
        "b_leader": make_user(Role.LEADER, ward["B"], "lanhdao_b"),
        "city_commander": accounts.city_commander,
        "admin": accounts.admin,
    }
    commander, admin = accounts.city_commander, accounts.admin
    cycle = services.create_cycle(commander, unit=tree.city, year=2023, handover_date=HANDOVER)
    other_cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    services.assign_quota(commander, cycle, tree.city, 2, assigned_on=dt.date(2022, 10, 1))
    fit, student, decision, order, run = {}, {}, {}, {}, {}
    given = {"A": ("Phong", "Quang"), "B": ("Sơn", "Tùng")}
    for key, unit in ward.items():
        services.assign_quota(commander, cycle, unit, 1, assigned_on=dt.date(2022, 10, 1))
        fit[key] = make_person(
            unit, given_name=given[key][0], birth_date=dt.date(2003, 3, 10), education_level=12
        )
        student[key] = make_person(
            unit, given_name=given[key][1], birth_date=dt.date(2003, 6, 1), education_level=12
        )
        for number, person in enumerate((fit[key], student[key]), start=1):
            services.record_registration(
                admin, person, registered_on=dt.date(2020, 4, 5), number=f"2020-{key}{number}"
            )
            services.record_health(
                admin, cycle, person, kind="exam", examined_on=dt.date(2022, 11, 15), health_class=1
            )
        proposal = services.propose_decision(
            admin,
            cycle,
            student[key],
            kind="deferral",
            ground="g",
            evidence="Giấy xác nhận của trường",
            proposed_on=dt.date(2022, 12, 1),
            until=dt.date(2025, 6, 30),
            higher_education=True,
        )
        decision[key] = services.decide(
            admin, proposal, decided_on=dt.date(2022, 12, 20), number=f"15{key}/QĐ-UBND"
        )
        council_proposes(commander, cycle, unit, dt.date(2023, 1, 5))
        services.approve_review(commander, cycle, unit, approved_on=dt.date(2023, 1, 5))
        order[key] = services.record_delivery(
            commander,
            services.issue_order(
                commander,
                cycle,
                fit[key],
                issued_on=dt.date(2023, 1, 20),
                report_place="Sân vận động",
            ),
            delivered_on=dt.date(2023, 1, 20),
        )
        path = write_xlsx(tmp_path / f"danh-sach-{key}.xlsx", sample_rows())
        run[key] = import_services.preview(
            admin, import_services.ImportSource("people", path, unit)
        )
    clients = {}
    for name, user in users.items():
        clients[name] = login_verified(Client(), user)
    clients["anonymous"] = Client()
    names = {key: [fit[key].full_name, student[key].full_name] for key in ward}
    return World(
        tree, users, clients, ward, fit, student, cycle, other_cycle, decision, order, run, names
    )
