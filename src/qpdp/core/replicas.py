"""Dashboards, reports, exports and API reads from a read replica (``QPDP_REPLICA_URL``).

A streaming replica is a moment behind the primary, so what goes there is chosen per request and
no officer misses what was just written (docs/scaling/replicas.md):

- only a GET or HEAD of a reading page goes there (``reads_replica``): the year-end review
  (``/tong-ket/``) but its forms, a file (``?format=…``, a ``DownloadView``, a list's export
  URL) and the API's reads; while the replica cannot be reached they read the primary;
- an officer whose browser or program just sent a write (POST, PUT, PATCH, DELETE) reads the
  primary for ``QPDP_REPLICA_PIN_SECONDS``, marked by a signed cookie the write's answer sets;
- within a request, reads inside a transaction and every read after the request's first write
  go to the primary, and a write always goes to the primary.

Accounts, sessions, API tokens, second-factor devices, lockouts, the audit log, the task queue
and the cache table are read on the primary whatever the page: a logout or a revoked token takes
effect at once, and the middleware's export check reads the entry the view has just written.

Without ``QPDP_REPLICA_URL`` the settings install neither the router nor the middleware.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

from qpdp.core.views import DownloadView, ServiceFormView

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "qpdp_primary"
_PIN_SALT = "qpdp.core.replicas.pin"
READ_METHODS = frozenset({"GET", "HEAD"})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# URL namespaces read on the replica (GET and HEAD only): the year-end review and the API.
REPLICA_NAMESPACES = frozenset({"review", "api"})
# Read on the primary on every page (see the module's docstring), by app label or model.
PRIMARY_APPS = frozenset(
    {
        "auth",
        "sessions",
        "axes",
        "otp_totp",
        "otp_static",
        "django_tasks_database",
        "django_cache",  # DatabaseCache's table (QPDP_CACHE_URL=db)
    }
)
PRIMARY_MODELS = frozenset({"core.user", "core.auditentry", "api.apitoken"})


@dataclass
class _Route:
    """Where the current request's reads go; a write in the request turns it to the primary."""

    alias: str


_route: ContextVar[_Route | None] = ContextVar("qpdp_read_route", default=None)


def _always_primary(model: type[Any]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_APPS or f"{meta.app_label}.{meta.model_name}" in PRIMARY_MODELS


class ReplicaRouter:
    """Reads of a request the middleware sent to the replica go there, the rest of a request's
    reads to the primary; outside a request (commands, the worker) Django's default."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        route = _route.get()
        if route is None:
            return None  # outside a request (commands, the worker): Django's default
        if (
            route.alias == DEFAULT_DB_ALIAS
            or _always_primary(model)
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return route.alias

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        """Always the primary; a domain write also sends the request's later reads there."""
        route = _route.get()
        if route is not None and not _always_primary(model):
            route.alias = DEFAULT_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        """A row read on the replica is the primary's row: it may be linked to one read there."""
        return True


def reads_replica(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    """A GET or HEAD of the review, a file download or the API: pages that only read.

    A form page never does, even in the review: what it shows is what its save checks against.
    """
    if request.method not in READ_METHODS:
        return False
    view_class = getattr(view_func, "view_class", None)
    if _subclass(view_class, ServiceFormView):
        return False
    match = request.resolver_match
    if match is not None and REPLICA_NAMESPACES.intersection(match.namespaces):
        return True
    return (
        "format" in request.GET
        or _subclass(view_class, DownloadView)
        or bool(getattr(view_func, "view_initkwargs", {}).get("export_only"))  # a list's file
    )


def _subclass(view_class: object, base: type) -> bool:
    return isinstance(view_class, type) and issubclass(view_class, base)


def pinned(request: HttpRequest) -> bool:
    """This browser or program sent a write less than ``QPDP_REPLICA_PIN_SECONDS`` ago."""
    try:
        request.get_signed_cookie(
            PIN_COOKIE, salt=_PIN_SALT, max_age=settings.QPDP_REPLICA_PIN_SECONDS
        )
    except (KeyError, BadSignature):
        return False
    return True


class ReplicaMiddleware:
    """Choose where the request's reads go, and pin the sender of a write to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _route.set(_Route(DEFAULT_DB_ALIAS))
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if request.method in WRITE_METHODS:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=settings.QPDP_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> None:
        route = _route.get()
        if (
            route is not None
            and reads_replica(request, view_func)
            and not pinned(request)
            and replica_answers()
        ):
            route.alias = REPLICA


def replica_answers() -> bool:
    """A replica that cannot be reached leaves the page on the primary, not an error page."""
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        logger.warning("Read replica unreachable, reading the primary: %s", exc)
        return False
    return True
