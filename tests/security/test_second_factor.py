"""Two-factor authentication: forced on administrators and commanders, optional for others."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qpdp.api.tokens import create_token
from qpdp.core.audit import Action, AuditEntry
from tests.conftest import PASSWORD, Accounts
from tests.security.helpers import current_code, device_for, login_verified

pytestmark = pytest.mark.django_db

PEOPLE = "/cong-dan/"


def password_login(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_an_administrator_without_a_device_is_sent_to_enrol(accounts: Accounts) -> None:
    client = Client()
    password_login(client, accounts.admin.username)

    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp_verify')}?next=%2Fcong-dan%2F"
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("otp_enrol"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code, inline
    device = TOTPDevice.objects.get(user=accounts.admin, confirmed=False)

    codes_page = client.post(reverse("otp_enrol"), {"code": current_code(device), "next": PEOPLE})
    assert codes_page.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PEOPLE).status_code == 200
    created = AuditEntry.objects.get(action=Action.CREATE, username="admin")
    assert "key" not in created.changes


def test_an_administrator_with_a_device_must_verify_a_code(accounts: Accounts) -> None:
    device = device_for(accounts.province_commander)
    client = Client()
    password_login(client, accounts.province_commander.username)
    assert client.get(PEOPLE)["Location"].startswith(reverse("otp_verify"))
    # With a device, an unverified session may not enrol a second phone.
    assert client.get(reverse("otp_enrol"))["Location"].startswith(reverse("otp_verify"))

    response = client.post(reverse("otp_verify"), {"code": current_code(device), "next": PEOPLE})
    assert response.status_code == 302
    assert response["Location"] == PEOPLE
    assert client.get(PEOPLE).status_code == 200
    entry = AuditEntry.objects.filter(action=Action.LOGIN).latest("pk")
    assert entry.changes == {"second_factor": "totp"}


def test_a_wrong_code_is_refused_recorded_and_throttled(accounts: Accounts, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 600  # the wait after a failure outlasts the test
    device = device_for(accounts.admin)
    client = Client()
    password_login(client, accounts.admin.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("otp_verify"), {"code": wrong})
    assert response.status_code == 400
    assert "Mã xác thực không đúng" in response.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert failed.username == "admin"
    assert failed.changes == {"second_factor": "code"}
    assert wrong not in str(failed.changes)

    # The right code is refused too until the wait is over.
    response = client.post(reverse("otp_verify"), {"code": current_code(device)})
    assert response.status_code == 400
    assert "thử lại sau" in response.content.decode()
    assert client.get(PEOPLE).status_code == 302


def test_staff_are_not_forced_and_may_enrol_from_their_account_page(
    accounts: Accounts,
) -> None:
    client = Client()
    password_login(client, accounts.kinh_bac_staff.username)
    assert client.get(PEOPLE).status_code == 200
    account = client.get(reverse("account"))
    assert b'data-otp-status="off"' in account.content

    client.get(reverse("otp_enrol"))
    device = TOTPDevice.objects.get(user=accounts.kinh_bac_staff)
    client.post(reverse("otp_enrol"), {"code": current_code(device)})
    assert b'data-otp-status="on"' in client.get(reverse("account")).content

    # Once enrolled, the next login asks for a code as for a commander.
    client.post(reverse("logout"))
    password_login(client, accounts.kinh_bac_staff.username)
    assert client.get(PEOPLE)["Location"].startswith(reverse("otp_verify"))


def test_a_backup_code_works_once(accounts: Accounts) -> None:
    device = device_for(accounts.admin)
    static = StaticDevice.objects.create(user=accounts.admin, name="backup", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd1234")
    first = Client()
    password_login(first, "admin")
    assert first.post(reverse("otp_verify"), {"code": "abcd 1234"}).status_code == 302
    assert first.get(PEOPLE).status_code == 200
    second = Client()
    password_login(second, "admin")
    assert second.post(reverse("otp_verify"), {"code": "abcd1234"}).status_code == 400
    assert device.user == accounts.admin


def test_an_unverified_session_is_refused_by_the_api_and_redirected_under_htmx(
    accounts: Accounts,
) -> None:
    client = Client()
    client.force_login(accounts.city_commander)
    response = client.get("/api/v1/")
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert (error["code"], error["field"]) == ("second_factor_required", None)
    assert error["message"] == "Phiên đăng nhập chưa xác thực hai bước."
    htmx = client.get(PEOPLE, headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("otp_verify"))
    # The code page, logout and static files stay reachable.
    assert client.get(reverse("otp_verify")).status_code in (200, 302)
    assert client.post(reverse("logout")).status_code == 302


def test_a_verified_session_reaches_every_page(accounts: Accounts) -> None:
    client = login_verified(Client(), accounts.admin)
    assert client.get(PEOPLE).status_code == 200
    assert client.get(reverse("audit_log")).status_code == 200


def test_commanders_cannot_turn_the_second_factor_off_but_staff_can(
    accounts: Accounts,
) -> None:
    commander = login_verified(Client(), accounts.province_commander)
    commander.post(reverse("otp_disable"))
    assert TOTPDevice.objects.filter(user=accounts.province_commander).exists()

    staff = login_verified(Client(), accounts.kinh_bac_staff)
    staff.post(reverse("otp_backup_codes"))
    assert StaticToken.objects.filter(device__user=accounts.kinh_bac_staff).count() == 10
    staff.post(reverse("otp_disable"))
    assert not TOTPDevice.objects.filter(user=accounts.kinh_bac_staff).exists()
    assert not StaticDevice.objects.filter(user=accounts.kinh_bac_staff).exists()


def test_reset_2fa_deletes_the_devices_of_an_account(accounts: Accounts) -> None:
    device_for(accounts.admin)
    call_command("reset_2fa", "admin")
    assert not TOTPDevice.objects.filter(user=accounts.admin).exists()
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert entry.changes["account"] == "admin"


def test_tokens_are_made_only_from_a_verified_session_and_then_work_without_a_code(
    accounts: Accounts,
) -> None:
    unverified = Client()
    unverified.force_login(accounts.city_commander)
    page = unverified.get(reverse("api_tokens:list"))
    assert page["Location"].startswith(reverse("otp_verify"))
    assert (
        unverified.post(reverse("api_tokens:list"), {"name": "x", "days": "30"}).status_code == 302
    )

    verified = login_verified(Client(), accounts.city_commander)
    assert verified.get(reverse("api_tokens:list")).status_code == 200
    _token, secret = create_token(accounts.city_commander, name="Hệ thống tỉnh", days=30)
    bearer = Client(headers={"Authorization": f"Bearer {secret}"})
    assert bearer.get("/api/v1/people/").status_code == 200
