"""Military service's section of the person page: registration, health results, deferral and
exemption decisions, call-up orders, handover and discharge, the Art. 13 measures, the Art. 4.4
recognition and volunteering, as one timeline in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import CharField, DateField, F, IntegerField, Model, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    Decision,
    Discharge,
    HealthResult,
    Registration,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules.pool import VOLUNTEER
from qpdp.core import timeline
from qpdp.core.access import AnyUser


@dataclass(frozen=True)
class Event:
    day: dt.date
    what: str
    link: str = ""  # the page that lists the record, narrowed to the person


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


class _Fact(NamedTuple):
    """One row of the facts query: the registration, a measure, the recognition or a
    volunteering, in the columns they share."""

    kind: str
    day: dt.date
    until: dt.date | None
    code: str
    number: str
    months: int | None
    year: int | None
    sequence: int | None


_COLUMNS = ("f_kind", "f_day", "f_until", "f_code", "f_number", "f_months", "f_year", "f_seq")


def _columns(queryset: QuerySet, kind: str, day: str, number: str, **named: F | Value) -> QuerySet:
    """``queryset`` as the facts query's columns (``f_*``), so that the four can be one UNION;
    the empty columns are typed (``Cast``): PostgreSQL matches a UNION's columns by type."""
    blank: dict[str, F | Cast] = {
        "f_until": Cast(Value(None), DateField()),
        "f_code": Cast(Value(""), CharField()),
        "f_months": Cast(Value(None), IntegerField()),
        "f_year": Cast(Value(None), IntegerField()),
        "f_seq": Cast(Value(None), IntegerField()),
    }
    return (
        queryset.order_by()
        .annotate(
            f_kind=Cast(Value(kind), CharField()),
            f_day=F(day),
            f_number=F(number),
            **{**blank, **named},
        )
        .values_list(*_COLUMNS)
    )


def _facts(user: AnyUser, person: Model) -> list[_Fact]:
    """The person's registration, Art. 13 measures, Art. 4.4 recognition and volunteering the
    user may see, in one query (a UNION: the person page's query budget)."""
    registration = _columns(
        Registration.objects.visible_to(user).filter(person=person),
        "registration",
        "registered_on",
        "number",
    )
    measures = _columns(
        BarringMeasure.objects.visible_to(user).filter(person=person),
        "measure",
        "starts_on",
        "document_number",
        f_until=F("ends_on"),
        f_code=F("kind"),
    )
    recognitions = _columns(
        ServiceRecognition.objects.visible_to(user).filter(person=person),
        "recognition",
        "recognised_on",
        "decision_number",
        f_code=F("ground"),
        f_months=F("months_served"),
    )
    volunteering = _columns(
        Volunteering.objects.visible_to(user).filter(person=person),
        "volunteering",
        "applied_on",
        "note",
        f_year=F("cycle__year"),
        f_seq=F("cycle__sequence"),
    )
    union = registration.union(measures, recognitions, volunteering, all=True)
    return [_Fact(*row) for row in union]


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _listed(name: str, person: Model) -> str:
    return f"{reverse(name)}?{urlencode({'person': person.pk})}"


def _fact_event(fact: _Fact, person: Model) -> Event:
    if fact.kind == "registration":
        text = _("Đăng ký nghĩa vụ quân sự lần đầu, số %(n)s") % {"n": fact.number}
        return Event(fact.day, text)
    if fact.kind == "measure":
        kind = rules.MeasureKind(fact.code)
        period = (
            _("từ %(start)s đến %(end)s") % {"start": _day(fact.day), "end": _day(fact.until)}
            if fact.until is not None
            else _("từ %(start)s, chưa có ngày kết thúc") % {"start": _day(fact.day)}
        )
        text = _(
            "Không đăng ký, không gọi nhập ngũ: %(measure)s (%(article)s), %(period)s; "
            "văn bản số %(number)s"
        ) % {
            "measure": kind.label,
            "article": rules.measure_article(kind),
            "period": period,
            "number": fact.number,
        }
        return Event(fact.day, text, _listed("conscription:measures", person))
    if fact.kind == "recognition":
        ground = rules.RecognitionGround(fact.code)
        served = "" if fact.months is None else _(", %(n)s tháng phục vụ") % {"n": fact.months}
        text = _(
            "Công nhận hoàn thành nghĩa vụ quân sự tại ngũ: %(ground)s (%(article)s)%(served)s; "
            "quyết định số %(number)s"
        ) % {
            "ground": ground.label,
            "article": rules.recognition_article(ground),
            "served": served,
            "number": fact.number,
        }
        return Event(fact.day, text, _listed("conscription:recognitions", person))
    assert fact.year is not None and fact.sequence is not None  # a volunteering's cycle
    cycle = CallUpCycle(year=fact.year, sequence=fact.sequence)
    text = _("Đơn tình nguyện nhập ngũ, %(cycle)s (%(article)s)") % {
        "cycle": cycle,
        "article": VOLUNTEER.article,
    }
    if fact.number:
        text += f": {fact.number}"
    return Event(fact.day, text, _listed("conscription:volunteers", person))


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
    """The person's military-service events the user may see, oldest first (four queries:
    the facts, health results, decisions, orders)."""
    events = [_fact_event(fact, person) for fact in _facts(user, person)]
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
