"""QPDP_LOG_FORMAT=json: one JSON object a line with the audit's request id, nothing personal."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator

import pytest
from django.test import Client

from qpdp.core.audit import Origin, reset_origin, set_origin
from qpdp.core.logs import JsonFormatter
from tests.conftest import Accounts


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the ``django.request`` logger writes, through the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def test_a_failure_is_logged_with_its_request_id_but_not_its_message() -> None:
    personal = "Nguyễn Văn An, CCCD 001099012345"
    try:
        raise ValueError(personal)  # the stack shows this line, not the value
    except ValueError:
        record = logging.LogRecord(
            "qpdp.imports.tasks", logging.ERROR, __file__, 1, "import job %s failed", (42,),
            sys.exc_info(),
        )  # fmt: skip
    token = set_origin(Origin(address="203.0.113.7", request_id="a" * 32, channel="web"))
    try:
        line = JsonFormatter().format(record)
    finally:
        reset_origin(token)
    entry = json.loads(line)
    assert entry["message"] == "import job 42 failed"
    assert entry["request_id"] == "a" * 32
    assert entry["exception"] == "ValueError"
    assert "test_logs.py" in entry["stack"]
    assert "Nguy" not in line and "001099012345" not in line and "203.0.113.7" not in line


def test_a_not_found_answer_is_logged_with_the_request_id(
    accounts: Accounts, json_lines: io.StringIO
) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/cong-dan/987654321/?q=Nguyen")
    assert response.status_code == 404
    entry = json.loads(json_lines.getvalue().splitlines()[-1])
    assert entry["level"] == "WARNING"
    assert entry["status"] == 404
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32
    assert "Nguyen" not in json_lines.getvalue()


def test_gunicorn_access_lines_become_fields_without_the_address() -> None:
    atoms = {"h": "203.0.113.7", "m": "GET", "U": "/cong-dan/", "s": "200", "B": 512,
             "M": 37, "{x-request-id}o": "b" * 32}  # fmt: skip
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '"%(m)s %(U)s" %(s)s', (), None
    )
    record.args = atoms  # gunicorn passes its atoms as the mapping to format with
    entry = json.loads(JsonFormatter().format(record))
    assert entry["path"] == "/cong-dan/"
    assert (entry["status"], entry["duration_ms"], entry["request_id"]) == ("200", 37, "b" * 32)
    assert "203.0.113.7" not in json.dumps(entry)
