"""The person page shows the records other registries keep about the person, each app's
section contributed through core.timeline (the people app imports no registry)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from qpdp.core import timeline
from qpdp.education.models import Attendance, Course, TargetGroup


def test_every_registry_declares_its_person_section() -> None:
    names = set(timeline._sections.items())
    assert {"militia", "reserves", "education", "welfare", "awards"} <= names


def test_a_section_shows_when_the_person_has_records_and_only_then(
    tree, accounts, make_person
) -> None:
    person = make_person(tree.kinh_bac)
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    url = reverse("people:detail", args=[person.pk])
    assert "Bồi dưỡng kiến thức quốc phòng và an ninh" not in client.get(url).content.decode()
    course = Course.objects.create(
        unit=tree.kinh_bac,
        group=TargetGroup.objects.order_by("pk").first(),
        code="K-01",
        name="Lớp bồi dưỡng đối tượng 4",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 6),
    )
    Attendance.objects.create(course=course, person=person, unit=tree.kinh_bac)
    page = client.get(url).content.decode()
    assert "Bồi dưỡng kiến thức quốc phòng và an ninh" in page
    assert "Lớp bồi dưỡng đối tượng 4" in page
    assert reverse("education:course", args=[course.pk]) in page
    assert "Hồ sơ hưởng chế độ" not in page  # no Decision 49/62 case: that section is left off
