"""The reserve soldier's page reads the discharge day from the call-up's discharge record where
the soldier was handed over through QPĐP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from qpdp.conscription import services as callup
from qpdp.conscription.models import CallUpOrder
from qpdp.conscription.rules import DischargeKind
from qpdp.conscription.services import DischargeInput
from qpdp.reserves import services
from qpdp.reserves.models import ReserveSoldier
from qpdp.reserves.rules import ServiceHistory
from tests.conftest import Accounts
from tests.welfare.conftest import soldier_order

__all__ = ["soldier_order"]


def test_the_soldier_page_shows_the_recorded_discharge_over_the_typed_day(
    accounts: Accounts, soldier_order: Callable[..., CallUpOrder], client: Client
) -> None:
    order = soldier_order()
    staff = accounts.suoi_hoa_staff
    typed = services.register_soldier(
        staff,
        order.person,
        order.person.residence_unit,
        registered_on=dt.date(2025, 2, 20),
        history=ServiceHistory(active_service_months=24),
        discharged_on=dt.date(2025, 1, 15),  # typed by hand, a month off
    )
    data = DischargeInput(
        discharged_on=dt.date(2025, 2, 15),
        kind=DischargeKind.COMPLETED,
        decision_number="31/QĐ-XN",
        decision_date=dt.date(2025, 1, 10),
    )
    done = callup.record_discharge(staff, order, data)
    assert done.soldier is None
    assert ReserveSoldier.objects.filter(person=order.person).count() == 1
    client.force_login(staff)
    page = client.get(reverse("reserves:soldier", args=[typed.pk])).content.decode()
    assert "15/02/2025" in page and "31/QĐ-XN" in page and "15/01/2025" not in page
