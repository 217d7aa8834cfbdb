"""Fixtures for planning: a 2022 intake in miniature over the shared reform-spanning tree.

City 256 is given a quota of 3 (Suối Hoa 2, old Kinh Bắc 1); Suối Hoa hands over both its men,
old Kinh Bắc's man is called but not handed over. Both wards became part of new Kinh Bắc.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, HealthKind
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree


@pytest.fixture
def intake(tree: Tree, accounts: Accounts, make_person: Callable[..., Person]) -> CallUpCycle:
    officer = accounts.city_commander
    cycle = services.create_cycle(
        officer, unit=tree.city, year=2022, handover_date=dt.date(2022, 2, 15)
    )
    services.assign_quota(officer, cycle, tree.city, 3, assigned_on=dt.date(2021, 10, 15))
    services.assign_quota(officer, cycle, tree.suoi_hoa, 2, assigned_on=dt.date(2021, 10, 20))
    services.assign_quota(officer, cycle, tree.kinh_bac_old, 1, assigned_on=dt.date(2021, 10, 20))
    people = []
    for ward, name in (
        (tree.suoi_hoa, "An"),
        (tree.suoi_hoa, "Bình"),
        (tree.kinh_bac_old, "Chiến"),
    ):
        person = make_person(
            ward, given_name=name, birth_date=dt.date(2001, 6, 1), education_level=12
        )
        services.record_registration(
            officer, person, registered_on=dt.date(2018, 4, 15), number=f"2018/{name}"
        )
        services.record_health(
            officer,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=dt.date(2021, 11, 20),
            health_class=1,
        )
        people.append(person)
    for ward in (tree.suoi_hoa, tree.kinh_bac_old):
        services.approve_review(officer, cycle, ward, approved_on=dt.date(2022, 1, 10))
    for person in people:
        order = services.issue_order(
            officer, cycle, person, issued_on=dt.date(2022, 1, 25), report_place="Sân vận động"
        )
        if person.given_name != "Chiến":
            services.record_handover(
                officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
            )
    return cycle


def hand_over_the_last(officer: Any, cycle: CallUpCycle) -> None:
    """Old Kinh Bắc's man reports after all: a registry edit made after a lock."""
    order = CallUpOrder.objects.get(cycle=cycle, person__given_name="Chiến")
    services.record_handover(
        officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
    )
