"""Military service on the officer's work list: what is due and overdue in the current cycle for
the user's wards, each item linking to the page where it is done.

The figures are the cycle overview's (``selectors.unregistered``, ``services.overdue_steps``),
so the home page, the overview and the ward's pages count the same people. Leaders, who do not
act, get none of it. A few queries whatever the number of wards: the unregistered are counted
once over all the user's wards, not ward by ward as the overview does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.models import CallUpCycle
from qpdp.core import home
from qpdp.core.access import AnyUser, can_write
from qpdp.core.home import Task
from qpdp.core.units import Unit

TASKS_SHOWN = 20


def current_cycle(user: AnyUser, today: dt.date) -> CallUpCycle | None:
    """The cycle the user works on now: the first whose handover day is still ahead, else the
    latest (its late orders and handovers are still to finish)."""
    cycles = selectors.cycles_for(user)
    ahead = cycles.filter(handover_date__gte=today).order_by("handover_date", "pk").first()
    return ahead or cycles.first()


class _Links:
    """A ward's step page when the user has one ward, the cycle overview (which links every
    ward's steps) when several."""

    def __init__(self, cycle: CallUpCycle, wards: list[Unit]) -> None:
        self.cycle, self.wards = cycle, wards
        self.overview = reverse("conscription:cycle", args=[cycle.pk])

    def step(self, name: str, ward: Unit | None = None) -> str:
        ward = ward or (self.wards[0] if len(self.wards) == 1 else None)
        if ward is None:
            return self.overview
        return reverse(f"conscription:{name}", args=[self.cycle.pk, ward.pk])

    def orders(self) -> str:
        return reverse("conscription:orders", args=[self.cycle.pk])


def _registration(cycle: CallUpCycle, links: _Links, user: AnyUser, today: dt.date) -> Task | None:
    """The men still to register, counted once over the user's wards (Art. 16)."""
    wards = Unit.objects.filter(pk__in=[w.pk for w in links.wards])
    count = selectors.unregistered(cycle, wards, user).count()
    if not count:
        return None
    return Task(
        _("%(n)s công dân chưa đăng ký nghĩa vụ quân sự lần đầu") % {"n": count},
        links.step("registration"),
        cycle.registration_date,
        overdue=today > cycle.registration_date,
        note=selectors.unregistered_definition(cycle, today),
    )


def _due(cycle: CallUpCycle, links: _Links, today: dt.date) -> list[Task]:
    """The cycle's steps whose day is still ahead (Art. 33, 34.6, 40)."""
    last_order_day = rules.latest_order_date(cycle.handover_date)
    steps = [
        (
            cycle.exam_end,
            _("Khám sức khỏe nghĩa vụ quân sự (từ %(day)s)")
            % {"day": f"{cycle.exam_start:%d/%m/%Y}"},
            links.step("health"),
        ),
        (last_order_day, _("Giao lệnh gọi nhập ngũ"), links.step("issue")),
        (cycle.handover_date, _("Giao, nhận quân"), links.orders()),
    ]
    return [Task(text, url, day) for day, text, url in steps if today <= day]


def _overdue(cycle: CallUpCycle, links: _Links, today: dt.date) -> list[Task]:
    """The overview's missed steps in the user's wards: orders short of the quota, late from
    the last day an order may reach the citizen (Art. 34.6) and done on the ward's call-up
    page, and handovers not recorded, late from the order's reporting day and recorded from
    the cycle's orders."""
    mine = {w.pk for w in links.wards}
    last_order_day = rules.latest_order_date(cycle.handover_date)
    return [
        Task(
            f"{step.unit.label}: {step.message}",
            links.step("issue", step.unit) if step.deadline == last_order_day else links.orders(),
            step.deadline,
            overdue=True,
        )
        for step in services.overdue_steps(cycle, on=today)
        if step.unit.pk in mine
    ]


def work(request: HttpRequest) -> Mapping[str, Any]:
    user, today = request.user, timezone.localdate()
    cycle = current_cycle(user, today) if can_write(user) else None
    if cycle is None:
        return {}
    wards = list(selectors.cycle_wards(cycle, user))
    if not wards:
        return {}
    links = _Links(cycle, wards)
    registration = _registration(cycle, links, user, today)
    tasks = [*([registration] if registration else []), *_due(cycle, links, today)]
    tasks += _overdue(cycle, links, today)
    tasks.sort(key=lambda task: (not task.overdue, task.deadline or today))
    return {
        "cycle": cycle,
        "tasks": tasks[:TASKS_SHOWN],
        "hidden": max(len(tasks) - TASKS_SHOWN, 0),
        "overview": links.overview,
    }


home.register(home.HomePanel("conscription", "conscription/home_panel.html", work, order=5))
