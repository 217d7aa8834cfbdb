"""Rear policy reads the discharge day from the call-up's discharge record of the soldier's
order; the day typed on the family is kept for orders without one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from qpdp.conscription import services as callup
from qpdp.conscription.rules import DischargeKind
from qpdp.conscription.services import DischargeInput
from qpdp.welfare import selectors, services
from qpdp.welfare.error_codes import ErrorCode
from qpdp.welfare.models import SoldierFamily
from tests.conftest import Accounts

DISCHARGED = dt.date(2025, 2, 15)  # 24 months after the 2023 handover


@pytest.fixture
def discharged(accounts: Accounts, family: SoldierFamily) -> SoldierFamily:
    data = DischargeInput(
        discharged_on=DISCHARGED,
        kind=DischargeKind.COMPLETED,
        decision_number="31/QĐ-XN",
        decision_date=dt.date(2025, 1, 10),
    )
    callup.record_discharge(accounts.suoi_hoa_staff, family.handover, data)
    family.refresh_from_db()
    assert family.discharged_on is None  # nothing typed: the record is read
    return family


def test_the_serving_filter_and_the_families_serving_read_the_record(
    accounts: Accounts, discharged: SoldierFamily, client: Client
) -> None:
    client.force_login(accounts.suoi_hoa_staff)
    name = discharged.soldier.full_name
    home = reverse("welfare:home")
    assert name not in client.get(home, {"serving": "true"}).content.decode()
    listed = client.get(home, {"serving": "false"}).content.decode()
    assert name in listed and "15/02/2025" in listed
    assert discharged in selectors.families_serving(dt.date(2025, 1, 1), dt.date(2025, 2, 15))
    assert discharged not in selectors.families_serving(dt.date(2025, 2, 16), dt.date(2025, 12, 31))


def test_the_family_page_and_the_allowance_use_the_record(
    accounts: Accounts, discharged: SoldierFamily, client: Client
) -> None:
    client.force_login(accounts.suoi_hoa_staff)
    page = client.get(reverse("welfare:family", args=[discharged.pk])).content.decode()
    assert "15/02/2025" in page and "31/QĐ-XN" in page
    assert reverse("welfare:discharge", args=[discharged.pk]) not in page
    allowance = services.discharge_allowance(discharged)
    assert (allowance.service.months, allowance.service.days) == (24, 0)


def test_typing_a_day_over_the_record_is_refused(
    accounts: Accounts, discharged: SoldierFamily
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_discharge(
            accounts.suoi_hoa_staff, discharged, discharged_on=dt.date(2025, 3, 1)
        )
    assert refused.value.error_dict["discharged_on"][0].code == ErrorCode.DISCHARGE_RECORDED
    assert SoldierFamily.objects.get(pk=discharged.pk).discharged_on is None


def test_a_family_without_a_record_keeps_the_typed_day(
    accounts: Accounts, family: SoldierFamily
) -> None:
    services.record_discharge(accounts.suoi_hoa_staff, family, discharged_on=DISCHARGED)
    assert selectors.discharge_day_of(SoldierFamily.objects.get(pk=family.pk)) == DISCHARGED
