"""A plan's budget: lines planned against spent, by section, with the totals."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.core.views import DetailView, ServiceFormView
from qpdp.planning import services
from qpdp.planning.forms import BudgetLineForm
from qpdp.planning.models import BudgetLine, Plan, Section
from qpdp.planning.tables import BudgetTable
from qpdp.planning.views.context import UnitYearMixin
from qpdp.planning.views.plans import PlanMixin

SECTIONS = list(Section.values)


class BudgetView(UnitYearMixin, DetailView[Plan]):
    model = Plan
    template_name = "planning/budget.html"
    context_object_name = "plan"

    def get_queryset(self) -> QuerySet[Plan]:
        return Plan.objects.visible_to(self.request.user).select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        plan = self.object
        self.about(plan.unit, plan.year)
        context = super().get_context_data(**kwargs)
        lines = sorted(
            plan.budget_lines.order_by("pk"), key=lambda line: SECTIONS.index(line.section)
        )
        context["lines"] = BudgetTable(
            lines,
            user=self.request.user,
            totals=services.totals(plan),
            editable=context["editable"],
        )
        return context


class BudgetLineCreateView(PlanMixin, ServiceFormView):
    form_class = BudgetLineForm
    title = gettext_lazy("Thêm dòng kinh phí")

    def budget_url(self) -> str:
        return reverse("planning:budget", args=[self.plan.pk])

    def save(self, form: Any) -> str:
        services.add_budget_line(self.request.user, self.plan, form.cleaned_data)
        return self.budget_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"back": self.budget_url()}


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


class BudgetLineEditView(BudgetLineMixin, ServiceFormView):
    form_class = BudgetLineForm
    title = gettext_lazy("Sửa dòng kinh phí")

    def get_initial(self) -> dict[str, Any]:
        line = self.line
        return {
            "section": line.section,
            "description": line.description,
            "planned": line.planned,
            "spent": line.spent,
        }

    def save(self, form: Any) -> str:
        services.update_budget_line(self.request.user, self.line, form.cleaned_data)
        return self.budget_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {"back": self.budget_url()}


class BudgetLineDeleteView(BudgetLineMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"
    success_message = gettext_lazy("Đã xóa dòng kinh phí.")
    title = gettext_lazy("Xóa dòng kinh phí")

    def save(self, form: Any) -> str:
        back = self.budget_url()
        services.delete_budget_line(self.request.user, self.line)
        return back

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "question": _("Xóa “%(line)s”?") % {"line": self.line.description},
            "back": self.budget_url(),
            "danger": True,
        }
