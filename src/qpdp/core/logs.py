"""Log records as one JSON object a line (``QPDP_LOG_FORMAT=json``), for a log collector.

Each line carries the request id (or the background job's id) the audit log keeps for the same
request, so a log line leads to the audit entries of that request and back; gunicorn's access
lines carry it too (the application answers with ``X-Request-ID``). Nothing personal:
the formatter writes the message the code logged (paths, ids, counts), the exception's class
and stack, never the exception's own text (a database error quotes the values it refused) nor
the request object Django attaches to its records.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from collections.abc import Mapping
from typing import Any

from django.apps import apps


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        origin = _active_origin()
        if origin is not None:
            entry["request_id"] = origin.request_id
            entry["channel"] = origin.channel
        elif hasattr(getattr(record, "request", None), "qpdp_request_id"):
            entry["request_id"] = record.request.qpdp_request_id  # type: ignore[attr-defined]
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(_access_fields(record.args))
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__qualname__
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, ensure_ascii=False)


def _active_origin() -> Any:
    """The audit's origin of the request or job being served; none before the apps load (the
    logging configuration, gunicorn's master process)."""
    if not apps.ready:
        return None
    from qpdp.core.audit import active_origin  # the audit module defines models

    return active_origin()


def _access_fields(atoms: Mapping[str, Any]) -> dict[str, Any]:
    """gunicorn's access line as fields (deploy/gunicorn.conf.py): the path without its query,
    the request id the application answered with (``X-Request-ID``); no client address."""
    fields = {
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "status": atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": atoms.get("M"),
    }
    request_id = atoms.get("{x-request-id}o")
    if request_id and request_id != "-":
        fields["request_id"] = request_id
    return fields
