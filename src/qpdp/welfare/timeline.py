"""Rear policy's section of the person page: the Decision 49/62 cases the person applied for."""

from __future__ import annotations

from django.db.models import Model

from qpdp.core import timeline
from qpdp.core.access import AnyUser
from qpdp.welfare.models import BenefitCase


def cases_of(user: AnyUser, person: Model) -> list[BenefitCase]:
    return list(
        BenefitCase.objects.visible_to(user).filter(applicant=person).order_by("received_on", "pk")
    )


timeline.register(
    timeline.PersonSection("welfare", "welfare/person_section.html", cases_of, order=60)
)
