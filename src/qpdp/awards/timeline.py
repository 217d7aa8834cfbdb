"""Awards' section of the person page: the proposals and awards naming the person."""

from __future__ import annotations

from django.db.models import Model

from qpdp.awards.models import AwardProposal
from qpdp.core import timeline
from qpdp.core.access import AnyUser


def awards_of(user: AnyUser, person: Model) -> list[AwardProposal]:
    return list(
        AwardProposal.objects.visible_to(user)
        .filter(person=person)
        .select_related("form", "decision")
        .order_by("year", "proposed_on", "pk")
    )


timeline.register(
    timeline.PersonSection("awards", "awards/person_section.html", awards_of, order=70)
)
