"""The call-up pages: who sees and changes what, bulk actions with confirmation, Vietnamese
refusals that save nothing, and XLSX exports of every list.

The cycle is the 2023 one of the old city 256 (three-tier regime): its commander decides
deferrals and approves the lists; a Suối Hoa staff account works its own ward.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qpdp.conscription import services
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthResult,
    Outcome,
    Quota,
    Registration,
    Review,
)
from qpdp.core.access import Role, User
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HANDOVER = dt.date(2023, 2, 15)
ON = dt.date(2023, 1, 20)


@dataclass
class World:
    cycle: CallUpCycle
    newcomer: Person  # turns 17 in 2022, not yet registered
    fit: Person  # registered, examined class 1: callable
    student: Person  # registered, examined, deferral proposed (not decided)
    neighbour: Person  # Kinh Bắc (2022) resident, registered
    other_staff: User  # staff of Kinh Bắc (2022)


@pytest.fixture
def world(
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
    make_user: Callable[..., User],
) -> World:
    commander, admin = accounts.city_commander, accounts.admin
    cycle = services.create_cycle(commander, unit=tree.city, year=2023, handover_date=HANDOVER)
    services.assign_quota(commander, cycle, tree.city, 2, assigned_on=dt.date(2022, 10, 1))
    for ward in (tree.suoi_hoa, tree.kinh_bac_old):
        services.assign_quota(commander, cycle, ward, 1, assigned_on=dt.date(2022, 10, 1))

    def man(unit: Any, given: str, born: dt.date) -> Person:
        return make_person(unit, given_name=given, birth_date=born, education_level=12)

    newcomer = man(tree.suoi_hoa, "Nam", dt.date(2005, 1, 10))
    fit = man(tree.suoi_hoa, "Phong", dt.date(2003, 3, 10))
    student = man(tree.suoi_hoa, "Quang", dt.date(2003, 6, 1))
    neighbour = man(tree.kinh_bac_old, "Sơn", dt.date(2003, 8, 1))
    for number, person in enumerate((fit, student, neighbour), start=1):
        services.record_registration(
            admin, person, registered_on=dt.date(2020, 4, 5), number=f"2020-{number:04d}"
        )
        services.record_health(
            admin,
            cycle,
            person,
            kind="exam",
            examined_on=dt.date(2022, 11, 15),
            health_class=1,
        )
    services.propose_decision(
        accounts.suoi_hoa_staff,
        cycle,
        student,
        kind="deferral",
        ground="g",
        evidence="Giấy xác nhận của trường",
        proposed_on=dt.date(2022, 12, 1),
        until=dt.date(2025, 6, 30),
        higher_education=True,
    )
    other_staff = make_user(Role.STAFF, tree.kinh_bac_old, "kinhbac2022")
    return World(cycle, newcomer, fit, student, neighbour, other_staff)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def approve(world: World, accounts: Accounts, tree: Tree) -> None:
    council_proposes(accounts.city_commander, world.cycle, tree.suoi_hoa, dt.date(2023, 1, 5))
    services.approve_review(
        accounts.city_commander, world.cycle, tree.suoi_hoa, approved_on=dt.date(2023, 1, 5)
    )


def issue(world: World, accounts: Accounts, tree: Tree) -> CallUpOrder:
    approve(world, accounts, tree)
    return services.issue_order(
        accounts.city_commander, world.cycle, world.fit, issued_on=ON, report_place="Sân vận động"
    )


def ward_url(name: str, world: World, ward: Any) -> str:
    return reverse(f"conscription:{name}", args=[world.cycle.pk, ward.pk])


WARD_PAGES = ("registration", "health", "pool", "review", "issue")


# -- navigation and reading ------------------------------------------------------------------


def test_the_navigation_links_to_military_service(client: Client, accounts: Accounts) -> None:
    home = login(client, accounts.suoi_hoa_staff).get(reverse("home")).content.decode()
    assert f'href="{reverse("conscription:home")}"' in home


@pytest.mark.parametrize("name", WARD_PAGES)
def test_every_ward_page_renders_for_the_ward_staff(
    client: Client, world: World, accounts: Accounts, tree: Tree, name: str
) -> None:
    login(client, accounts.suoi_hoa_staff)
    response = client.get(ward_url(name, world, tree.suoi_hoa))
    assert response.status_code == 200
    assert 'aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("user", ["suoi_hoa_staff", "city_commander", "leader", "admin"])
def test_cycle_pages_render_for_every_role_that_sees_the_cycle(
    client: Client, world: World, accounts: Accounts, user: str
) -> None:
    login(client, getattr(accounts, user))
    for name in ("cycle", "decisions", "orders"):
        assert client.get(reverse(f"conscription:{name}", args=[world.cycle.pk])).status_code == 200
    listing = client.get(reverse("conscription:home")).content.decode()
    assert reverse("conscription:cycle", args=[world.cycle.pk]) in listing


def test_a_ward_of_the_new_regime_does_not_see_the_2023_cycle(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.vo_cuong_staff)
    listing = client.get(reverse("conscription:home"))
    assert world.cycle not in listing.context["page"].rows
    assert client.get(reverse("conscription:cycle", args=[world.cycle.pk])).status_code == 404


def test_the_cycle_page_shows_quotas_deadlines_mismatch_and_overdue(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    services.assign_quota(
        accounts.city_commander, world.cycle, tree.suoi_hoa, 2, assigned_on=dt.date(2022, 10, 2)
    )
    login(client, accounts.city_commander)
    page = client.get(reverse("conscription:cycle", args=[world.cycle.pk])).content.decode()
    assert "31/01/2023" in page  # latest order date: handover − 15 days
    assert "01/11/2022 – 31/12/2022" in page
    assert "khác chỉ tiêu được giao 2" in page  # children 3 ≠ city 2
    assert "Phường Suối Hoa" in page and "Phường Kinh Bắc" in page
    # Seen today, the 2023 cycle is long past: Nam never registered, no orders were issued.
    assert "1 công dân chưa đăng ký" in page
    assert "0/2 lệnh gọi" in page


def test_ward_staff_sees_only_their_own_ward(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    response = client.get(reverse("conscription:cycle", args=[world.cycle.pk]))
    assert [w.pk for w in response.context["wards"]] == [tree.suoi_hoa.pk]
    for name in WARD_PAGES:
        assert client.get(ward_url(name, world, tree.kinh_bac_old)).status_code == 404


def test_staff_of_another_ward_gets_404_on_its_people_and_orders(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    order = issue(world, accounts, tree)
    login(client, world.other_staff)
    cycle = world.cycle.pk
    for url in (
        reverse("conscription:propose", args=[cycle, world.fit.pk]),
        reverse("conscription:health_person", args=[cycle, world.fit.pk]),
        reverse("conscription:handover", args=[cycle, order.pk]),
        reverse("conscription:replace", args=[cycle, order.pk]),
        ward_url("pool", world, tree.suoi_hoa),
    ):
        assert client.get(url).status_code == 404, url
    decision = Decision.objects.get(person=world.student)
    assert client.get(reverse("conscription:decide", args=[cycle, decision.pk])).status_code == 404
    # ...and the lists hold nobody of Suối Hoa.
    orders = client.get(reverse("conscription:orders", args=[cycle]))
    assert list(orders.context["page"].rows) == []
    assert client.get(reverse("conscription:decisions", args=[cycle])).context["page"].rows == []


# -- who may write ---------------------------------------------------------------------------


def test_leaders_read_but_cannot_post(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.leader)
    cycle = world.cycle.pk
    assert client.get(ward_url("pool", world, tree.suoi_hoa)).status_code == 200
    posts = {
        ward_url("registration", world, tree.suoi_hoa): {"people": [world.newcomer.pk]},
        ward_url("health", world, tree.suoi_hoa): {"people": [world.fit.pk]},
        ward_url("review", world, tree.suoi_hoa): {"approved_on": "2023-01-05", "confirm": "on"},
        ward_url("issue", world, tree.suoi_hoa): {"people": [world.fit.pk]},
        reverse("conscription:propose", args=[cycle, world.fit.pk]): {},
        reverse("conscription:cycle_create"): {},
        reverse("conscription:quota", args=[cycle]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("conscription:cycle_create")).status_code == 403
    assert (
        client.get(reverse("conscription:propose", args=[cycle, world.fit.pk])).status_code == 403
    )
    assert not Registration.objects.filter(person=world.newcomer).exists()
    assert not Review.objects.exists()


def test_only_commanders_create_cycles_and_assign_quotas(
    client: Client, world: World, accounts: Accounts
) -> None:
    login(client, accounts.suoi_hoa_staff)
    assert client.get(reverse("conscription:cycle_create")).status_code == 403
    assert client.get(reverse("conscription:quota", args=[world.cycle.pk])).status_code == 403
    listing = client.get(reverse("conscription:home")).content.decode()
    assert reverse("conscription:cycle_create") not in listing


def test_the_commander_creates_a_cycle(client: Client, accounts: Accounts, tree: Tree) -> None:
    login(client, accounts.city_commander)
    assert client.get(reverse("conscription:cycle_create")).status_code == 200
    response = client.post(
        reverse("conscription:cycle_create"),
        {"unit": tree.city.pk, "year": 2024, "sequence": 1, "handover_date": "2024-02-26"},
    )
    cycle = CallUpCycle.objects.get(year=2024)
    assert response.status_code == 302
    assert response["Location"] == reverse("conscription:cycle", args=[cycle.pk])
    assert cycle.exam_start == dt.date(2023, 11, 1)


def test_the_commander_assigns_a_quota_and_sees_the_mismatch(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.city_commander)
    url = reverse("conscription:quota", args=[world.cycle.pk])
    assert client.get(url, {"unit": tree.suoi_hoa.pk}).context["form"].initial["number"] == 1
    response = client.post(
        url, {"unit": tree.suoi_hoa.pk, "number": 3, "assigned_on": "2022-10-05"}, follow=True
    )
    assert Quota.objects.get(cycle=world.cycle, unit=tree.suoi_hoa).number == 3
    assert "khác chỉ tiêu được giao 2" in response.content.decode()


def test_only_the_deciding_level_opens_the_decision_form(
    client: Client, world: World, accounts: Accounts
) -> None:
    decision = Decision.objects.get(person=world.student)
    url = reverse("conscription:decide", args=[world.cycle.pk, decision.pk])
    for user in (accounts.suoi_hoa_staff, accounts.province_commander, accounts.leader):
        login(client, user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, {"decided_on": "2022-12-05", "number": "1"}).status_code == 403
    login(client, accounts.city_commander)
    decisions = client.get(reverse("conscription:decisions", args=[world.cycle.pk]))
    assert url in decisions.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"decided_on": "2022-12-05", "number": "15/QĐ-UBND"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.decision_number == "15/QĐ-UBND"
    assert decision.decided_by == accounts.city_commander


def test_staff_see_no_decide_button(client: Client, world: World, accounts: Accounts) -> None:
    login(client, accounts.suoi_hoa_staff)
    response = client.get(reverse("conscription:decisions", args=[world.cycle.pk]))
    shown = response.context["page"].rows[0]  # undecided: staff may not decide it
    assert shown.decided_on is None and shown.unit_id not in response.context["table"].deciders
    assert "Chờ quyết định" in response.content.decode()


# -- bulk actions with confirmation ----------------------------------------------------------


def test_bulk_registration_asks_for_confirmation_then_numbers_automatically(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    url = ward_url("registration", world, tree.suoi_hoa)
    page = client.get(url)
    assert [p.pk for p in page.context["page"].rows] == [world.newcomer.pk]
    data = {"people": [world.newcomer.pk], "registered_on": "2022-04-01", "place": "UBND phường"}
    confirm = client.post(url, data)
    assert confirm.status_code == 200
    assert "Xác nhận" in confirm.content.decode()
    assert "2022-0001" in confirm.content.decode()
    assert not Registration.objects.filter(person=world.newcomer).exists()
    done = client.post(url, {**data, "confirmed": "1"}, follow=True)
    registration = Registration.objects.get(person=world.newcomer)
    assert (registration.number, registration.unit) == ("2022-0001", tree.suoi_hoa)
    assert "Đã ghi nhận đăng ký cho 1 công dân." in done.content.decode()


def test_bulk_health_results_are_recorded_after_confirmation(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    url = ward_url("health", world, tree.suoi_hoa)
    data = {
        "people": [world.fit.pk, world.student.pk],
        "kind": "pre",
        "examined_on": "2022-10-10",
        "health_class": "2",
    }
    assert client.post(url, data).status_code == 200
    assert not HealthResult.objects.filter(kind="pre").exists()
    client.post(url, {**data, "confirmed": "1"})
    assert HealthResult.objects.filter(kind="pre", health_class=2).count() == 2


def test_the_per_person_health_form_records_exclusions(
    client: Client, world: World, accounts: Accounts
) -> None:
    login(client, accounts.suoi_hoa_staff)
    url = reverse("conscription:health_person", args=[world.cycle.pk, world.fit.pk])
    assert client.get(url).context["form"].initial["health_class"] == 1
    data = {
        "kind": "exam",
        "examined_on": "2022-11-20",
        "health_class": "1",
        "drug_addicted": "on",
        "myopia_dioptres": "1,5",
        "bmi": "21,4",
    }
    assert client.post(url, data).status_code == 302
    result = HealthResult.objects.get(person=world.fit, kind="exam")
    assert result.drug_addicted and str(result.myopia_dioptres) == "1.50"


def test_bulk_orders_are_numbered_and_confirmed(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    approve(world, accounts, tree)
    login(client, accounts.city_commander)
    url = ward_url("issue", world, tree.suoi_hoa)
    waiting = client.get(url).context["waiting"]
    # The student's deferral is only proposed: he stays callable, beyond the quota of 1.
    assert [(row["entry"].person, row["within"]) for row in waiting.ordered_data] == [
        (world.fit, True),
        (world.student, False),
    ]
    data = {"people": [world.fit.pk], "issued_on": "2023-01-20", "report_place": "Sân vận động"}
    confirm = client.post(url, data)
    assert "số 1/2023" in confirm.content.decode()
    assert not CallUpOrder.objects.exists()
    client.post(url, {**data, "confirmed": "1"})
    order = CallUpOrder.objects.get()
    assert (order.person, order.number, order.issuer) == (world.fit, 1, tree.city)


def test_before_the_reform_ward_staff_do_not_sign_orders(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    """Art. 34.6 (2015 text): the district military commander signs the "lệnh gọi"."""
    approve(world, accounts, tree)
    login(client, accounts.suoi_hoa_staff)
    url = ward_url("issue", world, tree.suoi_hoa)
    page = client.get(url)
    assert page.context["can_sign"] is False
    assert "Ra lệnh gọi cho người đã chọn" not in page.content.decode()
    data = {"people": [world.fit.pk], "issued_on": "2023-01-20", "report_place": "Sân vận động"}
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 403
    assert not CallUpOrder.objects.exists()


def test_the_council_approves_a_ward_list(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    url = ward_url("review", world, tree.suoi_hoa)
    login(client, accounts.suoi_hoa_staff)
    page = client.get(url)
    assert page.context["can_approve"] is False
    assert [e.person for e in page.context["lists"].callable] == [world.fit]
    assert client.post(url, {"approved_on": "2023-01-05", "confirm": "on"}).status_code == 403
    login(client, accounts.city_commander)
    refused = client.post(url, {"approved_on": "2023-01-05"})
    assert refused.status_code == 400
    assert "Đánh dấu ô xác nhận để phê duyệt." in refused.content.decode()
    unproposed = client.post(url, {"approved_on": "2023-01-05", "confirm": "on"})
    assert unproposed.status_code == 400
    missing = "Chưa có nghị quyết của Hội đồng nghĩa vụ quân sự cấp huyện"
    assert missing in unproposed.content.decode()
    assert not Review.objects.exists()
    council_proposes(accounts.city_commander, world.cycle, tree.suoi_hoa, dt.date(2023, 1, 5))
    client.post(url, {"approved_on": "2023-01-05", "confirm": "on"})
    review = Review.objects.get(cycle=world.cycle, unit=tree.suoi_hoa)
    assert review.posted_until == dt.date(2023, 1, 25)


def test_handover_and_replacement_from_the_reserve(
    client: Client, world: World, accounts: Accounts, tree: Tree, make_person: Any
) -> None:
    spare = make_person(
        tree.suoi_hoa, given_name="Tài", birth_date=dt.date(2003, 9, 9), education_level=12
    )
    services.record_registration(
        accounts.admin, spare, registered_on=dt.date(2020, 4, 5), number="2020-0009"
    )
    services.record_health(
        accounts.admin,
        world.cycle,
        spare,
        kind="exam",
        examined_on=dt.date(2022, 11, 15),
        health_class=2,
    )
    order = issue(world, accounts, tree)
    login(client, accounts.suoi_hoa_staff)
    handover = reverse("conscription:handover", args=[world.cycle.pk, order.pk])
    response = client.post(
        handover, {"result": "failed", "on": "2023-02-15", "failure_reason": "Ốm nặng"}
    )
    assert response.status_code == 302
    replace = reverse("conscription:replace", args=[world.cycle.pk, order.pk])
    assert client.get(replace).status_code == 403  # the city signs replacements too
    login(client, accounts.city_commander)
    form = client.get(replace).context["form"]
    assert list(form.fields["person"].queryset) == [world.student, spare]
    response = client.post(
        replace,
        {
            "person": spare.pk,
            "issued_on": "2023-02-16",
            "report_on": "2023-03-05",
            "report_place": "Sân vận động",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    replacement = CallUpOrder.objects.get(person=spare)
    assert (replacement.replaces, replacement.number) == (order, 2)


# -- bad input -------------------------------------------------------------------------------


def test_a_health_class_outside_1_to_6_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    data = {
        "people": [world.fit.pk],
        "kind": "exam",
        "examined_on": "2022-11-20",
        "health_class": "7",
        "confirmed": "1",
    }
    response = client.post(ward_url("health", world, tree.suoi_hoa), data)
    assert response.status_code == 400
    assert "Phân loại sức khỏe phải từ 1 đến 6." in response.content.decode()
    assert HealthResult.objects.get(person=world.fit, kind="exam").examined_on == dt.date(
        2022, 11, 15
    )


def test_an_examination_outside_the_window_is_refused_for_the_whole_batch(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    data = {
        "people": [world.fit.pk, world.student.pk],
        "kind": "exam",
        "examined_on": "2023-01-20",
        "health_class": "3",
        "confirmed": "1",
    }
    response = client.post(ward_url("health", world, tree.suoi_hoa), data)
    assert response.status_code == 400
    assert "Ngày khám phải trong thời gian khám của đợt" in response.content.decode()
    assert not HealthResult.objects.filter(health_class=3).exists()


def test_a_deferral_without_a_ground_is_refused(
    client: Client, world: World, accounts: Accounts
) -> None:
    login(client, accounts.suoi_hoa_staff)
    url = reverse("conscription:propose", args=[world.cycle.pk, world.fit.pk])
    page = client.get(url).content.decode()
    assert "g) Đang học tại cơ sở giáo dục phổ thông" in page
    response = client.post(
        url, {"ground": "", "evidence": "Giấy xác nhận", "proposed_on": "2022-12-01"}
    )
    assert response.status_code == 400
    assert "Phải chọn lý do tạm hoãn hoặc miễn (điểm của Điều 41)." in response.content.decode()
    assert not Decision.objects.filter(person=world.fit).exists()


def test_a_deferral_without_its_end_date_shows_the_service_message(
    client: Client, world: World, accounts: Accounts
) -> None:
    login(client, accounts.suoi_hoa_staff)
    url = reverse("conscription:propose", args=[world.cycle.pk, world.fit.pk])
    response = client.post(
        url, {"ground": "deferral:d", "evidence": "Giấy báo", "proposed_on": "2022-12-01"}
    )
    assert response.status_code == 400
    assert "Tạm hoãn phải ghi ngày hết lý do" in response.content.decode()
    ok = client.post(
        url,
        {
            "ground": "exemption:b",
            "evidence": "Giấy chứng nhận liệt sĩ",
            "proposed_on": "2022-12-01",
        },
    )
    assert ok.status_code == 302
    assert Decision.objects.get(person=world.fit).kind == "exemption"


def test_an_order_for_someone_deferred_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    decision = Decision.objects.get(person=world.student)
    services.decide(accounts.city_commander, decision, decided_on=dt.date(2022, 12, 5), number="15")
    approve(world, accounts, tree)
    login(client, accounts.city_commander)
    url = ward_url("issue", world, tree.suoi_hoa)
    waiting = client.get(url).context["waiting"].ordered_data
    assert world.student.pk not in [row["entry"].person.pk for row in waiting]
    data = {
        "people": [world.student.pk],
        "issued_on": "2023-01-20",
        "report_place": "Sân vận động",
        "confirmed": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "không thuộc danh sách này" in response.content.decode()
    assert not CallUpOrder.objects.exists()


def test_an_order_after_the_notice_deadline_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    approve(world, accounts, tree)
    login(client, accounts.city_commander)
    data = {
        "people": [world.fit.pk],
        "issued_on": "2023-02-05",
        "report_place": "Sân vận động",
        "confirmed": "1",
    }
    response = client.post(ward_url("issue", world, tree.suoi_hoa), data)
    assert response.status_code == 400
    assert "ít nhất 15 ngày" in response.content.decode()
    assert not CallUpOrder.objects.exists()


def test_a_handover_before_the_order_date_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    order = issue(world, accounts, tree)
    login(client, accounts.suoi_hoa_staff)
    url = reverse("conscription:handover", args=[world.cycle.pk, order.pk])
    response = client.post(
        url, {"result": "handed_over", "on": "2023-01-10", "receiving_unit": "e1"}
    )
    assert response.status_code == 400
    assert "Ngày giao quân không được trước ngày ký lệnh gọi." in response.content.decode()
    missing = client.post(url, {"result": "handed_over", "on": "2023-02-15"})
    assert "Phải ghi đơn vị nhận quân." in missing.content.decode()
    order.refresh_from_db()
    assert order.outcome == Outcome.PENDING


def test_a_quota_below_those_handed_over_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    order = issue(world, accounts, tree)
    services.record_delivery(accounts.suoi_hoa_staff, order, delivered_on=ON)
    services.record_handover(
        accounts.suoi_hoa_staff, order, handed_over=True, on=HANDOVER, receiving_unit="e1"
    )
    login(client, accounts.city_commander)
    url = reverse("conscription:quota", args=[world.cycle.pk])
    response = client.post(
        url, {"unit": tree.suoi_hoa.pk, "number": 0, "assigned_on": "2023-01-01"}
    )
    assert response.status_code == 400
    assert "thấp hơn số đã giao quân" in response.content.decode()
    negative = client.post(
        url, {"unit": tree.suoi_hoa.pk, "number": -1, "assigned_on": "2023-01-01"}
    )
    assert "Chỉ tiêu không được âm." in negative.content.decode()
    assert Quota.objects.get(cycle=world.cycle, unit=tree.suoi_hoa).number == 1


def test_a_handover_outside_february_and_march_is_refused(
    client: Client, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.city_commander)
    response = client.post(
        reverse("conscription:cycle_create"),
        {"unit": tree.city.pk, "year": 2024, "sequence": 1, "handover_date": "2024-05-10"},
    )
    assert response.status_code == 400
    assert "tháng Hai hoặc tháng Ba" in response.content.decode()
    assert not CallUpCycle.objects.exists()


def test_a_forged_ward_in_a_bulk_post_is_refused(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    data = {
        "people": [world.neighbour.pk],
        "kind": "exam",
        "examined_on": "2022-11-20",
        "health_class": "2",
        "confirmed": "1",
    }
    response = client.post(ward_url("health", world, tree.suoi_hoa), data)
    assert response.status_code == 400
    assert "không thuộc danh sách này" in response.content.decode()
    assert HealthResult.objects.get(person=world.neighbour).health_class == 1


def test_nothing_ticked_is_a_clear_error(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, accounts.suoi_hoa_staff)
    response = client.post(
        ward_url("registration", world, tree.suoi_hoa), {"registered_on": "2022-04-01"}
    )
    assert response.status_code == 400
    assert "Chọn ít nhất một công dân trong danh sách." in response.content.decode()


# -- the pool --------------------------------------------------------------------------------


def test_the_pool_shows_states_with_their_articles_and_filters(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    decision = Decision.objects.get(person=world.student)
    services.decide(accounts.city_commander, decision, decided_on=dt.date(2022, 12, 5), number="15")
    login(client, accounts.suoi_hoa_staff)
    url = ward_url("pool", world, tree.suoi_hoa)
    page = client.get(url).content.decode()
    assert "Tạm hoãn gọi nhập ngũ" in page
    assert "điểm g khoản 1 Điều 41 Luật Nghĩa vụ quân sự" in page
    assert "Điều 30, khoản 1 Điều 31 Luật NVQS" in page

    def shown(**query: Any) -> list[Person]:
        return [entry.person for entry in client.get(url, query).context["page"].rows]

    assert shown(state="deferred") == [world.student]
    assert shown(state="callable") == [world.fit]
    assert shown(q="quang") == [world.student]
    assert shown(age_min=20, on="2023-03-20") == [world.fit]
    assert shown(age_max=19, on="2023-03-20") == [world.student]
    partial = client.get(url, {"state": "callable"}, headers={"HX-Request": "true"})
    assert partial.templates[0].name == "conscription/_pool_table.html"
    before_the_law = client.get(url, {"on": "2010-01-01"})
    assert before_the_law.status_code == 200
    assert "trước khi Luật Nghĩa vụ quân sự 2015 có hiệu lực" in before_the_law.content.decode()


# -- exports and printing --------------------------------------------------------------------


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_every_list_exports_to_xlsx(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    issue(world, accounts, tree)
    login(client, accounts.suoi_hoa_staff)
    cycle = world.cycle.pk
    urls = [
        reverse("conscription:home"),
        reverse("conscription:cycle", args=[cycle]),
        reverse("conscription:decisions", args=[cycle]),
        reverse("conscription:orders", args=[cycle]),
        *(ward_url(name, world, tree.suoi_hoa) for name in WARD_PAGES),
    ]
    names = {}
    for url in urls:
        rows = _sheet(client.get(url, {"format": "xlsx"}))
        names[url] = {cell for row in rows[1:] for cell in row}
    assert "Nguyễn Văn Nam" in names[ward_url("registration", world, tree.suoi_hoa)]
    assert "Nguyễn Văn Quang" in names[reverse("conscription:decisions", args=[cycle])]
    assert "1/2023" in names[reverse("conscription:orders", args=[cycle])]
    registered = _sheet(
        client.get(
            ward_url("registration", world, tree.suoi_hoa), {"format": "xlsx", "list": "registered"}
        )
    )
    assert registered[0][0] == "Họ và tên"


def test_exports_hold_only_the_users_ward(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    login(client, world.other_staff)
    rows = _sheet(
        client.get(reverse("conscription:decisions", args=[world.cycle.pk]), {"format": "xlsx"})
    )
    assert rows[1:] == []


def test_orders_print_as_one_docx(
    client: Client, world: World, accounts: Accounts, tree: Tree
) -> None:
    order = issue(world, accounts, tree)
    login(client, accounts.suoi_hoa_staff)
    url = reverse("conscription:orders_print", args=[world.cycle.pk])
    response = client.get(url, {"order": [order.pk]})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response.content[:2] == b"PK"
    every = client.get(url, {"all": "1"})
    assert every["Content-Type"] == DOCX
    nothing = client.get(url)
    assert nothing.status_code == 302


def test_registration_defaults_to_a_day_the_ward_exists_and_the_confirmation_checks_it(
    client: Client, accounts: Accounts, tree: Tree, make_person: Any
) -> None:
    """Issue 12 item 1: new Kinh Bắc exists from 01/07/2025; the 2026 cycle registers on
    01/04/2025. The page must not default to a day the save refuses, and the confirmation must
    not promise a number the save would then refuse."""
    cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 20),
    )
    assert cycle.registration_date < tree.kinh_bac.valid_from
    young = make_person(tree.kinh_bac, given_name="Tâm", birth_date=dt.date(2008, 3, 1))
    login(client, accounts.kinh_bac_staff)
    url = reverse("conscription:registration", args=[cycle.pk, tree.kinh_bac.pk])
    page = client.get(url)
    assert page.context["form"].initial["registered_on"] == tree.kinh_bac.valid_from
    data = {"people": [young.pk], "place": "UBND phường"}
    refused = client.post(url, {**data, "registered_on": "2025-04-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "không còn hoặc chưa có hiệu lực vào ngày 01/04/2025" in html
    assert "2025-0001" not in html  # no number promised
    confirm = client.post(url, {**data, "registered_on": "2025-07-01"})
    assert confirm.status_code == 200 and "2025-0001" in confirm.content.decode()
    client.post(url, {**data, "registered_on": "2025-07-01", "confirmed": "1"})
    assert Registration.objects.get(person=young).number == "2025-0001"
