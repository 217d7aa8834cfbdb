"""Planning on the home page, by role: a ward's staff has figures to confirm; a commander has
wards waiting for their figures to be locked and wards behind target; a leader reads the
year's key indicators against their targets.

Only the key indicators are computed (``key_codes``: those the plan gives a target), one grouped
query each whatever the number of wards; the lists of approvals are one query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import home, indicators
from qpdp.core.access import User, can_write, is_commander, scope_units
from qpdp.core.home import Task
from qpdp.core.units import Unit
from qpdp.planning.figures import (
    default_year,
    overlaps,
    target_code,
    year_figures,
    year_period,
)
from qpdp.planning.models import ApprovalStatus, DataApproval, Target
from qpdp.planning.review.data import figures_of
from qpdp.planning.review.sentences import Figure
from qpdp.planning.review.tables import FigureTable
from qpdp.planning.views.context import link, page_query

TASKS_SHOWN = 20


def key_codes(unit: Unit, year: int, *, children: bool = False) -> set[str]:
    """The indicators worth a place on the home page: those the plan gives a target for
    ``unit`` in ``year`` (or for one of its children). ``Target`` rows are keyed by the
    indicator's target code, so a target on the call-up quota brings the number handed over,
    measured against it."""
    units = Q(unit=unit) | Q(unit__parent=unit) if children else Q(unit=unit)
    targeted = set(Target.objects.filter(units, year=year).values_list("indicator_code", flat=True))
    return {i.code for i in indicators.all_indicators() if target_code(i) in targeted}


def to_confirm(unit: Unit, today: dt.date) -> list[Task]:
    """Last year's and this year's figures the unit has not declared complete: last year's
    are late (the review is written from them)."""
    years = [y for y in (today.year - 1, today.year) if overlaps(unit, *year_period(y))]
    declared = set(
        DataApproval.objects.filter(unit=unit, year__in=years)
        .exclude(status=ApprovalStatus.OPEN)
        .values_list("year", flat=True)
    )
    text = _("Số liệu năm %(year)s chưa báo hoàn thành: rà soát và xác nhận")
    return [
        Task(text % {"year": y}, link("planning:approval", unit, y), overdue=y < today.year)
        for y in years
        if y not in declared
    ]


def waiting(user: User, today: dt.date) -> list[Task]:
    """Units below the commander that declared their figures complete, for him to lock."""
    approvals = (
        DataApproval.objects.visible_to(user)
        .filter(status=ApprovalStatus.COMPLETED, year__gte=today.year - 1)
        .exclude(unit=user.unit_id)
        .select_related("unit")
        .order_by("-year", "unit__path")[:TASKS_SHOWN]
    )
    text = _("%(unit)s: số liệu năm %(year)s đã báo hoàn thành, chờ khóa")
    return [
        Task(
            text % {"unit": a.unit.label, "year": a.year},
            link("planning:approval", a.unit, a.year),
        )
        for a in approvals
    ]


def _missed(figure: Figure) -> str:
    """A missed key figure as the work list says it: achieved/target, or no figure at all."""
    if figure.unreported:
        return _("%(label)s chưa có số liệu (chỉ tiêu %(target)s)") % {
            "label": figure.label,
            "target": figure.target_text,
        }
    return f"{figure.label} {figure.value_text}/{figure.target_text}"


def behind(user: User, unit: Unit, year: int) -> list[Task]:
    """The children of ``unit`` (in the user's scope) behind one of their key targets this
    year, or given one and reporting no figure, with the figures they miss; each links to the
    ward's dashboard."""
    figures = year_figures(unit, year, key_codes(unit, year, children=True))
    allowed = set(
        scope_units(user)
        .filter(pk__in=[c.pk for c in figures.children])
        .values_list("pk", flat=True)
    )
    missed: dict[int, list[str]] = {}
    for unit_figures in figures_of(figures)[1].values():
        for uf in unit_figures:
            if (uf.figure.behind or uf.figure.unreported) and uf.unit.id in allowed:
                missed.setdefault(uf.unit.id, []).append(_missed(uf.figure))
    text = _("%(unit)s chưa đạt chỉ tiêu năm %(year)s: %(figures)s")
    return [
        Task(
            text % {"unit": child.label, "year": year, "figures": "; ".join(missed[child.pk])},
            link("review:dashboard", child, year),
        )
        for child in figures.children
        if child.pk in missed
    ][:TASKS_SHOWN]


def key_figures(user: User, unit: Unit, year: int) -> FigureTable:
    """The unit's key indicators against target, laid out as on the dashboard."""
    figures = year_figures(unit, year, key_codes(unit, year))
    query = page_query(unit, year)
    cards = [
        {
            "figure": figure,
            "people_url": "",
            "detail_url": f"{reverse('review:indicator', args=[figure.code])}?{query}",
        }
        for figure in figures_of(figures)[0]
    ]
    return FigureTable(cards, user=user)


def work(request: HttpRequest) -> Mapping[str, Any]:
    user, today = request.user, timezone.localdate()
    if not isinstance(user, User):
        return {}
    unit = user.unit
    if not can_write(user):
        if unit is None:
            return {}
        year = default_year(unit, today)
        return {
            "year": year,
            "figures": key_figures(user, unit, year),
            "dashboard": link("review:dashboard", unit, year),
        }
    tasks: list[Task] = []
    if is_commander(user):
        tasks += waiting(user, today)
        if unit is not None:
            tasks += behind(user, unit, default_year(unit, today))
    elif unit is not None:
        tasks += to_confirm(unit, today)
    return {"tasks": tasks, "approval": reverse("planning:approval")}


home.register(home.HomePanel("planning", "planning/home_panel.html", work, order=6))
