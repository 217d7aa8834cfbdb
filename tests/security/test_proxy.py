"""Behind a reverse proxy the audit log and the login lockout see the client, not the proxy,
and only when the proxy is trusted (QPDP_TRUSTED_PROXIES)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from qpdp.core.addresses import client_address
from qpdp.core.audit import Action, AuditEntry
from tests.conftest import PASSWORD, Accounts

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ([], PROXY, "203.0.113.7", PROXY),  # no proxy trusted: the header is ignored
        ([PROXY], "198.51.100.2", "203.0.113.7", "198.51.100.2"),  # not from the proxy
        ([PROXY], PROXY, "203.0.113.7", "203.0.113.7"),
        (["10.0.0.0/8"], PROXY, "203.0.113.7, 10.1.1.1", "203.0.113.7"),  # two proxies
        ([PROXY], PROXY, "1.1.1.1, 203.0.113.7", "203.0.113.7"),  # a forged left part
        ([PROXY], PROXY, "bogus", PROXY),
        ([PROXY], PROXY, "", PROXY),
        (["::1"], "::1", "2001:db8::9", "2001:db8::9"),
    ],
)
def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(
    settings: Any, trusted: list[str], peer: str, forwarded: str, expected: str
) -> None:
    settings.QPDP_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def fail_login(address: str, username: str) -> int:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    response = client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})
    return response.status_code


def test_lockout_and_audit_see_the_client_behind_the_proxy(
    accounts: Accounts, settings: Any
) -> None:
    settings.QPDP_TRUSTED_PROXIES = [PROXY]
    for _attempt in range(6):
        fail_login("203.0.113.7", "kinhbac")
    assert set(
        AuditEntry.objects.filter(action=Action.LOGIN_FAILED).values_list("address", flat=True)
    ) == {"203.0.113.7"}
    # Another officer's machine behind the same proxy still logs in with the same username.
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    response = client.post(reverse("login"), {"username": "kinhbac", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action=Action.LOGIN).address == "203.0.113.8"
    # The locked-out machine stays locked out.
    locked = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    response = locked.post(reverse("login"), {"username": "kinhbac", "password": PASSWORD})
    assert response.status_code == 429
