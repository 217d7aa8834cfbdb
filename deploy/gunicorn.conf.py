"""gunicorn settings for QPĐP: ``gunicorn -c deploy/gunicorn.conf.py``.

Every value can be changed from the environment (the same ``QPDP_*`` variables the application
reads), so the systemd unit, the container and the smoke test share this one file.

- Processes from the cores, threads inside them: an officer's request mostly waits on the
  database, and threads share one process's memory (about 100 MB each for Django and the apps).
- ``timeout`` (``QPDP_WORKER_TIMEOUT``) bounds a stuck request; the application keeps its own
  long steps (the review's PDF conversion) below it, and large imports run in ``qpdp db_worker``.
- A worker is replaced after ``max_requests`` (with jitter, so they do not all restart at once),
  which caps slow memory growth.
- The access log carries the path without its query string (searches put names and identity
  numbers there) and no client address: logs hold nothing personal. ``QPDP_LOG_FORMAT=json``
  makes gunicorn's lines JSON like the application's.
"""

from __future__ import annotations

import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


_cores = os.cpu_count() or 1

wsgi_app = "qpdp.wsgi:application"
bind = [address.strip() for address in os.environ.get("QPDP_BIND", "127.0.0.1:8000").split(",")]
worker_class = "gthread"
workers = _int("QPDP_WORKERS", min(_cores + 1, 8))
threads = _int("QPDP_THREADS", 4)
timeout = _int("QPDP_WORKER_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _int("QPDP_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Uploads up to QPDP_IMPORT_MAX_BYTES pass through; header lines stay small.
limit_request_line = 8190

# Forwarded scheme headers are believed only from the proxies the application trusts.
forwarded_allow_ips = os.environ.get("QPDP_TRUSTED_PROXIES", "127.0.0.1,::1")

accesslog = os.environ.get("QPDP_ACCESS_LOG", "-")
# No client address and no query string; the request id leads to the audit log's entries.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
loglevel = os.environ.get("QPDP_GUNICORN_LOG_LEVEL", "info")
if os.environ.get("QPDP_LOG_FORMAT") == "json":
    # gunicorn's own lines as the application's: one JSON object a line (qpdp.core.logs).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "qpdp.core.logs.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["json"], "level": "WARNING"},
        "loggers": {
            "gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["json"], "level": "INFO", "propagate": False},
        },
    }

# The heartbeat file lives in memory where there is a tmpfs: a disk under load must not make
# gunicorn think its workers hung.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# No runtime control socket: it would be one per user account (two instances would share it) and
# systemd already restarts and reloads the service.
control_socket_disable = True
