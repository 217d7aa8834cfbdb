"""The audit log: logins, registry writes with their field-level change, read-only for everyone."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from qpdp.core import audit
from qpdp.core.audit import Action, AuditEntry
from qpdp.people import services
from qpdp.people.models import Person
from qpdp.people.services import PersonInput
from tests.conftest import PASSWORD, TODAY, Accounts, Tree
from tests.core.helpers import new_person_form

WRONG_PASSWORD = "Sai-mat-khau-9876"


def everything_logged() -> str:
    return json.dumps(list(AuditEntry.objects.values()), default=str, ensure_ascii=False)


def test_a_login_is_recorded_with_the_address(client: Client, accounts: Accounts) -> None:
    response = client.post(
        reverse("login"), {"username": "kinhbac", "password": PASSWORD}, REMOTE_ADDR="10.20.30.40"
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert (entry.user, entry.username, entry.address, entry.channel, entry.unit) == (
        accounts.kinh_bac_staff,
        "kinhbac",
        "10.20.30.40",
        "web",
        accounts.kinh_bac_staff.unit,
    )


def test_a_logout_is_recorded(client: Client, accounts: Accounts) -> None:
    client.force_login(accounts.vo_cuong_staff)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGOUT)
    assert (entry.user, entry.username) == (accounts.vo_cuong_staff, "vocuong")


def test_a_logout_without_a_session_records_nothing(client: Client, db: object) -> None:
    client.post(reverse("logout"))

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("username", ["kinhbac", "khong-ton-tai"])
def test_a_failed_login_records_the_username_but_never_the_password(
    client: Client, accounts: Accounts, username: str
) -> None:
    response = client.post(reverse("login"), {"username": username, "password": WRONG_PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert (entry.user, entry.username, entry.address) == (None, username, "127.0.0.1")
    assert WRONG_PASSWORD not in everything_logged()
    assert PASSWORD not in everything_logged()


def test_failed_logins_are_throttled(client: Client, accounts: Accounts, settings: object) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):  # type: ignore[attr-defined]
        client.post(reverse("login"), {"username": "kinhbac", "password": WRONG_PASSWORD})

    locked = client.post(reverse("login"), {"username": "kinhbac", "password": PASSWORD})

    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    other = client.post(reverse("login"), {"username": "vocuong", "password": PASSWORD})
    assert other.status_code == 302


def test_a_write_through_a_page_records_the_address_and_channel(
    client: Client, tree: Tree, accounts: Accounts
) -> None:
    client.force_login(accounts.kinh_bac_staff)

    client.post(reverse("people:create"), new_person_form(tree.kinh_bac), REMOTE_ADDR="10.9.8.7")

    entry = AuditEntry.objects.get(action=Action.CREATE)
    assert (entry.address, entry.channel, entry.user) == (
        "10.9.8.7",
        "web",
        accounts.kinh_bac_staff,
    )
    assert entry.object_id == str(Person.objects.get().pk)
    assert len(entry.request_id) == 32


def test_a_write_outside_a_request_is_recorded_as_a_command(
    tree: Tree, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)

    entry = audit.history(person).get()
    assert (entry.channel, entry.address, entry.username) == ("cli", None, "admin")


def test_an_export_is_recorded_with_its_query(client: Client, accounts: Accounts) -> None:
    client.force_login(accounts.leader)

    client.get(reverse("people:export"), {"format": "csv", "gender": "F"})

    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.user == accounts.leader
    assert entry.changes["format"] == "csv"
    assert "gender=F" in entry.changes["query"]


def test_the_history_section_shows_the_changed_field_with_its_label(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    person = make_person(tree.kinh_bac)
    services.update_person(
        accounts.kinh_bac_staff,
        person,
        PersonInput({"occupation": "Công nhân"}, on=TODAY, version=person.version),
    )
    client.force_login(accounts.kinh_bac_staff)

    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()

    history = page[page.index("Lịch sử thay đổi") :]
    assert "<b>Nghề nghiệp</b>: <del>—</del> → <ins>Công nhân</ins>" in history
    assert "kinhbac" in history and "Sửa" in history
    assert "Thêm mới" in history
    assert "<b>Tên</b>" not in history  # only the changed field is listed


def test_snapshot_leaves_secrets_out(accounts: Accounts) -> None:
    snapshot = audit.snapshot(accounts.kinh_bac_staff)

    assert "password" not in snapshot
    assert snapshot["username"] == "kinhbac"


def test_diff_lists_changed_added_and_removed_fields() -> None:
    before = {"a": 1, "b": 2, "gone": "x", "password": "old"}
    after = {"a": 1, "b": 3, "new": "y", "password": "new"}

    assert audit.diff(before, after) == {"b": [2, 3], "new": [None, "y"], "gone": ["x", None]}


def test_the_audit_log_lists_entries_for_an_administrator(
    client: Client, tree: Tree, accounts: Accounts, make_person: Callable[..., Person]
) -> None:
    make_person(tree.kinh_bac, given_name="Khải")
    client.force_login(accounts.admin)

    everything = client.get(reverse("audit_log"))
    creations = client.get(reverse("audit_log"), {"action": "create", "user": "admin"})
    logins = client.get(reverse("audit_log"), {"action": "login"})

    assert everything.status_code == 200
    assert "Nguyễn Văn Khải" in everything.content.decode()
    assert [e.action for e in creations.context["page"].rows] == [Action.CREATE]
    assert {e.action for e in logins.context["page"].rows} == {Action.LOGIN}


@pytest.mark.parametrize(
    "account", ["province_commander", "city_commander", "leader", "kinh_bac_staff"]
)
def test_the_audit_log_is_refused_to_everyone_but_administrators(
    client: Client, accounts: Accounts, account: str
) -> None:
    client.force_login(getattr(accounts, account))

    assert client.get(reverse("audit_log")).status_code == 403


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_log_page_changes_nothing(
    client: Client, accounts: Accounts, method: str
) -> None:
    client.force_login(accounts.admin)
    count = AuditEntry.objects.count()

    response = getattr(client, method)(reverse("audit_log"))

    assert response.status_code == 405
    assert AuditEntry.objects.count() == count


def test_audit_entries_cannot_be_changed_through_the_admin_site(
    rf: RequestFactory, accounts: Accounts
) -> None:
    if not admin.site.is_registered(AuditEntry):
        return
    request = rf.get("/")
    request.user = accounts.admin
    model_admin = admin.site.get_model_admin(AuditEntry)

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_no_url_of_the_application_names_an_audit_entry_editor() -> None:
    names = [name for name in get_resolver().reverse_dict if isinstance(name, str)]

    assert [n for n in names if "audit" in n or "nhat-ky" in n] == ["audit_log"]
