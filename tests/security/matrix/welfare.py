"""Rear policy in the API. Target "A"/"B": the family of ward A's or B's man (his 2023 order
handed over) and a Decision 62 case received in the ward, made on first use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qpdp.conscription import services as callup
from qpdp.welfare import services
from qpdp.welfare.models import BenefitCase, DossierItem, SoldierFamily
from tests.security.conftest import HANDOVER, World
from tests.security.matrix import GET_NOT_ALLOWED, Entry, writers, writes
from tests.security.matrix import sees as sees_ward

API = "refused"


def _family(world: World, target: str) -> SoldierFamily:
    key = f"welfare_family{target}"
    if key not in world.made:
        admin = world.users["admin"]
        order = callup.record_handover(
            admin, world.order[target], handed_over=True, on=HANDOVER, receiving_unit="Quân khu 1"
        )
        world.made[key] = services.register_family(admin, order)
    return world.made[key]


def _case(world: World, target: str) -> BenefitCase:
    key = f"welfare_case{target}"
    if key not in world.made:
        world.made[key] = services.receive_case(
            world.users["admin"],
            unit=world.ward[target],
            scheme="62_2011",
            benefit="one_time",
            applicant=world.student[target],
            coverage="d",
            theatre="north",
            service_months=24,
            received_on=dt.date(2023, 3, 1),
        )
    return world.made[key]


def family(world: World, target: str) -> dict[str, Any]:
    return {"pk": _family(world, target).pk}


def case(world: World, target: str) -> dict[str, Any]:
    return {"pk": _case(world, target).pk}


def payment(world: World, target: str) -> dict[str, Any]:
    return {
        "kind": "sudden_hardship",
        "paid_on": "2023-05-02",
        "amount": "1000000",
        "reason": "Nhà bị hư hỏng",
    }


def step(world: World, target: str) -> dict[str, Any]:
    return {"status": "checked", "on": "2023-03-05"}


def new_case(world: World, target: str) -> dict[str, Any]:
    return {
        "unit": world.ward["A"].pk,
        "applicant": world.student["A"].id_number,
        "scheme": "62_2011",
        "benefit": "one_time",
        "coverage": "d",
        "theatre": "north",
        "service_months": 24,
        "received_on": "2023-03-01",
    }


def document(world: World, target: str) -> dict[str, Any]:
    item = DossierItem.objects.filter(scheme="62_2011").first()
    return {"item": item.pk if item else "", "received_on": "2023-03-02"}


XLSX = {"format": "xlsx"}

TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "welfare:home": (Entry(), Entry(query=XLSX)),
    # Any order the writer may write is accepted (the service refuses one not handed over on the
    # form): another ward's order is an invalid choice (400), asserted in the page tests.
    "welfare:family_create": Entry(
        allow=writers, post=lambda w, t: {"handover": w.order[t].pk}, post_allow=writers
    ),
    "welfare:family": Entry(kwargs=family, allow=sees_ward),
    "welfare:pay": Entry(kwargs=family, allow=writes, post=payment),
    "welfare:member_add": Entry(
        kwargs=family,
        allow=writes,
        post=lambda w, t: {"person": w.student[t].id_number, "relation": "father"},
    ),
    "welfare:discharge": Entry(
        kwargs=family, allow=writes, post=lambda w, t: {"discharged_on": "2025-02-20"}
    ),
    "welfare:visit_add": Entry(
        kwargs=family,
        allow=writes,
        post=lambda w, t: {"kind": "visit", "visited_on": "2023-07-27", "gift_value": "0"},
    ),
    "welfare:cases": (Entry(), Entry(query=XLSX)),
    "welfare:totals": (Entry(query={"year": "2023"}), Entry(query={"year": "2023", **XLSX})),
    "welfare:case_create": Entry(allow=writers, post=new_case),
    "welfare:case": Entry(kwargs=case, allow=sees_ward),
    "welfare:document_add": Entry(kwargs=case, allow=writes, post=document),
    "welfare:step": Entry(
        kwargs=lambda w, t: {**case(w, t), "status": "checked"},
        allow=writes,
        post=lambda w, t: {"on": "2023-03-05"},
    ),
    "api:welfare-family-list": Entry(anonymous=API),
    "api:welfare-family-detail": Entry(kwargs=family, allow=sees_ward, anonymous=API),
    "api:welfare-member-create": Entry(
        kwargs=family,
        ok=GET_NOT_ALLOWED,
        anonymous=API,
        guess=False,
        post=lambda w, t: {"person": w.student[t].pk, "relation": "father"},
        post_allow=writes,
    ),
    "api:welfare-payment-list": Entry(
        kwargs=family, allow=sees_ward, anonymous=API, post=payment, post_allow=writes
    ),
    "api:welfare-visit-create": Entry(
        kwargs=family,
        ok=GET_NOT_ALLOWED,
        anonymous=API,
        guess=False,
        post=lambda w, t: {"kind": "visit", "visited_on": "2023-07-27"},
        post_allow=writes,
    ),
    "api:welfare-discharge-allowance": Entry(
        kwargs=family, allow=sees_ward, anonymous=API, query={"discharged_on": "2025-02-20"}
    ),
    "api:welfare-case-list": Entry(anonymous=API),
    "api:welfare-case-overdue": Entry(anonymous=API),
    "api:welfare-case-detail": Entry(kwargs=case, allow=sees_ward, anonymous=API),
    "api:welfare-case-document": Entry(kwargs=case, ok=GET_NOT_ALLOWED, anonymous=API, guess=False),
    "api:welfare-case-step": Entry(
        kwargs=case, ok=GET_NOT_ALLOWED, anonymous=API, guess=False, post=step, post_allow=writes
    ),
    # The list is for readers; a leader's POST is refused before its form is read.
    "welfare:case_bulk": Entry(
        post=lambda w, t: {"cases": [], "status": "checked", "on": "2023-03-05"},
        post_allow=writers,
    ),
}
