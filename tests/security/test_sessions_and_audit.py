"""Idle sessions end; logins, logouts, failed logins and every download are recorded."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from qpdp.core.audit import Action, AuditEntry
from qpdp.core.middleware import SESSION_LAST_SEEN, RequestContextMiddleware
from tests.conftest import PASSWORD, Accounts, Tree
from tests.security.helpers import login_verified

pytestmark = pytest.mark.django_db

PEOPLE = "/cong-dan/"


def set_last_seen(client: Client, seconds_ago: int) -> None:
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - seconds_ago
    session.save()


def test_a_session_idle_past_the_limit_ends_and_the_logout_is_recorded(
    accounts: Accounts, settings: Any
) -> None:
    settings.SESSION_IDLE_SECONDS = 30 * 60
    client = login_verified(Client(), accounts.kinh_bac_staff)
    set_last_seen(client, 31 * 60)

    response = client.get(PEOPLE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    logout = AuditEntry.objects.get(action=Action.LOGOUT)
    assert logout.username == "kinhbac"
    assert logout.changes == {"reason": "idle"}
    assert client.get(PEOPLE).status_code == 302  # the session is gone, not just this request


def test_activity_within_the_limit_keeps_the_session_and_moves_the_clock(
    accounts: Accounts, settings: Any
) -> None:
    settings.SESSION_IDLE_SECONDS = 30 * 60
    client = login_verified(Client(), accounts.kinh_bac_staff)
    set_last_seen(client, 29 * 60)
    assert client.get(PEOPLE).status_code == 200
    assert time.time() - client.session[SESSION_LAST_SEEN] < 60
    assert not AuditEntry.objects.filter(action=Action.LOGOUT).exists()


def test_the_stored_session_outlives_the_idle_limit_only_slightly(settings: Any) -> None:
    assert settings.SESSION_IDLE_SECONDS <= settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_IDLE_SECONDS + 300


def test_logins_logouts_and_failed_logins_are_recorded_without_passwords(
    accounts: Accounts,
) -> None:
    client = Client()
    client.post(reverse("login"), {"username": "kinhbac", "password": "sai-mat-khau-123"})
    client.post(reverse("login"), {"username": "kinhbac", "password": PASSWORD})
    client.post(reverse("logout"))
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [e.action for e in entries] == [Action.LOGIN_FAILED, Action.LOGIN, Action.LOGOUT]
    assert all(e.username == "kinhbac" for e in entries)
    assert all(e.address == "127.0.0.1" for e in entries)
    stored = str([(e.changes, e.object_repr) for e in entries])
    assert "sai-mat-khau" not in stored
    assert PASSWORD not in stored


def test_a_locked_out_username_is_still_recorded(accounts: Accounts) -> None:
    client = Client()
    for _attempt in range(6):
        client.post(reverse("login"), {"username": "kinhbac", "password": "sai-mat-khau-123"})
    response = client.post(reverse("login"), {"username": "kinhbac", "password": PASSWORD})
    assert response.status_code == 429
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED).count() >= 5
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_an_export_is_recorded_once(accounts: Accounts, tree: Tree, make_person: Any) -> None:
    make_person(tree.kinh_bac)
    before = AuditEntry.objects.count()
    client = login_verified(Client(), accounts.kinh_bac_staff)
    response = client.get(reverse("people:export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment")
    exports = AuditEntry.objects.filter(pk__gt=before, action=Action.EXPORT)
    assert exports.count() == 1


def test_a_download_the_view_forgot_to_record_is_recorded_by_the_middleware(
    accounts: Accounts,
) -> None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"x", content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="tong-ket-2026.pdf"'
        return response

    request = RequestFactory().get("/tong-ket/2026/pdf/", {"unit": "7"})
    request.user = accounts.leader
    RequestContextMiddleware(view)(request)
    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.username == "lanhdao"
    assert entry.object_repr == "tong-ket-2026.pdf"
    assert entry.changes == {"path": "/tong-ket/2026/pdf/", "query": "unit=7"}
