"""Rear-policy fixtures: a man of Suối Hoa handed over in the city's 2023 call-up, his family
with two relatives, and the Decision 62 checklist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.conscription import services as callup
from qpdp.conscription.models import CallUpOrder
from qpdp.people.models import Person
from qpdp.welfare import services
from qpdp.welfare.models import FamilyMember, SoldierFamily, StepDeadline
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes

HANDOVER = dt.date(2023, 2, 15)


@pytest.fixture
def soldier_order(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person]
) -> Callable[..., CallUpOrder]:
    """A call-up order of the city's 2023 cycle for a new man of Suối Hoa, handed over unless
    ``handed_over`` is False."""
    commander, admin = accounts.city_commander, accounts.admin
    cycle = callup.create_cycle(commander, unit=tree.city, year=2023, handover_date=HANDOVER)
    callup.assign_quota(commander, cycle, tree.city, 5, assigned_on=dt.date(2022, 10, 1))
    callup.assign_quota(commander, cycle, tree.suoi_hoa, 5, assigned_on=dt.date(2022, 10, 1))
    council_proposes(commander, cycle, tree.suoi_hoa, dt.date(2023, 1, 5))
    callup.approve_review(commander, cycle, tree.suoi_hoa, approved_on=dt.date(2023, 1, 5))
    serial = iter(range(1, 100))

    def make(*, handed_over: bool = True) -> CallUpOrder:
        man = make_person(
            tree.suoi_hoa, given_name="Phong", birth_date=dt.date(2003, 3, 10), education_level=12
        )
        callup.record_registration(
            admin, man, registered_on=dt.date(2020, 4, 5), number=f"2020-{next(serial)}"
        )
        callup.record_health(
            admin, cycle, man, kind="exam", examined_on=dt.date(2022, 11, 15), health_class=1
        )
        order = callup.issue_order(
            commander, cycle, man, issued_on=dt.date(2023, 1, 20), report_place="Sân vận động"
        )
        order = callup.record_delivery(commander, order, delivered_on=order.issued_on)
        if handed_over:
            order = callup.record_handover(
                commander, order, handed_over=True, on=HANDOVER, receiving_unit="Quân khu 1"
            )
        return order

    return make


@pytest.fixture
def family(
    accounts: Accounts,
    tree: Tree,
    soldier_order: Callable[..., CallUpOrder],
    make_person: Callable[..., Person],
) -> SoldierFamily:
    family = services.register_family(accounts.suoi_hoa_staff, soldier_order())
    for given, gender, relation in (("Hùng", "M", "father"), ("Lan", "F", "mother")):
        parent = make_person(
            tree.suoi_hoa, given_name=given, gender=gender, birth_date=dt.date(1975, 5, 5)
        )
        services.add_member(accounts.suoi_hoa_staff, family, parent, relation=relation)
    return family


@pytest.fixture
def father(family: SoldierFamily) -> FamilyMember:
    return family.members.get(relation="father")


@pytest.fixture
def mother(family: SoldierFamily) -> FamilyMember:
    return family.members.get(relation="mother")


@pytest.fixture
def deadlines(db: None) -> None:
    """Ten days to check, seven to send up, thirty for the decision, fifteen to pay (over the
    provisional rows migration 0003 seeds on the same day)."""
    for status, days in (("received", 10), ("checked", 7), ("sent_up", 30), ("approved", 15)):
        StepDeadline.objects.update_or_create(
            scheme="62_2011",
            status=status,
            valid_from=dt.date(2012, 1, 1),
            defaults={"days": days, "source": "T"},
        )
