"""Shared views: the home page, the audit log for administrators, and the generic list helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from qpdp.core import audit
from qpdp.core.access import can_write, is_admin, scope_units
from qpdp.core.pagination import COUNT_CAP, paginate
from qpdp.core.units import UnitKind


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
