"""The dates the law counts from (issue 12 item 19): the day a call-up order reached the citizen
(Art. 34.6), a handover outside February and March only with an Art. 33 adjustment and its
reason, the examination period of Art. 40.5, the call to examination delivered 15 days ahead
(Art. 40.3) and the posting of the results within 20 days (Art. 40.6). Each boundary day is
tested on both sides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from qpdp.conscription import services
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    HandoverAdjustment,
    HealthKind,
    Outcome,
    Review,
)
from qpdp.core.audit import Action
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.conscription.conftest import Scenario, one_audit_entry, unchanged
from tests.conscription.test_services import order_for
from tests.conscription.test_views import login

MakePerson = Callable[..., Person]
DAY = dt.timedelta(days=1)


def refused(code: str) -> pytest.RaisesExc[ValidationError]:
    return pytest.raises(ValidationError, check=lambda e: e.code == code)


# -- the call-up order reaches the citizen (Art. 34.6) ------------------------------------------


@pytest.fixture
def order(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> CallUpOrder:
    return order_for(scenario, cycle, callable_man())


def test_an_order_delivered_15_days_before_reporting_is_recorded(
    scenario: Scenario, order: CallUpOrder
) -> None:
    last = order.report_on - dt.timedelta(days=15)
    with one_audit_entry(Action.UPDATE):
        services.record_delivery(scenario.staff, order, delivered_on=last)
    order.refresh_from_db()
    assert order.delivered_on == last


def test_an_order_delivered_14_days_before_reporting_is_refused_naming_the_dates(
    scenario: Scenario, order: CallUpOrder
) -> None:
    late = order.report_on - dt.timedelta(days=14)
    with unchanged(), refused(ErrorCode.ORDER_NOTICE_LATE) as error:
        services.record_delivery(scenario.staff, order, delivered_on=late)
    message = str(error.value)
    for day in (late, order.report_on, late - DAY):
        assert f"{day:%d/%m/%Y}" in message
    assert "ít nhất 15 ngày" in message
    order.refresh_from_db()
    assert order.delivered_on is None


def test_an_order_delivered_before_it_was_signed_is_refused(
    scenario: Scenario, order: CallUpOrder
) -> None:
    with unchanged(), refused(ErrorCode.ORDER_DELIVERED_BEFORE_ISSUE):
        services.record_delivery(scenario.staff, order, delivered_on=order.issued_on - DAY)
    services.record_delivery(scenario.staff, order, delivered_on=order.issued_on)


def test_a_man_whose_order_never_reached_him_is_not_handed_over(
    scenario: Scenario, order: CallUpOrder
) -> None:
    with unchanged(), refused(ErrorCode.ORDER_NOT_DELIVERED) as error:
        services.record_handover(
            scenario.staff, order, handed_over=True, on=scenario.handover, receiving_unit="E1"
        )
    assert "Chưa ghi ngày giao" in str(error.value)
    services.record_delivery(scenario.staff, order, delivered_on=order.issued_on)
    services.record_handover(
        scenario.staff, order, handed_over=True, on=scenario.handover, receiving_unit="E1"
    )
    order.refresh_from_db()
    assert order.outcome == Outcome.HANDED_OVER


def test_a_man_never_reached_may_be_recorded_absent(scenario: Scenario, order: CallUpOrder) -> None:
    services.record_handover(
        scenario.staff,
        order,
        handed_over=False,
        on=scenario.handover,
        failure_reason="Vắng mặt tại địa phương, không giao được quyết định",
    )
    order.refresh_from_db()
    assert (order.outcome, order.delivered_on) == (Outcome.FAILED, None)


def test_the_delivery_is_not_changed_after_the_outcome(
    scenario: Scenario, order: CallUpOrder
) -> None:
    services.record_delivery(scenario.staff, order, delivered_on=order.issued_on)
    services.record_handover(
        scenario.staff, order, handed_over=True, on=scenario.handover, receiving_unit="E1"
    )
    with unchanged(), refused(ErrorCode.HANDOVER_RECORDED):
        services.record_delivery(scenario.staff, order, delivered_on=order.issued_on + DAY)


def test_another_wards_staff_cannot_record_the_delivery(
    scenario: Scenario, order: CallUpOrder
) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_delivery(scenario.other_staff, order, delivered_on=order.issued_on)


def test_the_orders_list_shows_an_order_not_delivered_and_the_page_records_it(
    client: Client, scenario: Scenario, order: CallUpOrder
) -> None:
    login(client, scenario.staff)
    orders = reverse("conscription:orders", args=[order.cycle_id])
    page = client.get(orders).content.decode()
    assert "Giao cho công dân" in page and "Chưa giao" in page
    deliver = reverse("conscription:deliver", args=[order.cycle_id, order.pk])
    assert deliver in page
    late = order.report_on - dt.timedelta(days=14)
    response = client.post(deliver, {"delivered_on": f"{late:%d/%m/%Y}"})
    assert response.status_code == 400
    assert "ít nhất 15 ngày" in response.content.decode()
    last = order.report_on - dt.timedelta(days=15)
    assert client.post(deliver, {"delivered_on": f"{last:%d/%m/%Y}"}).status_code == 302
    page = client.get(orders).content.decode()
    assert "Chưa giao" not in page and f"{last:%d/%m/%Y}" in page


# -- handover outside February and March (Art. 33) ---------------------------------------------


def new_cycle(accounts: Accounts, tree: Tree, handover: dt.date, **extra: object) -> CallUpCycle:
    return services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=handover.year,
        handover_date=handover,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("handover", [dt.date(2026, 2, 1), dt.date(2026, 3, 31)])
def test_a_handover_in_february_or_march_needs_no_reason(
    accounts: Accounts, tree: Tree, handover: dt.date
) -> None:
    assert new_cycle(accounts, tree, handover).handover_adjustment_reason == ""


@pytest.mark.parametrize("handover", [dt.date(2026, 1, 31), dt.date(2026, 4, 1)])
def test_a_handover_outside_february_and_march_needs_the_adjustment_and_its_reason(
    accounts: Accounts, tree: Tree, handover: dt.date
) -> None:
    with unchanged(), refused(ErrorCode.HANDOVER_MONTH) as error:
        new_cycle(accounts, tree, handover)
    assert f"{handover:%d/%m/%Y}" in str(error.value) and "lý do" in str(error.value)
    with unchanged(), refused(ErrorCode.HANDOVER_ADJUSTMENT_INCOMPLETE):
        new_cycle(accounts, tree, handover, handover_adjustment=HandoverAdjustment.EPIDEMIC)
    with unchanged(), refused(ErrorCode.HANDOVER_ADJUSTMENT_INCOMPLETE):
        new_cycle(accounts, tree, handover, handover_adjustment_reason="Dịch bệnh")
    cycle = new_cycle(
        accounts,
        tree,
        handover,
        handover_adjustment=HandoverAdjustment.EPIDEMIC,
        handover_adjustment_reason="  Dịch cúm A/H5N1, Văn bản số 12/UBND ngày 05/01/2026  ",
    )
    assert cycle.handover_adjustment_reason == "Dịch cúm A/H5N1, Văn bản số 12/UBND ngày 05/01/2026"


def test_a_second_call_needs_no_adjustment(accounts: Accounts, tree: Tree) -> None:
    cycle = new_cycle(accounts, tree, dt.date(2026, 8, 20), sequence=2)
    assert cycle.handover_adjustment == ""


def test_the_cycle_form_takes_the_adjustment_and_the_cycle_page_shows_it(
    client: Client, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.province_commander)
    form = {
        "unit": tree.province.pk,
        "year": "2026",
        "sequence": "1",
        "handover_date": "01/04/2026",
    }
    refused_page = client.post(reverse("conscription:cycle_create"), form)
    assert refused_page.status_code == 400
    assert "tháng Hai hoặc tháng Ba" in refused_page.content.decode()
    reason = "Bão số 3 gây ngập lụt, Công văn 45/UBND-KT ngày 10/02/2026"
    response = client.post(
        reverse("conscription:cycle_create"),
        {**form, "handover_adjustment": "disaster", "handover_adjustment_reason": reason},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Thảm họa thiên tai" in page and reason in page


# -- the examination period (Art. 40.5) --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "lawful"),
    [
        (dt.date(2025, 10, 31), dt.date(2025, 12, 31), False),
        (dt.date(2025, 11, 1), dt.date(2025, 12, 31), True),
        (dt.date(2025, 11, 1), dt.date(2026, 1, 1), False),
    ],
)
def test_the_examination_runs_from_1_november_to_31_december_before_the_call_up(
    accounts: Accounts, tree: Tree, start: dt.date, end: dt.date, lawful: bool
) -> None:
    handover = dt.date(2026, 2, 25)
    if lawful:
        cycle = new_cycle(accounts, tree, handover, exam_start=start, exam_end=end)
        assert (cycle.exam_start, cycle.exam_end) == (start, end)
        return
    with unchanged(), refused(ErrorCode.EXAM_PERIOD_OUTSIDE_LAW) as error:
        new_cycle(accounts, tree, handover, exam_start=start, exam_end=end)
    assert "01/11/2025 – 31/12/2025" in str(error.value)


def test_an_examination_in_the_call_up_year_is_refused(accounts: Accounts, tree: Tree) -> None:
    with unchanged(), refused(ErrorCode.EXAM_PERIOD_OUTSIDE_LAW):
        new_cycle(
            accounts,
            tree,
            dt.date(2026, 2, 25),
            exam_start=dt.date(2026, 1, 1),
            exam_end=dt.date(2026, 1, 20),
        )


def test_an_adjusted_cycle_and_a_second_call_set_their_own_examination_days(
    accounts: Accounts, tree: Tree
) -> None:
    adjusted = new_cycle(
        accounts,
        tree,
        dt.date(2026, 4, 20),
        exam_start=dt.date(2026, 1, 5),
        exam_end=dt.date(2026, 1, 25),
        handover_adjustment=HandoverAdjustment.EPIDEMIC,
        handover_adjustment_reason="Dịch bệnh nguy hiểm, Quyết định 3/QĐ-TTg",
    )
    assert adjusted.exam_start == dt.date(2026, 1, 5)
    second = new_cycle(
        accounts,
        tree,
        dt.date(2026, 9, 1),
        sequence=2,
        exam_start=dt.date(2026, 7, 1),
        exam_end=dt.date(2026, 7, 20),
    )
    assert second.exam_end == dt.date(2026, 7, 20)


# -- the call to examination (Art. 40.3) -------------------------------------------------------


@pytest.fixture
def resident(
    scenario: Scenario, make_person: MakePerson, register: Callable[..., Person]
) -> Person:
    return register(make_person(scenario.ward, birth_date=scenario.born, education_level=12))


def test_a_call_to_examination_delivered_15_days_ahead_is_recorded_and_corrected(
    scenario: Scenario, cycle: CallUpCycle, resident: Person
) -> None:
    exam_on = scenario.exam_day
    with one_audit_entry(Action.CREATE):
        call = services.record_exam_call(
            scenario.staff,
            cycle,
            resident,
            kind=HealthKind.EXAMINATION,
            exam_on=exam_on,
            delivered_on=exam_on - dt.timedelta(days=15),
        )
    assert call.unit == scenario.ward
    with one_audit_entry(Action.UPDATE):
        services.record_exam_call(
            scenario.staff,
            cycle,
            resident,
            kind=HealthKind.EXAMINATION,
            exam_on=exam_on,
            delivered_on=exam_on - dt.timedelta(days=20),
        )
    call.refresh_from_db()
    assert call.delivered_on == exam_on - dt.timedelta(days=20)


def test_a_call_to_examination_delivered_14_days_ahead_is_refused(
    scenario: Scenario, cycle: CallUpCycle, resident: Person
) -> None:
    exam_on = scenario.exam_day
    late = exam_on - dt.timedelta(days=14)
    with unchanged(), refused(ErrorCode.EXAM_CALL_NOTICE_LATE) as error:
        services.record_exam_call(
            scenario.staff,
            cycle,
            resident,
            kind=HealthKind.EXAMINATION,
            exam_on=exam_on,
            delivered_on=late,
        )
    assert f"{late:%d/%m/%Y}" in str(error.value)
    assert f"{late - DAY:%d/%m/%Y}" in str(error.value)


@pytest.mark.parametrize(("offset", "lawful"), [(-1, False), (0, True)])
def test_a_call_names_an_examination_day_of_the_cycle(
    scenario: Scenario, cycle: CallUpCycle, resident: Person, offset: int, lawful: bool
) -> None:
    exam_on = cycle.exam_start + dt.timedelta(days=offset)
    kwargs = {"kind": HealthKind.EXAMINATION, "exam_on": exam_on}
    delivered_on = exam_on - dt.timedelta(days=20)
    if lawful:
        services.record_exam_call(
            scenario.staff, cycle, resident, delivered_on=delivered_on, **kwargs
        )
        return
    with unchanged(), refused(ErrorCode.EXAM_DATE_OUTSIDE):
        services.record_exam_call(
            scenario.staff, cycle, resident, delivered_on=delivered_on, **kwargs
        )


def test_another_wards_staff_cannot_record_a_call(
    scenario: Scenario, cycle: CallUpCycle, resident: Person
) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_exam_call(
            scenario.other_staff,
            cycle,
            resident,
            kind=HealthKind.EXAMINATION,
            exam_on=scenario.exam_day,
            delivered_on=scenario.exam_day - dt.timedelta(days=20),
        )


def test_the_health_page_shows_the_call_and_its_form_records_it(
    client: Client, scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    man = callable_man()
    login(client, scenario.staff)
    url = reverse("conscription:exam_call", args=[cycle.pk, man.pk])
    health = reverse("conscription:health", args=[cycle.pk, scenario.ward.pk])
    assert url in client.get(health).content.decode()
    exam_on = scenario.exam_day
    body = {"kind": "exam", "exam_on": f"{exam_on:%d/%m/%Y}"}
    late = client.post(url, {**body, "delivered_on": f"{exam_on - 14 * DAY:%d/%m/%Y}"})
    assert late.status_code == 400 and "ít nhất 15 ngày" in late.content.decode()
    delivered = exam_on - 15 * DAY
    assert client.post(url, {**body, "delivered_on": f"{delivered:%d/%m/%Y}"}).status_code == 302
    assert f"{delivered:%d/%m/%Y}" in client.get(health).content.decode()


# -- the posting of the results (Art. 40.6) ----------------------------------------------------


@pytest.mark.parametrize(
    ("days", "code"),
    [
        (-1, ErrorCode.RESULTS_POSTED_BEFORE_EXAM),
        (0, None),
        (20, None),
        (21, ErrorCode.RESULTS_POSTING_LATE),
    ],
)
def test_results_are_posted_within_20_days_of_the_wards_last_examination(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, days: int, code: str | None
) -> None:
    callable_man()
    posted_on = scenario.exam_day + dt.timedelta(days=days)
    if code is None:
        with one_audit_entry(Action.CREATE):
            posting = services.post_results(
                scenario.staff, cycle, scenario.ward, posted_on=posted_on
            )
        assert posting.posted_on == posted_on
        return
    with unchanged(), refused(code) as error:
        services.post_results(scenario.staff, cycle, scenario.ward, posted_on=posted_on)
    assert f"{posted_on:%d/%m/%Y}" in str(error.value)


def test_a_ward_without_examination_results_has_nothing_to_post(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    with unchanged(), refused(ErrorCode.RESULTS_NONE):
        services.post_results(scenario.staff, cycle, scenario.ward, posted_on=scenario.exam_day)


def test_results_are_posted_ward_by_ward(scenario: Scenario, cycle: CallUpCycle) -> None:
    with unchanged(), refused(ErrorCode.RESULTS_NOT_COMMUNE):
        services.post_results(scenario.decider, cycle, scenario.owner, posted_on=scenario.exam_day)


def test_the_health_page_records_the_posting_and_the_cycle_page_shows_it(
    client: Client, scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    callable_man()
    login(client, scenario.staff)
    health = reverse("conscription:health", args=[cycle.pk, scenario.ward.pk])
    assert "chưa niêm yết" in client.get(health).content.decode()
    url = reverse("conscription:post_results", args=[cycle.pk, scenario.ward.pk])
    posted_on = scenario.exam_day + 3 * DAY
    assert client.post(url, {"posted_on": f"{posted_on:%d/%m/%Y}"}).status_code == 302
    assert f"{posted_on:%d/%m/%Y}" in client.get(health).content.decode()
    cycle_page = client.get(reverse("conscription:cycle", args=[cycle.pk])).content.decode()
    assert "Niêm yết kết quả khám sức khỏe" in cycle_page
