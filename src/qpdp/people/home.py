"""The people registry's section of the home page: how many citizens the user's scope holds,
and its wards in force with their residents.

A province leader's scope has 99 communes and an administrator's 3,321, some sharing a name
(there is a Ba Đình in more than one province): the wards are listed a page at a time in
Vietnamese order (province, then ward: the database's collation would put "Đ" after "V"), with
their province whenever the scope spans several, and residents are counted for the page only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.http import HttpRequest

from qpdp.core import home
from qpdp.core.access import scope_units
from qpdp.core.pagination import COUNT_CAP, paginate_list
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import sort_key
from qpdp.people.models import Person
from qpdp.people.tables import WardTable

WARDS_PER_PAGE = 20
PAGE_PARAMETER = "xa_trang"  # the home page holds other panels: not the kit's "page" (template)


def residents(request: HttpRequest) -> Mapping[str, Any]:
    user = request.user
    in_force = scope_units(user).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
    wards = list(
        in_force.select_related("parent").only(
            "name",
            "type_label",
            "valid_to",
            "parent__name",
            "parent__type_label",
            "parent__valid_to",
        )
    )
    wards.sort(key=_vietnamese_order)
    page = paginate_list(wards, request.GET.get(PAGE_PARAMETER), WARDS_PER_PAGE)
    counts = dict(
        Person.objects.filter(residence_unit__in=[w.pk for w in page.rows])
        .order_by()
        .values_list("residence_unit")
        .annotate(n=Count("pk"))
    )
    rows = [(ward, counts.get(ward.pk, 0)) for ward in page.rows]
    provinces = {w.parent_id for w in wards}
    # Capped like the list pages: an exact COUNT of a million rows on every home view is waste.
    total = Person.objects.visible_to(user).order_by()[: COUNT_CAP + 1].count()
    return {
        "wards": WardTable(rows, user=user, exclude=() if len(provinces) > 1 else ("province",)),
        "page": page,
        "total": min(total, COUNT_CAP),
        "capped": total > COUNT_CAP,
    }


def _vietnamese_order(ward: Unit) -> tuple[bytes, int, bytes, int]:
    """Province by name ("Bắc Ninh" before "Hà Nội", whether Tỉnh or Thành phố), then ward."""
    province = ward.parent
    name = sort_key(province.name) if province else b""
    return (name, ward.parent_id or 0, sort_key(ward.name), ward.pk)


home.register(home.HomePanel("people", "people/home_panel.html", residents, order=10))
