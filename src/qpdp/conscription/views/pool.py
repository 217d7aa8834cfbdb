"""A ward's pool: every registered citizen of call-up age with his state and its reasons."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from qpdp.conscription.rules import PoolState
from qpdp.conscription.views._base import (
    ExportPage,
    PoolMixin,
    reasons_text,
    xlsx_response,
)


class PoolView(PoolMixin, ExportPage):
    template_name = "conscription/pool.html"
    partial_template_name = "conscription/_pool_table.html"

    def export(self) -> HttpResponse:
        headers = [
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Tuổi"),
            _("Trạng thái"),
            _("Lý do và căn cứ"),
        ]
        rows = (
            (
                e.person.full_name,
                e.person.birth_date_display,
                e.person.age_on(self.on),
                str(e.state.label),
                reasons_text(e),
            )
            for e in self.filtered()
        )
        title = _("Nguồn %(ward)s") % {"ward": self.ward.name}
        return xlsx_response(self.request, title, "nguon", headers, rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        page, everyone = self.filtered_page(self.request.GET.get("page"))
        counts = Counter(e.state for e in everyone)
        context["filter"] = self.pool_filter
        context["page"] = page
        context["rows"] = [{"entry": e, "age": e.person.age_on(self.on)} for e in page.rows]
        context["counts"] = [(state, counts[state]) for state in PoolState if counts[state]]
        return context
