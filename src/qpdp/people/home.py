"""The people registry's section of the home page: how many citizens the user's scope holds,
and its wards in force with their residents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.http import HttpRequest

from qpdp.core import home
from qpdp.core.access import scope_units
from qpdp.core.pagination import COUNT_CAP
from qpdp.core.units import UnitKind
from qpdp.people.models import Person
from qpdp.people.tables import WardTable

WARDS_SHOWN = 60


def residents(request: HttpRequest) -> Mapping[str, Any]:
    user = request.user
    wards = scope_units(user).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
    wards = wards.annotate(people=Count("residents")).order_by("name")[:WARDS_SHOWN]
    # Capped like the list pages: an exact COUNT of a million rows on every home view is waste.
    total = Person.objects.visible_to(user).order_by()[: COUNT_CAP + 1].count()
    return {
        "wards": WardTable(list(wards), user=user),
        "total": min(total, COUNT_CAP),
        "capped": total > COUNT_CAP,
    }


home.register(home.HomePanel("people", "people/home_panel.html", residents, order=10))
