"""Shared views: the home page, the audit log for administrators, and the generic list helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic import TemplateView

from qpdp.core import audit
from qpdp.core.access import can_write, is_admin, scope_units
from qpdp.core.error_codes import ErrorCode
from qpdp.core.pagination import COUNT_CAP, paginate
from qpdp.core.units import UnitKind


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(code: str, message: str, status: int) -> JsonResponse:
    """An error answered outside DRF's views (middleware, unknown URL, server error) in the
    API's one shape (``qpdp.api.errors``)."""
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


class WriterRequiredMixin(LoginRequiredMixin):
    """Leaders read; only other roles reach a form that writes."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can_write(request.user):
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        return super().dispatch(request, *args, **kwargs)


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from qpdp.people.models import Person

        context = super().get_context_data(**kwargs)
        units = scope_units(self.request.user).filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
        context["wards"] = units.annotate(people=Count("residents")).order_by("name")[:60]
        # Capped like the list pages: an exact COUNT of a million rows on every home view is waste.
        total = Person.objects.visible_to(self.request.user).order_by()[: COUNT_CAP + 1].count()
        context["people_total"] = min(total, COUNT_CAP)
        context["people_total_capped"] = total > COUNT_CAP
        return context


class AuditLogView(LoginRequiredMixin, UserPassesTestMixin, TemplateView):
    template_name = "core/audit_log.html"
    page_size = 50

    def test_func(self) -> bool:
        return is_admin(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entries = audit.AuditEntry.objects.select_related("content_type", "unit")
        action = self.request.GET.get("action")
        if action in audit.Action.values:
            entries = entries.filter(action=action)
        username = self.request.GET.get("user", "").strip()
        if username:
            entries = entries.filter(username=username)
        context["page"] = paginate(entries, self.request.GET.get("page"), self.page_size)
        context["actions"] = audit.Action.choices
        return context
