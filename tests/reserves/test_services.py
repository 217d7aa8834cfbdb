"""The reserve workflow through its services: the class the law gives, assignment checks, transfer
out and drills; every refusal coded and leaving every table as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.militia import services as militia
from qpdp.militia.rules import EndReason, ForceKind, Level
from qpdp.people.models import Person
from qpdp.reserves import selectors, services
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.models import ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import (
    Category,
    DrillKind,
    Excuse,
    ServiceHistory,
    TransferAuthority,
    TransferReason,
)
from tests.conftest import Accounts, Tree
from tests.militia.conftest import make_unit, unchanged

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SERVED = ServiceHistory(active_service_months=24)


def refused(code: ErrorCode, call: Callable[[], Any]) -> ValidationError:
    with unchanged(), pytest.raises(ValidationError) as caught:
        call()
    codes = [e.code for errors in caught.value.error_dict.values() for e in errors]
    assert str(code) in codes, caught.value
    return caught.value


def test_the_class_comes_from_the_service_history(
    register: Callable[..., ReserveSoldier], make_person: Callable[..., Person], tree: Tree
) -> None:
    soldier = register(make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1)))
    assert (soldier.category, soldier.category_ground) == (Category.ONE, "1a")
    woman = register(
        make_person(tree.kinh_bac, gender="F", birth_date=dt.date(1995, 1, 1)),
        history=ServiceHistory(),
        speciality="Y tá",
    )
    assert (woman.category, woman.category_ground) == (Category.TWO, "2dd")


def test_a_class_against_the_law_or_a_non_subject_is_refused(
    register: Callable[..., ReserveSoldier], make_person: Callable[..., Person], tree: Tree
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1))
    error = refused(ErrorCode.CATEGORY_CONTRADICTS_HISTORY, lambda: register(person, category="2"))
    assert "Điều 24" in error.message_dict["category"][0]
    young = make_person(tree.kinh_bac, birth_date=dt.date(2004, 1, 1))
    refused(ErrorCode.NOT_RESERVE_SUBJECT, lambda: register(young, history=ServiceHistory()))
    old = make_person(tree.kinh_bac, birth_date=dt.date(1979, 1, 1))
    refused(ErrorCode.OVER_RESERVE_AGE, lambda: register(old))
    refused(
        ErrorCode.REGISTERED_BEFORE_DISCHARGE,
        lambda: register(person, discharged_on=dt.date(2025, 8, 2)),
    )
    refused(ErrorCode.HOST_UNIT_KIND, lambda: register(person, unit=tree.province))


def test_the_police_gap_takes_the_officers_class_and_reason(
    register: Callable[..., ReserveSoldier], make_person: Callable[..., Person], tree: Tree
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1))
    gap = ServiceHistory(police_months=15)
    refused(ErrorCode.CATEGORY_NEEDS_DECISION, lambda: register(person, history=gap))
    refused(ErrorCode.CATEGORY_NEEDS_DECISION, lambda: register(person, history=gap, category="1"))
    soldier = register(person, history=gap, category="2", category_reason="Ban CHQS quyết định")
    assert (soldier.category, soldier.category_ground) == (Category.TWO, "police_gap")
    refused(ErrorCode.ALREADY_REGISTERED, lambda: register(person))


def test_a_completed_standing_militia_service_is_read_from_the_militia(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    user = accounts.province_commander
    squad = make_unit(
        user,
        tree.kinh_bac,
        name="Tiểu đội thường trực",
        level=Level.SQUAD,
        force_kind=ForceKind.STANDING,
        authorised_strength=10,
    )
    person = make_person(tree.kinh_bac, birth_date=dt.date(2003, 1, 1))
    member = militia.enrol_member(
        user,
        squad,
        person,
        joined_on=dt.date(2025, 9, 1),
        decision_number="1",
        decision_date=dt.date(2025, 8, 25),
        decision_signer="Chủ tịch",
    )
    militia.end_membership(
        user,
        member,
        reason=EndReason.COMPLETED,
        on=dt.date(2027, 9, 1),
        decision_number="2",
        decision_date=dt.date(2027, 8, 25),
    )
    soldier = register(person, history=ServiceHistory(), registered_on=dt.date(2027, 9, 10))
    assert (soldier.category, soldier.category_ground, soldier.standing_militia_completed) == (
        Category.ONE,
        "1e",
        True,
    )


def test_assignment_checks_age_speciality_and_strength(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
    infantry: ReserveUnit,
) -> None:
    user = accounts.province_commander

    def assign(soldier: ReserveSoldier, **kw: Any) -> Any:
        return services.assign_soldier(
            user, soldier, infantry, assigned_on=dt.date(2025, 9, 1), **kw
        )

    old = register(make_person(tree.kinh_bac, birth_date=dt.date(1989, 1, 1)))
    error = refused(ErrorCode.OVER_ASSIGNMENT_AGE, lambda: assign(old, override_reason="Gần nhất"))
    assert "khoản 2 Điều 17" in error.message_dict["soldier"][0]
    scout = register(
        make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1)), speciality="Trinh sát"
    )
    refused(ErrorCode.SPECIALITY_MISMATCH, lambda: assign(scout))
    nearest = assign(scout, override_reason="Chuyên nghiệp gần nhất")
    assert not nearest.speciality_matched and nearest.override_reason
    refused(ErrorCode.ALREADY_ASSIGNED, lambda: assign(scout, override_reason="x"))
    people = [
        register(make_person(tree.kinh_bac, birth_date=dt.date(2001, 1, n))) for n in (1, 2, 3)
    ]
    assert assign(people[0]).speciality_matched
    error = refused(ErrorCode.OVER_STRENGTH, lambda: assign(people[1]))  # 2 + 15% of 2 = 2
    assert "khoản 2 Điều 15" in error.message_dict["reserve_unit"][0]


def test_transfer_out_needs_the_age_and_the_named_authority(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
    infantry: ReserveUnit,
) -> None:
    user = accounts.province_commander
    soldier = register(
        make_person(tree.kinh_bac, birth_date=dt.date(1980, 6, 1)),
        registered_on=dt.date(2025, 8, 1),
    )

    def out(on: dt.date, by: str = TransferAuthority.AREA_DEFENSE_COMMANDER) -> Any:
        return services.transfer_out(
            user,
            soldier,
            on=on,
            reason=TransferReason.AGE_LIMIT,
            decided_by=by,
            decision_number="9",
        )

    refused(ErrorCode.NOT_AT_AGE_LIMIT, lambda: out(dt.date(2026, 5, 31)))
    refused(
        ErrorCode.AUTHORITY_NOT_NAMED,
        lambda: out(dt.date(2026, 6, 1), TransferAuthority.DISTRICT_COMMANDER),
    )
    assert [f.code for f in selectors.flags(soldier, dt.date(2026, 6, 1))] == ["past_age"]
    assert selectors.due_for_transfer_out(ReserveSoldier.objects.all(), dt.date(2026, 6, 1)) == [
        soldier
    ]
    done = out(dt.date(2026, 6, 1))
    assert done.transferred_out_on == dt.date(2026, 6, 1)
    refused(ErrorCode.TRANSFERRED_OUT, lambda: out(dt.date(2026, 6, 2)))
    assert selectors.flags(done, dt.date(2026, 7, 1)) == []


def test_a_drill_summons_the_units_soldiers_and_records_who_reported(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
    infantry: ReserveUnit,
) -> None:
    user = accounts.province_commander
    soldiers = [
        register(make_person(tree.kinh_bac, birth_date=dt.date(2001, 1, n))) for n in (1, 2)
    ]
    outsider = register(make_person(tree.kinh_bac, birth_date=dt.date(2001, 2, 1)))
    for soldier in soldiers:
        services.assign_soldier(user, soldier, infantry, assigned_on=dt.date(2025, 9, 1))

    def drill(**kw: Any) -> Any:
        data: dict[str, Any] = {
            "kind": DrillKind.READINESS_CHECK,
            "name": "Kiểm tra sẵn sàng động viên",
            "starts_on": dt.date(2026, 9, 15),
            "ends_on": dt.date(2026, 9, 17),
            "report_by": dt.datetime(2026, 9, 15, 7, 30, tzinfo=VN),
            "place": "Sân vận động",
            "reserve_unit": infantry,
        }
        data.update(kw)
        return services.create_drill(user, tree.kinh_bac, **data)

    refused(ErrorCode.READINESS_CHECK_TOO_LONG, lambda: drill(ends_on=dt.date(2026, 9, 22)))
    check = drill()
    refused(
        ErrorCode.NOT_ASSIGNED_TO_UNIT,
        lambda: services.summon(user, check, outsider, summoned_on=dt.date(2026, 9, 1)),
    )
    refused(
        ErrorCode.SUMMONED_AFTER_START,
        lambda: services.summon(user, check, soldiers[0], summoned_on=dt.date(2026, 9, 16)),
    )
    assert services.summon_unit(user, check, summoned_on=dt.date(2026, 9, 1)) == 2
    first, second = check.summonses.order_by("pk")
    refused(
        ErrorCode.EXCUSE_UNCONFIRMED,
        lambda: services.record_report(user, first, excuse=Excuse.ILLNESS),
    )
    refused(
        ErrorCode.REPORT_OUTSIDE_DRILL,
        lambda: services.record_report(
            user, first, reported_at=dt.datetime(2026, 9, 20, 7, tzinfo=VN)
        ),
    )
    refused(
        ErrorCode.REPORTED_AND_EXCUSED,
        lambda: services.record_report(
            user, first, reported_at=dt.datetime(2026, 9, 15, 7, tzinfo=VN), excuse=Excuse.ILLNESS
        ),
    )
    services.record_report(user, first, reported_at=dt.datetime(2026, 9, 15, 7, 10, tzinfo=VN))
    services.record_report(user, second, excuse=Excuse.ILLNESS, confirmed_by="UBND phường")
    assert [s.status for s in check.summonses.order_by("pk")] == ["reported", "excused"]


def test_the_ward_sees_its_soldiers_not_the_neighbours(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    mine = register(make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1)))
    theirs = register(
        make_person(tree.vo_cuong, birth_date=dt.date(2000, 1, 1)), unit=tree.vo_cuong
    )
    assert list(selectors.soldiers_for(accounts.kinh_bac_staff)) == [mine]
    assert set(selectors.soldiers_for(accounts.province_commander)) == {mine, theirs}
    neighbour = make_person(tree.kinh_bac, birth_date=dt.date(2000, 2, 1))
    with unchanged(), pytest.raises(PermissionDenied):
        register(neighbour, user=accounts.vo_cuong_staff)


def test_dates_before_the_laws_are_refused_not_a_server_error(
    register: Callable[..., ReserveSoldier],
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
    infantry: ReserveUnit,
) -> None:
    person = make_person(tree.kinh_bac, birth_date=dt.date(2000, 1, 1))
    refused(ErrorCode.NO_RULE_IN_FORCE, lambda: register(person, registered_on=dt.date(1, 1, 1)))
    soldier = register(person)
    refused(
        ErrorCode.NO_RULE_IN_FORCE,
        lambda: services.assign_soldier(
            accounts.province_commander, soldier, infantry, assigned_on=dt.date(2019, 1, 1)
        ),
    )
