"""The militia's section of the home page: who serves today, and the communes in force in the
user's scope that have no mobile militia platoon (every commune has one, Militia Law Art. 15
as amended in 2025)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from qpdp.core import home
from qpdp.core.access import scope_units
from qpdp.core.units import UnitKind
from qpdp.militia.models import Membership, MilitiaUnit
from qpdp.militia.rules import ForceKind, Level

SHOWN = 30


def militia(request: HttpRequest) -> Mapping[str, Any]:
    user = request.user
    today = timezone.localdate()
    platoons = (
        MilitiaUnit.objects.active_on(today)
        .filter(force_kind=ForceKind.MOBILE, level=Level.PLATOON)
        .values("unit")
    )
    communes = scope_units(user).filter(kind=UnitKind.COMMUNE).valid_on(today)
    missing = communes.exclude(pk__in=platoons).order_by("name", "pk")
    return {
        "serving": Membership.objects.active_on(today).visible_to(user).count(),
        "without_platoon": list(missing[:SHOWN]),
    }


home.register(home.HomePanel("militia", "militia/home_panel.html", militia, order=30))
