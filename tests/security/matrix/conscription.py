"""Military service: cycles, ward steps, decisions, orders. Target "A"/"B" is ward A or B of the
city's 2023 cycle; for cycle pages, "A" is that cycle and "B" the province's 2026 cycle, which
no caller of the old city may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qpdp.conscription import services
from qpdp.conscription.models import BarringMeasure, Outcome, ServiceRecognition, Volunteering
from qpdp.conscription.rules import MeasureKind, RecognitionGround
from qpdp.core.access import Role
from tests.security.conftest import HANDOVER, Caller, World
from tests.security.matrix import (
    OK_OR_REDIRECT,
    Entry,
    commanding_writers,
    district_deciders,
    writers,
    writes,
)
from tests.security.matrix import sees as sees_ward

XLSX = {"format": "xlsx"}


def cycle(world: World, target: str) -> dict[str, Any]:
    return {"cycle": (world.cycle if target == "A" else world.other_cycle).pk}


def ward(world: World, target: str) -> dict[str, Any]:
    return {"cycle": world.cycle.pk, "ward": world.ward[target].pk}


def sees_cycle(caller: Caller, target: str | None) -> bool:
    return not caller.anonymous and (target == "A" or caller.role == Role.ADMINISTRATOR)


def prints_orders(caller: Caller, target: str | None) -> bool:
    return sees_cycle(caller, target) and caller.role != Role.LEADER


def assigns_quota(caller: Caller, target: str | None) -> bool:
    return commanding_writers(caller, target) and sees_cycle(caller, target)


def records_council(caller: Caller, target: str | None) -> bool:
    """Writers of the cycle's territory record its council meetings (the service then checks
    the council's unit)."""
    return writers(caller, target) and sees_cycle(caller, target)


def signs(caller: Caller, target: str | None) -> bool:
    """The district signs 2023 orders and approves the lists: the city commander, the admin."""
    return district_deciders(caller, target)


def ward_page(post: Any = None, post_allow: Any = writes) -> tuple[Entry, Entry]:
    return (
        Entry(kwargs=ward, allow=sees_ward, post=post, post_allow=post_allow),
        Entry(kwargs=ward, allow=sees_ward, query=XLSX),
    )


def handed_over(world: World, target: str) -> dict[str, Any]:
    """The target ward's order, handed over (the discharge form is for handed-over orders)."""
    order = world.order[target]
    order.refresh_from_db()
    if order.outcome == Outcome.PENDING:
        services.record_handover(
            world.users["admin"], order, handed_over=True, on=HANDOVER, receiving_unit="E1"
        )
    return {"cycle": world.cycle.pk, "order": order.pk}


def people_of(kind: str) -> Any:
    return lambda w, t: {"people": [getattr(w, kind)[t].pk]}


def measure_of(world: World, target: str) -> BarringMeasure:
    """An open Art. 13 measure of the target ward's fit man, made on first use."""
    key = f"measure{target}"
    if key not in world.made:
        world.made[key] = services.record_measure(
            world.users["admin"],
            services.MeasureInput(
                world.fit[target],
                MeasureKind.PROSECUTION,
                dt.date(2022, 6, 1),
                None,
                f"1/{target}",
                dt.date(2022, 6, 1),
            ),
        )
    return world.made[key]


def recognition_of(world: World, target: str) -> ServiceRecognition:
    """The target ward's student recognised as having served (commune police), on first use."""
    key = f"recognition{target}"
    if key not in world.made:
        world.made[key] = services.record_recognition(
            world.users["admin"],
            services.RecognitionInput(
                world.student[target],
                RecognitionGround.COMMUNE_POLICE,
                dt.date(2022, 6, 1),
                f"2/{target}",
                "Chỉ huy trưởng",
                months_served=36,
            ),
        )
    return world.made[key]


def volunteering_of(world: World, target: str) -> Volunteering:
    """The target ward's student's application to serve in the 2023 cycle, on first use."""
    key = f"volunteering{target}"
    if key not in world.made:
        world.made[key] = services.record_volunteering(
            world.users["admin"],
            world.cycle,
            world.student[target],
            applied_on=dt.date(2022, 12, 10),
        )
    return world.made[key]


def made_first(make: Any, **query: str) -> Any:
    """No filter, but the target's record made first: the list has a row of each ward to leak."""

    def build(world: World, target: str) -> dict[str, str]:
        make(world, target)
        return query

    return build


def listed(make: Any) -> tuple[Entry, Entry]:
    return Entry(query=made_first(make)), Entry(query=made_first(make, **XLSX))


def chosen(world: World, target: str) -> dict[str, Any]:
    return {"person": world.fit["A"].pk}


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "conscription:home": (Entry(), Entry(query=XLSX)),
    "conscription:cycle_create": Entry(
        allow=commanding_writers,
        post=lambda w, t: {"unit": w.tree.city.pk, "year": "2024", "sequence": "1"},
    ),
    "conscription:cycle": (
        Entry(kwargs=cycle, allow=sees_cycle),
        Entry(kwargs=cycle, allow=sees_cycle, query=XLSX),
    ),
    "conscription:quota": Entry(
        kwargs=cycle,
        allow=assigns_quota,
        post=lambda w, t: {"unit": w.ward["A"].pk, "number": "9", "assigned_on": "01/10/2022"},
    ),
    "conscription:registration": ward_page(post=people_of("fit")),
    "conscription:health": ward_page(
        post=lambda w, t: {"people": [w.fit[t].pk], "kind": "exam", "health_class": "2"}
    ),
    "conscription:pool": ward_page(),
    "conscription:review": ward_page(
        post=lambda w, t: {"approved_on": "05/01/2023", "confirm": "on"}, post_allow=signs
    ),
    "conscription:issue": ward_page(post=people_of("student"), post_allow=signs),
    "conscription:health_person": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "person": w.fit[t].pk},
        allow=writes,
        post=lambda w, t: {"kind": "exam", "examined_on": "16/11/2022", "health_class": "3"},
    ),
    "conscription:exam_call": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "person": w.fit[t].pk},
        allow=writes,
        post=lambda w, t: {"kind": "exam", "exam_on": "16/11/2022", "delivered_on": "01/11/2022"},
    ),
    "conscription:post_results": Entry(
        kwargs=ward, allow=writes, post=lambda w, t: {"posted_on": "20/11/2022"}
    ),
    "conscription:propose": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "person": w.fit[t].pk},
        allow=writes,
        post=lambda w, t: {"ground": "g", "evidence": "Giấy", "proposed_on": "01/12/2022"},
    ),
    "conscription:volunteer": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "person": w.fit[t].pk},
        allow=writes,
        post=lambda w, t: {"applied_on": "01/12/2022"},
    ),
    "conscription:decisions": (
        Entry(kwargs=cycle, allow=sees_cycle),
        Entry(kwargs=cycle, allow=sees_cycle, query=XLSX),
    ),
    "conscription:decide": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "decision": w.decision[t].pk},
        allow=district_deciders,
        ok=OK_OR_REDIRECT,
        post=lambda w, t: {"decided_on": "20/12/2022", "number": "99/QĐ", "approve": "1"},
    ),
    "conscription:council": (
        Entry(kwargs=cycle, allow=sees_cycle),
        Entry(kwargs=cycle, allow=sees_cycle, query=XLSX),
    ),
    "conscription:council_record": Entry(
        kwargs=cycle,
        allow=records_council,
        post=lambda w, t: {
            "step": "review",
            "unit": w.ward[t].pk,
            "held_on": "04/01/2023",
            "members_total": "7",
            "members_present": "7",
            "votes_for": "7",
            "votes_against": "0",
            "content": "Thông qua",
            "confirmed": "1",
        },
    ),
    "conscription:orders": (
        Entry(kwargs=cycle, allow=sees_cycle),
        Entry(kwargs=cycle, allow=sees_cycle, query=XLSX),
    ),
    # The printed orders carry full identity numbers: not for leaders.
    "conscription:orders_print": Entry(
        kwargs=cycle, allow=prints_orders, query={"all": "1"}, ok=OK_OR_REDIRECT
    ),
    "conscription:deliver": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "order": w.order[t].pk},
        allow=writes,
        post=lambda w, t: {"delivered_on": "21/01/2023"},
    ),
    "conscription:handover": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "order": w.order[t].pk},
        allow=writes,
        post=lambda w, t: {"result": "handed_over", "on": "15/02/2023", "receiving_unit": "E1"},
    ),
    "conscription:discharge": Entry(
        kwargs=handed_over,
        allow=writes,
        post=lambda w, t: {
            "discharged_on": "15/02/2025",
            "kind": "completed",
            "decision_number": "12/QĐ-XN",
            "decision_date": "01/02/2025",
            "confirmed": "1",
        },
    ),
    "conscription:replace": Entry(
        kwargs=lambda w, t: {"cycle": w.cycle.pk, "order": w.order[t].pk},
        allow=signs,
        ok=OK_OR_REDIRECT,
    ),
    "conscription:measures": listed(measure_of),
    "conscription:measure_create": Entry(allow=writers, post=chosen),
    "conscription:measure_end": Entry(
        kwargs=lambda w, t: {"pk": measure_of(w, t).pk},
        allow=writes,
        post=lambda w, t: {"ends_on": "01/01/2023"},
    ),
    "conscription:recognitions": listed(recognition_of),
    "conscription:recognition_create": Entry(allow=writers, post=chosen),
    "conscription:volunteers": listed(volunteering_of),
}
