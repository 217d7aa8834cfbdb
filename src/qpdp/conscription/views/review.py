"""The council review of a ward's lists (Art. 34.3, 42.1): read from the pool and the quota,
approved by the regime's authority."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from qpdp.conscription import selectors, services
from qpdp.conscription.forms import ApproveForm
from qpdp.conscription.models import Review
from qpdp.conscription.tables import ReviewTable
from qpdp.conscription.views.scope import PoolMixin, TableExportMixin, act_day, can_decide
from qpdp.core.access import can_write, require_writer
from qpdp.core.forms import add_service_errors
from qpdp.core.tables import Table


class ReviewView(PoolMixin, TableExportMixin, TemplateView):
    template_name = "conscription/review.html"
    export_slug = "xet-duyet"

    @cached_property
    def review(self) -> Review | None:
        return (
            Review.objects.visible_to(self.request.user)
            .filter(cycle=self.cycle, unit=self.ward)
            .select_related("approved_by")
            .first()
        )

    def lists(self) -> selectors.ReviewLists:
        orders = selectors.live_orders(self.cycle, [e.person.pk for e in self.entries])
        quota = selectors.ward_quota(self.cycle, self.ward)
        return selectors.review_lists(self.entries, quota, orders)

    def sections(self, lists: selectors.ReviewLists) -> list[tuple[str, list[dict[str, Any]]]]:
        """The four lists, each as its table's records: a number, the list's name, the entry."""
        named = [
            ("callable", _("Gọi nhập ngũ"), lists.callable),
            ("reserve", _("Dự bị"), lists.reserve),
            ("deferred", _("Tạm hoãn"), lists.deferred),
            ("exempt", _("Miễn"), lists.exempt),
        ]
        return [
            (css, [{"n": i, "list": name, "entry": e} for i, e in enumerate(entries, start=1)])
            for css, name, entries in named
        ]

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        records = [row for _css, rows in self.sections(self.lists()) for row in rows]
        title = _("Xét duyệt %(ward)s") % {"ward": self.ward.name}
        return ReviewTable([], user=self.request.user), records, title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["lists"] = lists = self.lists()
        context["tables"] = {
            css: ReviewTable(rows, user=self.request.user, attrs={"class": f"list {css}"})
            for css, rows in self.sections(lists)
        }
        context["quota"] = selectors.ward_quota(self.cycle, self.ward)
        context["review"] = self.review
        context["can_approve"] = (
            self.review is None
            and can_write(self.request.user)
            and can_decide(self.request.user, self.ward, self.on)
        )
        context["approve_form"] = kwargs.get("approve_form") or ApproveForm(
            initial={"approved_on": self.on}
        )
        context["approver"] = self.cycle.regime.call_up_list_approved_by
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_writer(request.user)
        form = ApproveForm(request.POST)
        services.check_decider(request.user, self.ward, act_day(form, "approved_on", self.on))
        if form.is_valid():
            try:
                services.approve_review(
                    request.user,
                    self.cycle,
                    self.ward,
                    approved_on=form.cleaned_data["approved_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã phê duyệt danh sách của %(ward)s.") % {"ward": self.ward.label},
                )
                return HttpResponseRedirect(request.path)
        context = self.get_context_data(approve_form=form)
        return self.render_to_response(context, status=400)
