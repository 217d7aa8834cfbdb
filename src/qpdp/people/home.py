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
from qpdp.core.units import SEGMENT, UnitKind
from qpdp.core.vietnamese import sort_key
from qpdp.people.models import Person
from qpdp.people.tables import WardTable

WARDS_SHOWN = 60


def residents(request: HttpRequest) -> Mapping[str, Any]:
    user = request.user
    in_force = scope_units(user).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
    wards = list(
        in_force.select_related("parent")
        .annotate(people=Count("residents"))
        .order_by("path")[:WARDS_SHOWN]
    )
    # Grouped by province, then in Vietnamese alphabetical order (the database's collation
    # puts "Đ" after "V" and "Hòa" before "Hạp").
    wards.sort(key=lambda w: (w.path[:-SEGMENT], sort_key(w.name)))
    provinces = {w.parent_id for w in wards}
    # Capped like the list pages: an exact COUNT of a million rows on every home view is waste.
    total = Person.objects.visible_to(user).order_by()[: COUNT_CAP + 1].count()
    return {
        "wards": WardTable(wards, user=user, exclude=() if len(provinces) > 1 else ("province",)),
        "total": min(total, COUNT_CAP),
        "capped": total > COUNT_CAP,
    }


home.register(home.HomePanel("people", "people/home_panel.html", residents, order=10))
