"""Art. 13 measures and Art. 4.4 recognitions on the database: recorded with their audit entry,
refused with nothing written, read by the pool, the call-up order and first registration; and
the militia's part: a standing member flagged in the pool, released when handed over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.conscription import selectors, services
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import BarringMeasure, CallUpCycle, Review
from qpdp.conscription.rules import MeasureKind, PoolState, RecognitionGround
from qpdp.core.audit import Action
from qpdp.militia import services as militia_services
from qpdp.militia.models import Membership
from qpdp.militia.rules import CALLED_UP_RELEASE_GROUND, EndReason, ForceKind, Level
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.conscription.conftest import Scenario, one_audit_entry, unchanged
from tests.conscription.test_services import delivered, order_for
from tests.militia.conftest import make_unit

MakePerson = Callable[..., Person]
DAY = dt.timedelta(days=1)


def measure(scenario: Scenario, person: Person, **changes: Any) -> BarringMeasure:
    data: dict[str, Any] = {
        "person": person,
        "kind": MeasureKind.PROSECUTION,
        "starts_on": dt.date(scenario.year - 1, 6, 1),
        "ends_on": None,
        "document_number": "12/QĐ-VKS",
        "document_date": dt.date(scenario.year - 1, 6, 1),
        "note": "",
    }
    data.update(changes)
    return services.record_measure(scenario.staff, services.MeasureInput(**data))


def recognise(scenario: Scenario, person: Person, **changes: Any) -> Any:
    data: dict[str, Any] = {
        "person": person,
        "ground": RecognitionGround.COMMUNE_POLICE,
        "months_served": 36,
        "recognised_on": scenario.proposed_on,
        "decision_number": "45/QĐ-BCH",
        "signer": "Chỉ huy trưởng Bộ Chỉ huy quân sự tỉnh",
    }
    data.update(changes)
    return services.record_recognition(scenario.staff, services.RecognitionInput(**data))


def state(scenario: Scenario, cycle: CallUpCycle, person: Person, on: dt.date) -> Any:
    [entry] = [e for e in services.pool(cycle, scenario.wards, on=on) if e.person.pk == person.pk]
    return entry


def codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.code for errors in error.value.error_dict.values() for e in errors if e.code}


# -- Art. 13 measures --------------------------------------------------------------------------


def test_a_measure_is_recorded_in_the_residents_ward_with_its_audit_entry(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    with one_audit_entry(Action.CREATE):
        recorded = measure(scenario, person, note="  Khởi tố  bị can ")
    assert recorded.unit == person.residence_unit
    assert recorded.note == "Khởi tố bị can"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ends_on": dt.date(2020, 1, 1)}, ErrorCode.MEASURE_ENDS_BEFORE_START),
        ({"document_number": "  "}, ErrorCode.MEASURE_DOCUMENT_REQUIRED),
        ({"kind": "exile"}, ErrorCode.MEASURE_KIND_UNKNOWN),
    ],
)
def test_a_measure_the_service_refuses_writes_nothing(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    changes: dict[str, Any],
    code: str,
) -> None:
    person = callable_man()
    with unchanged(), pytest.raises(ValidationError) as error:
        measure(scenario, person, **changes)
    assert codes(error) == {code}


def test_an_overlapping_measure_of_the_same_kind_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    measure(scenario, person, ends_on=dt.date(scenario.year, 3, 1))
    with unchanged(), pytest.raises(ValidationError) as error:
        measure(scenario, person, starts_on=dt.date(scenario.year, 3, 1))
    assert codes(error) == {ErrorCode.MEASURE_OVERLAPS}
    measure(scenario, person, starts_on=dt.date(scenario.year, 3, 2))


def test_another_wards_staff_may_not_record_a_measure(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    data = services.MeasureInput(
        person, MeasureKind.PRISON, dt.date(2025, 1, 1), None, "1/BA", dt.date(2025, 1, 1)
    )
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_measure(scenario.other_staff, data)


@pytest.mark.parametrize(
    ("ends", "state_on_day"),
    [(-1, PoolState.CALLABLE), (0, PoolState.INELIGIBLE), (1, PoolState.INELIGIBLE)],
)
def test_the_pool_leaves_out_a_man_while_a_measure_covers_the_day(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    ends: int,
    state_on_day: PoolState,
) -> None:
    person = callable_man()
    measure(scenario, person, ends_on=scenario.order_day + ends * DAY)
    entry = state(scenario, cycle, person, scenario.order_day)
    assert entry.state is state_on_day
    if state_on_day is PoolState.INELIGIBLE:
        assert entry.evaluation.codes == ("barred",)


def test_a_measure_starting_after_the_day_leaves_the_man_callable(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    measure(scenario, person, starts_on=scenario.order_day + DAY)
    assert state(scenario, cycle, person, scenario.order_day).state is PoolState.CALLABLE


def test_an_order_to_a_barred_man_is_refused_naming_the_measure(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    measure(scenario, person, kind=MeasureKind.COMPULSORY_REHAB)
    with unchanged(), pytest.raises(ValidationError) as error:
        order_for(scenario, cycle, person)
    assert codes(error) == {ErrorCode.BARRED_BY_MEASURE}
    message = str(error.value)
    assert "cơ sở cai nghiện bắt buộc" in message
    assert "12/QĐ-VKS" in message
    assert "điểm b khoản 1 Điều 13" in message


def test_a_measure_starting_before_the_reporting_day_refuses_the_order(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    measure(scenario, person, starts_on=scenario.handover - DAY)
    with unchanged(), pytest.raises(ValidationError) as error:
        order_for(scenario, cycle, person)
    assert codes(error) == {ErrorCode.BARRED_BY_MEASURE}


def test_a_man_whose_measure_ended_is_called_again(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    open_ended = measure(scenario, person)
    with one_audit_entry(Action.UPDATE):
        services.end_measure(scenario.staff, open_ended, scenario.order_day - DAY)
    assert order_for(scenario, cycle, person).person == person


def test_a_barred_man_is_not_registered_nor_on_the_january_list(
    scenario: Scenario, cycle: CallUpCycle, make_person: MakePerson
) -> None:
    year = scenario.year
    young = make_person(scenario.ward, birth_date=dt.date(year - 17, 3, 1))
    units = scenario.wards
    assert young in services.first_registration_list(year, units)
    measure(scenario, young, starts_on=dt.date(year - 1, 12, 1), ends_on=dt.date(year, 5, 31))
    assert young not in services.first_registration_list(year, units)
    on = dt.date(year, 4, 10)
    with unchanged(), pytest.raises(ValidationError) as error:
        services.record_registration(scenario.staff, young, registered_on=on, number="DK-9")
    assert codes(error) == {ErrorCode.BARRED_BY_MEASURE}
    assert "truy cứu trách nhiệm hình sự" in str(error.value)
    assert young not in selectors.unregistered(cycle, units, scenario.staff)


# -- Art. 4.4 recognitions ---------------------------------------------------------------------


def test_a_recognised_man_has_served_and_is_not_called(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    with one_audit_entry(Action.CREATE):
        recognise(scenario, person)
    entry = state(scenario, cycle, person, scenario.order_day)
    assert entry.evaluation.codes == ("service_recognised",)
    with unchanged(), pytest.raises(ValidationError, match="khoản 4 Điều 4"):
        order_for(scenario, cycle, person)


@pytest.mark.parametrize(
    ("ground", "months"),
    [(RecognitionGround.STANDING_MILITIA, 23), (RecognitionGround.COMMUNE_POLICE, 35)],
)
def test_a_recognition_short_of_the_grounds_months_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    ground: RecognitionGround,
    months: int,
) -> None:
    person = callable_man()
    with unchanged(), pytest.raises(ValidationError) as error:
        recognise(scenario, person, ground=ground, months_served=months)
    assert codes(error) == {ErrorCode.RECOGNITION_MONTHS_SHORT}
    recognise(scenario, person, ground=ground, months_served=months + 1)


def test_a_man_is_recognised_once(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    recognise(scenario, person)
    with unchanged(), pytest.raises(ValidationError) as error:
        recognise(scenario, person, ground=RecognitionGround.RESERVE_OFFICER, months_served=None)
    assert codes(error) == {ErrorCode.RECOGNITION_EXISTS}


# -- the militia -------------------------------------------------------------------------------


@pytest.fixture
def standing_member(
    tree: Tree, accounts: Accounts, scenario: Scenario, callable_man: MakePerson
) -> Membership:
    """A callable man of new Kinh Bắc serving in its standing squad since 01/09/2025."""
    if scenario.year != 2026:
        pytest.skip("the standing squad belongs to new Kinh Bắc (2026 cycle)")
    squad = make_unit(
        accounts.province_commander,
        tree.kinh_bac,
        name="Tiểu đội thường trực",
        level=Level.SQUAD,
        force_kind=ForceKind.STANDING,
        authorised_strength=10,
    )
    return militia_services.enrol_member(
        accounts.province_commander,
        squad,
        callable_man(),
        joined_on=dt.date(2025, 9, 1),
        decision_number="08/QĐ-UBND",
        decision_date=dt.date(2025, 8, 25),
        decision_signer="Nguyễn Văn Chủ tịch",
    )


@pytest.mark.parametrize(
    ("on", "codes_"),
    [
        (dt.date(2027, 8, 30), ("militia_deferral_ground",)),
        (dt.date(2027, 8, 31), ("militia_deferral_ground", "militia_recognition_due")),
    ],
)
def test_the_pool_flags_a_standing_member_and_his_24_months(
    scenario: Scenario,
    cycle: CallUpCycle,
    standing_member: Membership,
    on: dt.date,
    codes_: tuple[str, ...],
) -> None:
    entry = state(scenario, cycle, standing_member.person, on)
    assert tuple(flag.code for flag in entry.flags) == codes_
    early = state(scenario, cycle, standing_member.person, scenario.order_day)
    assert early.state is PoolState.CALLABLE
    assert [flag.code for flag in early.flags] == ["militia_deferral_ground"]


def test_a_deferral_on_ground_h_silences_the_flag(
    scenario: Scenario,
    cycle: CallUpCycle,
    standing_member: Membership,
    decided: Callable[..., Any],
) -> None:
    decided(standing_member.person, ground="h")
    entry = state(scenario, cycle, standing_member.person, scenario.order_day)
    assert entry.state is PoolState.DEFERRED
    assert entry.flags == ()


def test_the_handover_releases_the_militia_membership(
    scenario: Scenario, cycle: CallUpCycle, standing_member: Membership, approved: Review
) -> None:
    order = delivered(scenario, order_for(scenario, cycle, standing_member.person))
    services.record_handover(
        scenario.order_signer,
        order,
        handed_over=True,
        on=scenario.handover,
        receiving_unit="Sư đoàn 325",
    )
    member = Membership.objects.get(pk=standing_member.pk)
    assert (member.ended_on, member.end_reason, member.end_ground) == (
        scenario.handover,
        EndReason.RELEASED,
        CALLED_UP_RELEASE_GROUND,
    )
    assert member.end_decision_number == f"{order.number}/{order.year}"


def test_an_absent_man_stays_in_the_militia(
    scenario: Scenario, cycle: CallUpCycle, standing_member: Membership, approved: Review
) -> None:
    order = order_for(scenario, cycle, standing_member.person)
    services.record_handover(
        scenario.order_signer,
        order,
        handed_over=False,
        on=scenario.handover,
        failure_reason="Ốm, có giấy xác nhận",
    )
    assert Membership.objects.get(pk=standing_member.pk).ended_on is None


@pytest.mark.parametrize("size", [3, 12])
def test_the_pool_reads_measures_recognitions_and_militia_in_one_query_each(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    django_assert_max_num_queries: Any,
    size: int,
) -> None:
    people = [callable_man() for _ in range(size)]
    for person in people[: size // 3]:
        measure(scenario, person)
    for person in people[size // 3 : 2 * size // 3]:
        recognise(scenario, person)
    with django_assert_max_num_queries(9):
        entries = services.pool(cycle, scenario.wards, on=scenario.order_day)
        states = [entry.state for entry in entries]
    assert states.count(PoolState.INELIGIBLE) == size // 3
    assert states.count(PoolState.SERVED) == 2 * size // 3 - size // 3


def test_a_handover_the_recorder_cannot_release_from_the_militia_is_refused(
    tree: Tree,
    accounts: Accounts,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    approved: Review,
) -> None:
    if scenario.year != 2026:
        pytest.skip("the squad belongs to new Võ Cường (2026 cycle)")
    squad = make_unit(
        accounts.province_commander,
        tree.vo_cuong,
        name="Tiểu đội thường trực Võ Cường",
        level=Level.SQUAD,
        force_kind=ForceKind.STANDING,
        authorised_strength=10,
    )
    man = callable_man()
    militia_services.enrol_member(
        accounts.province_commander,
        squad,
        man,
        joined_on=dt.date(2025, 9, 1),
        decision_number="09/QĐ-UBND",
        decision_date=dt.date(2025, 8, 25),
        decision_signer="Trần Văn Chủ tịch",
    )
    order = delivered(scenario, order_for(scenario, cycle, man))
    with unchanged(), pytest.raises(ValidationError) as error:
        services.record_handover(
            scenario.order_signer, order, handed_over=True, on=scenario.handover, receiving_unit="E"
        )
    assert error.value.code == ErrorCode.MILITIA_RELEASE_OUT_OF_SCOPE
    assert "Võ Cường" in str(error.value)
