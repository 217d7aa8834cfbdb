"""Records that hold for a period (a membership, a registration, an assignment): which are in
force on a day, as one condition every registry's queryset shares."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q


def in_force_on(day: dt.date, start: str, end: str) -> Q:
    """Rows whose ``start`` field is on or before ``day`` and whose ``end`` field is open or
    after it (the end day is the first day no longer in force)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))
