"""The militia's section of the person page: the person's services in militia units."""

from __future__ import annotations

from django.db.models import Model

from qpdp.core import timeline
from qpdp.core.access import AnyUser
from qpdp.militia.models import Membership


def services_of(user: AnyUser, person: Model) -> list[Membership]:
    return list(
        Membership.objects.visible_to(user)
        .filter(person=person)
        .select_related("militia_unit")
        .order_by("joined_on", "pk")
    )


timeline.register(
    timeline.PersonSection("militia", "militia/person_section.html", services_of, order=30)
)
