"""Fixtures for planning: a 2022 intake in miniature over the shared reform-spanning tree.

City 256 is given a quota of 3 (Suối Hoa 2, old Kinh Bắc 1); Suối Hoa hands over both its men,
old Kinh Bắc's man is called but not handed over. Both wards became part of new Kinh Bắc.

``communes``: forty communes of the new province with 2026 figures, made cheaply as a lock's
snapshot written directly (the dashboard reads a locked year from it, no registry rows needed).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle, CallUpOrder, HealthKind
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person
from qpdp.planning.models import ApprovalStatus, DataApproval, IndicatorSnapshot
from qpdp.planning.review import board
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes


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
        council_proposes(officer, cycle, ward, dt.date(2022, 1, 10))
        services.approve_review(officer, cycle, ward, approved_on=dt.date(2022, 1, 10))
    for person in people:
        order = services.issue_order(
            officer, cycle, person, issued_on=dt.date(2022, 1, 25), report_place="Sân vận động"
        )
        order = services.record_delivery(officer, order, delivered_on=order.issued_on)
        if person.given_name != "Chiến":
            services.record_handover(
                officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
            )
    return cycle


def with_charts(client: Any, page: str) -> str:
    """The dashboard's HTML as a browser ends up showing it: the page, then each chart group
    its htmx placeholders load (open on load, folded once unfolded)."""
    charts = re.findall(r'hx-get="(/tong-ket/bieu-do/[^"]+)"', page)
    assert charts, "the dashboard loads its charts"
    parts = []
    for url in charts:
        response = client.get(html.unescape(url))
        assert response.status_code == 200
        parts.append(response.content.decode())
    return page + "".join(parts)


def hand_over_the_last(officer: Any, cycle: CallUpCycle) -> None:
    """Old Kinh Bắc's man reports after all: a registry edit made after a lock."""
    order = CallUpOrder.objects.get(cycle=cycle, person__given_name="Chiến")
    services.record_handover(
        officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
    )


# -- many communes, cheaply: the province's 2026 figures as a lock's snapshot -----------------

YEAR = 2026
CODE = "conscription.handed_over"
SORT = board.alias(CODE)
TARGET = 5
BASES = ["An Bình", "Ân Thi", "Bắc Sơn", "Bình Minh", "Dương Liễu", "Đại Đồng", "Đông Cứu",
         "Gia Bình", "Vạn An", "Yên Phong"]  # fmt: skip
MISSING = 6  # the last six communes have no figure


@pytest.fixture
def communes(tree: Tree) -> dict[str, int | None]:
    """Forty communes of the province, name → handed over (None: no figure), locked for 2026."""
    approval = DataApproval.objects.create(
        unit=tree.province, year=YEAR, status=ApprovalStatus.LOCKED, locked_at=timezone.now()
    )
    values: dict[str, int | None] = {}
    snapshots = []
    for i in range(40):
        name = f"{BASES[i % 10]} {i // 10 + 1}"
        unit = Unit(
            code=f"8{i:04d}",
            name=name,
            type_label="Xã",
            kind=UnitKind.COMMUNE,
            parent=tree.province,
            valid_from=dt.date(2025, 7, 1),
        )
        unit.save()
        value = None if i >= 40 - MISSING else i % 9
        values[f"Xã {name}"] = value
        snapshots.append(_snapshot(approval, unit, value))
    total = sum(v for v in values.values() if v is not None)
    snapshots.append(_snapshot(approval, tree.province, total))
    IndicatorSnapshot.objects.bulk_create(snapshots)
    return values


def _snapshot(approval: DataApproval, unit: Unit, value: int | None) -> IndicatorSnapshot:
    return IndicatorSnapshot(
        approval=approval,
        unit=unit,
        indicator_code=CODE,
        label="Số công dân đã giao quân",
        unit_of_measure="người",
        value=None if value is None else Decimal(value),
        target=Decimal(TARGET),
    )
