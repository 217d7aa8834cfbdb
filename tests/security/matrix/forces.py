"""Militia and reserve forces: the pages (/dan-quan-tu-ve/, /du-bi-dong-vien/) and the API
(/api/v1/militia/, /api/v1/reserves/). Target "A"/"B"
is a record of ward A or B (2022): a militia platoon with the ward's student enrolled, a
deferral-free exemption of its fit man, a 2022 training plan; a reserve soldier (the fit man),
an infantry platoon he is assigned to and a readiness check he was summoned to. All are made on
first use by the administrator, through the services. Write endpoints are POST-only: a GET is
405 for anyone signed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from qpdp.militia import services as militia
from qpdp.militia.models import Attendance, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import DutyDecisionKind, EstablishingAuthority, ForceKind, Level
from qpdp.reserves import services as reserves
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import DrillKind, ServiceHistory, UnitRole
from tests.security.conftest import World
from tests.security.matrix import GET_NOT_ALLOWED, Entry, writers, writes
from tests.security.matrix import sees as sees_ward

API = "refused"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _made(world: World, key: str, make: Callable[[], Any]) -> Any:
    if key not in world.made:
        world.made[key] = make()
    return world.made[key]


def platoon(world: World, target: str) -> MilitiaUnit:
    return _made(
        world,
        f"militia_unit{target}",
        lambda: militia.create_unit(
            world.users["admin"],
            unit=world.ward[target],
            name="Trung đội dân quân cơ động",
            level=Level.PLATOON,
            force_kind=ForceKind.MOBILE,
            authorised_strength=31,
            established_on=dt.date(2021, 1, 15),
            established_by=EstablishingAuthority.DISTRICT_COMMANDER,
            decision_number=f"1{target}/QĐ-BCH",
        ),
    )


def member(world: World, target: str) -> Membership:
    return _made(
        world,
        f"membership{target}",
        lambda: militia.enrol_member(
            world.users["admin"],
            platoon(world, target),
            world.student[target],
            joined_on=dt.date(2022, 7, 1),
            decision_number=f"2{target}/QĐ-UBND",
            decision_date=dt.date(2022, 6, 25),
            decision_signer="Chủ tịch UBND phường",
        ),
    )


def plan(world: World, target: str) -> TrainingPlan:
    def make() -> TrainingPlan:
        member(world, target)
        made = militia.create_training_plan(
            world.users["admin"],
            world.ward[target],
            year=2022,
            force_kind=ForceKind.MOBILE,
            starts_on=dt.date(2022, 9, 5),
            ends_on=dt.date(2022, 9, 23),
        )
        militia.enrol_trainees(world.users["admin"], made)
        return made

    return _made(world, f"plan{target}", make)


def attendance(world: World, target: str) -> Attendance:
    return Attendance.objects.get(plan=plan(world, target))


def exemption(world: World, target: str) -> Any:
    return _made(
        world,
        f"exemption{target}",
        lambda: militia.record_duty_decision(
            world.users["admin"],
            world.fit[target],
            world.ward[target],
            kind=DutyDecisionKind.EXEMPTION,
            ground="dd",
            evidence="Xác nhận của cơ quan cơ yếu",
            decided_on=dt.date(2022, 5, 1),
            number=f"3{target}/QĐ-UBND",
            signer="Chủ tịch UBND phường",
        ),
    )


def soldier(world: World, target: str) -> ReserveSoldier:
    return _made(
        world,
        f"soldier{target}",
        lambda: reserves.register_soldier(
            world.users["admin"],
            world.fit[target],
            world.ward[target],
            registered_on=dt.date(2022, 8, 1),
            history=ServiceHistory(active_service_months=6),
            speciality="Bộ binh",
        ),
    )


def reserve_unit(world: World, target: str) -> ReserveUnit:
    return _made(
        world,
        f"reserve_unit{target}",
        lambda: reserves.create_reserve_unit(
            world.users["admin"],
            world.ward[target],
            name="Trung đội bộ binh 1",
            level="platoon",
            role=UnitRole.COMBAT,
            speciality="Bộ binh",
            authorised_strength=30,
            established_on=dt.date(2022, 8, 1),
        ),
    )


def assignment(world: World, target: str) -> Assignment:
    return _made(
        world,
        f"assignment{target}",
        lambda: reserves.assign_soldier(
            world.users["admin"],
            soldier(world, target),
            reserve_unit(world, target),
            assigned_on=dt.date(2022, 9, 1),
        ),
    )


def drill(world: World, target: str) -> Drill:
    def make() -> Drill:
        assignment(world, target)
        made = reserves.create_drill(
            world.users["admin"],
            world.ward[target],
            kind=DrillKind.READINESS_CHECK,
            name="Kiểm tra sẵn sàng động viên",
            starts_on=dt.date(2022, 10, 10),
            ends_on=dt.date(2022, 10, 12),
            report_by=dt.datetime(2022, 10, 10, 7, 30, tzinfo=VN),
            place="Sân vận động",
            reserve_unit=reserve_unit(world, target),
        )
        reserves.summon_unit(world.users["admin"], made, summoned_on=dt.date(2022, 9, 25))
        return made

    return _made(world, f"drill{target}", make)


def summons(world: World, target: str) -> Summons:
    return Summons.objects.get(drill=drill(world, target))


def pk_of(make: Callable[[World, str], Any]) -> Callable[[World, str], dict[str, Any]]:
    return lambda w, t: {"pk": make(w, t).pk}


def listing(make: Callable[[World, str], Any]) -> Callable[[World, str], dict[str, str]]:
    """A list filtered to the target's person (the record made first, so it has a row to
    leak to a caller of the other ward)."""
    return lambda w, t: {"person": str(make(w, t).person_id)}


def write_only(kwargs: Callable[[World, str], dict[str, Any]]) -> Entry:
    return Entry(kwargs=kwargs, ok=GET_NOT_ALLOWED, anonymous=API, guess=False)


def made(make: Callable[[World, str], Any]) -> Callable[[World, str], dict[str, str]]:
    """No filter, but the target's record made first: the unfiltered list then has a row of
    each ward to leak to the other."""

    def query(world: World, target: str) -> dict[str, str]:
        make(world, target)
        return {}

    return query


def exported(make: Callable[[World, str], Any]) -> Callable[[World, str], dict[str, str]]:
    return lambda w, t: {**made(make)(w, t), "format": "xlsx"}


def listed(make: Callable[[World, str], Any]) -> tuple[Entry, Entry]:
    """A list page and its XLSX export."""
    return Entry(query=made(make)), Entry(query=exported(make))


def manned(world: World, target: str) -> MilitiaUnit:
    """The platoon with the target's student on its roster."""
    return member(world, target).militia_unit


def staffed_unit(world: World, target: str) -> ReserveUnit:
    """The reserve unit with the target's soldier on its roster."""
    return assignment(world, target).reserve_unit


def end_form(world: World, target: str) -> dict[str, Any]:
    return {
        "members": [member(world, target).pk],
        "reason": "released",
        "ground": "released/c",
        "on": "2022-12-01",
        "decision_number": "9/QĐ",
        "decision_date": "2022-11-28",
        "confirmed": "1",
    }


def sheet(world: World, target: str) -> dict[str, Any]:
    return {f"days_{attendance(world, target).pk}": 5}


def report_form(world: World, target: str) -> dict[str, Any]:
    return {"reported_at": "2022-10-10T07:00"}


def assign_form(world: World, target: str) -> dict[str, Any]:
    return {"soldier": soldier(world, target).pk, "assigned_on": "2022-09-02"}


def transfer_form(world: World, target: str) -> dict[str, Any]:
    # No unit to move to: the callers who try are refused before the form is read.
    return {
        "post": "member",
        "on": "2022-12-01",
        "decision_number": "10/QĐ",
        "decision_date": "2022-11-28",
    }


def decision_form(world: World, target: str) -> dict[str, Any]:
    return {
        "person": world.student["A"].pk,
        "unit": world.ward["A"].pk,
        "ground": "exemption/dd",
        "evidence": "Xác nhận",
        "decided_on": "2022-05-01",
        "number": "4/QĐ",
        "signer": "Chủ tịch UBND phường",
    }


def soldier_form(world: World, target: str) -> dict[str, Any]:
    return {
        "person": world.student["A"].pk,
        "unit": world.ward["A"].pk,
        "registered_on": "2022-08-01",
        "active_service_months": "12",
        "confirmed": "1",
    }


def reserve_unit_form(world: World, target: str) -> dict[str, Any]:
    return {
        "unit": world.ward["A"].pk,
        "name": "Trung đội mới",
        "level": "platoon",
        "role": UnitRole.COMBAT,
        "speciality": "Bộ binh",
        "authorised_strength": "30",
        "established_on": "2022-08-01",
    }


PAGES: dict[str, Entry | tuple[Entry, ...]] = {
    "militia:home": listed(platoon),
    "militia:unit_create": Entry(allow=writers, post=lambda w, t: {"name": "Tổ mới"}),
    "militia:unit": Entry(kwargs=pk_of(manned), allow=sees_ward),
    "militia:unit_print": Entry(kwargs=pk_of(manned), allow=sees_ward),
    "militia:end": Entry(kwargs=pk_of(platoon), allow=sees_ward, post=end_form, post_allow=writes),
    "militia:strength": Entry(
        kwargs=pk_of(platoon), allow=writes, post=lambda w, t: {"authorised_strength": "40"}
    ),
    "militia:dissolve": Entry(
        kwargs=pk_of(platoon),
        allow=writes,
        post=lambda w, t: {"on": "2022-12-31", "confirmed": "1"},
    ),
    "militia:members": listed(member),
    "militia:member_create": Entry(
        allow=writers,
        post=lambda w, t: {"person": w.fit["A"].pk, "militia_unit": platoon(w, "A").pk},
    ),
    "militia:member": Entry(kwargs=pk_of(member), allow=sees_ward),
    "militia:extend": Entry(
        kwargs=pk_of(member),
        allow=writes,
        post=lambda w, t: {
            "until": "2027-06-30",
            "decision_number": "7/QĐ",
            "decision_date": "2026-06-01",
        },
    ),
    "militia:transfer": Entry(kwargs=pk_of(member), allow=writes, post=transfer_form),
    "militia:decisions": listed(exemption),
    "militia:decision_create": Entry(allow=writers, post=decision_form),
    "militia:plans": listed(plan),
    "militia:plan_create": Entry(allow=writers, post=lambda w, t: {"year": "2022"}),
    "militia:plan": Entry(kwargs=pk_of(plan), allow=sees_ward),
    "militia:attendance": Entry(kwargs=pk_of(plan), allow=writes, post=sheet),
    "reserves:home": listed(soldier),
    "reserves:soldier_create": Entry(allow=writers, post=soldier_form),
    "reserves:soldier": Entry(kwargs=pk_of(soldier), allow=sees_ward),
    # The list is the caller's scope; a ticked soldier of another ward is not a valid choice
    # (400, nothing written: tests/reserves/test_pages.py), so only the roles are asserted here.
    "reserves:transfer_out": Entry(
        post=lambda w, t: {"soldiers": [soldier(w, "A").pk], "confirmed": "1"},
        post_allow=writers,
    ),
    "reserves:units": listed(assignment),
    "reserves:unit_create": Entry(allow=writers, post=reserve_unit_form),
    "reserves:unit": Entry(kwargs=pk_of(staffed_unit), allow=sees_ward),
    "reserves:unit_print": Entry(kwargs=pk_of(staffed_unit), allow=sees_ward),
    "reserves:assign": Entry(kwargs=pk_of(reserve_unit), allow=writes, post=assign_form),
    "reserves:end_assignment": Entry(
        kwargs=pk_of(assignment),
        allow=writes,
        post=lambda w, t: {"on": "2022-12-01", "confirmed": "1"},
    ),
    "reserves:drills": listed(summons),
    "reserves:drill_create": Entry(allow=writers, post=lambda w, t: {"name": "Đợt mới"}),
    "reserves:drill": Entry(kwargs=pk_of(drill), allow=sees_ward),
    "reserves:report": Entry(
        kwargs=lambda w, t: {"drill": drill(w, t).pk, "pk": summons(w, t).pk},
        allow=writes,
        post=report_form,
    ),
}

TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    **PAGES,
    "api:militia-unit-list": Entry(anonymous=API),
    "api:militia-unit-detail": Entry(kwargs=pk_of(platoon), allow=sees_ward, anonymous=API),
    "api:militia-member-list": Entry(query=listing(member), anonymous=API),
    "api:militia-member-detail": Entry(kwargs=pk_of(member), allow=sees_ward, anonymous=API),
    "api:militia-member-extend": write_only(pk_of(member)),
    "api:militia-member-end": write_only(pk_of(member)),
    "api:militia-member-transfer": write_only(pk_of(member)),
    "api:militia-decision-list": Entry(query=listing(exemption), anonymous=API),
    "api:militia-plan-list": Entry(anonymous=API),
    "api:militia-plan-detail": Entry(kwargs=pk_of(plan), allow=sees_ward, anonymous=API),
    "api:militia-plan-enrol": write_only(pk_of(plan)),
    "api:militia-attendance-list": Entry(
        kwargs=lambda w, t: {"plan": plan(w, t).pk}, allow=sees_ward, anonymous=API
    ),
    "api:militia-attendance-record": write_only(
        lambda w, t: {"plan": plan(w, t).pk, "pk": attendance(w, t).pk}
    ),
    "api:reserve-soldier-list": Entry(query=listing(soldier), anonymous=API),
    "api:reserve-soldier-detail": Entry(kwargs=pk_of(soldier), allow=sees_ward, anonymous=API),
    "api:reserve-soldier-transfer-out": write_only(pk_of(soldier)),
    "api:reserve-unit-list": Entry(anonymous=API),
    "api:reserve-unit-detail": Entry(kwargs=pk_of(reserve_unit), allow=sees_ward, anonymous=API),
    "api:reserve-assignment-list": Entry(
        query=lambda w, t: {"soldier": str(assignment(w, t).soldier_id)}, anonymous=API
    ),
    "api:reserve-assignment-end": write_only(pk_of(assignment)),
    "api:reserve-drill-list": Entry(anonymous=API),
    "api:reserve-drill-detail": Entry(kwargs=pk_of(drill), allow=sees_ward, anonymous=API),
    "api:reserve-summons-list": Entry(
        kwargs=lambda w, t: {"drill": drill(w, t).pk}, allow=sees_ward, anonymous=API
    ),
    "api:reserve-summons-report": write_only(
        lambda w, t: {"drill": drill(w, t).pk, "pk": summons(w, t).pk}
    ),
}
