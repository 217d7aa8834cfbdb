"""Deferral and exemption: the ward proposes from a person's page, the regime's authority
decides from the cycle's list (Art. 39, 41, 42); a volunteer's application (Art. 6.2, 41.3)."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.filters import DecisionFilter
from qpdp.conscription.forms import DecideForm, ProposalForm, VolunteeringForm
from qpdp.conscription.models import Decision
from qpdp.conscription.tables import DecisionTable
from qpdp.conscription.views.scope import (
    PAGE_SIZE,
    CycleMixin,
    PersonMixin,
    act_day,
    can_decide,
)
from qpdp.core.units import UnitKind
from qpdp.core.views import ListView, ServiceFormView


class DecisionListView(CycleMixin, ListView[Decision]):
    model = Decision
    table_class = DecisionTable
    filterset_class = DecisionFilter
    title = gettext_lazy("Tạm hoãn, miễn")
    template_name = "conscription/decision_list.html"
    page_size = PAGE_SIZE
    export_slug = "tam-hoan-mien"

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.cycle_decisions(self.cycle, self.request.user)

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"wards": selectors.cycle_wards(self.cycle, self.request.user)}

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"cycle": self.cycle}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        units = {d.unit for d in context["page"].rows}
        self.table.deciders = {u.pk for u in units if can_decide(self.request.user, u, self.on)}
        context["deciding_level"] = UnitKind(services.deciding_level(self.on)).label
        return context


class ProposalView(PersonMixin, ServiceFormView):
    form_class = ProposalForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Đề nghị tạm hoãn, miễn gọi nhập ngũ")

    def get_initial(self) -> dict[str, Any]:
        return {"proposed_on": self.on}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            **self.cycle_context(),
            person=self.person,
            state=services.state_of(self.cycle, self.person, self.on),
            back=reverse("conscription:pool", args=[self.cycle.pk, self.person_ward.pk]),
            **kwargs,
        )

    def save(self, form: Any) -> str:
        services.propose_decision(self.request.user, self.cycle, self.person, **form.proposal())
        messages.success(self.request, _("Đã gửi đề nghị cho %(name)s.") % {"name": self.person})
        return reverse("conscription:decisions", args=[self.cycle.pk])


class VolunteeringView(PersonMixin, ServiceFormView):
    """A citizen's application to serve (Art. 6.2, 41.3), from his row of the pool."""

    form_class = VolunteeringForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Ghi đơn tình nguyện nhập ngũ")

    def get_initial(self) -> dict[str, Any]:
        return {"applied_on": self.on}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            **self.cycle_context(),
            person=self.person,
            state=services.state_of(self.cycle, self.person, self.on),
            back=reverse("conscription:pool", args=[self.cycle.pk, self.person_ward.pk]),
            **kwargs,
        )

    def save(self, form: Any) -> str:
        services.record_volunteering(
            self.request.user, self.cycle, self.person, **form.cleaned_data
        )
        messages.success(
            self.request, _("Đã ghi đơn tình nguyện của %(name)s.") % {"name": self.person}
        )
        return reverse("conscription:pool", args=[self.cycle.pk, self.person_ward.pk])


class DecideView(CycleMixin, ServiceFormView):
    form_class = DecideForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Quyết định tạm hoãn, miễn gọi nhập ngũ")

    @cached_property
    def decision(self) -> Decision:
        decisions = selectors.cycle_decisions(self.cycle, self.request.user)
        return get_object_or_404(decisions, pk=self.kwargs["decision"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            form = DecideForm(request.POST if request.method == "POST" else None)
            day = act_day(form, "decided_on", self.default_day)
            services.check_decider(request.user, self.decision.unit, day)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def default_day(self) -> dt.date:
        """The decision's default date: within the cycle, not before the proposal."""
        return max(self.decision.proposed_on, self.on)

    def get_initial(self) -> dict[str, Any]:
        return {"decided_on": self.default_day}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        d = self.decision
        return super().get_context_data(
            **self.cycle_context(),
            person=d.person,
            decision=d,
            ground=rules.ground(rules.DecisionKind(d.kind), d.ground),
            back=reverse("conscription:decisions", args=[self.cycle.pk]),
            **kwargs,
        )

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        services.decide(
            self.request.user, self.decision, decided_on=data["decided_on"], number=data["number"]
        )
        messages.success(
            self.request,
            _("Đã quyết định %(kind)s cho %(name)s.")
            % {"kind": self.decision.get_kind_display().lower(), "name": self.decision.person},
        )
        return reverse("conscription:decisions", args=[self.cycle.pk])
