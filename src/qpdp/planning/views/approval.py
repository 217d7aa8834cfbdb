"""The approval page of a unit's year: its figures, its children's statuses, and the actions the
user may take (complete, reopen, lock, unlock), each confirmed on a second page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qpdp.core.units import Unit
from qpdp.planning import rules, services
from qpdp.planning.figures import children_in_year, year_figures
from qpdp.planning.forms import ReasonForm
from qpdp.planning.models import ApprovalStatus, DataApproval
from qpdp.planning.rules import ApprovalAction
from qpdp.planning.tables import ChildApprovalTable, YearFigureTable
from qpdp.planning.views.context import UnitYearMixin, in_scope, link

CONFIRMATIONS = {
    ApprovalAction.COMPLETE: gettext_lazy(
        "Báo số liệu năm %(year)s của %(unit)s đã đầy đủ, chính xác để cấp trên xem xét và khóa."
    ),
    ApprovalAction.REOPEN: gettext_lazy(
        "Mở lại số liệu năm %(year)s của %(unit)s để tiếp tục cập nhật (hủy báo hoàn thành)."
    ),
    ApprovalAction.LOCK: gettext_lazy(
        "Khóa số liệu năm %(year)s của %(unit)s: lưu lại toàn bộ chỉ số tại thời điểm này; báo "
        "cáo tổng kết dùng số liệu đã khóa, sửa dữ liệu sau đó không làm thay đổi báo cáo."
    ),
    ApprovalAction.UNLOCK: gettext_lazy(
        "Mở khóa số liệu năm %(year)s của %(unit)s: báo cáo sẽ tính lại theo dữ liệu hiện tại. "
        "Phải ghi lý do; việc mở khóa được ghi nhật ký."
    ),
}


class ApprovalView(UnitYearMixin, TemplateView):
    """The unit's figures and children (``overview``), or one action to confirm (``confirm``)."""

    def render(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        self.template_name = template
        return self.render_to_response(self.get_context_data(**context), status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = self.chosen_unit()
        action = request.GET.get("action", "")
        if action in ApprovalAction.__members__.values():
            return self.confirm(unit, ApprovalAction(action), ReasonForm())
        return self.overview(unit)

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = self.chosen_unit()
        raw = request.POST.get("action", "")
        if raw not in ApprovalAction.__members__.values():
            raise Http404(_("Thao tác không hợp lệ."))
        action = ApprovalAction(raw)
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                step = services.ApprovalStep(unit, self.year, action, form.cleaned_data["reason"])
                services.act(request.user, step)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(action)s: %(unit)s, năm %(year)s.")
                    % {
                        "action": rules.ACTION_LABELS[action],
                        "unit": unit.label,
                        "year": self.year,
                    },
                )
                return HttpResponseRedirect(link("planning:approval", unit, self.year))
        return self.confirm(unit, action, form, status=400)

    def confirm(
        self, unit: Unit, action: ApprovalAction, form: ReasonForm, status: int = 200
    ) -> HttpResponse:
        return self.render(
            "planning/approval_confirm.html",
            {
                "unit": unit,
                "action": action,
                "action_label": rules.ACTION_LABELS[action],
                "question": str(CONFIRMATIONS[action]) % {"year": self.year, "unit": unit.label},
                "form": form,
                "needs_reason": rules.TRANSITIONS[action].needs_reason,
                "asks_reason": action in (ApprovalAction.REOPEN, ApprovalAction.UNLOCK),
                "danger": action == ApprovalAction.UNLOCK,
                "back": link("planning:approval", unit, self.year),
            },
            status=status,
        )

    def overview(self, unit: Unit) -> HttpResponse:
        approval = services.approval_for(unit, self.year)
        granted = services.capacities(self.request.user, unit)
        children = in_scope(self.request, children_in_year(unit, self.year))
        statuses = {
            a.unit_id: a
            for a in DataApproval.objects.filter(unit__in=[c.pk for c in children], year=self.year)
        }
        figures = year_figures(unit, self.year)
        return self.render(
            "planning/approval.html",
            {
                "unit": unit,
                "approval": approval,
                "actions": [
                    (action, rules.ACTION_LABELS[action])
                    for action in rules.allowed_actions(approval.status, granted)
                ],
                "children": ChildApprovalTable(
                    [
                        (child, statuses.get(child.pk), link("planning:approval", child, self.year))
                        for child in children
                    ],
                    user=self.request.user,
                )
                if children
                else None,
                "figures": figures,
                "figure_table": YearFigureTable(figures.rows, user=self.request.user),
                "locked": approval.status == ApprovalStatus.LOCKED,
            },
        )
