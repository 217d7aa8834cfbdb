"""Deferral and exemption: the ward proposes from a person's page, the regime's authority
decides from the cycle's list (Art. 39, 41, 42)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.filters import DecisionFilter
from qpdp.conscription.forms import DecideForm, ProposalForm
from qpdp.conscription.models import CallUpCycle, Decision
from qpdp.conscription.views._base import (
    CycleListPage,
    CycleMixin,
    FormPage,
    PersonMixin,
    can_decide,
    xlsx_response,
)
from qpdp.core.access import AnyUser
from qpdp.core.units import UnitKind
from qpdp.core.views import WriterRequiredMixin
from qpdp.people.models import Person


def propose(user: AnyUser, cycle: CallUpCycle, person: Person, form: ProposalForm) -> Decision:
    """The proposal a valid ``ProposalForm`` describes; the page and the API both send it here."""
    kind, ground = form.decision()
    data = form.cleaned_data
    return services.propose_decision(
        user,
        cycle,
        person,
        kind=kind,
        ground=ground,
        evidence=data["evidence"],
        proposed_on=data["proposed_on"],
        until=data["until"],
        higher_education=data["higher_education"],
    )


class DecisionListView(CycleListPage[Decision]):
    template_name = "conscription/decision_list.html"
    filter_class = DecisionFilter

    def records(self) -> QuerySet[Decision]:
        return selectors.cycle_decisions(self.cycle, self.request.user)

    def export(self) -> HttpResponse:
        headers = [
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Xã, phường"),
            _("Loại"),
            _("Lý do"),
            _("Căn cứ"),
            _("Giấy tờ chứng minh"),
            _("Đến ngày"),
            _("Ngày đề nghị"),
            _("Số quyết định"),
            _("Ngày quyết định"),
        ]
        rows = (
            (
                d.person.full_name,
                d.person.birth_date_display,
                d.unit.label,
                d.get_kind_display(),
                str(rules.ground(rules.DecisionKind(d.kind), d.ground).title),
                str(rules.ground(rules.DecisionKind(d.kind), d.ground).article),
                d.evidence,
                d.until or "",
                d.proposed_on,
                d.decision_number,
                d.decided_on or "",
            )
            for d in self.filtered()
        )
        return xlsx_response(self.request, _("Tạm hoãn, miễn"), "tam-hoan-mien", headers, rows)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = context["page"].rows
        units = {d.unit for d in rows}
        deciders = {u.pk for u in units if can_decide(self.request.user, self.cycle, u)}
        context["rows"] = [
            {
                "decision": d,
                "ground": rules.ground(rules.DecisionKind(d.kind), d.ground),
                "can_decide": d.decided_on is None and d.unit_id in deciders,
            }
            for d in rows
        ]
        context["deciding_level"] = UnitKind(services.deciding_level(self.cycle)).label
        return context


class ProposalView(PersonMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Đề nghị tạm hoãn, miễn gọi nhập ngũ")

    def make_form(self, data: Any = None) -> Form:
        return ProposalForm(data, initial={"proposed_on": self.on})

    def context(self) -> dict[str, Any]:
        return {
            **self.cycle_context(),
            "person": self.person,
            "state": services.state_of(self.person, self.on),
            "back": reverse("conscription:pool", args=[self.cycle.pk, self.person_ward.pk]),
        }

    def save(self, form: Any) -> str:
        propose(self.request.user, self.cycle, self.person, form)
        messages.success(self.request, _("Đã gửi đề nghị cho %(name)s.") % {"name": self.person})
        return reverse("conscription:decisions", args=[self.cycle.pk])


class DecideView(CycleMixin, FormPage):
    title = gettext_lazy("Quyết định tạm hoãn, miễn gọi nhập ngũ")

    @cached_property
    def decision(self) -> Decision:
        decisions = selectors.cycle_decisions(self.cycle, self.request.user)
        return get_object_or_404(decisions, pk=self.kwargs["decision"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            services.check_decider(request.user, self.cycle, self.decision.unit)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data: Any = None) -> Form:
        initial = {"decided_on": max(self.decision.proposed_on, self.on)}
        return DecideForm(data, initial=initial)

    def context(self) -> dict[str, Any]:
        d = self.decision
        return {
            **self.cycle_context(),
            "person": d.person,
            "decision": d,
            "ground": rules.ground(rules.DecisionKind(d.kind), d.ground),
            "back": reverse("conscription:decisions", args=[self.cycle.pk]),
        }

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
