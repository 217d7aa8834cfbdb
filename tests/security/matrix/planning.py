"""Plans and the year-end review (/ke-hoach/, /tong-ket/). The review pages take the unit and
year in the query string: target "A"/"B" is ward A or B in 2023; the plans, tasks, budget
lines, documents, events and phases of ward A or B are made on first use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from qpdp.core.access import Role
from qpdp.planning.models import Event, EventKind, Plan, Section
from qpdp.planning.services import budget, documents, events, plans
from tests.security.conftest import Caller, World
from tests.security.matrix import (
    OK_OR_REDIRECT,
    Entry,
    commanding_writers,
    everyone,
    writers,
    writes,
)
from tests.security.matrix import sees as sees_ward


def of_a_unit(caller: Caller, target: str | None) -> bool:
    """Plans, targets, documents and events belong to the caller's unit: an administrator
    (no unit) gets 404 there."""
    return everyone(caller, target) and caller.role != Role.ADMINISTRATOR


def writers_of_a_unit(caller: Caller, target: str | None) -> bool:
    return writers(caller, target) and of_a_unit(caller, target)


def weighs(caller: Caller, target: str | None) -> bool:
    return commanding_writers(caller, target) and caller.sees(target)


def selection(world: World, target: str) -> dict[str, str]:
    return {"unit": str(world.ward[target].pk), "year": "2023"}


def folded_charts(world: World, target: str) -> dict[str, str]:
    return {**selection(world, target), "folded": "1"}


def download(world: World, target: str) -> dict[str, str]:
    return {**selection(world, target), "format": "docx"}


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "planning:home": Entry(allow=everyone),
    "planning:targets": Entry(allow=of_a_unit),  # read by all; assigned by commanders
    "planning:documents": Entry(allow=everyone),
    "planning:document_create": Entry(allow=writers_of_a_unit),
    "planning:events": Entry(allow=everyone),
    "planning:event_create": Entry(allow=writers_of_a_unit),
    "planning:approval": Entry(allow=of_a_unit),
    "review:dashboard": Entry(query=selection, allow=sees_ward),
    "review:charts": Entry(query=folded_charts, allow=sees_ward),
    "review:ranking": Entry(query=selection, allow=sees_ward),
    "review:weights": Entry(query=selection, allow=weighs),
    "review:download": Entry(query=download, allow=sees_ward),
    "review:limitations": Entry(
        query=selection,
        allow=writes,
        post=lambda w, t: {"text": "Chưa làm tốt công tác tuyên truyền."},
        post_allow=writers,  # posted without ?unit=: a writer writes his own unit's text
    ),
    "review:indicator": Entry(
        kwargs=lambda w, t: {"code": "conscription.handed_over"},
        query=selection,
        allow=sees_ward,
        guess=False,
    ),
    "review:people": Entry(
        kwargs=lambda w, t: {"code": "conscription.deferrals"},
        query=selection,
        allow=sees_ward,
        guess=False,
    ),
}


# Objects of ward A or B, made on first use by the administrator (cached on the world).


def _made(world: World, key: str, make: Callable[[], Any]) -> Any:
    if key not in world.made:
        world.made[key] = make()
    return world.made[key]


def _plan(world: World, target: str) -> Plan:
    return _made(
        world,
        f"plan{target}",
        lambda: plans.create_plan(world.users["admin"], {"unit": world.ward[target], "year": 2023}),
    )


def _event(world: World, target: str) -> Event:
    data = {
        "year": 2023,
        "name": "Diễn tập phòng thủ",
        "kind": EventKind.COMBAT_DEFENSE,
        "starts_on": dt.date(2023, 5, 1),
        "ends_on": dt.date(2023, 5, 3),
    }
    return _made(
        world,
        f"event{target}",
        lambda: events.create_event(world.users["admin"], world.ward[target], data),
    )


def plan(world: World, target: str) -> dict[str, Any]:
    return {"pk": _plan(world, target).pk}


def task(world: World, target: str) -> dict[str, Any]:
    data = {"section": Section.STATE_MANAGEMENT, "title": "Huấn luyện dân quân"}
    made = _made(
        world,
        f"task{target}",
        lambda: plans.add_task(world.users["admin"], _plan(world, target), data),
    )
    return {"pk": made.pk}


def budget_line(world: World, target: str) -> dict[str, Any]:
    data = {
        "section": Section.STATE_MANAGEMENT,
        "description": "Mua sắm trang phục",
        "planned": Decimal(1_000_000),
    }
    made = _made(
        world,
        f"line{target}",
        lambda: budget.add_budget_line(world.users["admin"], _plan(world, target), data),
    )
    return {"pk": made.pk}


def document(world: World, target: str) -> dict[str, Any]:
    data = {
        "year": 2023,
        "number": f"12/KH-{target}",
        "issued_on": dt.date(2023, 1, 5),
        "issuer": "Ủy ban nhân dân",
        "summary": "Kế hoạch công tác quốc phòng",
    }
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    made = _made(
        world,
        f"document{target}",
        lambda: documents.add_document(
            world.users["admin"], world.ward[target], {**data, "file": upload}
        ),
    )
    return {"pk": made.pk}


def event(world: World, target: str) -> dict[str, Any]:
    return {"pk": _event(world, target).pk}


def phase(world: World, target: str) -> dict[str, Any]:
    data = {"name": "Chuẩn bị", "starts_on": dt.date(2023, 5, 1), "ends_on": dt.date(2023, 5, 2)}
    made = _made(
        world,
        f"phase{target}",
        lambda: events.add_phase(world.users["admin"], _event(world, target), data),
    )
    return {"pk": made.pk}


TABLE.update(
    {
        "planning:plan": Entry(kwargs=plan, allow=sees_ward),
        "planning:plan_edit": Entry(kwargs=plan, allow=writes),
        "planning:plan_approve": Entry(
            kwargs=plan, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
        "planning:plan_next_year": Entry(kwargs=plan, allow=writes),
        "planning:task_create": Entry(kwargs=plan, allow=writes),
        "planning:task_edit": Entry(kwargs=task, allow=writes),
        "planning:task_delete": Entry(
            kwargs=task, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
        "planning:task_progress": Entry(kwargs=task, allow=writes, ok=OK_OR_REDIRECT),
        "planning:budget": Entry(kwargs=plan, allow=sees_ward),
        "planning:budget_create": Entry(kwargs=plan, allow=writes),
        "planning:budget_edit": Entry(kwargs=budget_line, allow=writes),
        "planning:budget_delete": Entry(
            kwargs=budget_line, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
        "planning:document_edit": Entry(kwargs=document, allow=writes),
        "planning:document_delete": Entry(
            kwargs=document, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
        "planning:document_file": Entry(kwargs=document, allow=sees_ward),
        "planning:event": Entry(kwargs=event, allow=sees_ward),
        "planning:event_edit": Entry(kwargs=event, allow=writes),
        "planning:event_delete": Entry(
            kwargs=event, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
        "planning:phase_create": Entry(kwargs=event, allow=writes),
        "planning:phase_edit": Entry(kwargs=phase, allow=writes),
        "planning:phase_delete": Entry(
            kwargs=phase, allow=writes, post=lambda w, t: {"confirm": "on"}
        ),
    }
)
