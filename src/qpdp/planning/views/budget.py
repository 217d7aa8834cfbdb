"""A plan's budget: lines planned against spent, by section, with the totals."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from qpdp.planning import services
from qpdp.planning.forms import BudgetLineForm
from qpdp.planning.models import BudgetLine, Plan, Section
from qpdp.planning.views._base import PlanningPage, ServiceForm
from qpdp.planning.views.plans import PlanMixin

SECTIONS = list(Section.values)


class BudgetView(PlanningPage):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = get_object_or_404(
            Plan.objects.visible_to(request.user).select_related("unit"), pk=pk
        )
        self.about(plan.unit, plan.year)
        editable = Plan.objects.editable_by(request.user).filter(pk=plan.pk).exists()
        return self.render(
            "planning/budget.html",
            {
                "plan": plan,
                "lines": sorted(
                    plan.budget_lines.order_by("pk"), key=lambda line: SECTIONS.index(line.section)
                ),
                "totals": services.totals(plan),
                "editable": editable,
            },
        )


class BudgetLineCreateView(PlanMixin, ServiceForm):
    form_class = BudgetLineForm

    def budget_url(self) -> str:
        return reverse("planning:budget", args=[self.plan.pk])

    def save(self, form: forms.Form) -> str:
        services.add_budget_line(self.request.user, self.plan, form.cleaned_data)
        return self.budget_url()

    def context(self) -> dict[str, Any]:
        return {"plan": self.plan, "title": _("Thêm dòng kinh phí"), "back": self.budget_url()}


class BudgetLineMixin(PlanMixin):
    @cached_property
    def line(self) -> BudgetLine:
        editable = BudgetLine.objects.editable_by(self.request.user).select_related("plan__unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    @cached_property
    def plan(self) -> Plan:
        return self.line.plan

    def budget_url(self) -> str:
        return reverse("planning:budget", args=[self.plan.pk])


class BudgetLineEditView(BudgetLineMixin, ServiceForm):
    form_class = BudgetLineForm

    def initial(self) -> dict[str, Any]:
        line = self.line
        return {
            "section": line.section,
            "description": line.description,
            "planned": line.planned,
            "spent": line.spent,
        }

    def save(self, form: forms.Form) -> str:
        services.update_budget_line(self.request.user, self.line, form.cleaned_data)
        return self.budget_url()

    def context(self) -> dict[str, Any]:
        return {"plan": self.plan, "title": _("Sửa dòng kinh phí"), "back": self.budget_url()}


class BudgetLineDeleteView(BudgetLineMixin, ServiceForm):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: forms.Form) -> str:
        back = self.budget_url()
        services.delete_budget_line(self.request.user, self.line)
        return back

    def success_message(self) -> str:
        return _("Đã xóa dòng kinh phí.")

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Xóa dòng kinh phí"),
            "question": _("Xóa “%(line)s”?") % {"line": self.line.description},
            "back": self.budget_url(),
            "danger": True,
        }
