"""Core's own pages: the home page (its sections come from the apps), the audit log for
administrators, and the unit search behind the unit picker."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from qpdp.core import audit, home
from qpdp.core.access import is_admin
from qpdp.core.filters import AuditFilter
from qpdp.core.forms import UNIT_SEARCH_RESULTS, UnitSearch
from qpdp.core.tables import AuditTable
from qpdp.core.vietnamese import fold
from qpdp.core.views.lists import ListView

SEARCH_MAX_LENGTH = 100


class HomeView(LoginRequiredMixin, TemplateView):
    """The sections the apps contribute (``core.home``), each computed for the user's scope."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["panels"] = [
            (panel.template_name, panel.context(self.request)) for panel in home.panels()
        ]
        return context


class AuditLogView(UserPassesTestMixin, ListView[audit.AuditEntry]):
    model = audit.AuditEntry
    filterset_class = AuditFilter
    table_class = AuditTable
    title = _("Nhật ký thay đổi")
    export_formats = ()

    def test_func(self) -> bool:
        return is_admin(self.request.user)

    def get_queryset(self) -> QuerySet[audit.AuditEntry]:
        """Every entry: the log is read by administrators only (``test_func``)."""
        return audit.AuditEntry.objects.select_related("content_type", "unit")


class UnitSearchView(LoginRequiredMixin, View):
    """The units of the caller's scope whose name (accents folded) or code matches ``q``, as
    ``<option>``s for the unit picker's select; the picker's ``kind`` and ``on`` narrow them."""

    def get(self, request: HttpRequest) -> HttpResponse:
        units = UnitSearch.from_query(request.GET).offered_to(request.user)
        text = request.GET.get("q", "")[:SEARCH_MAX_LENGTH].strip()
        if text:
            units = units.filter(Q(search_key__contains=fold(text)) | Q(code__startswith=text))
        found = units[:UNIT_SEARCH_RESULTS]
        return render(request, "core/unit_options.html", {"units": found})
