"""Military service's section of the person page: registration, health results, deferral and
exemption decisions, call-up orders, handover and discharge, as one timeline in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext as _

from qpdp.conscription.models import (
    CallUpOrder,
    Decision,
    Discharge,
    HealthResult,
    Registration,
)
from qpdp.core import timeline
from qpdp.core.access import AnyUser


@dataclass(frozen=True)
class Event:
    day: dt.date
    what: str


def _orders(user: AnyUser, person: Model) -> list[Event]:
    events = []
    orders = CallUpOrder.objects.visible_to(user).filter(person=person)
    for order in orders.select_related("discharge"):
        events.append(
            Event(
                order.issued_on,
                _("Lệnh gọi nhập ngũ số %(number)s/%(year)s, có mặt ngày %(day)s")
                % {
                    "number": order.number,
                    "year": order.year,
                    "day": f"{order.report_on:%d/%m/%Y}",
                },
            )
        )
        if order.handed_over_on:
            events.append(
                Event(
                    order.handed_over_on,
                    _("Giao quân cho %(unit)s") % {"unit": order.receiving_unit or "—"},
                )
            )
            discharge = getattr(order, "discharge", None)
            if discharge is not None:
                events.append(_discharged(discharge))
        elif order.failure_reason:
            events.append(
                Event(order.report_on, _("Không có mặt: %(why)s") % {"why": order.failure_reason})
            )
    return events


def _discharged(discharge: Discharge) -> Event:
    """The end of active service: the day, the months served from the handover (Art. 22), the
    kind and the unit's decision."""
    service = discharge.service
    served = _("%(months)s tháng %(days)s ngày") % {"months": service.months, "days": service.days}
    if not service.days:
        served = _("%(months)s tháng") % {"months": service.months}
    what = _("Đã xuất ngũ (%(kind)s), thời gian tại ngũ %(served)s; quyết định số %(number)s") % {
        "kind": discharge.get_kind_display().lower(),
        "served": served,
        "number": discharge.decision_number,
    }
    if discharge.reason:
        what = f"{what}: {discharge.reason}"
    return Event(discharge.discharged_on, what)


def service_of(user: AnyUser, person: Model) -> list[Event]:
    """The person's military-service events the user may see, oldest first (four queries)."""
    events = [
        Event(r.registered_on, _("Đăng ký nghĩa vụ quân sự lần đầu, số %(n)s") % {"n": r.number})
        for r in Registration.objects.visible_to(user).filter(person=person)
    ]
    events += [
        Event(
            h.examined_on,
            f"{h.get_kind_display()}: {_('sức khỏe loại %(n)s') % {'n': h.health_class}}",
        )
        for h in HealthResult.objects.visible_to(user).filter(person=person)
    ]
    for decision in Decision.objects.visible_to(user).filter(person=person):
        text = f"{decision.get_kind_display()} ({_('điểm %(g)s') % {'g': decision.ground}})"
        if decision.decided_on:
            events.append(Event(decision.decided_on, text))
        else:
            events.append(Event(decision.proposed_on, _("Đề nghị: %(what)s") % {"what": text}))
    events += _orders(user, person)
    return sorted(events, key=lambda event: event.day)


timeline.register(
    timeline.PersonSection("conscription", "conscription/person_section.html", service_of, order=10)
)
