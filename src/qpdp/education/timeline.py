"""Defense education's section of the person page: the courses the person attended."""

from __future__ import annotations

from django.db.models import Model

from qpdp.core import timeline
from qpdp.core.access import AnyUser
from qpdp.education.models import Attendance


def courses_of(user: AnyUser, person: Model) -> list[Attendance]:
    return list(
        Attendance.objects.visible_to(user)
        .filter(person=person)
        .select_related("course")
        .order_by("course__starts_on", "pk")
    )


timeline.register(
    timeline.PersonSection("education", "education/person_section.html", courses_of, order=50)
)
