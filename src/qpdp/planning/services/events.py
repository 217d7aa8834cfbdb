"""Events of the year (the defense-zone exercise above all) and their phases."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.planning.error_codes import ErrorCode
from qpdp.planning.models import Event, EventPhase
from qpdp.planning.services._common import check_writer, cleaned, create, delete, update
from qpdp.planning.services.plans import check_unit_in_year

EVENT_FIELDS = ("year", "name", "kind", "starts_on", "ends_on", "outcome", "rating")
PHASE_FIELDS = ("name", "starts_on", "ends_on", "outcome")


def _check_event_dates(event: Event) -> None:
    if event.starts_on and event.starts_on.year != event.year:
        raise ValidationError(
            {
                "starts_on": ValidationError(
                    _("Sự kiện của năm %(year)s phải bắt đầu trong năm đó.") % {"year": event.year},
                    code=ErrorCode.EVENT_YEAR,
                )
            }
        )


def _check_phase_dates(phase: EventPhase) -> None:
    event = phase.event
    if phase.starts_on < event.starts_on or phase.ends_on > event.ends_on:
        raise ValidationError(
            _("Giai đoạn phải nằm trong thời gian của sự kiện (%(start)s – %(end)s).")
            % {"start": f"{event.starts_on:%d/%m/%Y}", "end": f"{event.ends_on:%d/%m/%Y}"},
            code=ErrorCode.PHASE_OUTSIDE_EVENT,
        )


@transaction.atomic
def create_event(user: AnyUser, unit: Unit, data: Mapping[str, Any]) -> Event:
    check_writer(user, unit)
    values = {k: v for k, v in cleaned(data).items() if k in EVENT_FIELDS}
    check_unit_in_year(unit, values["year"])
    event = Event(unit=unit, **values)
    _check_event_dates(event)
    return create(user, event, unit)


@transaction.atomic
def update_event(user: AnyUser, event: Event, data: Mapping[str, Any]) -> Event:
    """Change an event; its phases must still fit in its dates."""
    check_writer(user, event.unit)
    values = {k: v for k, v in cleaned(data).items() if k in EVENT_FIELDS and k != "year"}
    probe = copy.copy(event)
    for field, value in values.items():
        setattr(probe, field, value)
    _check_event_dates(probe)
    for phase in event.phases.all():
        phase.event = probe
        _check_phase_dates(phase)
    return update(user, event, event.unit, values)


@transaction.atomic
def delete_event(user: AnyUser, event: Event) -> None:
    check_writer(user, event.unit)
    delete(user, event, event.unit)


@transaction.atomic
def add_phase(user: AnyUser, event: Event, data: Mapping[str, Any]) -> EventPhase:
    check_writer(user, event.unit)
    values = {k: v for k, v in cleaned(data).items() if k in PHASE_FIELDS}
    phase = EventPhase(event=event, **values)
    phase.full_clean()
    _check_phase_dates(phase)
    return create(user, phase, event.unit)


@transaction.atomic
def update_phase(user: AnyUser, phase: EventPhase, data: Mapping[str, Any]) -> EventPhase:
    check_writer(user, phase.event.unit)
    values = {k: v for k, v in cleaned(data).items() if k in PHASE_FIELDS}
    probe = EventPhase(
        event=phase.event, **{**{f: getattr(phase, f) for f in PHASE_FIELDS}, **values}
    )
    _check_phase_dates(probe)
    return update(user, phase, phase.event.unit, values)


@transaction.atomic
def delete_phase(user: AnyUser, phase: EventPhase) -> None:
    check_writer(user, phase.event.unit)
    delete(user, phase, phase.event.unit)
