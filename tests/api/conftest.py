"""API fixtures: a bearer token per account, a client that sends it, and the call-up scenarios.

The call-up fixtures come from ``tests/conscription/conftest.py`` so the API runs the very
scenarios the services are tested with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from qpdp.api import tokens
from qpdp.core.access import User
from tests.conscription.conftest import (
    approved,
    callable_man,
    cycle,
    decided,
    quotas,
    register,
    scenario,
)

__all__ = ["approved", "callable_man", "cycle", "decided", "quotas", "register", "scenario"]


class ApiClient:
    """JSON calls with ``Authorization: Bearer``, as another system makes them."""

    def __init__(self, secret: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(path, params or {}, headers=self.headers)

    def post(self, path: str, data: dict[str, Any] | None = None) -> Any:
        return self.client.post(
            path, data or {}, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: dict[str, Any]) -> Any:
        return self.client.patch(path, data, content_type="application/json", headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)


def refusals(response: Any) -> list[tuple[str, str | None]]:
    """(code, field) of each error of an error answer, after checking its shape."""
    body = response.json()
    for error in body["errors"]:
        assert set(error) == {"code", "message", "field"}, error
        assert error["message"], error
    return [(error["code"], error["field"]) for error in body["errors"]]


def messages(response: Any) -> list[str]:
    return [error["message"] for error in response.json()["errors"]]


def field_message(response: Any, field: str) -> str:
    """The messages of an error answer about ``field``, joined (empty when none is)."""
    return " ".join(e["message"] for e in response.json()["errors"] if e["field"] == field)


@pytest.fixture
def api() -> Callable[[User], ApiClient]:
    def make(user: User) -> ApiClient:
        _token, secret = tokens.create_token(user, name="Hệ thống thử", days=30)
        return ApiClient(secret)

    return make
