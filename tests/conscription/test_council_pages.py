"""The council's pages: the cycle's meetings with their votes and results, and the minutes
recorded after a confirmation that says whether the resolution passes (Art. 36.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from qpdp.conscription.models import CouncilMeeting, Review
from tests.conftest import Accounts, Tree
from tests.conscription.council import council_proposes, propose, review
from tests.conscription.test_views import World, login, world  # noqa: F401  # the fixture


def form_url(world: World) -> str:  # noqa: F811
    return reverse("conscription:council_record", args=[world.cycle.pk])


def minutes(unit: Any, **changes: Any) -> dict[str, Any]:
    return {
        "step": "review",
        "unit": unit.pk,
        "held_on": "04/01/2023",
        "members_total": "7",
        "members_present": "6",
        "votes_for": "4",
        "votes_against": "2",
        "resolution_number": "01/NQ-HĐNVQS",
        "content": "Thông qua danh sách gọi nhập ngũ, tạm hoãn, miễn.",
        **changes,
    }


def test_a_ward_records_its_councils_review_after_confirming(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    login(client, accounts.suoi_hoa_staff)
    assert client.get(form_url(world)).status_code == 200
    data = minutes(tree.suoi_hoa)
    confirm = client.post(form_url(world), data)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "Thông qua" in text and "cần ít nhất 4/7" in text
    assert not CouncilMeeting.objects.exists()
    saved = client.post(form_url(world), {**data, "confirmed": "1"})
    assert saved.status_code == 302
    meeting = CouncilMeeting.objects.get()
    assert (meeting.unit, meeting.votes_for, meeting.passed) == (tree.suoi_hoa, 4, True)


def test_the_confirmation_says_a_vote_of_half_the_members_fails(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    login(client, accounts.suoi_hoa_staff)
    data = minutes(tree.suoi_hoa, members_total="8", votes_for="4", votes_against="2")
    text = client.post(form_url(world), data).content.decode()
    assert "Không thông qua" in text and "cần ít nhất 5/8" in text


def test_votes_over_the_members_present_come_back_on_the_form(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    login(client, accounts.suoi_hoa_staff)
    refused = client.post(form_url(world), minutes(tree.suoi_hoa, votes_against="3"))
    assert refused.status_code == 400
    assert "không được nhiều hơn số thành viên có mặt (6)" in refused.content.decode()
    assert not CouncilMeeting.objects.exists()


def test_another_wards_account_cannot_record_for_this_ward(
    client: Client,
    world: World,  # noqa: F811
    tree: Tree,
) -> None:
    login(client, world.other_staff)  # Kinh Bắc (2022)
    data = {**minutes(tree.suoi_hoa), "confirmed": "1"}
    assert client.post(form_url(world), data).status_code == 400  # not a unit it is offered
    assert not CouncilMeeting.objects.exists()


def test_leaders_cannot_record_and_other_cycles_are_not_found(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    login(client, accounts.leader)
    assert client.get(form_url(world)).status_code == 403
    data = {**minutes(tree.suoi_hoa), "confirmed": "1"}
    assert client.post(form_url(world), data).status_code == 403
    login(client, accounts.vo_cuong_staff)  # a 2026 ward with no 2022 predecessor in the city
    assert client.get(form_url(world)).status_code == 404
    assert client.post(form_url(world), data).status_code == 404
    assert not CouncilMeeting.objects.exists()


def test_the_cycle_page_shows_each_councils_votes_and_result(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    day = dt.date(2023, 1, 5)
    council_proposes(accounts.city_commander, world.cycle, tree.suoi_hoa, day)
    review(accounts.city_commander, world.cycle, tree.kinh_bac_old, day)
    propose(accounts.city_commander, world.cycle, tree.kinh_bac_old, day, votes_for=4)
    login(client, accounts.city_commander)
    page = client.get(reverse("conscription:cycle", args=[world.cycle.pk]))
    rows = page.context["council_table"].rows
    results = [(r.record.unit.pk, r.record.step, r.get_cell_value("result")) for r in rows]
    assert results[:2] == [  # the city's council first, then the wards' (by unit)
        (tree.city.pk, "proposal", "Thông qua"),
        (tree.city.pk, "proposal", "Không thông qua"),
    ]
    assert sorted(results[2:]) == sorted(
        [(tree.kinh_bac_old.pk, "review", "Thông qua"), (tree.suoi_hoa.pk, "review", "Thông qua")]
    )
    text = page.content.decode()
    assert "Không thông qua" in text and "cần 5/8" in text
    listing = client.get(reverse("conscription:council", args=[world.cycle.pk]))
    assert listing.status_code == 200
    assert "Không thông qua" in listing.content.decode()
    export = client.get(reverse("conscription:council", args=[world.cycle.pk]), {"format": "xlsx"})
    assert export.status_code == 200


def test_a_wards_staff_sees_its_own_councils_meetings_only(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    day = dt.date(2023, 1, 5)
    review(accounts.city_commander, world.cycle, tree.suoi_hoa, day)
    review(accounts.city_commander, world.cycle, tree.kinh_bac_old, day)
    login(client, accounts.suoi_hoa_staff)
    page = client.get(reverse("conscription:council", args=[world.cycle.pk]))
    assert [row.record.unit for row in page.context["table"].rows] == [tree.suoi_hoa]


def test_the_approval_page_names_the_missing_proposal(
    client: Client,
    world: World,  # noqa: F811
    accounts: Accounts,
    tree: Tree,
) -> None:
    url = reverse("conscription:review", args=[world.cycle.pk, tree.suoi_hoa.pk])
    login(client, accounts.city_commander)
    refused = client.post(url, {"approved_on": "05/01/2023", "confirm": "on"})
    assert refused.status_code == 400
    assert "Chưa có nghị quyết của Hội đồng nghĩa vụ quân sự cấp huyện" in refused.content.decode()
    assert not Review.objects.exists()
