"""Errors answered outside DRF's views (middleware, an unknown address, a server error): an API
caller gets the API's one JSON error shape (``qpdp.api.errors``), a browser the site's page."""

from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults

from qpdp.core.error_codes import ErrorCode


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(code: str, message: str, status: int) -> JsonResponse:
    """One error in the API's shape: ``{"errors": [{"code", "message", "field"}]}``."""
    error = {"code": code, "message": message, "field": None}
    return JsonResponse({"errors": [error]}, status=status)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: an unknown API address answers JSON like every API error."""
    if is_api(request):
        return api_error(ErrorCode.NOT_FOUND, _("Không tìm thấy."), 404)
    return defaults.page_not_found(request, exception)


# Seconds a caller is asked to wait when SQLite stays locked by a long import.
BUSY_RETRY_AFTER = 30


def database_busy(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" (or "table is locked"): another process holds the write
    lock longer than the connection's timeout, typically a large import on the same file."""
    return isinstance(exc, OperationalError) and "is locked" in str(exc)


def busy(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the officer's save waited for an import and can be repeated."""
    message = _("Hệ thống đang ghi dữ liệu nhập, vui lòng thử lại sau.")
    if is_api(request):
        response: HttpResponse = api_error(ErrorCode.DATABASE_BUSY, message, 503)
    else:
        # Without the request's context processors: they read the account and the navigation.
        page = render_to_string("core/busy.html", {"message": message, "lang": get_language()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: an API call that failed unexpectedly answers JSON like every API error;
    SQLite locked by an import past the wait is a 503 to retry, not a server error (Django
    calls this handler inside its ``except``, so the exception is still at hand)."""
    if database_busy(sys.exc_info()[1]):
        return busy(request)
    if is_api(request):
        message = _("Lỗi máy chủ; hãy thử lại sau hoặc báo quản trị hệ thống.")
        return api_error(ErrorCode.SERVER_ERROR, message, 500)
    return defaults.server_error(request)
