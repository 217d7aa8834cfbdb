"""Django settings for QPĐP, configured only through ``QPDP_*`` environment variables.

One module serves development, tests and production so that what is tested is what runs;
the environment decides the database, secrets and hosts.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("QPDP_VAR_DIR", Path.cwd() / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("QPDP_DEBUG", False)
# A published key for the demo and the tests only: `qpdp` and the WSGI application refuse to
# start on it unless debugging (qpdp.startup). QPDP_SECRET_KEY_FILE suits systemd credentials.
DEVELOPMENT_SECRET_KEY = "django-insecure-qpdp-development-key-change-me"
if os.environ.get("QPDP_SECRET_KEY_FILE"):
    SECRET_KEY = Path(os.environ["QPDP_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
else:
    SECRET_KEY = os.environ.get("QPDP_SECRET_KEY", "").strip()
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = _env_list("QPDP_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "qpdp.core",
    "qpdp.people",
    "qpdp.conscription",
    # the registries before planning: their demos run before the planning demo locks the 2022
    # figures, and their indicators follow the call-up's in the review
    "qpdp.militia",
    "qpdp.reserves",
    "qpdp.education",
    "qpdp.welfare",
    "qpdp.awards",
    "qpdp.imports",
    "qpdp.planning",
    "qpdp.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the WSGI server, before sessions and the rest: no proxy needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qpdp.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qpdp.core.middleware.RequestContextMiddleware",
    "qpdp.core.middleware.IdleTimeoutMiddleware",
    "qpdp.core.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qpdp.urls"
WSGI_APPLICATION = "qpdp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qpdp.core.context_processors.navigation",
            ],
        },
    },
]

# gunicorn kills a request's worker after QPDP_WORKER_TIMEOUT seconds (deploy/gunicorn.conf.py):
# what a request may wait for (SQLite's lock, LibreOffice) is bounded by a share of it.
QPDP_WORKER_TIMEOUT = int(os.environ.get("QPDP_WORKER_TIMEOUT", 60))

# Database: SQLite file by default, PostgreSQL when QPDP_DATABASE_URL says so.
_default_sqlite = f"sqlite:///{VAR_DIR / 'qpdp.sqlite3'}"


def _database(url: str) -> dj_database_url.DBConfig:
    """One connection's settings from a URL: the primary's, and the replica's alike."""
    database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database["CONN_MAX_AGE"] = 0
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            # a write waits this long for another's lock (a large import) before the 503 to retry
            "timeout": max(1, QPDP_WORKER_TIMEOUT // 3),
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif _env_bool("QPDP_DB_POOL", False):
        # psycopg's connection pool (one per process, shared by its threads) instead of one
        # persistent connection per thread; Django refuses CONN_MAX_AGE with a pool.
        database["CONN_MAX_AGE"] = 0
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("QPDP_DB_POOL_MAX_SIZE", 8)),
            "timeout": 10,
        }
    return database


def _replica(url: str) -> dict[str, dj_database_url.DBConfig]:
    """The ``replica`` alias that core.replicas sends dashboards, reports, exports and API reads
    to; none without a URL. A test run mirrors it onto the primary's test database, as Django
    does for replicas (tests/core/test_replicas.py builds a separate one)."""
    if not url:
        return {}
    return {"replica": {**_database(url), "TEST": {"MIRROR": "default"}}}


DATABASES = {"default": _database(os.environ.get("QPDP_DATABASE_URL", _default_sqlite))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("QPDP_TEST_SQLITE_NAME") or None}
DATABASES.update(_replica(os.environ.get("QPDP_REPLICA_URL", "").strip()))
# A reader who just wrote reads the primary this long: longer than the replica ever lags.
QPDP_REPLICA_PIN_SECONDS = int(os.environ.get("QPDP_REPLICA_PIN_SECONDS", 15))
if "replica" in DATABASES:
    DATABASE_ROUTERS = ["qpdp.core.replicas.ReplicaRouter"]
    MIDDLEWARE.append("qpdp.core.replicas.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "qpdp.core.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttle failed logins: five failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = _env_bool("QPDP_AXES_ENABLED", True)
# The client address behind a reverse proxy, for the lockout and the audit log alike.
AXES_CLIENT_IP_CALLABLE = "qpdp.core.addresses.client_address"
QPDP_TRUSTED_PROXIES = _env_list("QPDP_TRUSTED_PROXIES", "")

# Second factor (TOTP) for administrators and commanders; others may enrol from their account page.
QPDP_REQUIRE_2FA = _env_bool("QPDP_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "QPĐP"
OTP_TOTP_THROTTLE_FACTOR = 1

# A session idle for QPDP_SESSION_IDLE_MINUTES ends (core.middleware.IdleTimeoutMiddleware); the
# cookie and the stored session live a little longer so the middleware decides and records it.
SESSION_IDLE_SECONDS = 60 * int(os.environ.get("QPDP_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Django's own `vi` formats read 01/07/2025 as 7 January and do not group thousands.
FORMAT_MODULE_PATH = ["qpdp.formats"]

# Static files: `qpdp collectstatic` writes hashed, compressed copies under QPDP_VAR_DIR and
# WhiteNoise serves them with a year's cache. Debugging serves them from the apps unhashed, so the
# demo needs no collectstatic (the tests swap in the plain storage: tests/conftest.py).
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"


def _file_storages(url: str) -> dict[str, dict[str, object]]:
    """Where files live, shared by every application server and worker when QPDP_STORAGE_URL says.

    ``default`` holds the documents officers attach; ``imports`` the uploads, the staging files
    of previews and the heartbeats of background jobs, which are rewritten under one name (hence
    overwrite). Unset: folders under ``MEDIA_ROOT`` on this machine. ``file:///srv/qpdp-files``:
    a folder every server mounts (NFS). ``s3://bucket/prefix``: an S3-compatible object store
    through django-storages, at QPDP_S3_ENDPOINT_URL (MinIO, Ceph; unset: AWS) in QPDP_S3_REGION,
    with keys from QPDP_S3_ACCESS_KEY_ID and QPDP_S3_SECRET_ACCESS_KEY(_FILE) or boto3's usual
    sources (environment, instance role).
    """
    folder = "django.core.files.storage.FileSystemStorage"
    if not url:
        return {
            "default": {"BACKEND": folder},
            "imports": {"BACKEND": folder, "OPTIONS": {"allow_overwrite": True}},
        }
    scheme, _, rest = url.partition("://")
    if scheme == "file" and rest.startswith("/"):
        return {
            "default": {"BACKEND": folder, "OPTIONS": {"location": rest}},
            "imports": {"BACKEND": folder, "OPTIONS": {"location": rest, "allow_overwrite": True}},
        }
    if scheme == "s3" and rest.strip("/"):
        bucket, _, prefix = rest.partition("/")
        options: dict[str, object] = {
            "bucket_name": bucket,
            "location": prefix.strip("/"),
            "endpoint_url": os.environ.get("QPDP_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("QPDP_S3_REGION") or None,
            "default_acl": "private",
        }
        if os.environ.get("QPDP_S3_ACCESS_KEY_ID"):
            options["access_key"] = os.environ["QPDP_S3_ACCESS_KEY_ID"]
            secret_file = os.environ.get("QPDP_S3_SECRET_ACCESS_KEY_FILE")
            options["secret_key"] = (
                Path(secret_file).read_text(encoding="utf-8").strip()
                if secret_file
                else os.environ.get("QPDP_S3_SECRET_ACCESS_KEY", "")
            )
        s3 = "storages.backends.s3.S3Storage"
        return {
            "default": {"BACKEND": s3, "OPTIONS": {**options, "file_overwrite": False}},
            "imports": {"BACKEND": s3, "OPTIONS": {**options, "file_overwrite": True}},
        }
    raise ImproperlyConfigured(
        f"QPDP_STORAGE_URL={url!r}: expected file:///absolute/folder or s3://bucket/prefix."
    )


STORAGES = {
    **_file_storages(os.environ.get("QPDP_STORAGE_URL", "").strip()),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Bad input: requests stay small; uploads have their own limits in the imports app.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Transport and headers. Secure cookies and HSTS when served over HTTPS in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_https = _env_bool("QPDP_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _env_bool("QPDP_SSL_REDIRECT", False)
# TLS ended at a reverse proxy that sets X-Forwarded-Proto (and strips it from clients): Django
# then knows the request was HTTPS, so QPDP_SSL_REDIRECT=1 does not loop. On by default behind
# trusted proxies (the application server then listens on loopback only).
if _env_bool("QPDP_PROXY_SSL_HEADER", bool(QPDP_TRUSTED_PROXIES)):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check answers plain HTTP on loopback for the local monitor.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Background jobs (large imports, reports): rows in the database, run by `qpdp db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Steps done inside a request stay well below gunicorn's QPDP_WORKER_TIMEOUT (see above): the
# review's LibreOffice conversion.
QPDP_PDF_CONVERT_TIMEOUT = int(
    os.environ.get("QPDP_PDF_CONVERT_TIMEOUT", max(10, QPDP_WORKER_TIMEOUT * 2 // 3))
)

# /healthz (core.health): the worker is late when no task finished (and a queued heartbeat
# waited) for longer than this; the disk under QPDP_VAR_DIR must keep this much free.
QPDP_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("QPDP_WORKER_HEARTBEAT_MAX_AGE", 300))
QPDP_HEALTH_MIN_FREE_MB = int(os.environ.get("QPDP_HEALTH_MIN_FREE_MB", 500))

# Imports. Uploads above MAX_BYTES are refused (`qpdp import` on the server reads any size);
# files of more than BACKGROUND_ROWS rows (or BACKGROUND_BYTES when the rows cannot be counted
# cheaply) are checked and written by the worker; a job silent for STALE_SECONDS is interrupted.
QPDP_IMPORT_MAX_BYTES = int(os.environ.get("QPDP_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
QPDP_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("QPDP_IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024)
)
QPDP_IMPORT_BACKGROUND_ROWS = int(os.environ.get("QPDP_IMPORT_BACKGROUND_ROWS", 5000))
QPDP_IMPORT_BACKGROUND_BYTES = int(os.environ.get("QPDP_IMPORT_BACKGROUND_BYTES", 1024 * 1024))
QPDP_IMPORT_JOB_STALE_SECONDS = int(os.environ.get("QPDP_IMPORT_JOB_STALE_SECONDS", 120))
# Clean cells are parsed column-wise (imports.columns); 0 parses every cell row by row, the
# path the column-wise one is checked against (same results, slower).
QPDP_IMPORT_COLUMNAR = os.environ.get("QPDP_IMPORT_COLUMNAR", "1") != "0"

# Retention of the tables that only grow (`qpdp retention`, core.retention), in days; 0 keeps
# forever. The audit log is evidence: ten years by default, and never less than a year.
QPDP_AUDIT_RETENTION_DAYS = int(os.environ.get("QPDP_AUDIT_RETENTION_DAYS", 3650))
if 0 < QPDP_AUDIT_RETENTION_DAYS < 365:
    raise ImproperlyConfigured(
        "QPDP_AUDIT_RETENTION_DAYS: the audit log is evidence; 365 days or more (0: always)."
    )
QPDP_IMPORT_ROWS_RETENTION_DAYS = int(os.environ.get("QPDP_IMPORT_ROWS_RETENTION_DAYS", 365))
QPDP_TASK_RESULTS_RETENTION_DAYS = int(os.environ.get("QPDP_TASK_RESULTS_RETENTION_DAYS", 14))
# Monthly partitions of the audit log created ahead of time on PostgreSQL (core.partitions).
QPDP_PARTITION_MONTHS_AHEAD = int(os.environ.get("QPDP_PARTITION_MONTHS_AHEAD", 3))

# The REST API (docs/api.md): bearer tokens for other systems, the session for the browser
# (CSRF enforced on its writes), cursor pages, service refusals as 400/409.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "qpdp.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qpdp.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "qpdp.api.pagination.CursorPagination",
    "EXCEPTION_HANDLER": "qpdp.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "qpdp.api.throttling.TokenRateThrottle",
        "qpdp.api.throttling.AccountRateThrottle",
    ],
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
# Per token and per account (api.throttling); the counts are shared by every server process.
QPDP_API_THROTTLE_RATES = {
    "token": os.environ.get("QPDP_API_RATE_TOKEN", "600/min"),
    "user": os.environ.get("QPDP_API_RATE_USER", "1200/min"),
}


def _caches(url: str) -> dict[str, dict[str, object]]:
    """Django's cache framework, shared when QPDP_CACHE_URL says where.

    ``redis://…``: Redis for everything (several application servers share scopes and API
    counts). ``db``: the database's cache table (``qpdp createcachetable``), shared by every
    process without another service. Unset: memory of each process for what is computed per
    request (scopes go stale in other processes for at most core.access.SCOPE_CACHE_SECONDS after
    a reform) and files under var/ for the API counts, shared by the processes of one machine.
    """
    if url.startswith(("redis://", "rediss://", "unix://")):
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        return {
            "default": {**redis, "KEY_PREFIX": "qpdp"},
            "throttle": {**redis, "KEY_PREFIX": "qpdp-throttle"},
        }
    files = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "throttle",
    }
    if url == "db":
        database: dict[str, object] = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "qpdp_cache",
        }
        return {"default": database, "throttle": files}
    if url:
        raise ImproperlyConfigured(
            f"QPDP_CACHE_URL={url!r}: expected redis://…, rediss://…, unix://… or db."
        )
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": files,
    }


CACHES = _caches(os.environ.get("QPDP_CACHE_URL", "").strip())


def _session_engine(caches: dict[str, dict[str, object]]) -> str:
    """Sessions read from Redis without a query (and written through to the database) when the
    cache is Redis; otherwise from the database: a cache local to each process would keep a
    session alive in one process after the officer logged out through another."""
    if str(caches["default"]["BACKEND"]).endswith("RedisCache"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


SESSION_ENGINE = _session_engine(CACHES)
SPECTACULAR_SETTINGS = {
    "TITLE": "QPĐP API",
    "DESCRIPTION": "API hệ thống thông tin công tác Quốc phòng địa phương",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN (offline networks, CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "qpdp.core.units.UnitKind",
        "HealthKindEnum": "qpdp.conscription.models.HealthKind",
        "DecisionKindEnum": "qpdp.conscription.rules.DecisionKind",
        "MeasureKindEnum": "qpdp.conscription.rules.MeasureKind",
        "DischargeKindEnum": "qpdp.conscription.rules.DischargeKind",
        "MilitiaLevelEnum": "qpdp.militia.rules.Level",
        "ReserveUnitLevelEnum": "qpdp.reserves.rules.UnitLevel",
        "DutyDecisionKindEnum": "qpdp.militia.rules.DutyDecisionKind",
        "DrillKindEnum": "qpdp.reserves.rules.DrillKind",
        "MilitiaDecisionAuthorityEnum": "qpdp.militia.rules.DecisionAuthority",
        "TransferAuthorityEnum": "qpdp.reserves.rules.TransferAuthority",
        "TransferReasonEnum": "qpdp.reserves.rules.TransferReason",
        "MilitiaEndReasonEnum": "qpdp.militia.rules.EndReason",
        "CourseResultEnum": "qpdp.education.models.Result",
        "SupportKindEnum": "qpdp.welfare.models.SupportKind",
        "VisitKindEnum": "qpdp.welfare.models.VisitKind",
        "CaseStatusEnum": "qpdp.welfare.models.CaseStatus",
        "ProposalStatusEnum": "qpdp.awards.models.ProposalStatus",
    },
}

# Logs carry no personal data: only request paths, status codes and ids. QPDP_LOG_FORMAT=json
# writes one JSON object a line with the request id the audit log keeps (core.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "qpdp.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("QPDP_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("QPDP_LOG_LEVEL", "WARNING")},
}
