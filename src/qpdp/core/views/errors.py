"""Errors answered outside DRF's views (middleware, an unknown address, a server error): an API
caller gets the API's one JSON error shape (``qpdp.api.errors``), a browser the site's page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
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


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: an API call that failed unexpectedly answers JSON like every API error."""
    if is_api(request):
        message = _("Lỗi máy chủ; hãy thử lại sau hoặc báo quản trị hệ thống.")
        return api_error(ErrorCode.SERVER_ERROR, message, 500)
    return defaults.server_error(request)
