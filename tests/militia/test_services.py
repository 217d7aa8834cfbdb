"""The militia workflow through its services: what is written and audited, and every refusal
(a coded Vietnamese error) leaving every table as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.core.access import Role, User
from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit
from qpdp.militia import selectors, services
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.models import Attendance, Membership, MilitiaUnit
from qpdp.militia.rules import (
    DecisionAuthority,
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
)
from qpdp.people.models import Person
from qpdp.reserves import services as reserves
from qpdp.reserves.rules import ServiceHistory, UnitRole
from tests.conftest import Accounts, Tree

from .conftest import JOINED, make_unit, unchanged

pytestmark = pytest.mark.django_db

Enrol = Callable[..., Membership]


def refused(code: ErrorCode, call: Callable[[], Any]) -> ValidationError:
    """``call`` is refused with ``code`` and a Vietnamese message, and changes nothing."""
    with unchanged(), pytest.raises(ValidationError) as caught:
        call()
    codes = [e.code for errors in caught.value.error_dict.values() for e in errors]
    assert str(code) in codes, caught.value
    return caught.value


def forbidden(call: Callable[[], Any]) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        call()


@pytest.fixture
def man(make_person: Callable[..., Person], tree: Tree) -> Person:
    return make_person(tree.kinh_bac, given_name="Dũng", birth_date=dt.date(2000, 5, 17))


# -- units ------------------------------------------------------------------------------------


def test_a_unit_is_set_up_and_audited(platoon: MilitiaUnit, tree: Tree) -> None:
    assert platoon.unit == tree.kinh_bac and not platoon.self_defense
    assert platoon.commander_title() == "Trung đội trưởng"
    entry = AuditEntry.objects.get(object_id=str(platoon.pk), content_type__model="militiaunit")
    assert entry.action == "create" and entry.unit == tree.kinh_bac


def test_a_unit_set_up_by_a_level_the_law_does_not_name_is_refused(
    tree: Tree, accounts: Accounts
) -> None:
    user = accounts.province_commander
    error = refused(
        ErrorCode.AUTHORITY_NOT_NAMED,
        lambda: make_unit(
            user, tree.kinh_bac, established_by=EstablishingAuthority.COMMUNE_COMMANDER
        ),
    )
    assert "không có thẩm quyền" in error.message_dict["established_by"][0]
    refused(
        ErrorCode.LEVEL_NOT_FOR_KIND,
        lambda: make_unit(user, tree.kinh_bac, level=Level.SQUAD),  # a mobile squad
    )
    refused(ErrorCode.HOST_UNIT_KIND, lambda: make_unit(accounts.admin, tree.city))
    refused(
        ErrorCode.HOST_UNIT_NOT_IN_FORCE,
        lambda: make_unit(user, tree.kinh_bac, established_on=dt.date(2025, 6, 1)),
    )
    refused(
        ErrorCode.NO_RULE_IN_FORCE,
        lambda: make_unit(user, tree.suoi_hoa, established_on=dt.date(2020, 1, 1)),
    )


def test_a_unit_outside_the_scope_is_forbidden(tree: Tree, accounts: Accounts) -> None:
    forbidden(lambda: make_unit(accounts.vo_cuong_staff, tree.kinh_bac))
    forbidden(lambda: make_unit(accounts.leader, tree.kinh_bac))


def test_an_enterprise_sets_up_its_own_self_defense_squad(
    enterprise: Unit, accounts: Accounts
) -> None:
    squad = make_unit(
        accounts.kinh_bac_staff,
        enterprise,
        name="Tiểu đội tự vệ",
        level=Level.SQUAD,
        force_kind=ForceKind.LOCAL,
        established_by=EstablishingAuthority.ORGANISATION_COMMANDER,
    )
    assert squad.self_defense
    visible = selectors.units_for
    assert squad in visible(accounts.kinh_bac_staff)  # the commune's staff see it
    assert squad in visible(accounts.province_commander)
    assert squad not in visible(accounts.vo_cuong_staff)


def test_strength_never_drops_below_the_roster(
    platoon: MilitiaUnit, man: Person, enrol: Enrol, accounts: Accounts
) -> None:
    enrol(platoon, man)
    services.change_strength(accounts.province_commander, platoon, 1)
    refused(
        ErrorCode.STRENGTH_BELOW_ROSTER,
        lambda: services.change_strength(accounts.province_commander, platoon, 0),
    )
    refused(
        ErrorCode.UNIT_HAS_MEMBERS,
        lambda: services.dissolve_unit(
            accounts.province_commander, platoon, on=dt.date(2026, 6, 1)
        ),
    )


# -- members ----------------------------------------------------------------------------------


def test_a_member_is_enrolled_with_the_term_the_law_gives(
    platoon: MilitiaUnit, man: Person, enrol: Enrol
) -> None:
    membership = enrol(platoon, man)
    assert membership.term_end == dt.date(2030, 3, 1)  # four years less a day
    assert membership.decided_by == DecisionAuthority.COMMUNE_CHAIR
    assert selectors.flags(membership, dt.date(2030, 3, 1)) == []
    assert [f.code for f in selectors.flags(membership, dt.date(2030, 3, 2))] == ["past_term"]
    assert AuditEntry.objects.filter(
        content_type__model="membership", object_id=str(membership.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("birth", "volunteer", "code"),
    [
        (dt.date(2008, 3, 3), False, ErrorCode.UNDER_AGE),  # 17 on the joining day
        (dt.date(1980, 3, 2), False, ErrorCode.OVER_AGE),  # 46 that day
        (dt.date(1975, 3, 2), True, ErrorCode.OVER_VOLUNTEER_AGE),  # 51 that day
    ],
)
def test_a_person_outside_the_duty_age_is_refused(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    birth: dt.date,
    volunteer: bool,
    code: ErrorCode,
) -> None:
    person = make_person(tree.kinh_bac, birth_date=birth)
    error = refused(code, lambda: enrol(platoon, person, volunteer=volunteer))
    assert "Điều 8" in error.message_dict["person"][0]


def test_a_volunteer_may_serve_past_45_and_a_year_only_birth_is_refused(
    platoon: MilitiaUnit, enrol: Enrol, make_person: Callable[..., Person], tree: Tree
) -> None:
    older = make_person(tree.kinh_bac, birth_date=dt.date(1979, 1, 1))
    membership = enrol(platoon, older, volunteer=True)
    assert membership.term_end == dt.date(2029, 12, 31)  # cut at the end of age 50
    unsure = make_person(tree.kinh_bac, birth_date=dt.date(2008, 1, 1), birth_precision="Y")
    refused(ErrorCode.AGE_UNCERTAIN, lambda: enrol(platoon, unsure, joined_on=dt.date(2026, 6, 1)))


def test_a_person_serves_in_one_unit_at_a_time(
    platoon: MilitiaUnit, man: Person, enrol: Enrol, tree: Tree, accounts: Accounts
) -> None:
    enrol(platoon, man)
    squad = make_unit(
        accounts.province_commander,
        tree.kinh_bac,
        name="Tiểu đội dân quân tại chỗ",
        level=Level.SQUAD,
        force_kind=ForceKind.LOCAL,
        established_by=EstablishingAuthority.COMMUNE_COMMANDER,
    )
    error = refused(ErrorCode.ALREADY_IN_CORE_MILITIA, lambda: enrol(squad, man))
    assert "Trung đội dân quân cơ động" in error.message_dict["person"][0]
    # nor may an earlier service be recorded over the current one
    refused(
        ErrorCode.ALREADY_IN_CORE_MILITIA,
        lambda: enrol(squad, man, joined_on=dt.date(2026, 4, 1)),
    )


def test_the_unit_strength_and_its_single_commander_are_kept(
    platoon: MilitiaUnit, enrol: Enrol, make_person: Callable[..., Person], tree: Tree
) -> None:
    people = [make_person(tree.kinh_bac, given_name=n) for n in ("An", "Bình", "Cường", "Duy")]
    enrol(platoon, people[0], post=Post.COMMANDER)
    refused(ErrorCode.COMMANDER_POST_TAKEN, lambda: enrol(platoon, people[1], post=Post.COMMANDER))
    enrol(platoon, people[1])
    enrol(platoon, people[2])
    error = refused(ErrorCode.OVER_STRENGTH, lambda: enrol(platoon, people[3]))
    assert "đủ biên chế 3 người" in error.message_dict["militia_unit"][0]


def test_the_decision_must_be_complete_dated_and_signed_by_the_named_level(
    platoon: MilitiaUnit, man: Person, enrol: Enrol
) -> None:
    refused(ErrorCode.DECISION_INCOMPLETE, lambda: enrol(platoon, man, decision_number=" "))
    refused(
        ErrorCode.DECISION_AFTER_JOINING,
        lambda: enrol(platoon, man, decision_date=JOINED + dt.timedelta(days=1)),
    )
    refused(
        ErrorCode.DECIDER_NOT_NAMED,
        lambda: enrol(platoon, man, decided_by=DecisionAuthority.DISTRICT_CHAIR),
    )
    refused(
        ErrorCode.UNIT_DISSOLVED,
        lambda: enrol(
            platoon, man, joined_on=dt.date(2025, 7, 1), decision_date=dt.date(2025, 7, 1)
        ),
    )


def test_a_person_outside_the_scope_is_forbidden(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    stranger = make_person(tree.vo_cuong)
    forbidden(lambda: enrol(platoon, stranger, user=accounts.kinh_bac_staff))
    mine = make_person(tree.kinh_bac)
    forbidden(lambda: enrol(platoon, mine, user=accounts.vo_cuong_staff))


def _decide(accounts: Accounts, person: Person, ward: Unit, kind: str, ground: str) -> Any:
    return services.record_duty_decision(
        accounts.province_commander,
        person,
        ward,
        kind=kind,
        ground=ground,
        evidence="Giấy xác nhận",
        decided_on=dt.date(2026, 1, 5),
        until=dt.date(2028, 6, 30) if kind == DutyDecisionKind.DEFERRAL else None,
        number="01/QĐ-UBND",
        signer="Chủ tịch UBND phường",
    )


def test_a_deferred_person_joins_only_as_a_volunteer_on_a_ground_that_allows_it(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    student = make_person(tree.kinh_bac, given_name="Học")
    _decide(accounts, student, tree.kinh_bac, DutyDecisionKind.DEFERRAL, "h")
    refused(ErrorCode.DUTY_DECISION_IN_FORCE, lambda: enrol(platoon, student))
    error = refused(
        ErrorCode.VOLUNTEER_NOT_ALLOWED, lambda: enrol(platoon, student, volunteer=True)
    )
    assert "khoản 3 Điều 11" in error.message_dict["person"][0]
    orphan = make_person(tree.kinh_bac, given_name="Liệt")
    _decide(accounts, orphan, tree.kinh_bac, DutyDecisionKind.EXEMPTION, "a")
    refused(ErrorCode.DUTY_DECISION_IN_FORCE, lambda: enrol(platoon, orphan))
    assert enrol(platoon, orphan, volunteer=True).volunteer


def test_a_reservist_assigned_to_a_reserve_unit_may_not_join(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    user = accounts.province_commander
    person = make_person(tree.kinh_bac, birth_date=dt.date(1998, 1, 1))
    soldier = reserves.register_soldier(
        user,
        person,
        tree.kinh_bac,
        registered_on=dt.date(2025, 8, 1),
        history=ServiceHistory(active_service_months=24),
        speciality="Bộ binh",
    )
    unit = reserves.create_reserve_unit(
        user,
        tree.kinh_bac,
        name="Trung đội 1",
        level="platoon",
        role=UnitRole.COMBAT,
        speciality="Bộ binh",
        authorised_strength=30,
        established_on=dt.date(2025, 8, 1),
    )
    reserves.assign_soldier(user, soldier, unit, assigned_on=dt.date(2025, 9, 1))
    refused(ErrorCode.ASSIGNED_RESERVIST, lambda: enrol(platoon, person, volunteer=True))


def test_duty_decisions_need_their_ground_and_end(
    man: Person, tree: Tree, accounts: Accounts
) -> None:
    user = accounts.province_commander
    base: dict[str, Any] = {
        "kind": DutyDecisionKind.DEFERRAL,
        "ground": "a",
        "evidence": "Giấy khai sinh của con",
        "decided_on": dt.date(2026, 1, 5),
        "number": "02/QĐ-UBND",
        "signer": "Chủ tịch",
    }
    refused(
        ErrorCode.UNTIL_REQUIRED,
        lambda: services.record_duty_decision(user, man, tree.kinh_bac, **base),
    )
    refused(
        ErrorCode.UNKNOWN_GROUND,
        lambda: services.record_duty_decision(
            user, man, tree.kinh_bac, **{**base, "ground": "x", "until": dt.date(2027, 1, 1)}
        ),
    )
    refused(
        ErrorCode.UNTIL_BEFORE_DECISION,
        lambda: services.record_duty_decision(
            user, man, tree.kinh_bac, **{**base, "until": dt.date(2026, 1, 5)}
        ),
    )
    refused(
        ErrorCode.HOST_UNIT_KIND,
        lambda: services.record_duty_decision(
            user, man, tree.province, **{**base, "until": dt.date(2027, 1, 1)}
        ),
    )


# -- extension, end, transfer -----------------------------------------------------------------


def _extend(accounts: Accounts, membership: Membership, until: dt.date) -> Membership:
    return services.extend_term(
        accounts.province_commander,
        membership,
        until=until,
        decision_number="30/QĐ-UBND",
        decision_date=dt.date(2029, 12, 1),
    )


def test_a_term_is_extended_two_years_at_most_further_for_a_commander(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    member = enrol(platoon, make_person(tree.kinh_bac, birth_date=dt.date(2000, 5, 17)))
    refused(ErrorCode.EXTENSION_TOO_LONG, lambda: _extend(accounts, member, dt.date(2032, 3, 2)))
    assert _extend(accounts, member, dt.date(2032, 3, 1)).extended_until == dt.date(2032, 3, 1)
    leader = enrol(
        platoon,
        make_person(tree.kinh_bac, birth_date=dt.date(1990, 5, 17)),
        post=Post.COMMANDER,
    )
    assert _extend(accounts, leader, dt.date(2034, 1, 1)).extended_until == dt.date(2034, 1, 1)
    refused(ErrorCode.EXTENSION_PAST_AGE, lambda: _extend(accounts, leader, dt.date(2036, 5, 17)))


def _end(
    accounts: Accounts, membership: Membership, reason: str, on: dt.date, ground: str = ""
) -> Membership:
    return services.end_membership(
        accounts.province_commander,
        membership,
        reason=reason,
        on=on,
        ground=ground,
        decision_number="40/QĐ-UBND",
        decision_date=on,
    )


def test_completion_needs_the_full_term_and_release_a_ground_of_article_12(
    platoon: MilitiaUnit, man: Person, enrol: Enrol, accounts: Accounts
) -> None:
    member = enrol(platoon, man)
    refused(
        ErrorCode.TERM_NOT_SERVED,
        lambda: _end(accounts, member, EndReason.COMPLETED, dt.date(2030, 2, 28)),
    )
    refused(
        ErrorCode.UNKNOWN_GROUND,
        lambda: _end(accounts, member, EndReason.RELEASED, dt.date(2027, 1, 1), "x"),
    )
    refused(
        ErrorCode.UNKNOWN_GROUND,
        lambda: _end(accounts, member, EndReason.TRANSFERRED, dt.date(2027, 1, 1)),
    )
    refused(
        ErrorCode.END_BEFORE_JOINING,
        lambda: _end(accounts, member, EndReason.RELEASED, dt.date(2026, 1, 1), "d"),
    )
    released = _end(accounts, member, EndReason.RELEASED, dt.date(2027, 2, 20), "d")
    assert (released.ended_on, released.end_ground) == (dt.date(2027, 2, 20), "d")
    refused(
        ErrorCode.MEMBERSHIP_ENDED,
        lambda: _end(accounts, member, EndReason.RELEASED, dt.date(2027, 3, 1), "d"),
    )


def test_a_transfer_keeps_the_term_and_ends_the_old_service(
    platoon: MilitiaUnit, man: Person, enrol: Enrol, tree: Tree, accounts: Accounts
) -> None:
    user = accounts.province_commander
    member = enrol(platoon, man)
    squad = make_unit(
        user,
        tree.kinh_bac,
        name="Tiểu đội dân quân tại chỗ",
        level=Level.SQUAD,
        force_kind=ForceKind.LOCAL,
        established_by=EstablishingAuthority.COMMUNE_COMMANDER,
    )

    def move(to: MilitiaUnit, on: dt.date) -> Membership:
        return services.transfer_member(
            user, member, to, on=on, decision_number="50/QĐ-UBND", decision_date=on
        )

    refused(ErrorCode.TRANSFER_SAME_UNIT, lambda: move(platoon, dt.date(2026, 9, 1)))
    refused(ErrorCode.END_BEFORE_JOINING, lambda: move(squad, JOINED))
    moved = move(squad, dt.date(2026, 9, 1))
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (dt.date(2026, 9, 1), EndReason.TRANSFERRED)
    assert (moved.term_start, moved.term_end) == (member.term_start, member.term_end)
    assert list(Membership.objects.filter(person=man).active_on(dt.date(2026, 9, 1))) == [moved]


# -- training ---------------------------------------------------------------------------------


def test_training_plans_enrol_each_member_with_the_days_the_law_sets(
    platoon: MilitiaUnit,
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
) -> None:
    user = accounts.province_commander
    veteran = enrol(
        platoon,
        make_person(tree.kinh_bac, given_name="Cũ"),
        joined_on=dt.date(2025, 8, 1),
        decision_date=dt.date(2025, 7, 25),
    )
    first = services.create_training_plan(
        user,
        tree.kinh_bac,
        year=2025,
        force_kind=ForceKind.MOBILE,
        starts_on=dt.date(2025, 9, 8),
        ends_on=dt.date(2025, 9, 26),
    )
    assert services.enrol_trainees(user, first) == 1
    newcomer = enrol(platoon, make_person(tree.kinh_bac, given_name="Mới"))
    plan = services.create_training_plan(
        user,
        tree.kinh_bac,
        year=2026,
        force_kind=ForceKind.MOBILE,
        starts_on=dt.date(2026, 5, 4),
        ends_on=dt.date(2026, 5, 22),
    )
    assert services.enrol_trainees(user, plan) == 2
    assert services.enrol_trainees(user, plan) == 0  # once each
    days = {a.membership_id: a.required_days for a in plan.attendances.all()}
    assert days == {veteran.pk: 12, newcomer.pk: 15}
    attendance = plan.attendances.get(membership=newcomer)
    refused(
        ErrorCode.ATTENDANCE_DAYS_INVALID, lambda: services.record_attendance(user, attendance, 20)
    )
    assert services.record_attendance(user, attendance, 15).complete
    refused(
        ErrorCode.TRAINING_PLAN_EXISTS,
        lambda: services.create_training_plan(
            user,
            tree.kinh_bac,
            year=2026,
            force_kind=ForceKind.MOBILE,
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 19),
        ),
    )
    refused(
        ErrorCode.PLAN_OUTSIDE_YEAR,
        lambda: services.create_training_plan(
            user,
            tree.kinh_bac,
            year=2026,
            force_kind=ForceKind.LOCAL,
            starts_on=dt.date(2026, 12, 20),
            ends_on=dt.date(2027, 1, 8),
        ),
    )
    refused(
        ErrorCode.DATES_OUT_OF_ORDER,
        lambda: services.create_training_plan(
            user,
            tree.kinh_bac,
            year=2026,
            force_kind=ForceKind.LOCAL,
            starts_on=dt.date(2026, 6, 20),
            ends_on=dt.date(2026, 6, 1),
        ),
    )


def test_a_commune_plan_leaves_the_enterprises_to_train_their_own(
    enrol: Enrol,
    make_person: Callable[..., Person],
    tree: Tree,
    accounts: Accounts,
    enterprise: Unit,
) -> None:
    user = accounts.province_commander
    squad = make_unit(
        user,
        enterprise,
        name="Tiểu đội tự vệ",
        level=Level.SQUAD,
        force_kind=ForceKind.LOCAL,
        established_by=EstablishingAuthority.ORGANISATION_COMMANDER,
        established_on=dt.date(2025, 9, 1),
    )
    worker = enrol(squad, make_person(tree.kinh_bac, given_name="Thợ"))
    assert worker.decided_by == DecisionAuthority.ORGANISATION_HEAD

    def plan(keeper: Unit) -> Any:
        return services.create_training_plan(
            user,
            keeper,
            year=2026,
            force_kind=ForceKind.LOCAL,
            starts_on=dt.date(2026, 7, 6),
            ends_on=dt.date(2026, 7, 24),
        )

    assert services.enrol_trainees(user, plan(tree.kinh_bac)) == 0
    own = plan(enterprise)
    assert services.enrol_trainees(user, own) == 1
    assert Attendance.objects.get(plan=own).required_days == 15


# -- what other apps ask ----------------------------------------------------------------------


def test_standing_militia_months_and_membership_for_the_call_up(
    enrol: Enrol, make_person: Callable[..., Person], tree: Tree, accounts: Accounts
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
    guard = make_person(tree.kinh_bac, given_name="Gác")
    enrol(squad, guard, joined_on=dt.date(2025, 9, 1), decision_date=dt.date(2025, 8, 25))
    other = make_person(tree.kinh_bac, given_name="Khác")
    ids = [guard.pk, other.pk]
    assert selectors.standing_members_on(ids, dt.date(2026, 1, 1)) == {guard.pk}
    assert selectors.standing_service_months(ids, dt.date(2027, 8, 31)) == {guard.pk: 24}
    assert selectors.standing_service_months(ids, dt.date(2027, 8, 30)) == {guard.pk: 23}
    called = selectors.members_to_release_on_call_up(ids, dt.date(2026, 2, 20))
    assert [m.person_id for m in called] == [guard.pk]


def test_completed_members_still_of_age_are_the_broad_militia(
    man: Person, enrol: Enrol, tree: Tree, accounts: Accounts
) -> None:
    old = make_unit(
        accounts.admin,
        tree.suoi_hoa,
        established_on=dt.date(2021, 1, 15),
        established_by=EstablishingAuthority.DISTRICT_COMMANDER,
    )
    member = enrol(old, man, joined_on=dt.date(2021, 3, 1), decision_date=dt.date(2021, 2, 1))
    assert [
        m.pk for m, _flags in selectors.flagged(Membership.objects.all(), dt.date(2025, 3, 1))
    ] == [member.pk]
    _end(accounts, member, EndReason.COMPLETED, dt.date(2025, 3, 1))
    assert selectors.broad_militia(Membership.objects.all(), dt.date(2026, 1, 1)) == [member]
    assert selectors.standing_completed([man.pk]) == set()


def test_leaders_read_but_never_write(
    platoon: MilitiaUnit, man: Person, enrol: Enrol, accounts: Accounts
) -> None:
    forbidden(lambda: enrol(platoon, man, user=accounts.leader))
    assert platoon in MilitiaUnit.objects.visible_to(accounts.leader)


def test_staff_of_a_2022_ward_keep_its_history(
    tree: Tree, accounts: Accounts, make_user: Callable[..., User]
) -> None:
    old = make_unit(
        accounts.admin,
        tree.suoi_hoa,
        established_on=dt.date(2021, 1, 15),
        established_by=EstablishingAuthority.DISTRICT_COMMANDER,
    )
    staff = make_user(Role.STAFF, tree.suoi_hoa)
    assert old in MilitiaUnit.objects.visible_to(staff)
    assert old in MilitiaUnit.objects.visible_to(accounts.kinh_bac_staff)  # merged into it
    assert old not in MilitiaUnit.objects.visible_to(accounts.vo_cuong_staff)
