"""The militia writes that have a page of their own: deferrals and exemptions, a member's
transfer, a unit's authorised strength and its dissolution (confirmed first). A ward's officer
does each; a refusal of the service shows its Vietnamese message on the form and changes
nothing; an officer of another ward gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.core.audit import Action, AuditEntry
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.models import DutyDecision, Membership, MilitiaUnit
from qpdp.militia.rules import DutyDecisionKind, EndReason
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree
from tests.militia.conftest import JOINED, make_unit, unchanged

pytestmark = pytest.mark.django_db


def logged(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def codes(response: Any, field: str) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data()[field]]


@pytest.fixture
def dung(make_person: Callable[..., Person], tree: Tree) -> Person:
    return make_person(tree.kinh_bac, given_name="Dũng")


@pytest.fixture
def member(platoon: MilitiaUnit, dung: Person, enrol: Callable[..., Membership]) -> Membership:
    return enrol(platoon, dung)


# -- deferral and exemption ---------------------------------------------------------------------


def decision_form(person: Person, tree: Tree, **overrides: Any) -> dict[str, Any]:
    data = {
        "person": person.pk,
        "unit": tree.kinh_bac.pk,
        "ground": "deferral/b",
        "evidence": "Giấy khám sức khỏe của Trung tâm y tế",
        "decided_on": "2026-03-10",
        "until": "2027-03-10",
        "number": "21/QĐ-UBND",
        "signer": "Nguyễn Văn Chủ tịch",
    }
    data.update(overrides)
    return data


def test_a_ward_officer_records_a_deferral_and_lists_it(
    client: Client, accounts: Accounts, tree: Tree, dung: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:decision_create")
    search = client.get(url, {"q": "dung"}).content.decode()
    assert f"person={dung.pk}" in search

    response = client.post(url, decision_form(dung, tree))
    assert response.status_code == 302
    assert response["Location"] == reverse("militia:decisions")
    decision = DutyDecision.objects.get(person=dung)
    assert (decision.kind, decision.ground, decision.until) == (
        DutyDecisionKind.DEFERRAL,
        "b",
        dt.date(2027, 3, 10),
    )
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(decision.pk)).exists()

    listing = client.get(reverse("militia:decisions")).content.decode()
    assert "Nguyễn Văn Dũng" in listing and "điểm b khoản 1 Điều 11" in listing
    assert reverse("people:detail", args=[dung.pk]) in listing


def test_a_deferral_without_its_end_is_refused_on_the_form(
    client: Client, accounts: Accounts, tree: Tree, dung: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    with unchanged():
        response = client.post(
            reverse("militia:decision_create"), decision_form(dung, tree, until="")
        )
    assert response.status_code == 400
    assert codes(response, "until") == [ErrorCode.UNTIL_REQUIRED]
    assert "Tạm hoãn phải ghi ngày hết lý do tạm hoãn." in response.content.decode()

    # An exemption carries no end: the same form is saved.
    response = client.post(
        reverse("militia:decision_create"),
        decision_form(dung, tree, ground="exemption/dd", until=""),
    )
    assert response.status_code == 302
    assert DutyDecision.objects.get(person=dung).kind == DutyDecisionKind.EXEMPTION


def test_another_ward_neither_finds_the_person_nor_reads_the_decision(
    client: Client, accounts: Accounts, tree: Tree, dung: Person
) -> None:
    logged(client, accounts.kinh_bac_staff)
    client.post(reverse("militia:decision_create"), decision_form(dung, tree))

    logged(client, accounts.vo_cuong_staff)
    url = reverse("militia:decision_create")
    assert f"person={dung.pk}" not in client.get(url, {"q": "dung"}).content.decode()
    with unchanged():
        response = client.post(url, decision_form(dung, tree, number="22/QĐ"))
    assert response.status_code == 400  # neither the person nor the ward is a valid choice
    assert {"person", "unit"} <= set(response.context["form"].errors)
    assert "Nguyễn Văn Dũng" not in client.get(reverse("militia:decisions")).content.decode()


def test_the_decision_list_filters_by_kind_and_name_in_bounded_queries(
    client: Client,
    accounts: Accounts,
    tree: Tree,
    dung: Person,
    make_person: Callable[..., Person],
    django_assert_max_num_queries: Any,
) -> None:
    hung = make_person(tree.kinh_bac, given_name="Hùng")
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:decision_create")
    client.post(url, decision_form(dung, tree))
    client.post(url, decision_form(hung, tree, ground="exemption/dd", until="", number="23/QĐ"))

    listing = reverse("militia:decisions")
    exempt = client.get(listing, {"kind": DutyDecisionKind.EXEMPTION}).content.decode()
    assert "Nguyễn Văn Hùng" in exempt and "Nguyễn Văn Dũng" not in exempt
    found = client.get(listing, {"q": "dung"}).content.decode()
    assert "Nguyễn Văn Dũng" in found and "Nguyễn Văn Hùng" not in found
    with django_assert_max_num_queries(12):
        response = client.get(listing, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()


# -- transfer -----------------------------------------------------------------------------------


def transfer_form(to: MilitiaUnit, **overrides: Any) -> dict[str, Any]:
    data = {
        "militia_unit": to.pk,
        "post": "member",
        "on": "2026-06-01",
        "decision_number": "31/QĐ-UBND",
        "decision_date": "2026-05-28",
    }
    data.update(overrides)
    return data


def test_a_ward_officer_transfers_a_member_keeping_the_term(
    client: Client, accounts: Accounts, tree: Tree, member: Membership
) -> None:
    other = make_unit(accounts.province_commander, tree.kinh_bac, name="Trung đội cơ động 2")
    logged(client, accounts.kinh_bac_staff)
    detail = client.get(reverse("militia:member", args=[member.pk])).content.decode()
    url = reverse("militia:transfer", args=[member.pk])
    assert url in detail

    response = client.post(url, transfer_form(other))
    moved = Membership.objects.get(militia_unit=other)
    assert response.status_code == 302
    assert response["Location"] == reverse("militia:member", args=[moved.pk])
    member.refresh_from_db()
    assert (member.ended_on, member.end_reason) == (dt.date(2026, 6, 1), EndReason.TRANSFERRED)
    assert (moved.term_start, moved.term_end) == (member.term_start, member.term_end)


def test_a_transfer_on_the_day_he_joined_is_refused_and_another_ward_gets_404(
    client: Client, accounts: Accounts, tree: Tree, member: Membership
) -> None:
    other = make_unit(accounts.province_commander, tree.kinh_bac, name="Trung đội cơ động 2")
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:transfer", args=[member.pk])
    with unchanged():
        response = client.post(url, transfer_form(other, on=JOINED.isoformat()))
    assert response.status_code == 400
    assert codes(response, "on") == [ErrorCode.END_BEFORE_JOINING]
    assert "Ngày chuyển phải sau ngày vào đơn vị hiện tại 02/03/2026." in response.content.decode()

    logged(client, accounts.vo_cuong_staff)
    assert client.get(url).status_code == 404
    with unchanged():
        assert client.post(url, transfer_form(other)).status_code == 404


# -- authorised strength and dissolution ----------------------------------------------------------


def test_the_strength_cannot_go_below_the_roster(
    client: Client,
    accounts: Accounts,
    platoon: MilitiaUnit,
    member: Membership,
    make_person: Callable[..., Person],
    tree: Tree,
    enrol: Callable[..., Membership],
) -> None:
    enrol(platoon, make_person(tree.kinh_bac, given_name="Hùng"))
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:strength", args=[platoon.pk])
    assert url in client.get(reverse("militia:unit", args=[platoon.pk])).content.decode()
    with unchanged():
        response = client.post(url, {"authorised_strength": 1})
    assert response.status_code == 400
    assert codes(response, "authorised_strength") == [ErrorCode.STRENGTH_BELOW_ROSTER]
    assert "Đơn vị đang có 2 người; biên chế không được thấp hơn." in response.content.decode()

    assert client.post(url, {"authorised_strength": 31}).status_code == 302
    platoon.refresh_from_db()
    assert platoon.authorised_strength == 31
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(platoon.pk)).exists()

    logged(client, accounts.vo_cuong_staff)
    assert client.get(url).status_code == 404
    with unchanged():
        assert client.post(url, {"authorised_strength": 40}).status_code == 404


def test_dissolving_a_unit_is_confirmed_and_refused_while_members_serve(
    client: Client, accounts: Accounts, platoon: MilitiaUnit, member: Membership
) -> None:
    logged(client, accounts.kinh_bac_staff)
    url = reverse("militia:dissolve", args=[platoon.pk])
    with unchanged():
        confirmation = client.post(url, {"on": "2026-12-31"})
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert "Giải thể đơn vị" in page and "xác nhận" in page and "31/12/2026" in page

    with unchanged():
        refused = client.post(url, {"on": "2026-12-31", "confirmed": "1"})
    assert refused.status_code == 400
    assert codes(refused, "on") == [ErrorCode.UNIT_HAS_MEMBERS]
    assert "Đơn vị còn dân quân tự vệ" in refused.content.decode()

    # "Sửa lại" gives the form back as typed, nothing written.
    with unchanged():
        edit = client.post(url, {"on": "2026-12-31", "edit": "1"})
    assert edit.status_code == 200 and 'value="2026-12-31"' in edit.content.decode()


def test_an_empty_unit_is_dissolved_after_confirmation_and_another_ward_gets_404(
    client: Client, accounts: Accounts, tree: Tree
) -> None:
    squad = make_unit(accounts.province_commander, tree.kinh_bac, name="Trung đội cơ động 3")
    url = reverse("militia:dissolve", args=[squad.pk])
    logged(client, accounts.vo_cuong_staff)
    assert client.get(url).status_code == 404
    with unchanged():
        assert client.post(url, {"on": "2026-12-31", "confirmed": "1"}).status_code == 404

    logged(client, accounts.kinh_bac_staff)
    done = client.post(url, {"on": "2026-12-31", "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("militia:unit", args=[squad.pk])
    squad.refresh_from_db()
    assert squad.dissolved_on == dt.date(2026, 12, 31)
