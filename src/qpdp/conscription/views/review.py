"""The council review of a ward's lists (Art. 34.3, 42.1): read from the pool and the quota,
approved by the regime's authority."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from qpdp.conscription import selectors, services
from qpdp.conscription.forms import ApproveForm
from qpdp.conscription.models import Review
from qpdp.conscription.views._base import (
    ExportPage,
    PoolMixin,
    can_decide,
    reasons_text,
    xlsx_response,
)
from qpdp.core.access import can_write, require_writer
from qpdp.core.forms import add_service_errors


class ReviewView(PoolMixin, ExportPage):
    template_name = "conscription/review.html"

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

    def export(self) -> HttpResponse:
        lists = self.lists()
        sections = [
            (_("Gọi nhập ngũ"), lists.callable),
            (_("Dự bị"), lists.reserve),
            (_("Tạm hoãn"), lists.deferred),
            (_("Miễn"), lists.exempt),
        ]
        headers = [_("Danh sách"), _("Họ và tên"), _("Ngày sinh"), _("Lý do và căn cứ")]
        rows = (
            (str(name), e.person.full_name, e.person.birth_date_display, reasons_text(e))
            for name, entries in sections
            for e in entries
        )
        title = _("Xét duyệt %(ward)s") % {"ward": self.ward.name}
        return xlsx_response(self.request, title, "xet-duyet", headers, rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["lists"] = self.lists()
        context["quota"] = selectors.ward_quota(self.cycle, self.ward)
        context["review"] = self.review
        context["can_approve"] = (
            self.review is None
            and can_write(self.request.user)
            and can_decide(self.request.user, self.cycle, self.ward)
        )
        context["approve_form"] = kwargs.get("approve_form") or ApproveForm(
            initial={"approved_on": self.on}
        )
        context["approver"] = self.cycle.regime.call_up_list_approved_by
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_writer(request.user)
        services.check_decider(request.user, self.cycle, self.ward)
        form = ApproveForm(request.POST)
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
