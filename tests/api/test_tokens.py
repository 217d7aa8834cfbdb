"""API tokens: stored hashed, shown once, refused when expired or revoked, audited without the
secret; the session keeps working for the browser with CSRF on its writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qpdp.api import tokens
from qpdp.api.models import ApiToken
from qpdp.core.audit import AuditEntry
from tests.api.conftest import ApiClient
from tests.conftest import Accounts, Tree

PEOPLE = "/api/v1/people/"


def test_the_secret_is_returned_once_and_only_its_hash_is_stored(accounts: Accounts) -> None:
    token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=90)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("qpdp_") and len(secret) > 40
    assert stored.token_hash == tokens.hash_token(secret)
    assert secret not in {getattr(stored, f.attname) for f in ApiToken._meta.concrete_fields}
    assert dt.timedelta(days=89) < stored.expires_at - timezone.now() <= dt.timedelta(days=90)


def test_creation_and_revocation_are_audited_without_the_secret(accounts: Accounts) -> None:
    user = accounts.kinh_bac_staff
    token, secret = tokens.create_token(user, name="Thống kê", days=30)
    tokens.revoke_token(user, token)
    entries = list(AuditEntry.objects.filter(object_id=str(token.pk), username=user.username))
    assert [e.action for e in entries] == ["update", "create"]
    for entry in entries:
        text = str(entry.changes)
        assert secret not in text and token.token_hash not in text and token.prefix not in text
    assert "revoked_at" in entries[0].changes


@pytest.mark.parametrize("days", [0, 366])
def test_the_expiry_is_required_within_a_year(accounts: Accounts, days: int) -> None:
    with pytest.raises(ValidationError):
        tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=days)


def test_a_valid_token_opens_the_api_and_records_its_use(accounts: Accounts) -> None:
    token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=30)
    response = ApiClient(secret).get(PEOPLE)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def _refused(secret: str) -> None:
    response = ApiClient(secret).get(PEOPLE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_is_refused(accounts: Accounts) -> None:
    token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=30)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40),
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    _refused(secret)


def test_a_revoked_token_is_refused(accounts: Accounts) -> None:
    token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=30)
    tokens.revoke_token(accounts.kinh_bac_staff, token)
    _refused(secret)


def test_a_deactivated_account_s_token_is_refused(accounts: Accounts) -> None:
    _token, secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=30)
    accounts.kinh_bac_staff.is_active = False
    accounts.kinh_bac_staff.save()
    _refused(secret)


@pytest.mark.parametrize("secret", ["qpdp_không-có", "abc", "qpdp_" + "x" * 43])
def test_an_unknown_token_is_refused(accounts: Accounts, secret: str) -> None:
    _refused(secret)


def test_without_credentials_the_api_answers_401(db: Any) -> None:
    response = Client().get(PEOPLE)
    assert response.status_code == 401


def test_one_cannot_revoke_another_account_s_token(accounts: Accounts) -> None:
    token, _secret = tokens.create_token(accounts.kinh_bac_staff, name="Thống kê", days=30)
    client = Client()
    client.force_login(accounts.vo_cuong_staff)
    url = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "on"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_pages_create_show_once_list_and_revoke_after_confirmation(
    accounts: Accounts,
) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    listing = reverse("api_tokens:list")
    assert client.get(listing).status_code == 200
    created = client.post(listing, {"name": "Phần mềm thống kê", "days": "90"})
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=accounts.kinh_bac_staff)
    secret = created.context["secret"]
    assert tokens.hash_token(secret) == token.token_hash
    assert secret.encode() in created.content
    page = client.get(listing)
    assert b"Ph\xe1\xba\xa7n m\xe1\xbb\x81m th\xe1\xbb\x91ng k\xc3\xaa" in page.content
    assert secret.encode() not in page.content
    revoke = reverse("api_tokens:revoke", args=[token.pk])
    assert client.get(revoke).status_code == 200
    assert client.post(revoke, {}).status_code == 400
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(revoke, {"confirm": "on"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_pages_refuse_an_invalid_duration(accounts: Accounts) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.post(reverse("api_tokens:list"), {"name": "X", "days": "1000"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_session_reads_work_and_session_writes_need_the_csrf_token(
    accounts: Accounts, tree: Tree
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts.kinh_bac_staff)
    assert client.get(PEOPLE).status_code == 200
    body = {
        "family_name": "Lê",
        "given_name": "Nam",
        "gender": "M",
        "birth_date": "2005",
        "residence_unit": tree.kinh_bac.pk,
    }
    response = client.post(PEOPLE, body, content_type="application/json")
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert (error["code"], error["field"]) == ("permission_denied", None)
    assert "CSRF" in error["message"]
