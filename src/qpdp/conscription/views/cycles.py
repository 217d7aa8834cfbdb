"""Cycles and quotas: set by the commanding unit, followed by everyone down to the ward."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.forms import CycleForm, QuotaForm
from qpdp.conscription.models import CallUpCycle, Review
from qpdp.conscription.views._base import CycleMixin, ExportPage, FormPage, xlsx_response
from qpdp.core.access import AnyUser, can_write, is_commander, scope_units
from qpdp.core.units import Unit, UnitKind
from qpdp.core.views import CommanderRequiredMixin


def cycle_units(user: AnyUser) -> QuerySet[Unit]:
    """The units of the user's scope that may run a cycle: a province or a city."""
    return (
        scope_units(user).filter(kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT]).order_by("path")
    )


def create_cycle(user: AnyUser, data: Mapping[str, Any]) -> CallUpCycle:
    """The cycle ``CycleForm``'s cleaned data describes; the page and the API both save here."""
    return services.create_cycle(
        user,
        unit=data["unit"],
        year=data["year"],
        sequence=data["sequence"],
        handover_date=data["handover_date"],
        list_date=data["list_date"],
        registration_date=data["registration_date"],
        exam_start=data["exam_start"],
        exam_end=data["exam_end"],
    )


class CycleListView(LoginRequiredMixin, ExportPage):
    template_name = "conscription/cycle_list.html"

    def export(self) -> HttpResponse:
        rows = (
            (
                c.year,
                c.sequence,
                c.unit.label,
                c.handover_date,
                c.exam_start,
                c.exam_end,
                str(c.regime.title),
            )
            for c in selectors.cycles_for(self.request.user)
        )
        headers = [
            _("Năm"),
            _("Đợt"),
            _("Đơn vị chủ trì"),
            _("Ngày giao quân"),
            _("Khám từ ngày"),
            _("Khám đến ngày"),
            _("Quy định áp dụng"),
        ]
        return xlsx_response(self.request, _("Đợt tuyển quân"), "dot-tuyen-quan", headers, rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cycles"] = selectors.cycles_for(self.request.user)
        context["can_create"] = is_commander(self.request.user) and can_write(self.request.user)
        return context


class CallUpCommanderMixin(CommanderRequiredMixin):
    """Cycles and quotas are set by the commanding unit, not by a ward's staff."""

    commander_message = gettext_lazy("Chỉ chỉ huy đơn vị được lập đợt tuyển quân và giao chỉ tiêu.")


class CycleCreateView(CallUpCommanderMixin, FormPage):
    title = gettext_lazy("Lập đợt tuyển quân")

    def make_form(self, data: Any = None) -> Form:
        return CycleForm(data, units=cycle_units(self.request.user))

    def context(self) -> dict[str, Any]:
        return {"back": reverse("conscription:home")}

    def save(self, form: Any) -> str:
        cycle = create_cycle(self.request.user, form.cleaned_data)
        messages.success(self.request, _("Đã lập %(cycle)s.") % {"cycle": cycle})
        return reverse("conscription:cycle", args=[cycle.pk])


class CycleDetailView(CycleMixin, ExportPage):
    template_name = "conscription/cycle_detail.html"

    def quota_rows(self) -> list[dict[str, Any]]:
        units = list(selectors.quota_units(self.cycle, self.request.user))
        top = min((u.depth for u in units), default=0)
        return [
            {"unit": row.unit, "indent": row.unit.depth - top, "row": row}
            for row in services.completion(self.cycle, units)
        ]

    def export(self) -> HttpResponse:
        headers = [
            _("Đơn vị"),
            _("Chỉ tiêu"),
            _("Đã giao quân"),
            _("Tỷ lệ hoàn thành (%)"),
            _("Không có mặt"),
            _("Tốt nghiệp cao đẳng, đại học"),
            _("Đảng viên"),
        ]
        rows = (
            (
                r["unit"].label,
                r["row"].quota,
                r["row"].handed_over,
                float(r["row"].percent) if r["row"].percent is not None else "",
                r["row"].failed_to_report,
                r["row"].college_graduates,
                r["row"].party_members,
            )
            for r in self.quota_rows()
        )
        title = _("Chỉ tiêu %(cycle)s") % {"cycle": self.cycle}
        return xlsx_response(self.request, title, "chi-tieu", headers, rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        cycle, user = self.cycle, self.request.user
        units = {u.pk for u in selectors.quota_units(cycle, user)}
        context["quota_rows"] = self.quota_rows()
        context["mismatches"] = [
            m for m in services.quota_mismatches(cycle) if m.parent.pk in units
        ]
        context["latest_order_date"] = rules.latest_order_date(cycle.handover_date)
        context["reviews"] = (
            Review.objects.visible_to(user).filter(cycle=cycle).select_related("unit")
        )
        context["overdue"] = selectors.overdue(cycle, self.wards, self.today)
        context["can_assign"] = is_commander(user) and can_write(user)
        context["deciding_level"] = UnitKind(services.deciding_level(cycle)).label
        return context


class QuotaView(CallUpCommanderMixin, CycleMixin, FormPage):
    title = gettext_lazy("Giao chỉ tiêu gọi nhập ngũ")

    def make_form(self, data: Any = None) -> Form:
        units = selectors.quota_units(self.cycle, self.request.user)
        initial: dict[str, Any] = {"assigned_on": self.on}
        chosen = self.request.GET.get("unit", "")
        unit = (
            units.filter(pk=int(chosen)).first() if chosen.isdigit() and len(chosen) < 19 else None
        )
        if unit is not None:
            initial["unit"] = unit
            initial["number"] = selectors.ward_quota(self.cycle, unit)
        return QuotaForm(data, units=units, initial=initial)

    def context(self) -> dict[str, Any]:
        return {
            **self.cycle_context(),
            "back": reverse("conscription:cycle", args=[self.cycle.pk]),
            "intro": _(
                "Chỉ tiêu giao theo các cấp: %(levels)s. Chỉ tiêu không được thấp hơn số "
                "đã giao quân."
            )
            % {
                "levels": ", ".join(
                    str(UnitKind(k).label) for k in services.quota_levels(self.cycle)
                )
            },
        }

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
