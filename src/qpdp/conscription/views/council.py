"""The Military Service Council's meetings on a cycle's lists (Art. 34.3, 36–39): the list of
the cycle's meetings with their votes and results, and the minutes recorded after a confirmation
that shows whether the resolution passes (Art. 36.3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.forms import CouncilMeetingForm
from qpdp.conscription.models import CouncilMeeting
from qpdp.conscription.tables import CouncilMeetingTable
from qpdp.conscription.views.scope import PAGE_SIZE, CycleMixin
from qpdp.core.access import can_write
from qpdp.core.views import ConfirmedFormView, ListView


class CouncilMeetingListView(CycleMixin, ListView[CouncilMeeting]):
    model = CouncilMeeting
    table_class = CouncilMeetingTable
    title = gettext_lazy("Hội đồng nghĩa vụ quân sự")
    template_name = "conscription/council_list.html"
    page_size = PAGE_SIZE
    export_slug = "hoi-dong-nvqs"

    def get_queryset(self) -> QuerySet[CouncilMeeting]:
        return selectors.cycle_council_meetings(self.cycle, self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["can_record"] = can_write(self.request.user)
        context["proposed_by"] = self.cycle.regime.list_proposed_by
        return context


class CouncilMeetingCreateView(CycleMixin, ConfirmedFormView):
    form_class = CouncilMeetingForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Ghi cuộc họp của hội đồng nghĩa vụ quân sự")
    confirm_question = gettext_lazy("Ghi biên bản cuộc họp và kết quả biểu quyết này?")

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "units": selectors.council_units(self.cycle, user),
            "communes": selectors.cycle_wards(self.cycle, user),
        }

    def get_initial(self) -> dict[str, Any]:
        return {"held_on": self.on}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        intro = _(
            "Nghị quyết được thông qua khi quá nửa tổng số thành viên hội đồng tán thành "
            "(%(article)s). %(council)s đề nghị danh sách gọi nhập ngũ để %(approver)s phê duyệt."
        ) % {
            "article": rules.RESOLUTION_ARTICLE,
            "council": self.cycle.regime.list_proposed_by,
            "approver": self.cycle.regime.call_up_list_approved_by,
        }
        back = reverse("conscription:council", args=[self.cycle.pk])
        return super().get_context_data(**self.cycle_context(), intro=intro, back=back, **kwargs)

    def check(self, form: CouncilMeetingForm) -> list[tuple[str, Any]]:
        data = form.meeting()
        services.check_meeting(self.request.user, self.cycle, data)
        passed = rules.resolution_passes(data.votes_for, data.members_total)
        result = _("Thông qua") if passed else _("Không thông qua")
        communes = ", ".join(unit.label for unit in data.communes) or data.unit.label
        return [
            (_("Hội đồng nghĩa vụ quân sự"), data.unit.label),
            (_("Nội dung họp"), rules.CouncilStep(data.step).label),
            (_("Ngày họp"), f"{data.held_on:%d/%m/%Y}"),
            (_("Danh sách của"), communes),
            (
                _("Có mặt"),
                _("%(present)s/%(total)s thành viên")
                % {"present": data.members_present, "total": data.members_total},
            ),
            (
                _("Biểu quyết"),
                _("%(for)s tán thành, %(against)s không tán thành")
                % {"for": data.votes_for, "against": data.votes_against},
            ),
            (
                _("Kết quả"),
                _("%(result)s (cần ít nhất %(needed)s/%(total)s thành viên tán thành, %(article)s)")
                % {
                    "result": result,
                    "needed": rules.votes_needed(data.members_total),
                    "total": data.members_total,
                    "article": rules.RESOLUTION_ARTICLE,
                },
            ),
            (_("Số nghị quyết"), data.resolution_number),
            (_("Nội dung nghị quyết"), data.content),
        ]

    def save(self, form: CouncilMeetingForm) -> str:
        meeting = services.record_meeting(self.request.user, self.cycle, form.meeting())
        result = _("thông qua") if meeting.passed else _("không thông qua")
        messages.success(
            self.request,
            _("Đã ghi cuộc họp của hội đồng %(unit)s: nghị quyết %(result)s.")
            % {"unit": meeting.unit.label, "result": result},
        )
        return reverse("conscription:council", args=[self.cycle.pk])
