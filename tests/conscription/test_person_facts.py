"""A person's Art. 13 measures, Art. 4.4 recognition and volunteering on the person page (with
period, article and a link to the list narrowed to him, in the page's query budget), and the
list of volunteers across cycles, kept to the user's wards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from qpdp.conscription import services
from qpdp.conscription.rules import MeasureKind, RecognitionGround
from qpdp.people.models import Person
from tests.conftest import Accounts
from tests.conscription.test_views import World, world  # noqa: F401  # the fixture


def bar(
    accounts: Accounts,
    person: Person,
    ends_on: dt.date | None = None,
    kind: MeasureKind = MeasureKind.PROSECUTION,
) -> None:
    services.record_measure(
        accounts.suoi_hoa_staff,
        services.MeasureInput(
            person,
            kind,
            dt.date(2022, 12, 5),
            ends_on,
            "12/QĐ-VKS",
            dt.date(2022, 12, 5),
        ),
    )


def recognise(accounts: Accounts, person: Person) -> None:
    services.record_recognition(
        accounts.suoi_hoa_staff,
        services.RecognitionInput(
            person=person,
            ground=RecognitionGround.COMMUNE_POLICE,
            months_served=36,
            recognised_on=dt.date(2022, 12, 20),
            decision_number="45/QĐ-BCH",
            signer="Chỉ huy trưởng",
        ),
    )


def volunteer(accounts: Accounts, world: World) -> None:  # noqa: F811
    services.record_volunteering(
        accounts.suoi_hoa_staff,
        world.cycle,
        world.student,
        applied_on=dt.date(2022, 12, 10),
        note="Xin nhập ngũ trước khi học tiếp",
    )


def person_page(client: Client, user: Any, person: Person) -> str:
    client.force_login(user)
    return client.get(reverse("people:detail", args=[person.pk])).content.decode()


def narrowed(name: str, person: Person) -> str:
    return f"{reverse(name)}?{urlencode({'person': person.pk})}"


def test_the_person_page_lists_a_measure_with_its_period_article_and_list(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    bar(accounts, world.fit)
    html = person_page(client, accounts.suoi_hoa_staff, world.fit)
    assert (
        "Không đăng ký, không gọi nhập ngũ: Đang bị truy cứu trách nhiệm hình sự (điểm a khoản 1 "
        "Điều 13 Luật Nghĩa vụ quân sự), từ 05/12/2022, chưa có ngày kết thúc; văn bản số "
        "12/QĐ-VKS" in html
    )
    assert f'href="{narrowed("conscription:measures", world.fit)}"' in html.replace("&amp;", "&")
    assert "Đăng ký nghĩa vụ quân sự lần đầu, số 2020-0001" in html  # the registration stays


def test_an_ended_measure_shows_both_ends(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    bar(accounts, world.fit, ends_on=dt.date(2023, 6, 30))
    html = person_page(client, accounts.suoi_hoa_staff, world.fit)
    assert "từ 05/12/2022 đến 30/06/2023" in html


def test_the_person_page_lists_a_recognition_and_a_volunteering(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    recognise(accounts, world.student)
    volunteer(accounts, world)
    html = person_page(client, accounts.suoi_hoa_staff, world.student)
    assert (
        "Công nhận hoàn thành nghĩa vụ quân sự tại ngũ: Công an xã phục vụ liên tục từ đủ 36 "
        "tháng trở lên (điểm b khoản 4 Điều 4 Luật Nghĩa vụ quân sự), 36 tháng phục vụ; "
        "quyết định số 45/QĐ-BCH" in html
    )
    assert (
        "Đơn tình nguyện nhập ngũ, Tuyển quân năm 2023 (khoản 2 Điều 6, khoản 3 Điều 41 Luật "
        "NVQS): Xin nhập ngũ trước khi học tiếp" in html
    )
    for name in ("conscription:recognitions", "conscription:volunteers"):
        assert f'href="{narrowed(name, world.student)}"' in html.replace("&amp;", "&")
    # in date order: the deferral proposal (01/12), the volunteering (10/12), the recognition
    assert html.index("Đơn tình nguyện") < html.index("Công nhận hoàn thành")


def test_another_wards_staff_sees_none_of_the_facts(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    bar(accounts, world.fit)
    client.force_login(world.other_staff)
    response = client.get(reverse("people:detail", args=[world.fit.pk]))
    assert "Điều 13" not in response.content.decode()


def test_the_facts_cost_the_person_page_no_query_more(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
    django_assert_num_queries: Any,
) -> None:
    """The registration, measures, recognition and volunteering are read in one query, however
    many there are."""
    client.force_login(accounts.suoi_hoa_staff)
    url = reverse("people:detail", args=[world.student.pk])
    client.get(url)  # the first view imports the sections (core.registry)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    bar(accounts, world.student)
    bar(accounts, world.student, ends_on=None, kind=MeasureKind.PROBATION)
    recognise(accounts, world.student)
    volunteer(accounts, world)
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Không đăng ký, không gọi nhập ngũ:") == 2


# -- the volunteers' list ------------------------------------------------------------------------


def test_the_volunteers_list_is_linked_from_the_facts_navigation(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    client.force_login(accounts.suoi_hoa_staff)
    html = client.get(reverse("conscription:home")).content.decode()
    assert f'href="{reverse("conscription:volunteers")}"' in html


def test_the_volunteers_list_shows_the_wards_applications_with_their_cycle(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    volunteer(accounts, world)
    client.force_login(accounts.suoi_hoa_staff)
    html = client.get(reverse("conscription:volunteers")).content.decode()
    assert "Nguyễn Văn Quang" in html
    cycle_url = reverse("conscription:cycle", args=[world.cycle.pk])
    assert f'href="{cycle_url}">Tuyển quân năm 2023' in html
    assert "10/12/2022" in html and "Xin nhập ngũ trước khi học tiếp" in html
    assert "khoản 2 Điều 6, khoản 3 Điều 41" in html  # the page says whose applications these are


def test_another_wards_staff_does_not_see_the_volunteer(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    volunteer(accounts, world)
    client.force_login(world.other_staff)
    html = client.get(reverse("conscription:volunteers")).content.decode()
    assert "Nguyễn Văn Quang" not in html
    assert "Chưa ghi đơn tình nguyện nào." in html


def test_the_facts_lists_narrow_to_the_person_the_person_page_links(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    bar(accounts, world.fit)
    bar(accounts, world.student)
    volunteer(accounts, world)
    client.force_login(accounts.suoi_hoa_staff)
    measures = client.get(narrowed("conscription:measures", world.student)).content.decode()
    assert "Nguyễn Văn Quang" in measures and "Nguyễn Văn Phong" not in measures
    assert f'<input type="hidden" name="person" value="{world.student.pk}"' in measures
    volunteers = client.get(narrowed("conscription:volunteers", world.fit)).content.decode()
    assert "Nguyễn Văn Quang" not in volunteers


def test_the_volunteers_list_exports_its_rows(
    client: Client,
    accounts: Accounts,
    world: World,  # noqa: F811
) -> None:
    volunteer(accounts, world)
    client.force_login(accounts.suoi_hoa_staff)
    export = client.get(reverse("conscription:volunteers"), {"format": "csv"})
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert "Họ và tên" in text and "Nguyễn Văn Quang" in text and "Tuyển quân năm 2023" in text
