"""Fixtures for the call-up workflow: one scenario per regime, cycles, callable men, and a check
that a refused call leaves every table as it was.

``scenario`` runs a test twice: the 2023 cycle under the three-tier law (city 256, its 2022 wards,
the district commander deciding, "lệnh gọi" from the district) and the 2026 cycle under the
two-tier law (province 24, the new wards, the provincial commander deciding, "quyết định gọi"
from the ward).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model

from qpdp.conscription import services
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    ExamCall,
    HealthKind,
    HealthResult,
    Quota,
    Registration,
    ResultsPosting,
    Review,
    ServiceRecognition,
    Volunteering,
)
from qpdp.core.access import Role, User
from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes

TABLES: tuple[type[Model], ...] = (
    CallUpCycle,
    Quota,
    Registration,
    HealthResult,
    ExamCall,
    ResultsPosting,
    Decision,
    Review,
    CouncilMeeting,
    CallUpOrder,
    BarringMeasure,
    ServiceRecognition,
    Volunteering,
    AuditEntry,
    Person,
)


@contextmanager
def unchanged() -> Iterator[None]:
    """Assert that the block adds or removes no row of any table the workflow touches."""
    before = {model.__name__: model.objects.count() for model in TABLES}  # type: ignore[attr-defined]
    yield
    after = {model.__name__: model.objects.count() for model in TABLES}  # type: ignore[attr-defined]
    assert after == before


@contextmanager
def one_audit_entry(action: str) -> Iterator[None]:
    """Assert that the block writes exactly one audit entry, with ``action``."""
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    entries = list(AuditEntry.objects.filter(pk__gt=last))
    assert [entry.action for entry in entries] == [action]


@dataclass
class Scenario:
    """One cycle's territory, accounts and dates; every date lies where the law puts it."""

    year: int
    owner: Unit
    ward: Unit
    other_ward: Unit
    registration_unit: Unit
    levels: tuple[str, ...]
    decider: User
    wrong_decider: User
    staff: User
    other_staff: User
    order_signer: User
    handover: dt.date
    exam_day: dt.date
    proposed_on: dt.date
    decided_on: dt.date
    approved_on: dt.date
    order_day: dt.date
    born: dt.date
    registered_on: dt.date
    cohort_year: int

    @property
    def wards(self) -> Any:
        return Unit.objects.filter(pk=self.ward.pk)

    @property
    def last_order_day(self) -> dt.date:
        return self.handover - dt.timedelta(days=15)


@pytest.fixture(params=["2023", "2026"])
def scenario(
    request: pytest.FixtureRequest,
    tree: Tree,
    accounts: Accounts,
    make_user: Callable[..., User],
) -> Scenario:
    if request.param == "2023":
        return Scenario(
            year=2023,
            owner=tree.city,
            ward=tree.suoi_hoa,
            other_ward=tree.kinh_bac_old,
            registration_unit=tree.suoi_hoa,
            levels=("district", "commune"),
            decider=accounts.city_commander,
            wrong_decider=accounts.province_commander,
            staff=accounts.suoi_hoa_staff,
            other_staff=make_user(Role.STAFF, tree.kinh_bac_old, "kinhbac2022"),
            order_signer=accounts.city_commander,
            handover=dt.date(2023, 2, 15),
            exam_day=dt.date(2022, 11, 20),
            proposed_on=dt.date(2022, 12, 5),
            decided_on=dt.date(2022, 12, 20),
            approved_on=dt.date(2023, 1, 5),
            order_day=dt.date(2023, 1, 20),
            born=dt.date(2003, 5, 17),
            registered_on=dt.date(2020, 4, 10),
            cohort_year=2022,
        )
    return Scenario(
        year=2026,
        owner=tree.province,
        ward=tree.kinh_bac,
        other_ward=tree.vo_cuong,
        registration_unit=tree.suoi_hoa,
        levels=("province", "commune"),
        decider=accounts.province_commander,
        wrong_decider=accounts.city_commander,
        staff=accounts.kinh_bac_staff,
        other_staff=accounts.vo_cuong_staff,
        order_signer=accounts.kinh_bac_staff,
        handover=dt.date(2026, 2, 25),
        exam_day=dt.date(2025, 11, 20),
        proposed_on=dt.date(2025, 12, 5),
        decided_on=dt.date(2025, 12, 20),
        approved_on=dt.date(2026, 1, 5),
        order_day=dt.date(2026, 1, 20),
        born=dt.date(2005, 5, 17),
        registered_on=dt.date(2022, 4, 10),
        cohort_year=2026,
    )


@pytest.fixture
def cycle(scenario: Scenario) -> CallUpCycle:
    return services.create_cycle(
        scenario.decider, unit=scenario.owner, year=scenario.year, handover_date=scenario.handover
    )


@pytest.fixture
def quotas(scenario: Scenario, cycle: CallUpCycle) -> None:
    """Owner 2, each ward 1: the quotas add up."""
    day = scenario.approved_on
    services.assign_quota(scenario.decider, cycle, scenario.owner, 2, assigned_on=day)
    services.assign_quota(scenario.decider, cycle, scenario.ward, 1, assigned_on=day)
    services.assign_quota(scenario.decider, cycle, scenario.other_ward, 1, assigned_on=day)


_numbers = itertools.count(1)


@pytest.fixture
def register(scenario: Scenario, accounts: Accounts) -> Callable[..., Person]:
    """Record the first registration of ``person`` (by default on the scenario's date) in his
    ward, or in the 2022 ward if his ward did not exist yet."""

    def make(person: Person, on: dt.date | None = None) -> Person:
        day = on or scenario.registered_on
        home = person.residence_unit
        services.record_registration(
            accounts.admin,
            person,
            registered_on=day,
            number=f"DK-{next(_numbers):05d}",
            unit=home if home.is_valid_on(day) else scenario.registration_unit,
        )
        return Person.objects.get(pk=person.pk)

    return make


@pytest.fixture
def callable_man(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: Callable[..., Person],
    register: Callable[..., Person],
) -> Callable[..., Person]:
    """A registered man of the scenario's ward, examined class 2, with upper-secondary school:
    callable unless the test changes one fact."""

    def make(**overrides: Any) -> Person:
        unit = overrides.pop("unit", scenario.ward)
        health_class = overrides.pop("health_class", 2)
        overrides.setdefault("birth_date", scenario.born)
        overrides.setdefault("education_level", 12)
        person = register(make_person(unit, **overrides))
        services.record_health(
            scenario.staff if unit == scenario.ward else scenario.other_staff,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day,
            health_class=health_class,
        )
        return person

    return make


@pytest.fixture
def decided(scenario: Scenario, cycle: CallUpCycle) -> Callable[..., Decision]:
    """A proposal by the ward and its decision by the regime's authority."""

    def make(person: Person, kind: str = "deferral", ground: str = "g", **extra: Any) -> Decision:
        if kind == "deferral":
            extra.setdefault("until", dt.date(scenario.year + 2, 6, 30))
        proposal = services.propose_decision(
            scenario.staff,
            cycle,
            person,
            kind=kind,
            ground=ground,
            evidence="Giấy xác nhận số 12/GXN",
            proposed_on=scenario.proposed_on,
            **extra,
        )
        return services.decide(
            scenario.decider, proposal, decided_on=scenario.decided_on, number="15/QĐ-UBND"
        )

    return make


@pytest.fixture
def approved(scenario: Scenario, cycle: CallUpCycle) -> Review:
    council_proposes(scenario.decider, cycle, scenario.ward, scenario.approved_on)
    return services.approve_review(
        scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
    )
