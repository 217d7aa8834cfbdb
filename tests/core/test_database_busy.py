"""SQLite locked by a long import: other officers' requests get a Vietnamese 503 to retry,
with Retry-After, never a 500."""

from __future__ import annotations

from typing import Any, NoReturn

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from qpdp.api.views import core as api_core
from qpdp.core.views import pages
from qpdp.core.views.errors import server_error
from tests.conftest import Accounts

MESSAGE = "Hệ thống đang ghi dữ liệu nhập, vui lòng thử lại sau."


def locked(*args: Any, **kwargs: Any) -> NoReturn:
    raise OperationalError("database is locked")


def test_a_page_answers_503_with_retry_after(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages.HomeView, "get_context_data", locked)
    client = Client(raise_request_exception=False)
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert MESSAGE in response.content.decode()


def test_the_api_answers_503_in_its_error_shape(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api_core.UnitList, "list", locked)
    client = Client(raise_request_exception=False)
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/api/v1/units/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json() == {
        "errors": [{"code": "database_busy", "message": MESSAGE, "field": None}]
    }


def test_a_lock_outside_the_view_reaches_the_same_answer_through_handler500(db: Any) -> None:
    request = RequestFactory().post("/cong-dan/them/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise OperationalError("no such table: people_person")
    except OperationalError:
        assert server_error(request).status_code == 500
