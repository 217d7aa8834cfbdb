"""The reserve's section of the person page: registrations in the reserve, with the units the
soldier was placed in."""

from __future__ import annotations

from django.db.models import Model

from qpdp.core import timeline
from qpdp.core.access import AnyUser
from qpdp.reserves.models import ReserveSoldier


def records_of(user: AnyUser, person: Model) -> list[ReserveSoldier]:
    return list(
        ReserveSoldier.objects.visible_to(user)
        .filter(person=person)
        .select_related("unit")
        .prefetch_related("assignments__reserve_unit")
        .order_by("registered_on", "pk")
    )


timeline.register(
    timeline.PersonSection("reserves", "reserves/person_section.html", records_of, order=40)
)
