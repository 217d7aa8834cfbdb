"""API rates per token and per account: a 429 in Vietnamese with Retry-After."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from qpdp.core.access import User
from tests.api.conftest import ApiClient, refusals
from tests.conftest import Accounts

UNITS = "/api/v1/units/"


@pytest.fixture
def rates(settings: Any) -> Iterator[Any]:
    caches["throttle"].clear()
    settings.QPDP_API_THROTTLE_RATES = {"token": "3/min", "user": "5/min"}
    yield settings
    caches["throttle"].clear()


def test_a_token_is_held_to_its_rate_with_a_vietnamese_429(
    accounts: Accounts, api: Callable[[User], ApiClient], rates: Any
) -> None:
    client = api(accounts.kinh_bac_staff)
    assert [client.get(UNITS).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(UNITS)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refusals(refused) == [("throttled", None)]
    message = refused.json()["errors"][0]["message"]
    assert message.startswith("Quá nhiều yêu cầu tới API")
    assert refused["Retry-After"] in message


def test_an_account_cannot_escape_its_rate_with_more_tokens(
    accounts: Accounts, api: Callable[[User], ApiClient], rates: Any
) -> None:
    first, second = api(accounts.kinh_bac_staff), api(accounts.kinh_bac_staff)
    statuses = [first.get(UNITS).status_code for _ in range(3)]
    statuses += [second.get(UNITS).status_code for _ in range(3)]
    assert statuses == [200] * 5 + [429]
    # Another account has its own buckets.
    assert api(accounts.leader).get(UNITS).status_code == 200


def test_the_browser_session_counts_against_the_account(accounts: Accounts, rates: Any) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    statuses = [client.get(UNITS).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
