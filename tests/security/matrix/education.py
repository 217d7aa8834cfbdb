"""Defense education in the API. Target "A"/"B": a course of ward A's or B's council (2022) with
the ward's called-up man on it, made on first use."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qpdp.education import services
from qpdp.education.models import Attendance, Course, EducationPlan, TargetGroup
from tests.security.conftest import World
from tests.security.matrix import GET_NOT_ALLOWED, Entry, writers, writes
from tests.security.matrix import sees as sees_ward

API = "refused"


def _course(world: World, target: str) -> Course:
    key = f"education_course{target}"
    if key not in world.made:
        world.made[key] = services.create_course(
            world.users["admin"],
            unit=world.ward[target],
            group=TargetGroup.objects.get(code="4"),
            code=f"ĐT4-{target}/2022",
            name="Lớp bồi dưỡng đối tượng 4",
            place="Hội trường phường",
            starts_on=dt.date(2022, 6, 6),
            ends_on=dt.date(2022, 6, 9),
        )
    return world.made[key]


def _attendance(world: World, target: str) -> Attendance:
    key = f"education_attendance{target}"
    if key not in world.made:
        world.made[key] = services.add_attendee(
            world.users["admin"], _course(world, target), world.fit[target]
        )
    return world.made[key]


def course(world: World, target: str) -> dict[str, Any]:
    _attendance(world, target)  # the course lists the ward's man
    return {"pk": _course(world, target).pk}


def attendance(world: World, target: str) -> dict[str, Any]:
    return {"pk": _attendance(world, target).pk}


def result(world: World, target: str) -> dict[str, Any]:
    return {"result": "passed", "certificate_number": "01"}


def attendee(world: World, target: str) -> dict[str, Any]:
    return {"person": world.student[target].pk}


def plan(world: World, target: str) -> dict[str, Any]:
    key = f"education_plan{target}"
    if key not in world.made:
        world.made[key] = services.create_plan(
            world.users["admin"], unit=world.ward[target], year=2023, note="Kế hoạch năm"
        )
    found: EducationPlan = world.made[key]
    return {"pk": found.pk}


def new_course(world: World, target: str) -> dict[str, Any]:
    return {
        "unit": world.ward["A"].pk,
        "group": TargetGroup.objects.get(code="4").pk,
        "code": "ĐT4-M/2023",
        "name": "Lớp thử",
        "place": "Hội trường",
        "starts_on": "2023-06-06",
        "ends_on": "2023-06-09",
    }


XLSX = {"format": "xlsx"}

TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "education:home": (Entry(), Entry(query=XLSX)),
    "education:course_create": Entry(allow=writers, post=new_course),
    "education:course": Entry(kwargs=course, allow=sees_ward),
    "education:attendee_add": Entry(
        kwargs=course, allow=writes, post=lambda w, t: {"id_number": w.student[t].id_number}
    ),
    "education:results": Entry(
        kwargs=course,
        allow=sees_ward,
        post=lambda w, t: {"attendances": [_attendance(w, t).pk], "result": "passed"},
        post_allow=writes,
    ),
    "education:result": Entry(kwargs=attendance, allow=writes, post=result),
    "education:due": (Entry(), Entry(query=XLSX)),
    "education:plans": (Entry(), Entry(query=XLSX)),
    "education:plan_create": Entry(
        allow=writers, post=lambda w, t: {"unit": w.ward["A"].pk, "year": 2024}
    ),
    "education:plan": Entry(kwargs=plan, allow=sees_ward),
    "education:plan_line": Entry(
        kwargs=plan,
        allow=writes,
        post=lambda w, t: {"group": TargetGroup.objects.get(code="4").pk, "number": 3},
    ),
    "education:official_create": Entry(
        allow=writers,
        post=lambda w, t: {
            "person": w.student["A"].id_number,
            "unit": w.ward["A"].pk,
            "title": "Trưởng thôn",
            "group": TargetGroup.objects.get(code="4").pk,
            "started_on": "2023-01-01",
        },
    ),
    "api:education-group-list": Entry(anonymous=API),
    "api:education-official-list": Entry(anonymous=API),
    "api:education-due": Entry(anonymous=API),
    "api:education-plan-list": Entry(anonymous=API),
    "api:education-course-list": Entry(anonymous=API),
    "api:education-course-detail": Entry(kwargs=course, allow=sees_ward, anonymous=API),
    "api:education-attendee-list": Entry(
        kwargs=course, allow=sees_ward, anonymous=API, post=attendee, post_allow=writes
    ),
    "api:education-attendee-result": Entry(
        kwargs=attendance,
        ok=GET_NOT_ALLOWED,
        anonymous=API,
        guess=False,
        post=result,
        post_allow=writes,
    ),
}
