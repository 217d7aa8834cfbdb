"""The call-up workflow against a real database, once per regime (2023 three-tier, 2026 two-tier).

Every refusal is checked to leave every table unchanged; every write to leave one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.conscription import selectors, services
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    Outcome,
    Quota,
    Review,
)
from qpdp.conscription.rules import PoolState
from qpdp.conscription.services.pool import pool_entries, pool_rows
from qpdp.core.access import Role, User
from qpdp.core.audit import Action, AuditEntry
from qpdp.core.units import Unit
from qpdp.people.models import Person, Residence
from tests.conftest import Accounts, Tree
from tests.conscription.conftest import Scenario, one_audit_entry, unchanged
from tests.conscription.council import council_proposes

MakePerson = Callable[..., Person]


def order_for(scenario: Scenario, cycle: CallUpCycle, person: Person, **extra: Any) -> CallUpOrder:
    extra.setdefault("issued_on", scenario.order_day)
    return services.issue_order(
        scenario.order_signer, cycle, person, report_place="Sân vận động phường", **extra
    )


def delivered(scenario: Scenario, order: CallUpOrder) -> CallUpOrder:
    """The order handed to the citizen the day it is signed (Art. 34.6)."""
    return services.record_delivery(scenario.staff, order, delivered_on=order.issued_on)


# -- the whole cycle ---------------------------------------------------------------------------


@pytest.mark.usefixtures("tree")
def test_a_whole_cycle_runs_from_quota_to_full_completion(
    scenario: Scenario, accounts: Accounts, make_person: MakePerson
) -> None:
    s = scenario
    with one_audit_entry(Action.CREATE):
        cycle = services.create_cycle(
            s.decider, unit=s.owner, year=s.year, handover_date=s.handover
        )
    assert services.quota_levels(cycle) == s.levels
    assert (cycle.exam_start, cycle.exam_end) == (
        dt.date(s.year - 1, 11, 1),
        dt.date(s.year - 1, 12, 31),
    )

    with one_audit_entry(Action.CREATE):
        services.assign_quota(s.decider, cycle, s.owner, 2, assigned_on=s.approved_on)
    with one_audit_entry(Action.CREATE):
        services.assign_quota(s.decider, cycle, s.ward, 2, assigned_on=s.approved_on)
    assert services.quota_mismatches(cycle) == []
    with one_audit_entry(Action.CREATE):
        services.assign_quota(s.decider, cycle, s.other_ward, 1, assigned_on=s.approved_on)
    (mismatch,) = services.quota_mismatches(cycle)
    assert (mismatch.parent, mismatch.parent_number, mismatch.children_total) == (s.owner, 2, 3)
    assert str(mismatch) == (
        f"Tổng chỉ tiêu giao cho các đơn vị thuộc {s.owner.label} là 3, khác chỉ tiêu được giao 2."
    )
    with one_audit_entry(Action.UPDATE):
        services.assign_quota(s.decider, cycle, s.ward, 1, assigned_on=s.approved_on)
    assert services.quota_mismatches(cycle) == []

    teen = make_person(s.ward, birth_date=dt.date(s.cohort_year - 17, 8, 1), given_name="Nam")
    assert list(services.first_registration_list(s.cohort_year, s.wards)) == [teen]
    with one_audit_entry(Action.CREATE):
        services.record_registration(
            s.staff, teen, registered_on=dt.date(s.cohort_year, 4, 10), number="DK-001"
        )
    assert list(services.first_registration_list(s.cohort_year, s.wards)) == []

    man = make_person(s.ward, birth_date=s.born, education_level=15, party_member=True)
    services.record_registration(
        accounts.admin,
        man,
        registered_on=s.registered_on,
        number="DK-900",
        unit=s.registration_unit,
    )
    with one_audit_entry(Action.CREATE):
        services.record_health(
            s.staff,
            cycle,
            man,
            kind=HealthKind.PRE_SCREENING,
            examined_on=s.exam_day - dt.timedelta(days=30),
            health_class=2,
        )
    assert services.state_of(cycle, man, s.order_day).state is PoolState.NOT_EXAMINED
    with one_audit_entry(Action.CREATE):
        services.record_health(
            s.staff, cycle, man, kind=HealthKind.EXAMINATION, examined_on=s.exam_day, health_class=2
        )

    student = make_person(s.ward, birth_date=s.born, given_name="Học")
    services.record_registration(
        accounts.admin,
        student,
        registered_on=s.registered_on,
        number="DK-901",
        unit=s.registration_unit,
    )
    with one_audit_entry(Action.CREATE):
        proposal = services.propose_decision(
            s.staff,
            cycle,
            student,
            kind="deferral",
            ground="g",
            evidence="Giấy xác nhận sinh viên số 35/ĐHBK",
            proposed_on=s.proposed_on,
            until=dt.date(s.year + 2, 6, 30),
            higher_education=True,
        )
    with one_audit_entry(Action.UPDATE):
        services.decide(s.decider, proposal, decided_on=s.decided_on, number="102/QĐ-UBND")

    states = {e.person.pk: e for e in services.pool(cycle, s.wards, on=s.order_day)}
    assert states[man.pk].state is PoolState.CALLABLE
    assert states[student.pk].evaluation.codes[0] == "deferral_g"
    assert states[teen.pk].state is PoolState.UNDER_AGE

    council_proposes(s.decider, cycle, s.ward, s.approved_on)
    with one_audit_entry(Action.CREATE):
        review = services.approve_review(s.decider, cycle, s.ward, approved_on=s.approved_on)
    assert review.posted_until == s.approved_on + dt.timedelta(days=20)

    with one_audit_entry(Action.CREATE):
        order = order_for(s, cycle, man)
    expected_issuer = s.owner if s.year < 2025 else s.ward
    assert (order.issuer, order.year, order.number) == (expected_issuer, s.order_day.year, 1)
    assert order.report_on == s.handover

    with one_audit_entry(Action.UPDATE):
        delivered(s, order)
    with one_audit_entry(Action.UPDATE):
        services.record_handover(
            s.staff, order, handed_over=True, on=s.handover, receiving_unit="Trung đoàn 8"
        )
    ward_row, owner_row = services.completion(cycle, [s.ward, s.owner])
    assert (ward_row.quota, ward_row.handed_over, ward_row.percent) == (1, 1, Decimal("100.0"))
    assert (owner_row.quota, owner_row.handed_over, owner_row.percent) == (2, 1, Decimal("50.0"))
    assert (owner_row.college_graduates, owner_row.party_members) == (1, 1)
    assert services.state_of(cycle, man, s.handover).state is PoolState.SERVING


def test_every_step_is_audited_with_its_unit(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Decision],
) -> None:
    person = callable_man()
    decision = decided(person, kind="exemption", ground="a")
    entries = AuditEntry.objects.filter(object_id=str(decision.pk), object_repr__contains="Miễn")
    assert sorted(e.action for e in entries) == [Action.CREATE, Action.UPDATE]
    update = entries.get(action=Action.UPDATE)
    assert update.unit == scenario.ward
    assert update.user == scenario.decider
    assert update.changes["decided_on"] == [None, scenario.decided_on.isoformat()]


# -- cycles and quotas -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "handover", "message"),
    [
        (2023, dt.date(2023, 5, 10), "tháng Hai hoặc tháng Ba"),
        (2023, dt.date(2024, 2, 15), "phải thuộc năm gọi nhập ngũ 2023"),
        (2015, dt.date(2015, 2, 15), "trước ngày Luật Nghĩa vụ quân sự 2015 có hiệu lực"),
    ],
)
def test_a_cycle_with_unlawful_dates_is_refused(
    tree: Tree, accounts: Accounts, year: int, handover: dt.date, message: str
) -> None:
    with unchanged(), pytest.raises(ValidationError, match=message):
        services.create_cycle(accounts.admin, unit=tree.city, year=year, handover_date=handover)


def test_a_second_call_may_hand_over_outside_february_and_march(
    tree: Tree, accounts: Accounts
) -> None:
    cycle = services.create_cycle(
        accounts.city_commander,
        unit=tree.city,
        year=2023,
        sequence=2,
        handover_date=dt.date(2023, 8, 20),
    )
    assert str(cycle) == "Tuyển quân năm 2023 (đợt 2)"


@pytest.mark.parametrize(
    ("owner", "handover"),
    [
        ("suoi_hoa", dt.date(2023, 2, 15)),  # a ward never runs a cycle
        ("city", dt.date(2026, 2, 25)),  # the district level is gone
        ("province", dt.date(2023, 2, 15)),  # province 24 did not exist yet
    ],
)
def test_a_cycle_run_by_a_unit_the_regime_does_not_name_is_refused(
    tree: Tree, accounts: Accounts, owner: str, handover: dt.date
) -> None:
    with unchanged(), pytest.raises(ValidationError, match="chủ trì"):
        services.create_cycle(
            accounts.admin, unit=getattr(tree, owner), year=handover.year, handover_date=handover
        )


def test_the_same_cycle_twice_is_refused(scenario: Scenario, cycle: CallUpCycle) -> None:
    with unchanged(), pytest.raises(ValidationError, match="đã có đợt tuyển quân"):
        services.create_cycle(
            scenario.decider,
            unit=scenario.owner,
            year=scenario.year,
            handover_date=scenario.handover,
        )


def test_a_ward_staff_cannot_create_a_cycle(scenario: Scenario) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        services.create_cycle(
            scenario.staff, unit=scenario.owner, year=scenario.year, handover_date=scenario.handover
        )


def test_a_ward_quota_before_its_parent_quota_is_refused(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    with unchanged(), pytest.raises(ValidationError, match="trước khi giao cho"):
        services.assign_quota(
            scenario.decider, cycle, scenario.ward, 1, assigned_on=scenario.approved_on
        )


def test_a_quota_outside_the_cycle_is_refused(
    tree: Tree, accounts: Accounts, scenario: Scenario, cycle: CallUpCycle
) -> None:
    """A 2026 ward in the 2023 cycle, a 2022 ward in the 2026 cycle."""
    foreign = tree.vo_cuong if scenario.year < 2025 else tree.suoi_hoa
    day = scenario.approved_on
    services.assign_quota(accounts.admin, cycle, scenario.owner, 3, assigned_on=day)
    with unchanged(), pytest.raises(ValidationError, match="không thuộc địa bàn"):
        services.assign_quota(accounts.admin, cycle, foreign, 1, assigned_on=day)


def test_a_quota_for_a_level_the_regime_skips_is_refused(tree: Tree, accounts: Accounts) -> None:
    cycle = services.create_cycle(
        accounts.admin, unit=tree.province, year=2026, handover_date=dt.date(2026, 2, 25)
    )
    with unchanged(), pytest.raises(ValidationError, match="chỉ giao cho"):
        services.assign_quota(accounts.admin, cycle, tree.city, 1, assigned_on=dt.date(2026, 1, 5))


def test_a_quota_mismatch_is_reported_through_each_level_of_the_2016_chain(
    tree: Tree, accounts: Accounts, make_user: Callable[..., User]
) -> None:
    """Province 27 → city 256 → wards: each parent is compared with its own children only."""
    admin = accounts.admin
    cycle = services.create_cycle(
        admin, unit=tree.old_province, year=2024, handover_date=dt.date(2024, 2, 20)
    )
    day = dt.date(2024, 1, 2)
    assert services.quota_levels(cycle) == ("province", "district", "commune")
    services.assign_quota(admin, cycle, tree.old_province, 5, assigned_on=day)
    services.assign_quota(admin, cycle, tree.city, 4, assigned_on=day)
    services.assign_quota(admin, cycle, tree.suoi_hoa, 2, assigned_on=day)
    services.assign_quota(admin, cycle, tree.kinh_bac_old, 2, assigned_on=day)
    mismatches = services.quota_mismatches(cycle)
    assert [(m.parent, m.parent_number, m.children_total) for m in mismatches] == [
        (tree.old_province, 5, 4)
    ]


def test_a_parent_whose_children_have_no_quota_yet_is_reported(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    services.assign_quota(
        scenario.decider, cycle, scenario.owner, 4, assigned_on=scenario.approved_on
    )
    (mismatch,) = services.quota_mismatches(cycle)
    assert (mismatch.parent_number, mismatch.children_total) == (4, 0)


@pytest.mark.parametrize("number", [-1])
def test_a_negative_quota_is_refused(scenario: Scenario, cycle: CallUpCycle, number: int) -> None:
    with unchanged(), pytest.raises(ValidationError, match="không được âm"):
        services.assign_quota(
            scenario.decider, cycle, scenario.owner, number, assigned_on=scenario.approved_on
        )


# -- first registration ------------------------------------------------------------------------


def test_the_first_registration_list_holds_men_turning_17_in_the_year(
    scenario: Scenario, make_person: MakePerson
) -> None:
    year = scenario.cohort_year
    turning_17 = make_person(scenario.ward, birth_date=dt.date(year - 17, 12, 31))
    year_only = make_person(scenario.ward, birth_date=dt.date(year - 17, 1, 1), birth_precision="Y")
    make_person(scenario.ward, birth_date=dt.date(year - 16, 1, 1))  # 17 next year
    make_person(scenario.ward, gender="F", birth_date=dt.date(year - 17, 3, 1))
    make_person(scenario.other_ward, birth_date=dt.date(year - 17, 3, 1))

    listed = set(services.first_registration_list(year, scenario.wards))

    assert listed == {turning_17, year_only}


def test_a_2022_ward_keeps_the_men_who_lived_in_it_after_the_merger(
    tree: Tree, accounts: Accounts, make_person: MakePerson, register: Callable[..., Person]
) -> None:
    """The registry places him in today's Kinh Bắc; his 2022 records belong to Suối Hoa."""
    person = make_person(tree.kinh_bac, birth_date=dt.date(2003, 5, 17), education_level=12)
    Residence.objects.filter(person=person).delete()
    Residence.objects.create(
        person=person,
        unit=tree.suoi_hoa,
        valid_from=dt.date(2003, 5, 17),
        valid_to=dt.date(2025, 6, 30),
    )
    Residence.objects.create(person=person, unit=tree.kinh_bac, valid_from=dt.date(2025, 7, 1))
    cycle = services.create_cycle(
        accounts.city_commander, unit=tree.city, year=2023, handover_date=dt.date(2023, 2, 15)
    )
    wards = Unit.objects.filter(pk=tree.suoi_hoa.pk)
    assert list(services.first_registration_list(2020, wards)) == [person]
    register(person, dt.date(2020, 4, 10))

    result = services.record_health(
        accounts.suoi_hoa_staff,
        cycle,
        person,
        kind=HealthKind.EXAMINATION,
        examined_on=dt.date(2022, 11, 20),
        health_class=1,
    )

    assert services.cycle_commune(cycle, person) == tree.suoi_hoa
    assert result.unit == tree.suoi_hoa
    assert [e.person for e in services.pool(cycle, wards, on=dt.date(2023, 1, 20))] == [person]
    rows = pool_rows(cycle, wards, on=dt.date(2023, 1, 20))
    assert [e.person for e in pool_entries(rows)] == [person]


def test_a_man_who_registered_late_is_no_longer_counted_unregistered(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
) -> None:
    """The overview counts ``selectors.unregistered`` once the registration day has passed: a
    late registration is a registration (its date shows it was late)."""
    deadline = cycle.registration_date
    born = dt.date(deadline.year - 17, 6, 1)
    on_time = make_person(scenario.ward, birth_date=born, given_name="An")
    late = make_person(scenario.ward, birth_date=born, given_name="Bình")
    missing = make_person(scenario.ward, birth_date=born, given_name="Cường")
    make_person(scenario.ward, gender="F", birth_date=born)
    register(on_time, deadline)
    register(late, deadline + dt.timedelta(days=1))

    assert list(selectors.unregistered(cycle, scenario.wards, scenario.staff)) == [missing]
    assert selectors.overdue(cycle, [scenario.ward], scenario.staff, deadline) == []
    after = selectors.overdue(cycle, [scenario.ward], scenario.staff, deadline + dt.timedelta(1))
    assert [item.detail for item in after] == [
        "1 công dân chưa đăng ký nghĩa vụ quân sự lần đầu, đã quá hạn."
    ]


@pytest.mark.parametrize(
    ("gender", "birth", "registered_on"),
    [
        ("M", dt.date(2009, 1, 1), dt.date(2025, 12, 31)),  # the year before he turns 17
        ("F", dt.date(2008, 8, 1), dt.date(2026, 7, 31)),  # a woman the day before 18
        ("M", dt.date(1980, 1, 1), dt.date(2026, 4, 10)),  # past the reserve age (Art. 25)
    ],
)
def test_a_registration_outside_the_registration_age_is_refused(
    tree: Tree,
    accounts: Accounts,
    make_person: MakePerson,
    gender: str,
    birth: dt.date,
    registered_on: dt.date,
) -> None:
    person = make_person(tree.kinh_bac, gender=gender, birth_date=birth)
    unit = tree.kinh_bac if registered_on >= dt.date(2025, 7, 1) else tree.suoi_hoa
    with unchanged(), pytest.raises(ValidationError, match="Điều 12, Điều 16"):
        services.record_registration(
            accounts.admin, person, registered_on=registered_on, number="DK-1", unit=unit
        )


@pytest.mark.parametrize(
    ("gender", "birth", "registered_on"),
    [
        ("M", dt.date(2009, 12, 31), dt.date(2026, 1, 1)),  # from 1 January of the year
        ("F", dt.date(2008, 8, 1), dt.date(2026, 8, 1)),  # a woman on her 18th birthday
    ],
)
def test_a_registration_from_the_first_day_allowed_is_recorded(
    tree: Tree,
    accounts: Accounts,
    make_person: MakePerson,
    gender: str,
    birth: dt.date,
    registered_on: dt.date,
) -> None:
    person = make_person(tree.kinh_bac, gender=gender, birth_date=birth)
    registration = services.record_registration(
        accounts.kinh_bac_staff, person, registered_on=registered_on, number=" DK-7 "
    )
    assert (registration.unit, registration.number) == (tree.kinh_bac, "DK-7")


def test_a_second_registration_is_refused(
    scenario: Scenario, make_person: MakePerson, register: Callable[..., Person]
) -> None:
    person = register(make_person(scenario.ward, birth_date=scenario.born))
    with unchanged(), pytest.raises(ValidationError, match="đã đăng ký nghĩa vụ quân sự lần đầu"):
        register(person)


def test_a_registration_number_used_twice_in_a_unit_is_refused(
    tree: Tree, accounts: Accounts, make_person: MakePerson
) -> None:
    day = dt.date(2026, 4, 10)
    first, second = (make_person(tree.kinh_bac, birth_date=dt.date(2009, 3, d)) for d in (1, 2))
    services.record_registration(accounts.kinh_bac_staff, first, registered_on=day, number="DK-1")
    with unchanged(), pytest.raises(ValidationError, match="Số đăng ký này đã dùng"):
        services.record_registration(
            accounts.kinh_bac_staff, second, registered_on=day, number="DK-1"
        )


def test_a_registration_without_a_number_is_refused(
    tree: Tree, accounts: Accounts, make_person: MakePerson
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(2009, 3, 1))
    with unchanged(), pytest.raises(ValidationError, match="Phải ghi số đăng ký"):
        services.record_registration(
            accounts.kinh_bac_staff, person, registered_on=dt.date(2026, 4, 10), number="  "
        )


def test_a_staff_of_another_ward_cannot_register_a_resident(
    tree: Tree, accounts: Accounts, make_person: MakePerson
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(2009, 3, 1))
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_registration(
            accounts.vo_cuong_staff, person, registered_on=dt.date(2026, 4, 10), number="DK-1"
        )


# -- health ------------------------------------------------------------------------------------


@pytest.mark.parametrize("health_class", [1, 6])
def test_health_classes_1_to_6_are_recorded(
    scenario: Scenario, callable_man: MakePerson, health_class: int
) -> None:
    person = callable_man(health_class=health_class)
    assert person.health_results.get().health_class == health_class


@pytest.mark.parametrize("health_class", [0, 7])
def test_a_health_class_outside_1_to_6_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
    health_class: int,
) -> None:
    person = register(make_person(scenario.ward, birth_date=scenario.born))
    with unchanged(), pytest.raises(ValidationError, match="từ 1 đến 6"):
        services.record_health(
            scenario.staff,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day,
            health_class=health_class,
        )


@pytest.mark.parametrize(
    ("kind", "offset", "message"),
    [
        (HealthKind.EXAMINATION, dt.timedelta(days=-20), "trong thời gian khám"),  # 31 October
        (HealthKind.EXAMINATION, dt.timedelta(days=42), "trong thời gian khám"),  # 1 January
        (HealthKind.PRE_SCREENING, dt.timedelta(days=42), "Ngày sơ tuyển"),
    ],
)
def test_an_examination_outside_its_window_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
    kind: str,
    offset: dt.timedelta,
    message: str,
) -> None:
    person = register(make_person(scenario.ward, birth_date=scenario.born))
    with unchanged(), pytest.raises(ValidationError, match=message):
        services.record_health(
            scenario.staff,
            cycle,
            person,
            kind=kind,
            examined_on=scenario.exam_day + offset,
            health_class=2,
        )


@pytest.mark.parametrize(
    ("field", "value"), [("myopia_dioptres", Decimal("-2.0")), ("bmi", Decimal("0"))]
)
def test_impossible_measurements_are_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
    field: str,
    value: Decimal,
) -> None:
    person = register(make_person(scenario.ward, birth_date=scenario.born))
    measurement: dict[str, Any] = {field: value}
    with unchanged(), pytest.raises(ValidationError):
        services.record_health(
            scenario.staff,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day,
            health_class=2,
            **measurement,
        )


def test_a_second_result_of_the_same_kind_corrects_the_first(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    with one_audit_entry(Action.UPDATE):
        services.record_health(
            scenario.staff,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day,
            health_class=4,
        )
    assert person.health_results.get().health_class == 4


def test_a_staff_of_another_ward_cannot_record_health(
    scenario: Scenario, cycle: CallUpCycle, make_person: MakePerson, register: Callable[..., Person]
) -> None:
    person = register(make_person(scenario.ward, birth_date=scenario.born))
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_health(
            scenario.other_staff,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day,
            health_class=2,
        )


# -- deferral and exemption --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ground": ""}, "Phải chọn lý do"),
        ({"ground": "k"}, "không có trong Điều 41"),
        ({"until": None}, "Tạm hoãn phải ghi ngày hết lý do"),
        ({"until": "proposed"}, "phải sau ngày đề nghị"),
        ({"evidence": "  "}, "giấy tờ chứng minh"),
        ({"ground": "b", "higher_education": True}, "điểm g"),
        ({"kind": "pardon"}, "tạm hoãn hoặc miễn"),
    ],
    ids=[
        "no ground",
        "unknown ground",
        "deferral without end",
        "ends on the day proposed",
        "no evidence",
        "college outside ground g",
        "unknown kind",
    ],
)
def test_an_incomplete_proposal_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    changes: dict[str, Any],
    message: str,
) -> None:
    person = callable_man()
    data: dict[str, Any] = {
        "kind": "deferral",
        "ground": "g",
        "evidence": "Giấy xác nhận",
        "proposed_on": scenario.proposed_on,
        "until": dt.date(scenario.year + 2, 6, 30),
    }
    data.update(changes)
    if data["until"] == "proposed":
        data["until"] = scenario.proposed_on
    with unchanged(), pytest.raises(ValidationError, match=message):
        services.propose_decision(scenario.staff, cycle, person, **data)


def test_an_exemption_needs_no_end_date(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    decision = services.propose_decision(
        scenario.staff,
        cycle,
        callable_man(),
        kind="exemption",
        ground="dd",
        evidence="Quyết định điều động số 5",
        proposed_on=scenario.proposed_on,
    )
    assert decision.until is None


def test_ground_h_did_not_exist_before_1_july_2020(
    tree: Tree, accounts: Accounts, make_person: MakePerson, register: Callable[..., Person]
) -> None:
    cycle = services.create_cycle(
        accounts.city_commander, unit=tree.city, year=2020, handover_date=dt.date(2020, 2, 20)
    )
    person = register(
        make_person(tree.suoi_hoa, birth_date=dt.date(2000, 3, 1)), dt.date(2017, 4, 1)
    )
    with unchanged(), pytest.raises(ValidationError, match="chưa có hiệu lực"):
        services.propose_decision(
            accounts.suoi_hoa_staff,
            cycle,
            person,
            kind="deferral",
            ground="h",
            evidence="Quyết định dân quân",
            proposed_on=dt.date(2019, 12, 10),
            until=dt.date(2021, 12, 31),
        )


def test_a_second_open_proposal_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    data: dict[str, Any] = {
        "kind": "exemption",
        "ground": "a",
        "evidence": "Giấy chứng nhận gia đình liệt sĩ",
        "proposed_on": scenario.proposed_on,
    }
    services.propose_decision(scenario.staff, cycle, person, **data)
    with unchanged(), pytest.raises(ValidationError, match="đang chờ quyết định"):
        services.propose_decision(scenario.staff, cycle, person, **data)


@pytest.mark.parametrize("who", ["wrong_decider", "staff", "leader", "other_staff"])
def test_a_decision_by_the_wrong_level_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    accounts: Accounts,
    who: str,
) -> None:
    proposal = services.propose_decision(
        scenario.staff,
        cycle,
        callable_man(),
        kind="exemption",
        ground="a",
        evidence="Giấy chứng nhận gia đình liệt sĩ",
        proposed_on=scenario.proposed_on,
    )
    user = accounts.leader if who == "leader" else getattr(scenario, who)
    with unchanged(), pytest.raises(PermissionDenied, match="thẩm quyền"):
        services.decide(user, proposal, decided_on=scenario.decided_on, number="1/QĐ")
    proposal.refresh_from_db()
    assert proposal.decided_on is None


def test_the_deciding_level_follows_the_regime(scenario: Scenario, cycle: CallUpCycle) -> None:
    expected = "district" if scenario.year < 2025 else "province"
    assert services.deciding_level(scenario.decided_on) == expected
    services.check_decider(scenario.decider, scenario.ward, scenario.decided_on)


@pytest.mark.parametrize(
    ("day", "level"),
    [
        (dt.date(2016, 1, 1), "district"),
        (dt.date(2025, 6, 30), "district"),
        (dt.date(2025, 7, 1), "province"),
    ],
)
def test_the_deciding_level_is_the_one_in_office_on_the_day(day: dt.date, level: str) -> None:
    assert services.deciding_level(day) == level


def test_a_date_before_the_2015_law_is_refused_not_a_server_error(
    tree: Tree, accounts: Accounts
) -> None:
    with pytest.raises(ValidationError, match="01/01/2016") as raised:
        services.check_decider(accounts.province_commander, tree.suoi_hoa, dt.date(2015, 12, 31))
    assert raised.value.code == "date_before_law"


def test_who_decides_follows_the_date_of_the_act_not_the_cycles_regime(
    tree: Tree, accounts: Accounts, make_person: Any
) -> None:
    """The 2025 cycle ran under the district workflow (handover February 2025); a proposal
    made in June 2025 and decided in July belongs to the province's chair, and one decided
    on 30 June to the district's (Law 98/2025/QH15 in force 01/07/2025)."""
    cycle = services.create_cycle(
        accounts.admin, unit=tree.city, year=2025, handover_date=dt.date(2025, 2, 20)
    )
    assert cycle.regime.has_district_level
    person = make_person(tree.suoi_hoa, birth_date=dt.date(2004, 3, 1))
    proposal = services.propose_decision(
        accounts.suoi_hoa_staff,
        cycle,
        person,
        kind="exemption",
        ground="a",
        evidence="Giấy chứng nhận gia đình liệt sĩ",
        proposed_on=dt.date(2025, 6, 20),
    )
    with pytest.raises(PermissionDenied, match="cấp tỉnh"):
        services.decide(
            accounts.city_commander, proposal, decided_on=dt.date(2025, 7, 10), number="1"
        )
    with pytest.raises(PermissionDenied, match="cấp huyện"):
        services.decide(
            accounts.province_commander, proposal, decided_on=dt.date(2025, 6, 30), number="1"
        )
    services.decide(
        accounts.province_commander, proposal, decided_on=dt.date(2025, 7, 10), number="15/QĐ"
    )
    proposal.refresh_from_db()
    assert (proposal.decided_on, proposal.decided_by) == (
        dt.date(2025, 7, 10),
        accounts.province_commander,
    )


def test_a_commander_of_the_right_level_outside_his_territory_is_refused(
    tree: Tree, make_user: Callable[..., User], accounts: Accounts
) -> None:
    other_city = Unit.objects.create(
        code="261", name="Từ Sơn", type_label="Thành phố", kind="district", parent=tree.old_province
    )
    commander = make_user(Role.COMMANDER, other_city)
    with pytest.raises(PermissionDenied):
        services.check_decider(commander, tree.suoi_hoa, dt.date(2023, 1, 5))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"decided_on": "before"}, "trước ngày đề nghị"),
        ({"number": " "}, "số quyết định"),
        ({"decided_on": "after_end"}, "đã hết trước ngày quyết định"),
    ],
)
def test_an_unlawful_decision_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    changes: dict[str, Any],
    message: str,
) -> None:
    until = scenario.decided_on + dt.timedelta(days=30)
    proposal = services.propose_decision(
        scenario.staff,
        cycle,
        callable_man(),
        kind="deferral",
        ground="b",
        evidence="Xác nhận của UBND phường",
        proposed_on=scenario.proposed_on,
        until=until,
    )
    data: dict[str, Any] = {"decided_on": scenario.decided_on, "number": "1/QĐ"}
    data.update(changes)
    if data["decided_on"] == "before":
        data["decided_on"] = scenario.proposed_on - dt.timedelta(days=1)
    if data["decided_on"] == "after_end":
        data["decided_on"] = until + dt.timedelta(days=1)
    with unchanged(), pytest.raises(ValidationError, match=message):
        services.decide(scenario.decider, proposal, **data)


def test_a_decision_cannot_be_signed_twice(
    scenario: Scenario, callable_man: MakePerson, decided: Callable[..., Decision]
) -> None:
    decision = decided(callable_man())
    with unchanged(), pytest.raises(ValidationError, match="đã có quyết định"):
        services.decide(scenario.decider, decision, decided_on=scenario.decided_on, number="2")


# -- the pool ----------------------------------------------------------------------------------


def test_the_pool_puts_each_citizen_in_one_state_with_its_ground(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Decision],
    make_person: MakePerson,
    register: Callable[..., Person],
) -> None:
    ready = callable_man(given_name="Sẵn")
    deferred = callable_man(given_name="Hoãn")
    decided(deferred, ground="b", until=dt.date(scenario.year, 12, 31))
    exempt = callable_man(given_name="Miễn")
    decided(exempt, kind="exemption", ground="a")
    unfit = callable_man(given_name="Yếu", health_class=4)
    on = scenario.order_day
    over = register(
        make_person(scenario.ward, birth_date=dt.date(on.year - 26, 1, 1), given_name="Già"),
        dt.date(on.year - 9, 4, 10),
    )
    outside = callable_man(given_name="Khác", unit=scenario.other_ward)

    entries = services.pool(cycle, scenario.wards, on=on)

    found = {e.person.pk: e.evaluation for e in entries}
    assert outside.pk not in found
    assert {pk: (e.state, e.codes[0]) for pk, e in found.items()} == {
        ready.pk: (PoolState.CALLABLE, "callable"),
        deferred.pk: (PoolState.DEFERRED, "deferral_b"),
        exempt.pk: (PoolState.EXEMPT, "exemption_a"),
        unfit.pk: (PoolState.HEALTH_UNFIT, "health_class"),
        over.pk: (PoolState.OVER_AGE, "over_age"),
    }
    rows = pool_rows(cycle, scenario.wards, on=on)
    assert [(r.pk, r.evaluation) for r in rows] == [(e.person.pk, e.evaluation) for e in entries]
    page = pool_entries(rows[1:3])
    assert [(e.person, e.evaluation) for e in page] == [
        (e.person, e.evaluation) for e in entries[1:3]
    ]


def test_an_undecided_proposal_does_not_defer(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    services.propose_decision(
        scenario.staff,
        cycle,
        person,
        kind="exemption",
        ground="a",
        evidence="Giấy chứng nhận",
        proposed_on=scenario.proposed_on,
    )
    assert services.state_of(cycle, person, scenario.order_day).state is PoolState.CALLABLE


def test_the_pool_window_keeps_everyone_the_rules_place_within_the_ages(
    scenario: Scenario,
    cycle: CallUpCycle,
    make_person: MakePerson,
    register: Callable[..., Person],
    decided: Callable[..., Decision],
) -> None:
    """Boundary births: the youngest registered 17-year-old, 18 today, the last day of 25, a
    year-only birth, and a 27-year-old deferred for university (Art. 30 extends his age)."""
    on = scenario.order_day
    y = on.year
    births = [
        (dt.date(y - 17, 12, 31), "D"),
        (dt.date(y - 18, on.month, on.day), "D"),
        (dt.date(y - 26, on.month, on.day) + dt.timedelta(days=1), "D"),
        (dt.date(y - 26, on.month, on.day), "D"),
        (dt.date(y - 26, 1, 1), "Y"),
        (dt.date(y - 28, on.month, on.day) + dt.timedelta(days=1), "D"),
        (dt.date(y - 28, 1, 1), "Y"),
        (dt.date(y - 30, 1, 1), "D"),
    ]
    people = []
    for index, (birth, precision) in enumerate(births):
        person = make_person(
            scenario.ward, birth_date=birth, birth_precision=precision, education_level=12
        )
        people.append(register(person, dt.date(birth.year + 17, 1, 2 + index)))
    studied = people[5]
    decided(studied, ground="g", higher_education=True, until=dt.date(y, 6, 30))

    in_pool = {e.person.pk: e.state for e in services.pool(cycle, scenario.wards, on=on)}

    for person in people:
        state = services.state_of(cycle, person, on).state
        if state is not PoolState.OVER_AGE:
            assert in_pool.get(person.pk) == state, person.birth_date
    assert in_pool[people[0].pk] is PoolState.UNDER_AGE
    assert in_pool[people[2].pk] is PoolState.NOT_EXAMINED
    assert in_pool[people[3].pk] is PoolState.OVER_AGE
    assert in_pool[people[4].pk] is PoolState.AGE_UNCERTAIN
    assert in_pool[studied.pk] is PoolState.DEFERRED
    assert people[7].pk not in in_pool


@pytest.mark.parametrize("size", [2, 12])
def test_the_pool_costs_nine_queries_whatever_its_size(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Decision],
    django_assert_max_num_queries: Any,
    size: int,
) -> None:
    people = [callable_man() for _ in range(size)]
    decided(people[0])
    wards = scenario.wards
    # people, examinations, decisions, handovers, Art. 13 measures, Art. 4.4 recognitions,
    # standing militia on the day, standing militia months, the cycle's volunteers
    with django_assert_max_num_queries(9):
        entries = services.pool(cycle, wards, on=scenario.order_day)
        states = [entry.state for entry in entries]
    assert len(states) == size


# -- review, orders, handover ------------------------------------------------------------------


def test_council_approval_posts_the_lists_for_20_days(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    council_proposes(scenario.decider, cycle, scenario.ward, scenario.approved_on)
    review = services.approve_review(
        scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
    )
    assert (review.posted_from, review.posted_until) == (
        scenario.approved_on,
        scenario.approved_on + dt.timedelta(days=20),
    )


@pytest.mark.parametrize("who", ["wrong_decider", "staff"])
def test_an_approval_by_the_wrong_level_is_refused(
    scenario: Scenario, cycle: CallUpCycle, who: str
) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        services.approve_review(
            getattr(scenario, who), cycle, scenario.ward, approved_on=scenario.approved_on
        )


def test_a_list_approved_twice_is_refused(
    scenario: Scenario, cycle: CallUpCycle, approved: Review
) -> None:
    with unchanged(), pytest.raises(ValidationError, match="đã được phê duyệt"):
        services.approve_review(
            scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
        )


def test_since_2025_the_lists_are_posted_within_20_days_of_signing(
    tree: Tree, accounts: Accounts
) -> None:
    cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    signed = dt.date(2026, 1, 5)
    council_proposes(accounts.province_commander, cycle, tree.kinh_bac, signed)
    with unchanged(), pytest.raises(ValidationError, match="chậm nhất ngày 25/01/2026"):
        services.approve_review(
            accounts.province_commander,
            cycle,
            tree.kinh_bac,
            approved_on=signed,
            posted_from=signed + dt.timedelta(days=21),
        )
    review = services.approve_review(
        accounts.province_commander,
        cycle,
        tree.kinh_bac,
        approved_on=signed,
        posted_from=signed + dt.timedelta(days=20),
    )
    assert review.posted_until == dt.date(2026, 2, 14)


def test_order_numbers_run_per_issuer_and_year(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    first = order_for(scenario, cycle, callable_man())
    second = order_for(scenario, cycle, callable_man())
    assert [first.number, second.number] == [1, 2]
    assert services.order_issuer(cycle, scenario.ward) == first.issuer
    assert services.next_order_number(first.issuer, scenario.order_day.year) == 3
    assert services.next_order_number(first.issuer, scenario.order_day.year + 1) == 1


@pytest.mark.parametrize(("kind", "ground"), [("deferral", "g"), ("exemption", "a")])
def test_an_order_for_a_deferred_or_exempt_citizen_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Decision],
    approved: Review,
    kind: str,
    ground: str,
) -> None:
    person = callable_man()
    decided(person, kind=kind, ground=ground)
    with unchanged(), pytest.raises(ValidationError, match=r"Không thể gọi .* nhập ngũ: .*Điều 41"):
        order_for(scenario, cycle, person)


def test_an_order_number_used_twice_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    first, second = callable_man(), callable_man()
    order_for(scenario, cycle, first, number=7)
    with unchanged(), pytest.raises(ValidationError, match=r"Số 7/.* đã được dùng"):
        order_for(scenario, cycle, second, number=7)


def test_a_second_order_for_the_same_citizen_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    order_for(scenario, cycle, person)
    with unchanged(), pytest.raises(ValidationError, match="đã có lệnh gọi"):
        order_for(scenario, cycle, person)


def test_an_order_later_than_15_days_before_the_handover_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    person = callable_man()
    late = scenario.last_order_day + dt.timedelta(days=1)
    with unchanged(), pytest.raises(ValidationError, match="ít nhất 15 ngày"):
        order_for(scenario, cycle, person, issued_on=late)
    order = order_for(scenario, cycle, person, issued_on=scenario.last_order_day)
    assert order.issued_on == scenario.handover - dt.timedelta(days=15)


def test_an_order_before_the_list_is_approved_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson
) -> None:
    person = callable_man()
    with unchanged(), pytest.raises(ValidationError, match="chưa được phê duyệt"):
        order_for(scenario, cycle, person)
    council_proposes(scenario.decider, cycle, scenario.ward, scenario.approved_on)
    services.approve_review(
        scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
    )
    with unchanged(), pytest.raises(ValidationError, match="trước ngày phê duyệt"):
        order_for(scenario, cycle, person, issued_on=scenario.approved_on - dt.timedelta(days=1))


def test_only_the_issuing_level_signs_an_order(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    """Before 07/2025 the district signed the "lệnh gọi"; since, the ward the "quyết định gọi"."""
    person = callable_man()
    if scenario.year < 2025:
        with unchanged(), pytest.raises(PermissionDenied):
            services.issue_order(
                scenario.staff, cycle, person, issued_on=scenario.order_day, report_place="Sân"
            )
    else:
        order = services.issue_order(
            scenario.staff, cycle, person, issued_on=scenario.order_day, report_place="Sân"
        )
        assert order.issuer == scenario.ward


def test_a_handover_before_the_order_date_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    order = order_for(scenario, cycle, callable_man())
    with unchanged(), pytest.raises(ValidationError, match="trước ngày ký lệnh gọi"):
        services.record_handover(
            scenario.staff,
            order,
            handed_over=True,
            on=scenario.order_day - dt.timedelta(days=1),
            receiving_unit="Trung đoàn 8",
        )
    order.refresh_from_db()
    assert order.outcome == Outcome.PENDING


@pytest.mark.parametrize(
    ("handed_over", "message"),
    [(True, "đơn vị nhận quân"), (False, "lý do công dân không có mặt")],
)
def test_a_handover_outcome_without_its_detail_is_refused(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    approved: Review,
    handed_over: bool,
    message: str,
) -> None:
    order = order_for(scenario, cycle, callable_man())
    with unchanged(), pytest.raises(ValidationError, match=message):
        services.record_handover(
            scenario.staff, order, handed_over=handed_over, on=scenario.handover
        )


def test_a_handover_outcome_is_recorded_once(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    order = delivered(scenario, order_for(scenario, cycle, callable_man()))
    services.record_handover(
        scenario.staff, order, handed_over=True, on=scenario.handover, receiving_unit="Lữ đoàn 1"
    )
    with unchanged(), pytest.raises(ValidationError, match="đã có kết quả"):
        services.record_handover(
            scenario.staff, order, handed_over=False, on=scenario.handover, failure_reason="Ốm"
        )


@pytest.mark.usefixtures("quotas")
def test_a_quota_below_the_number_handed_over_is_refused(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    order = delivered(scenario, order_for(scenario, cycle, callable_man()))
    services.record_handover(
        scenario.staff, order, handed_over=True, on=scenario.handover, receiving_unit="Lữ đoàn 1"
    )
    for unit in (scenario.ward, scenario.owner):
        with unchanged(), pytest.raises(ValidationError, match="thấp hơn số đã giao quân"):
            services.assign_quota(scenario.decider, cycle, unit, 0, assigned_on=scenario.handover)
    assert Quota.objects.get(cycle=cycle, unit=scenario.ward).number == 1


@pytest.mark.usefixtures("quotas")
def test_a_failed_report_is_replaced_from_the_callable_remainder(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    absent = callable_man(given_name="Vắng")
    reserve = callable_man(given_name="Dự")
    order = order_for(scenario, cycle, absent)
    assert [
        e.person for e in services.reserve_list(cycle, scenario.wards, on=scenario.order_day)
    ] == [reserve]
    with one_audit_entry(Action.UPDATE):
        services.record_handover(
            scenario.staff,
            order,
            handed_over=False,
            on=scenario.handover,
            failure_reason="Ốm nặng, có giấy của trạm y tế phường",
        )
    assert services.completion(cycle, [scenario.ward])[0].failed_to_report == 1
    report_on = scenario.handover + dt.timedelta(days=16)
    day_after = scenario.handover + dt.timedelta(days=1)

    with unchanged(), pytest.raises(ValidationError, match="ít nhất 15 ngày"):
        services.issue_replacement(
            scenario.order_signer,
            order,
            reserve,
            issued_on=day_after,
            report_on=scenario.handover + dt.timedelta(days=10),
            report_place="Sân",
        )
    replacement = services.issue_replacement(
        scenario.order_signer,
        order,
        reserve,
        issued_on=day_after,
        report_on=report_on,
        report_place="Sân vận động phường",
    )
    assert (replacement.replaces, replacement.number) == (order, 2)
    delivered(scenario, replacement)
    another = callable_man(given_name="Khác")
    with unchanged(), pytest.raises(ValidationError, match="Đã gọi người thay"):
        services.issue_replacement(
            scenario.order_signer,
            order,
            another,
            issued_on=day_after,
            report_on=report_on,
            report_place="Sân",
        )

    services.record_handover(
        scenario.staff, replacement, handed_over=True, on=report_on, receiving_unit="Lữ đoàn 1"
    )
    assert services.completion(cycle, [scenario.ward])[0].percent == Decimal("100.0")


def test_only_a_failed_report_is_replaced(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    order = order_for(scenario, cycle, callable_man())
    reserve = callable_man()
    with unchanged(), pytest.raises(ValidationError, match="người không có mặt"):
        services.issue_replacement(
            scenario.order_signer,
            order,
            reserve,
            issued_on=scenario.order_day,
            report_on=scenario.handover,
            report_place="Sân",
        )


# -- deadlines ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("quotas")
def test_wards_short_of_orders_after_the_last_order_day_are_overdue(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, approved: Review
) -> None:
    order = order_for(scenario, cycle, callable_man())
    assert services.overdue_steps(cycle, on=scenario.last_order_day) == []

    steps = services.overdue_steps(cycle, on=scenario.last_order_day + dt.timedelta(days=1))
    assert [(s.unit, s.deadline) for s in steps] == [(scenario.other_ward, scenario.last_order_day)]
    assert steps[0].message.startswith("Mới có 0/1 lệnh gọi")

    late = services.overdue_steps(cycle, on=scenario.handover + dt.timedelta(days=1))
    assert [s.unit for s in late] == [scenario.other_ward, scenario.ward]
    assert f"lệnh số {order.number}/" in late[1].message
