"""The discharge (xuất ngũ) of a citizen handed over on a call-up order (Art. 43), and the
reserve registration that follows it (Art. 45): recorded once, by the ward of the order; from
that day the pool counts him as having served, and the reserve registry holds him with the class
Art. 24 gives his months of service, through the reserve's own service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpOrder, Discharge, Outcome
from qpdp.conscription.services._common import _create, _day, commune_on
from qpdp.core.access import AnyUser, check_object_writable
from qpdp.core.units import Unit
from qpdp.core.vietnamese import clean_text
from qpdp.reserves import selectors as reserves
from qpdp.reserves import services as reserve_services
from qpdp.reserves.models import ReserveSoldier
from qpdp.reserves.rules import ServiceHistory


@dataclass(frozen=True, slots=True)
class DischargeInput:
    """A discharge as the page and the API give it; the reserve registration day defaults to
    the discharge day."""

    discharged_on: dt.date
    kind: str
    decision_number: str
    decision_date: dt.date
    reason: str = ""
    reserve_registered_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DischargePlan:
    """What recording the discharge writes: the time served, and the reserve registration (the
    class Art. 24 gives and where he registers), or why there is none (``reserve_note``)."""

    service: rules.Service
    registered_on: dt.date
    reserve_unit: Unit | None
    reserve: reserve_services.SoldierClass | None
    reserve_note: str


@dataclass(frozen=True, slots=True)
class Discharged:
    """A recorded discharge and the reserve record it made (None: see ``reserve_note``)."""

    discharge: Discharge
    soldier: ReserveSoldier | None
    reserve_note: str


def _refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_discharge(user: AnyUser, order: CallUpOrder, data: DischargeInput) -> DischargePlan:
    """Refuse a discharge the law or the scope does not allow, and say what recording it will
    write; the page's confirmation runs it, and so does the save."""
    check_object_writable(user, order)
    handed_over_on = order.handed_over_on
    if order.outcome != Outcome.HANDED_OVER or handed_over_on is None:
        raise _refuse(
            "__all__",
            _("%(name)s chưa được giao quân theo lệnh số %(number)s/%(year)s.")
            % {"name": order.person, "number": order.number, "year": order.year},
            ErrorCode.DISCHARGE_NOT_HANDED_OVER,
        )
    if Discharge.objects.filter(order=order).exists():
        raise _refuse(
            "__all__",
            _("Đã ghi nhận xuất ngũ của %(name)s.") % {"name": order.person},
            ErrorCode.DISCHARGE_EXISTS,
        )
    breach = rules.discharge_breach(
        data.kind, handed_over_on, data.discharged_on, data.reason or ""
    )
    if breach is not None:
        raise breach.error()
    if data.discharged_on > timezone.localdate():
        raise _refuse(
            "discharged_on",
            _("Chỉ ghi nhận xuất ngũ từ ngày quân nhân xuất ngũ."),
            ErrorCode.DISCHARGE_IN_FUTURE,
        )
    if not clean_text(data.decision_number or ""):
        raise _refuse(
            "decision_number",
            _("Phải ghi số quyết định xuất ngũ."),
            ErrorCode.DISCHARGE_DECISION_REQUIRED,
        )
    registered_on = data.reserve_registered_on or data.discharged_on
    if registered_on < data.discharged_on:
        raise _refuse(
            "reserve_registered_on",
            _("Ngày đăng ký ngạch dự bị không được trước ngày xuất ngũ %(day)s.")
            % {"day": _day(data.discharged_on)},
            ErrorCode.RESERVE_REGISTERED_BEFORE_DISCHARGE,
        )
    service = rules.service_length(handed_over_on, data.discharged_on)
    # Art. 24.3.a covers any service under 6 months: a stay of days counts as one month here,
    # or the reserve rules would read "never served".
    history = ServiceHistory(active_service_months=max(service.months, 1))
    current = reserves.open_record(order.person_id)
    if current is not None:
        note = _("Đã có trong danh sách quân nhân dự bị từ ngày %(day)s: không đăng ký lại.") % {
            "day": _day(current.registered_on)
        }
        return DischargePlan(service, registered_on, None, None, note)
    unit = commune_on(order.person, registered_on)
    try:
        reserve = reserve_services.check_soldier(
            user,
            order.person,
            unit,
            registered_on=registered_on,
            history=history,
            discharged_on=data.discharged_on,
        )
    except PermissionDenied:
        note = _(
            "%(name)s cư trú tại %(unit)s, ngoài phạm vi của bạn: đơn vị đó đăng ký ngạch dự bị."
        ) % {"name": order.person, "unit": unit.label}
        return DischargePlan(service, registered_on, unit, None, note)
    return DischargePlan(service, registered_on, unit, reserve, "")


@transaction.atomic
def record_discharge(user: AnyUser, order: CallUpOrder, data: DischargeInput) -> Discharged:
    """Record the discharge of the soldier handed over on ``order`` (Art. 43) and register him
    for the reserve where he lives with the class his months of service give (Art. 24, 45),
    unless he is already a reserve soldier, or lives outside the recorder's scope (that ward
    registers him). A refusal of either leaves nothing written."""
    plan = check_discharge(user, order, data)
    discharge = Discharge(
        order=order,
        unit=order.unit,
        discharged_on=data.discharged_on,
        kind=data.kind,
        reason=clean_text(data.reason or ""),
        decision_number=clean_text(data.decision_number),
        decision_date=data.decision_date,
    )
    _create(user, discharge, order.unit)
    soldier = None
    if plan.reserve is not None and plan.reserve_unit is not None:
        soldier = reserve_services.register_soldier(
            user,
            order.person,
            plan.reserve_unit,
            registered_on=plan.registered_on,
            history=plan.reserve.history,
            discharged_on=discharge.discharged_on,
        )
    return Discharged(discharge, soldier, plan.reserve_note)
