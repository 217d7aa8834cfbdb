"""A ward's pool: every registered citizen of call-up age with his state and its reasons."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from qpdp.conscription.rules import PoolState
from qpdp.conscription.tables import PoolTable
from qpdp.conscription.views.scope import PoolMixin, TableExportMixin
from qpdp.core.tables import Table
from qpdp.core.views import HtmxPartialMixin


class PoolView(PoolMixin, TableExportMixin, HtmxPartialMixin, TemplateView):
    template_name = "conscription/pool.html"
    partial_template_name = "conscription/_pool_table.html"
    export_slug = "nguon"

    def table(self, entries: Any) -> PoolTable:
        return PoolTable(entries, cycle=self.cycle, on=self.on, user=self.request.user)

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        entries = self.filtered()
        return self.table(entries), entries, _("Nguồn %(ward)s") % {"ward": self.ward.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        page, counts, stored = self.filtered_page(self.request.GET.get("page"))
        context["filter"] = self.pool_filter
        context["page"] = page
        context["table"] = self.table(page.rows)
        context["list_id"] = "pool-table"
        context["counts"] = [(state, counts[state]) for state in PoolState if counts[state]]
        context["stored"] = stored
        return context
