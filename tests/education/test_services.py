"""Defense education services: post holders, plans, courses, attendees and results. Every
refusal carries its code and leaves the tables and the audit log as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from qpdp.core.access import User
from qpdp.core.audit import AuditEntry
from qpdp.education import selectors, services
from qpdp.education.error_codes import ErrorCode
from qpdp.education.models import (
    Attendance,
    Course,
    EducationPlan,
    Official,
    PlanLine,
    Post,
    TargetGroup,
)
from qpdp.people.models import Person
from tests.civic import audited, refused
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
MakeOfficial = Callable[..., Official]


def test_the_group_follows_the_post(
    official_maker: MakeOfficial, tree: Tree, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1970, 1, 1))
    with audited():
        official = official_maker("Chủ tịch Ủy ban nhân dân xã, phường", person=person)
    assert (official.group.code, official.group_by_hand) == ("3", False)
    assert official_maker("Tổ trưởng tổ dân phố").group.code == "village_head"


def test_a_post_outside_the_list_needs_a_group_set_by_hand(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person], groups: dict
) -> None:
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1975, 1, 1))
    with refused(ErrorCode.GROUP_REQUIRED, Official, field="group"):
        services.record_official(
            accounts.suoi_hoa_staff,
            person=person,
            unit=tree.suoi_hoa,
            started_on=dt.date(2021, 7, 1),
            title="Trưởng ban bảo vệ dân phố",
        )
    official = services.record_official(
        accounts.suoi_hoa_staff,
        person=person,
        unit=tree.suoi_hoa,
        started_on=dt.date(2021, 7, 1),
        title="  Trưởng ban   bảo vệ dân phố ",
        group=groups["4"],
    )
    assert (official.title, official.group.code, official.group_by_hand) == (
        "Trưởng ban bảo vệ dân phố",
        "4",
        True,
    )


def test_a_group_contradicting_the_post_and_a_missing_post_are_refused(
    accounts: Accounts,
    tree: Tree,
    make_person: Callable[..., Person],
    groups: dict,
    posts: dict[str, Post],
) -> None:
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1975, 1, 1))
    common = {"person": person, "unit": tree.suoi_hoa, "started_on": dt.date(2021, 7, 1)}
    with refused(ErrorCode.GROUP_FROM_POST, Official, field="group"):
        services.record_official(
            accounts.suoi_hoa_staff,
            **common,
            post=posts["Tổ trưởng tổ dân phố"],
            group=groups["3"],
        )
    with refused(ErrorCode.POST_REQUIRED, Official, field="post"):
        services.record_official(accounts.suoi_hoa_staff, **common, group=groups["4"])
    with refused(ErrorCode.OFFICIAL_PERIOD_ORDER, Official, field="ended_on"):
        services.record_official(
            accounts.suoi_hoa_staff,
            **common,
            post=posts["Trưởng thôn"],
            ended_on=dt.date(2021, 6, 30),
        )


def test_another_wards_staff_may_not_record_a_post_holder(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person], posts: dict[str, Post]
) -> None:
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1975, 1, 1))
    with pytest.raises(PermissionDenied):  # Võ Cường's staff: Suối Hoa is not its predecessor
        services.record_official(
            accounts.vo_cuong_staff,
            person=person,
            unit=tree.suoi_hoa,
            started_on=dt.date(2021, 7, 1),
            post=posts["Trưởng thôn"],
        )
    with pytest.raises(PermissionDenied):
        services.record_official(
            accounts.leader,
            person=person,
            unit=tree.suoi_hoa,
            started_on=dt.date(2021, 7, 1),
            post=posts["Trưởng thôn"],
        )
    assert not Official.objects.exists()


def test_a_plan_sets_a_number_per_group_once_a_year(
    accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup], course: Course
) -> None:
    staff = accounts.suoi_hoa_staff
    plan = services.create_plan(
        staff, unit=tree.suoi_hoa, year=2022, lines={groups["4"]: 4, groups["village_head"]: 3}
    )
    assert {(line.group.code, line.number) for line in plan.lines.all()} == {
        ("4", 4),
        ("village_head", 3),
    }
    with refused(ErrorCode.PLAN_EXISTS, EducationPlan, PlanLine, field="year"):
        services.create_plan(staff, unit=tree.suoi_hoa, year=2022)
    line = services.set_plan_line(accounts.city_commander, plan, group=groups["4"], number=5)
    assert (line.number, PlanLine.objects.count()) == (5, 2)
    with refused(ErrorCode.PLAN_COURSE_GROUP, PlanLine, field="course"):
        services.set_plan_line(staff, plan, group=groups["village_head"], number=3, course=course)
    with refused(ErrorCode.NUMBER_NEGATIVE, PlanLine, field="number"):
        services.set_plan_line(staff, plan, group=groups["4"], number=-1)


def test_a_course_is_refused_with_its_dates_reversed_or_its_number_reused(
    accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup], course: Course
) -> None:
    values = {
        "unit": tree.city,
        "group": groups["4"],
        "name": "Lớp 2",
        "place": "Hội trường",
        "starts_on": dt.date(2022, 9, 12),
        "ends_on": dt.date(2022, 9, 15),
    }
    user = accounts.city_commander
    with refused(ErrorCode.COURSE_CODE_TAKEN, Course, field="code"):
        services.create_course(user, code="ĐT4-01/2022", **values)
    with refused(ErrorCode.COURSE_DATES_ORDER, Course, field="ends_on"):
        services.create_course(
            user, code="ĐT4-02/2022", **{**values, "ends_on": dt.date(2022, 9, 11)}
        )
    with refused(ErrorCode.TEXT_REQUIRED, Course, field="place"):
        services.create_course(user, code="ĐT4-02/2022", **{**values, "place": "  "})
    assert services.create_course(user, code="ĐT4-02/2022", **values).code == "ĐT4-02/2022"


def test_attendees_results_and_certificates(
    accounts: Accounts, course: Course, official_maker: MakeOfficial
) -> None:
    holder = official_maker()
    user = accounts.city_commander
    with audited():
        attendance = services.add_attendee(user, course, holder.person)
    assert attendance.unit == holder.unit  # the ward he lived in when the course began
    with refused(ErrorCode.ATTENDEE_TWICE, Attendance, field="person"):
        services.add_attendee(user, course, holder.person)
    with refused(ErrorCode.COURSE_NOT_ENDED, field="result"):
        services.record_result(user, attendance, result="passed", today=dt.date(2022, 6, 8))
    with refused(ErrorCode.CERTIFICATE_WITHOUT_PASS, field="certificate_number"):
        services.record_result(
            user, attendance, result="failed", certificate_number="01", today=dt.date(2022, 6, 9)
        )
    with refused(ErrorCode.RESULT_UNKNOWN, field="result"):
        services.record_result(user, attendance, result="Đạt", today=dt.date(2022, 6, 9))
    with audited():
        services.record_result(
            user, attendance, result="good", certificate_number="01", today=dt.date(2022, 6, 9)
        )
    other = services.add_attendee(user, course, official_maker().person)
    with refused(ErrorCode.CERTIFICATE_TAKEN, field="certificate_number"):
        services.record_result(
            user, other, result="passed", certificate_number="01", today=dt.date(2022, 6, 10)
        )
    attendance.refresh_from_db()
    assert (attendance.result, attendance.certificate_number) == ("good", "01")


def test_an_attendee_must_be_in_the_registry(accounts: Accounts, course: Course) -> None:
    with refused(ErrorCode.ATTENDEE_NOT_FOUND, Attendance, field="id_number"):
        services.find_person(accounts.city_commander, "027203999999")


def test_an_attendee_from_outside_the_councils_area_is_refused(
    accounts: Accounts, tree: Tree, course: Course, make_person: Callable[..., Person]
) -> None:
    outsider = make_person(tree.vo_cuong, birth_date=dt.date(1980, 1, 1))
    with refused(ErrorCode.ATTENDEE_OUTSIDE_AREA, Attendance, field="unit"):
        services.add_attendee(accounts.admin, course, outsider, unit=tree.vo_cuong)


def test_a_ward_may_not_add_to_the_citys_course(
    accounts: Accounts, course: Course, official_maker: MakeOfficial
) -> None:
    holder = official_maker()
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.add_attendee(accounts.suoi_hoa_staff, course, holder.person)
    assert (Attendance.objects.count(), AuditEntry.objects.count()) == (0, entries)


@pytest.mark.usefixtures("refresh")
def test_who_is_due_never_trained_or_lapsed(
    accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup], official_maker: MakeOfficial
) -> None:
    trained, never = official_maker(), official_maker()
    old_course = services.create_course(
        accounts.city_commander,
        unit=tree.city,
        group=groups["4"],
        code="ĐT4-01/2017",
        name="Lớp 2017",
        place="Hội trường",
        starts_on=dt.date(2017, 6, 5),
        ends_on=dt.date(2017, 6, 8),
    )
    attendance = services.add_attendee(
        accounts.city_commander, old_course, trained.person, unit=tree.suoi_hoa
    )
    services.record_result(
        accounts.city_commander, attendance, result="passed", today=dt.date(2017, 6, 8)
    )
    officials = Official.objects.all()
    on_time = selectors.due(officials, dt.date(2022, 6, 7))
    assert list(on_time) == [never]
    lapsed = selectors.due(officials, dt.date(2022, 6, 8))  # five years on: lapsed
    assert set(lapsed) == {trained, never}
    assert {o.pk: o.last_trained for o in lapsed}[trained.pk] == dt.date(2017, 6, 8)


def test_progress_is_planned_against_trained_by_group(
    accounts: Accounts,
    tree: Tree,
    groups: dict[str, TargetGroup],
    course: Course,
    official_maker: MakeOfficial,
    kinh_bac_2022_staff: User,
) -> None:
    services.create_plan(
        accounts.suoi_hoa_staff, unit=tree.suoi_hoa, year=2022, lines={groups["4"]: 3}
    )
    for holder in (official_maker(), official_maker()):
        attendance = services.add_attendee(accounts.city_commander, course, holder.person)
        services.record_result(
            accounts.city_commander, attendance, result="passed", today=dt.date(2022, 6, 9)
        )
    (row,) = selectors.progress(tree.city, 2022)
    assert (row.group.code, row.planned, row.trained) == ("4", 3, 2)
    assert selectors.progress(tree.kinh_bac_old, 2022) == []
