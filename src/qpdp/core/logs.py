"""Log records as one JSON object a line (``QPDP_LOG_FORMAT=json``), for a log collector.

Each line carries the request id (or the background job's id) the audit log keeps for the same
request, so a log line leads to the audit entries of that request and back. Nothing personal:
the formatter writes the message the code logged (paths, ids, counts), the exception's class
and stack, never the exception's own text (a database error quotes the values it refused) nor
the request object Django attaches to its records.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Imported here: logging is configured before the apps (and the audit's models) load.
        from qpdp.core.audit import active_origin

        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        origin = active_origin()
        if origin is not None:
            entry["request_id"] = origin.request_id
            entry["channel"] = origin.channel
        elif hasattr(getattr(record, "request", None), "qpdp_request_id"):
            entry["request_id"] = record.request.qpdp_request_id  # type: ignore[attr-defined]
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__qualname__
            entry["stack"] = "".join(traceback.format_tb(record.exc_info[2]))
        return json.dumps(entry, ensure_ascii=False)
