"""Defense education pages: the course list (filter, export, scope), recording a course and its
attendees (the services' refusals on the form), results in bulk after a confirmation, plans and
who is due."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qpdp.core.access import User
from qpdp.education.models import Attendance, Course, EducationPlan, Official, TargetGroup
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def attendee(course: Course, accounts: Accounts, tree: Tree, make_person: Callable) -> Attendance:
    from qpdp.education import services

    person = make_person(tree.suoi_hoa, given_name="Hòa", birth_date=dt.date(1985, 1, 1))
    return services.add_attendee(accounts.city_commander, course, person)


def test_the_course_list_filters_exports_and_keeps_to_the_scope(
    course: Course, attendee: Attendance, accounts: Accounts
) -> None:
    client = client_for(accounts.city_commander)
    page = client.get(reverse("education:home"))
    assert page.status_code == 200
    assert "ĐT4-01/2022" in page.content.decode()
    filtered = client.get(reverse("education:home"), {"q": "khác"})
    assert "ĐT4-01/2022" not in filtered.content.decode()
    exported = client.get(reverse("education:home"), {"format": "xlsx", "year": "2022"})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Số hiệu lớp" in rows[0] and rows[1][0] == "ĐT4-01/2022"
    assert rows[1][list(rows[0]).index("Số học viên")] == 1
    outsider = client_for(accounts.vo_cuong_staff)
    assert "ĐT4-01/2022" not in outsider.get(reverse("education:home")).content.decode()
    assert outsider.get(reverse("education:course", args=[course.pk])).status_code == 404


def test_a_course_is_recorded_and_a_bad_one_refused_on_the_form(
    accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup]
) -> None:
    client = client_for(accounts.city_commander)
    data = {
        "unit": tree.city.pk,
        "group": groups["4"].pk,
        "code": "ĐT4-02/2022",
        "name": "Lớp đối tượng 4 đợt 2",
        "place": "Hội trường",
        "starts_on": "10/06/2022",
        "ends_on": "08/06/2022",
    }
    refused = client.post(reverse("education:course_create"), data)
    assert refused.status_code == 400
    assert "không được trước ngày khai giảng" in refused.content.decode()
    assert not Course.objects.exists()
    created = client.post(reverse("education:course_create"), {**data, "ends_on": "12/06/2022"})
    course = Course.objects.get(code="ĐT4-02/2022")
    assert created["Location"] == reverse("education:course", args=[course.pk])
    assert client_for(accounts.leader).get(reverse("education:course_create")).status_code == 403


def test_an_attendee_without_a_record_is_refused_and_a_known_one_added(
    course: Course, accounts: Accounts, tree: Tree, make_person: Callable
) -> None:
    client = client_for(accounts.city_commander)
    url = reverse("education:attendee_add", args=[course.pk])
    refused = client.post(url, {"id_number": "001099999999"})
    assert refused.status_code == 400
    assert "Không có công dân số định danh 001099999999" in refused.content.decode()
    person: Person = make_person(tree.suoi_hoa, birth_date=dt.date(1990, 2, 2))
    assert client.post(url, {"id_number": person.id_number}).status_code == 302
    again = client.post(url, {"id_number": person.id_number})
    assert again.status_code == 400 and "đã có trong danh sách lớp" in again.content.decode()
    assert list(course.attendances.values_list("person", flat=True)) == [person.pk]


def test_results_in_bulk_are_confirmed_before_they_are_written(
    course: Course, attendee: Attendance, accounts: Accounts
) -> None:
    client = client_for(accounts.city_commander)
    url = reverse("education:results", args=[course.pk])
    assert "Hòa" in client.get(url).content.decode()
    preview = client.post(url, {"attendances": [attendee.pk], "result": "good"})
    assert preview.status_code == 200 and "Xác nhận" in preview.content.decode()
    attendee.refresh_from_db()
    assert attendee.result == "pending"
    done = client.post(url, {"attendances": [attendee.pk], "result": "good", "confirmed": "1"})
    assert done.status_code == 302
    attendee.refresh_from_db()
    assert attendee.result == "good"
    refused = client.post(
        reverse("education:result", args=[attendee.pk]),
        {"result": "failed", "certificate_number": "GCN-1"},
    )
    assert refused.status_code == 400
    assert "Chỉ học viên đạt yêu cầu" in refused.content.decode()


def test_a_plan_is_made_once_and_shows_planned_against_trained(
    course: Course, attendee: Attendance, accounts: Accounts, tree: Tree, groups: dict
) -> None:
    client = client_for(accounts.city_commander)
    data = {"unit": tree.city.pk, "year": 2022, f"group_{groups['4'].pk}": 12}
    assert client.post(reverse("education:plan_create"), data).status_code == 302
    plan = EducationPlan.objects.get(unit=tree.city, year=2022)
    again = client.post(reverse("education:plan_create"), data)
    assert again.status_code == 400 and "đã có kế hoạch" in again.content.decode()
    page = client.get(reverse("education:plan", args=[plan.pk]))
    assert page.status_code == 200
    assert "12" in page.content.decode()
    assert "2022" in client.get(reverse("education:plans")).content.decode()


def test_who_is_due_lists_post_holders_never_trained(
    official_maker: Callable[..., Official], accounts: Accounts
) -> None:
    official = official_maker()
    page = client_for(accounts.suoi_hoa_staff).get(reverse("education:due"))
    assert page.status_code == 200
    assert official.person.full_name in page.content.decode()
    other = client_for(accounts.vo_cuong_staff).get(reverse("education:due"))
    assert official.person.full_name not in other.content.decode()


@pytest.mark.parametrize("name", ["education:home", "education:due", "education:plans"])
def test_the_lists_queries_are_bounded(
    name: str,
    course: Course,
    attendee: Attendance,
    official_maker: Callable[..., Official],
    accounts: Accounts,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(3):
        official_maker()
    client = client_for(accounts.city_commander)
    # Session, account, its unit and scope, the rows, the capped count, the filter's units.
    with django_assert_max_num_queries(10):
        assert client.get(reverse(name)).status_code == 200


def test_a_post_holder_is_recorded_and_then_due(
    accounts: Accounts, tree: Tree, make_person: Callable, posts: dict
) -> None:
    client = client_for(accounts.suoi_hoa_staff)
    person = make_person(tree.suoi_hoa, given_name="Khoa", birth_date=dt.date(1980, 3, 1))
    data = {"person": person.id_number, "unit": tree.suoi_hoa.pk, "started_on": "01/07/2021"}
    no_post = client.post(reverse("education:official_create"), data)
    assert no_post.status_code == 400
    assert "Phải chọn chức vụ hoặc ghi chức vụ cụ thể" in no_post.content.decode()
    post = posts["Công chức xã, phường"]
    done = client.post(reverse("education:official_create"), {**data, "post": post.pk})
    assert done.status_code == 302
    assert Official.objects.get(person=person).group == post.group
    assert "Khoa" in client.get(reverse("education:due")).content.decode()


def test_a_plan_line_names_a_course_of_its_group_only(
    course: Course, accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup]
) -> None:
    from qpdp.education import services

    plan = services.create_plan(accounts.city_commander, unit=tree.city, year=2022)
    client = client_for(accounts.city_commander)
    url = reverse("education:plan_line", args=[plan.pk])
    other = next(g for code, g in groups.items() if code != "4")
    wrong = client.post(url, {"group": other.pk, "number": 5, "course": course.pk})
    assert wrong.status_code == 400 and "dành cho" in wrong.content.decode()
    assert (
        client.post(url, {"group": groups["4"].pk, "number": 5, "course": course.pk}).status_code
        == 302
    )
    assert plan.lines.get().course == course
