"""Cycles and quotas: set by the commanding unit, followed by everyone down to the ward."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.forms import CycleForm, QuotaForm
from qpdp.conscription.models import CallUpCycle, ResultsPosting, Review
from qpdp.conscription.tables import (
    CompletionTable,
    CouncilMeetingTable,
    CycleTable,
    OverdueTable,
    WardStepsTable,
)
from qpdp.conscription.views.scope import PAGE_SIZE, WARD_STEPS, CycleMixin, TableExportMixin
from qpdp.core.access import AnyUser, can_write, is_commander
from qpdp.core.tables import Table
from qpdp.core.units import UnitKind
from qpdp.core.views import CommanderRequiredMixin, ListView, ServiceFormView


def can_run_cycles(user: AnyUser) -> bool:
    return is_commander(user) and can_write(user)


class CycleListView(ListView[CallUpCycle]):
    model = CallUpCycle
    table_class = CycleTable
    title = gettext_lazy("Đợt tuyển quân")
    template_name = "conscription/cycle_list.html"
    page_size = PAGE_SIZE
    export_slug = "dot-tuyen-quan"

    def get_queryset(self) -> QuerySet[CallUpCycle]:
        return selectors.cycles_for(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = can_run_cycles(self.request.user)
        return context


class CallUpCommanderMixin(CommanderRequiredMixin):
    """Cycles and quotas are set by the commanding unit, not by a ward's staff."""

    commander_message = gettext_lazy("Chỉ chỉ huy đơn vị được lập đợt tuyển quân và giao chỉ tiêu.")


class CycleCreateView(CallUpCommanderMixin, ServiceFormView):
    form_class = CycleForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Lập đợt tuyển quân")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"units": selectors.units_running_cycles(self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=reverse("conscription:home"), **kwargs)

    def save(self, form: Any) -> str:
        cycle = services.create_cycle(self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Đã lập %(cycle)s.") % {"cycle": cycle})
        return reverse("conscription:cycle", args=[cycle.pk])


class CycleDetailView(CycleMixin, TableExportMixin, TemplateView):
    template_name = "conscription/cycle_detail.html"
    export_slug = "chi-tieu"

    def completion(self) -> CompletionTable:
        units = list(selectors.quota_units(self.cycle, self.request.user))
        top = min((u.depth for u in units), default=0)
        rows = [
            {"unit": row.unit, "indent": row.unit.depth - top, "row": row}
            for row in services.completion(self.cycle, units)
        ]
        exclude = () if can_run_cycles(self.request.user) else ("assign",)
        return CompletionTable(rows, cycle=self.cycle, user=self.request.user, exclude=exclude)

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        table = self.completion()
        return table, table.ordered_data, _("Chỉ tiêu %(cycle)s") % {"cycle": self.cycle}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        cycle, user = self.cycle, self.request.user
        units = {u.pk for u in selectors.quota_units(cycle, user)}
        context["completion"] = self.completion()
        context["mismatches"] = [
            m for m in services.quota_mismatches(cycle) if m.parent.pk in units
        ]
        context["latest_order_date"] = rules.latest_order_date(cycle.handover_date)
        context["reviews"] = (
            Review.objects.visible_to(user).filter(cycle=cycle).select_related("unit")
        )
        context["council_table"] = CouncilMeetingTable(
            selectors.cycle_council_meetings(cycle, user), user=user
        )
        context["council_proposed_by"] = cycle.regime.list_proposed_by
        context["results_postings"] = (
            ResultsPosting.objects.visible_to(user).filter(cycle=cycle).select_related("unit")
        )
        overdue = selectors.overdue(cycle, self.wards, user, self.today)
        context["overdue"] = OverdueTable(overdue, user=user) if overdue else None
        context["unregistered_definition"] = selectors.unregistered_definition(cycle, self.today)
        context["ward_steps_table"] = WardStepsTable(
            self.wards, cycle=cycle, steps=WARD_STEPS, user=user
        )
        context["can_assign"] = can_run_cycles(user)
        context["deciding_level"] = UnitKind(services.deciding_level(self.on)).label
        return context


class QuotaView(CallUpCommanderMixin, CycleMixin, ServiceFormView):
    form_class = QuotaForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Giao chỉ tiêu gọi nhập ngũ")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"units": selectors.quota_units(self.cycle, self.request.user)}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"assigned_on": self.on}
        chosen = self.request.GET.get("unit", "")
        units = self.get_form_kwargs()["units"]
        unit = (
            units.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 19 else None
        )
        if unit is not None:
            initial["unit"] = unit
            initial["number"] = selectors.ward_quota(self.cycle, unit)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        levels = ", ".join(str(UnitKind(k).label) for k in services.quota_levels(self.cycle))
        intro = _(
            "Chỉ tiêu giao theo các cấp: %(levels)s. Chỉ tiêu không được thấp hơn số đã giao quân."
        ) % {"levels": levels}
        back = reverse("conscription:cycle", args=[self.cycle.pk])
        return super().get_context_data(**self.cycle_context(), back=back, intro=intro, **kwargs)

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        quota = services.assign_quota(
            self.request.user,
            self.cycle,
            data["unit"],
            data["number"],
            assigned_on=data["assigned_on"],
        )
        messages.success(
            self.request,
            _("Đã giao chỉ tiêu %(number)s cho %(unit)s.")
            % {"number": quota.number, "unit": quota.unit.label},
        )
        for mismatch in services.quota_mismatches(self.cycle):
            messages.warning(self.request, str(mismatch))
        return reverse("conscription:cycle", args=[self.cycle.pk])
