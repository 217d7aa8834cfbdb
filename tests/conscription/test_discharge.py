"""The discharge of a handed-over soldier (Art. 22, 43) and the reserve registration it leads to
(Art. 24, 45): the rules at their boundary days, the service's refusals and effects (the pool,
the reserve registry, the timeline), the page and its confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qpdp.conscription import rules, services
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Discharge, Review
from qpdp.conscription.rules import DischargeKind, PoolState, Service
from qpdp.conscription.services import DischargeInput
from qpdp.conscription.timeline import service_of
from qpdp.core.audit import AuditEntry
from qpdp.people.models import Person
from qpdp.reserves import services as reserve_services
from qpdp.reserves.models import ReserveSoldier
from qpdp.reserves.rules import ServiceHistory
from tests.conftest import Accounts
from tests.conscription.conftest import Scenario
from tests.conscription.test_services import delivered, order_for

D = dt.date
DAY = dt.timedelta(days=1)
MakePerson = Callable[..., Person]

# -- rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        (D(2022, 2, 15), D(2024, 2, 15), 24, 0),
        (D(2022, 2, 15), D(2024, 2, 14), 23, 30),
        (D(2022, 1, 31), D(2022, 2, 28), 1, 0),  # to the month's last day
        (D(2022, 1, 31), D(2022, 2, 27), 0, 27),
        (D(2024, 2, 29), D(2025, 2, 28), 12, 0),  # a leap day ends on the shorter month's last
        (D(2022, 2, 15), D(2024, 8, 20), 30, 5),
        (D(2022, 2, 15), D(2022, 2, 20), 0, 5),
    ],
)
def test_time_served_counts_whole_months_from_the_handover(
    start: dt.date, end: dt.date, months: int, days: int
) -> None:
    assert rules.service_length(start, end) == Service(months, days)


HANDED = D(2024, 2, 15)


@pytest.mark.parametrize(
    ("discharged_on", "code"),
    [
        (HANDED - DAY, ErrorCode.DISCHARGE_BEFORE_HANDOVER),
        (HANDED, ErrorCode.DISCHARGE_BEFORE_HANDOVER),  # service starts that day (Art. 22)
        (HANDED + DAY, None),
    ],
)
def test_a_discharge_comes_after_the_handover_day(
    discharged_on: dt.date, code: ErrorCode | None
) -> None:
    breach = rules.discharge_breach(DischargeKind.COMPLETED, HANDED, discharged_on, "")
    assert (breach.code if breach else None) == code
    if breach is not None:
        assert (breach.field, "Điều 22" in str(breach)) == ("discharged_on", True)


def test_an_early_discharge_names_its_reason_and_the_kind_is_one_of_article_43() -> None:
    later = HANDED + 100 * DAY
    early = rules.discharge_breach(DischargeKind.EARLY, HANDED, later, "  ")
    assert early is not None
    assert (early.code, early.field) == (ErrorCode.DISCHARGE_REASON_REQUIRED, "reason")
    assert "khoản 2 Điều 43" in str(early)
    assert rules.discharge_breach(DischargeKind.EARLY, HANDED, later, "Sức khỏe") is None
    unknown = rules.discharge_breach("retired", HANDED, later, "")
    assert unknown is not None and unknown.code == ErrorCode.DISCHARGE_KIND_UNKNOWN


# -- the service ---------------------------------------------------------------------------------


@contextmanager
def nothing_written() -> Iterator[None]:
    """The refused call adds no discharge, reserve soldier or audit entry."""
    tables = (Discharge, ReserveSoldier, AuditEntry)
    before = [list(t.objects.order_by("pk").values()) for t in tables]  # type: ignore[attr-defined]
    yield
    after = [list(t.objects.order_by("pk").values()) for t in tables]  # type: ignore[attr-defined]
    assert after == before


@pytest.fixture
def handed_over(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> CallUpOrder:
    order = delivered(scenario, order_for(scenario, cycle, callable_man()))
    return services.record_handover(
        scenario.order_signer, order, handed_over=True, on=scenario.handover, receiving_unit="E1"
    )


def discharge_input(scenario: Scenario, months: int = 6, **changes: Any) -> DischargeInput:
    """Six months after the handover: in the past for both scenarios' cycles (2023, 2026)."""
    day = rules.add_months(scenario.handover, months)
    values: dict[str, Any] = {
        "discharged_on": day,
        "kind": DischargeKind.EARLY,
        "reason": "Hội đồng giám định y khoa kết luận không đủ sức khỏe",
        "decision_number": "25/QĐ-XN",
        "decision_date": day - 10 * DAY,
    }
    values.update(changes)
    return DischargeInput(**values)


def test_a_discharge_registers_the_soldier_in_the_reserve_with_class_one(
    scenario: Scenario, handed_over: CallUpOrder
) -> None:
    data = discharge_input(scenario)
    done = services.record_discharge(scenario.staff, handed_over, data)
    discharge = Discharge.objects.get(order=handed_over)
    assert (discharge.discharged_on, discharge.unit, discharge.service) == (
        data.discharged_on,
        handed_over.unit,
        Service(6, 0),
    )
    soldier = done.soldier
    assert soldier is not None and soldier == ReserveSoldier.objects.get(person=handed_over.person)
    history = (soldier.category, soldier.category_ground, soldier.active_service_months)
    assert history == ("1", "1a", 6)  # Art. 24.2.a
    assert (soldier.discharged_on, soldier.registered_on) == (
        data.discharged_on,
        data.discharged_on,
    )
    assert soldier.unit == handed_over.person.residence_unit
    audited = AuditEntry.objects.order_by("-pk").values_list("content_type__model", flat=True)
    assert list(audited[:2]) == ["reservesoldier", "discharge"]


def test_under_six_months_of_service_gives_class_two(
    scenario: Scenario, handed_over: CallUpOrder
) -> None:
    data = discharge_input(scenario, discharged_on=rules.add_months(scenario.handover, 6) - DAY)
    soldier = services.record_discharge(scenario.staff, handed_over, data).soldier
    assert soldier is not None
    history = (soldier.category, soldier.category_ground, soldier.active_service_months)
    assert history == ("2", "2a", 5)  # Art. 24.3.a


def test_a_reserve_soldier_already_registered_is_not_registered_twice(
    scenario: Scenario, handed_over: CallUpOrder
) -> None:
    data = discharge_input(scenario)
    earlier = reserve_services.register_soldier(
        scenario.staff,
        handed_over.person,
        handed_over.person.residence_unit,
        registered_on=data.discharged_on,
        history=ServiceHistory(active_service_months=6),
        discharged_on=data.discharged_on,
    )
    done = services.record_discharge(scenario.staff, handed_over, data)
    assert done.soldier is None and "không đăng ký lại" in done.reserve_note
    assert list(ReserveSoldier.objects.filter(person=handed_over.person)) == [earlier]
    assert Discharge.objects.filter(order=handed_over).exists()


def test_a_ward_account_of_another_ward_is_refused(
    scenario: Scenario, handed_over: CallUpOrder
) -> None:
    with nothing_written(), pytest.raises(PermissionDenied):
        services.record_discharge(scenario.other_staff, handed_over, discharge_input(scenario))


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"discharged_on": "handover"}, "discharged_on", ErrorCode.DISCHARGE_BEFORE_HANDOVER),
        ({"discharged_on": "day_before"}, "discharged_on", ErrorCode.DISCHARGE_BEFORE_HANDOVER),
        ({"reason": ""}, "reason", ErrorCode.DISCHARGE_REASON_REQUIRED),
        ({"decision_number": " "}, "decision_number", ErrorCode.DISCHARGE_DECISION_REQUIRED),
        ({"discharged_on": "tomorrow"}, "discharged_on", ErrorCode.DISCHARGE_IN_FUTURE),
        (
            {"reserve_registered_on": "day_before"},
            "reserve_registered_on",
            ErrorCode.RESERVE_REGISTERED_BEFORE_DISCHARGE,
        ),
    ],
)
def test_a_refused_discharge_writes_nothing(
    scenario: Scenario,
    handed_over: CallUpOrder,
    changes: dict[str, Any],
    field: str,
    code: ErrorCode,
) -> None:
    days = {
        "handover": scenario.handover,
        "day_before": scenario.handover - DAY,
        "tomorrow": timezone.localdate() + DAY,
    }
    data = discharge_input(scenario, **{k: days.get(v, v) for k, v in changes.items()})
    if "reserve_registered_on" in changes:
        data = discharge_input(scenario, reserve_registered_on=data.discharged_on - DAY)
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.record_discharge(scenario.staff, handed_over, data)
    [error] = refused.value.error_dict[field]
    assert error.code == code


def test_an_order_not_handed_over_or_already_discharged_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    approved: Review,
    handed_over: CallUpOrder,
) -> None:
    pending = order_for(scenario, cycle, callable_man(given_name="Tùng"))
    with nothing_written(), pytest.raises(ValidationError) as refused:
        services.record_discharge(scenario.staff, pending, discharge_input(scenario))
    assert refused.value.error_dict["__all__"][0].code == ErrorCode.DISCHARGE_NOT_HANDED_OVER
    services.record_discharge(scenario.staff, handed_over, discharge_input(scenario))
    with nothing_written(), pytest.raises(ValidationError) as again:
        services.record_discharge(scenario.staff, handed_over, discharge_input(scenario))
    assert again.value.error_dict["__all__"][0].code == ErrorCode.DISCHARGE_EXISTS


def test_the_pool_counts_a_discharged_soldier_as_served_from_his_discharge_day(
    scenario: Scenario, cycle: CallUpCycle, handed_over: CallUpOrder
) -> None:
    data = discharge_input(scenario)
    services.record_discharge(scenario.staff, handed_over, data)
    person = handed_over.person
    assert services.state_of(cycle, person, data.discharged_on - DAY).state is PoolState.SERVING
    served = services.state_of(cycle, person, data.discharged_on)
    assert (served.state, served.codes) == (PoolState.SERVED, ("discharged",))
    assert not served.is_callable


def test_the_person_timeline_shows_the_discharge_with_the_months_served(
    scenario: Scenario, accounts: Accounts, handed_over: CallUpOrder
) -> None:
    data = discharge_input(scenario, discharged_on=rules.add_months(scenario.handover, 7) + 3 * DAY)
    services.record_discharge(scenario.staff, handed_over, data)
    events = service_of(scenario.staff, handed_over.person)
    last = events[-1]
    assert last.day == data.discharged_on
    assert "Đã xuất ngũ (trước thời hạn)" in last.what
    assert "7 tháng 3 ngày" in last.what and "25/QĐ-XN" in last.what


# -- the page ------------------------------------------------------------------------------------


def form_data(data: DischargeInput, **extra: str) -> dict[str, str]:
    return {
        "discharged_on": f"{data.discharged_on:%d/%m/%Y}",
        "kind": data.kind,
        "reason": data.reason,
        "decision_number": data.decision_number,
        "decision_date": f"{data.decision_date:%d/%m/%Y}",
        "reserve_registered_on": "",
        **extra,
    }


def test_the_discharge_is_recorded_on_the_order_page_after_confirmation(
    scenario: Scenario, cycle: CallUpCycle, handed_over: CallUpOrder, client: Client
) -> None:
    client.force_login(scenario.staff)
    orders = reverse("conscription:orders", args=[cycle.pk])
    url = reverse("conscription:discharge", args=[cycle.pk, handed_over.pk])
    assert url in client.get(orders).content.decode()
    page = client.get(url).content.decode()
    assert "Ghi nhận xuất ngũ" in page and "Số quyết định xuất ngũ" in page
    data = discharge_input(scenario)
    confirm = client.post(url, form_data(data))
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Xác nhận" in text
    assert "6 tháng 0 ngày" in text and "Hạng một" in text
    assert not Discharge.objects.exists()
    saved = client.post(url, form_data(data, confirmed="1"))
    assert saved.status_code == 302 and saved["Location"] == orders
    assert Discharge.objects.get().order == handed_over
    listed = client.get(orders).content.decode()
    assert "Đã xuất ngũ ngày" in listed and url not in listed
    assert client.get(url).status_code == 302  # once per order


def test_the_form_shows_the_services_refusal_and_a_reader_may_not_write(
    scenario: Scenario,
    cycle: CallUpCycle,
    accounts: Accounts,
    handed_over: CallUpOrder,
    client: Client,
) -> None:
    url = reverse("conscription:discharge", args=[cycle.pk, handed_over.pk])
    client.force_login(scenario.staff)
    data = discharge_input(scenario, discharged_on=scenario.handover)
    refused = client.post(url, form_data(data))
    assert refused.status_code == 400
    assert "Ngày xuất ngũ phải sau ngày giao quân" in refused.content.decode()
    client.force_login(accounts.leader)
    assert client.get(url).status_code == 403
    client.force_login(scenario.other_staff)
    assert client.get(url).status_code in (403, 404)
    assert not Discharge.objects.exists()
