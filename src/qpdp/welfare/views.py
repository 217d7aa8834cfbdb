"""Pages of rear policy, declared on the page kit (``core.views``): soldiers' families with their
members, payments and visits, recording a payment (the service refuses what the decree does not
allow); Decision 49/62 cases with the overdue ones, receiving a case, its papers, and each step
of its workflow confirmed on its own page; the commune's steps for many cases at once."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import can_write, scope_units
from qpdp.core.units import UnitKind
from qpdp.core.vietnamese import sort_key
from qpdp.core.views import (
    BulkActionView,
    DetailView,
    ListView,
    ServiceFormView,
    download_response,
    table_download,
)
from qpdp.welfare import rules, selectors, services
from qpdp.welfare.error_codes import ErrorCode
from qpdp.welfare.filters import CaseFilter, FamilyFilter
from qpdp.welfare.forms import (
    CaseBulkForm,
    CaseForm,
    DischargeForm,
    DocumentForm,
    FamilyForm,
    MemberForm,
    PaymentForm,
    StepForm,
    VisitForm,
)
from qpdp.welfare.models import BenefitCase, CaseStatus, DossierItem, SoldierFamily
from qpdp.welfare.tables import CaseTable, FamilyTable, WardTotalsTable


class UserFilterMixin:
    request: Any

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class FamilyListView(UserFilterMixin, ListView[SoldierFamily]):
    model = SoldierFamily
    filterset_class = FamilyFilter
    table_class = FamilyTable
    title = gettext_lazy("Gia đình quân nhân tại ngũ")
    template_name = "welfare/family_list.html"
    export_slug = "gia-dinh-quan-nhan"

    def get_queryset(self) -> QuerySet[SoldierFamily]:
        return selectors.with_discharge(
            super()
            .get_queryset()
            .select_related("soldier", "unit")
            .annotate(payment_count=Count("payments"), paid=Sum("payments__amount"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(can_add=can_write(self.request.user), **kwargs)


class FamilyCreateView(ServiceFormView):
    """Register a soldier's family from his handed-over call-up order (Law on Military Service
    Art. 50.2, 52): the service refuses an order not handed over or a family already registered,
    on the order's field."""

    form_class = FamilyForm
    title = gettext_lazy("Lập sổ gia đình quân nhân tại ngũ")
    success_message = gettext_lazy("Đã lập sổ gia đình quân nhân; hãy thêm thân nhân.")

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "accepted": CallUpOrder.objects.editable_by(user).select_related("person", "unit"),
            "offered": selectors.unregistered_handovers(user),
        }

    def get_initial(self) -> dict[str, Any]:
        return {"handover": self.request.GET.get("order")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=reverse("welfare:home"), **kwargs)

    def save(self, form: FamilyForm) -> str:
        data = form.cleaned_data
        family = services.register_family(self.request.user, data["handover"], note=data["note"])
        return reverse("welfare:family", args=[family.pk])


class FamilyDetailView(DetailView[SoldierFamily]):
    model = SoldierFamily
    template_name = "welfare/family_detail.html"
    context_object_name = "family"

    def get_queryset(self) -> QuerySet[SoldierFamily]:
        return super().get_queryset().select_related("soldier", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        family = self.object
        context["members"] = family.members.select_related("person")
        context["payments"] = family.payments.select_related("member__person")
        context["visits"] = family.visits.all()
        discharge = selectors.recorded_discharge(family)
        day = selectors.discharge_day_of(family, discharge)
        context.update(discharge=discharge, discharge_day=day)
        context["allowance"] = self.discharge_allowance(day)
        return context

    def discharge_allowance(self, day: dt.date | None) -> rules.DischargeAllowance | None:
        """Decree 27/2016 Art. 7 for the months served, once the discharge day is recorded
        (None before, or while no base salary is in force that day)."""
        if day is None:
            return None
        try:
            return services.discharge_allowance(self.object, discharged_on=day)
        except ValidationError:
            return None


class EditableFamilyMixin:
    """The family of the URL, if the user may change it (404 otherwise); the form goes back to
    the family's page."""

    request: Any
    kwargs: dict[str, Any]

    @cached_property
    def family(self) -> SoldierFamily:
        families = SoldierFamily.objects.editable_by(self.request.user).select_related("soldier")
        return get_object_or_404(families, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("welfare:family", args=[self.family.pk])
        return super().get_context_data(**{"back": back, **kwargs})  # type: ignore[misc]


class PaymentCreateView(EditableFamilyMixin, ServiceFormView):
    """Pay a Decree 27/2016 allowance to a family: the service refuses more than the amount in
    force, a grant beyond the yearly number, a day the soldier was not serving."""

    form_class = PaymentForm
    success_message = gettext_lazy("Đã ghi khoản trợ cấp.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Chi trợ cấp cho gia đình quân nhân %(name)s") % {"name": self.family.soldier}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"members": self.family.members.select_related("person")}

    def get_initial(self) -> dict[str, Any]:
        return {"paid_on": timezone.localdate()}

    def save(self, form: PaymentForm) -> str:
        services.pay_support(self.request.user, self.family, **form.cleaned_data)
        return reverse("welfare:family", args=[self.family.pk])


class MemberAddView(EditableFamilyMixin, ServiceFormView):
    """A relative of the soldier, named by identity number (a person of the registry)."""

    form_class = MemberForm
    success_message = gettext_lazy("Đã thêm thân nhân.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Thêm thân nhân của quân nhân %(name)s") % {"name": self.family.soldier}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, form: MemberForm) -> str:
        services.add_member(self.request.user, self.family, **form.cleaned_data)
        return reverse("welfare:family", args=[self.family.pk])


class DischargeView(EditableFamilyMixin, ServiceFormView):
    """The soldier's discharge day; the family page then shows his Art. 7 allowance."""

    form_class = DischargeForm
    success_message = gettext_lazy("Đã ghi ngày xuất ngũ.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Ghi ngày xuất ngũ của quân nhân %(name)s") % {"name": self.family.soldier}

    def save(self, form: DischargeForm) -> str:
        services.record_discharge(self.request.user, self.family, **form.cleaned_data)
        return reverse("welfare:family", args=[self.family.pk])


class VisitAddView(EditableFamilyMixin, ServiceFormView):
    """A visit to the family or a Tết gift."""

    form_class = VisitForm
    success_message = gettext_lazy("Đã ghi thăm hỏi, tặng quà.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Thăm hỏi, tặng quà gia đình quân nhân %(name)s") % {"name": self.family.soldier}

    def get_initial(self) -> dict[str, Any]:
        return {"visited_on": timezone.localdate()}

    def save(self, form: VisitForm) -> str:
        services.record_visit(self.request.user, self.family, **form.cleaned_data)
        return reverse("welfare:family", args=[self.family.pk])


class CaseListView(UserFilterMixin, ListView[BenefitCase]):
    model = BenefitCase
    filterset_class = CaseFilter
    table_class = CaseTable
    title = gettext_lazy("Hồ sơ chế độ Quyết định 49, 62")
    template_name = "welfare/case_list.html"
    export_slug = "ho-so-qd-49-62"

    def get_queryset(self) -> QuerySet[BenefitCase]:
        return super().get_queryset().select_related("applicant", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = can_write(self.request.user)
        context["overdue"] = selectors.overdue(self.get_queryset(), timezone.localdate()).count()
        return context


DECISIONS = frozenset({CaseStatus.APPROVED.value, CaseStatus.RETURNED.value})


class CaseDetailView(DetailView[BenefitCase]):
    """The case's facts, its checklist with the papers received, its steps, and a button for
    each step the workflow allows next."""

    model = BenefitCase
    template_name = "welfare/case_detail.html"
    context_object_name = "case"

    def get_queryset(self) -> QuerySet[BenefitCase]:
        return super().get_queryset().select_related("applicant", "beneficiary", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = self.object
        context["checklist"] = services.checklist(case)
        context["steps"] = case.steps.select_related("actor")
        following = rules.NEXT_STEPS.get(case.status, frozenset())
        if following & DECISIONS and not services.may_decide(self.request.user, case):
            following = following - DECISIONS  # the commune waits for the higher level
        context["next_steps"] = [s for s in CaseStatus if s.value in following]
        context["overdue"] = case.due_on is not None and case.due_on < timezone.localdate()
        return context


class EditableCaseMixin:
    request: Any
    kwargs: dict[str, Any]

    @cached_property
    def case(self) -> BenefitCase:
        cases = BenefitCase.objects.editable_by(self.request.user).select_related("applicant")
        return get_object_or_404(cases, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("welfare:case", args=[self.case.pk])
        return super().get_context_data(**{"back": back, "case": self.case, **kwargs})  # type: ignore[misc]


class CaseStepView(EditableCaseMixin, ServiceFormView):
    """One step of the workflow, confirmed on this page (date, and for an approval the decision
    and amount, for a return its reason); the service refuses a step out of order, an approval
    with papers missing or by a level that may not decide."""

    form_class = StepForm
    template_name = "welfare/case_step.html"

    @cached_property
    def status(self) -> CaseStatus:
        if self.kwargs["status"] not in CaseStatus.values:
            raise Http404
        return CaseStatus(self.kwargs["status"])

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Chuyển hồ sơ sang bước “%(step)s”") % {"step": self.status.label}

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return _("Hồ sơ đã chuyển sang bước “%(step)s”.") % {"step": self.status.label}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"status": self.status}

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def save(self, form: StepForm) -> str:
        try:
            services.advance(self.request.user, self.case, status=self.status, **form.cleaned_data)
        except PermissionDenied as exc:  # a commune may not approve or return its own case
            raise ValidationError(str(exc), code=ErrorCode.NOT_DECIDER) from exc
        return reverse("welfare:case", args=[self.case.pk])


class DocumentAddView(EditableCaseMixin, ServiceFormView):
    form_class = DocumentForm
    success_message = gettext_lazy("Đã ghi giấy tờ vào hồ sơ.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Ghi giấy tờ nhận vào hồ sơ của %(name)s") % {"name": self.case.applicant}

    def get_form_kwargs(self) -> dict[str, Any]:
        missing = [item.pk for item, paper in services.checklist(self.case) if paper is None]
        return {"items": DossierItem.objects.filter(pk__in=missing)}

    def get_initial(self) -> dict[str, Any]:
        return {"received_on": timezone.localdate()}

    def save(self, form: DocumentForm) -> str:
        services.add_document(self.request.user, self.case, **form.cleaned_data)
        return reverse("welfare:case", args=[self.case.pk])


class CaseCreateView(ServiceFormView):
    """A case received at the commune: the applicant must already be in the registry."""

    form_class = CaseForm
    title = gettext_lazy("Tiếp nhận hồ sơ chế độ Quyết định 49, 62")
    success_message = gettext_lazy("Đã tiếp nhận hồ sơ; hãy ghi các giấy tờ đã nhận.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"received_on": timezone.localdate()}

    def save(self, form: CaseForm) -> str:
        case = services.receive_case(self.request.user, **form.cleaned_data)
        return reverse("welfare:case", args=[case.pk])


class CaseBulkView(BulkActionView):
    """The commune's own steps (checked, sent up) for the ticked open cases, confirmed first."""

    template_name = "welfare/case_bulk.html"
    form_class = CaseBulkForm
    checked_field = "cases"
    action_title = gettext_lazy("Chuyển bước nhiều hồ sơ")
    statuses = (CaseStatus.RECEIVED, CaseStatus.CHECKED, CaseStatus.RETURNED)

    def get_form_kwargs(self) -> dict[str, Any]:
        cases = BenefitCase.objects.editable_by(self.request.user).filter(status__in=self.statuses)
        return {"cases": cases.select_related("applicant")}

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def page_context(self) -> dict[str, Any]:
        return {"title": self.action_title}

    def list_context(self) -> dict[str, Any]:
        cases = BenefitCase.objects.visible_to(self.request.user).filter(status__in=self.statuses)
        return {"cases": cases.select_related("applicant", "unit").order_by("due_on", "pk")}

    def preview(self, form: forms.Form) -> list[tuple[Any, str]]:
        wanted = CaseStatus(form.cleaned_data["status"])
        rows = []
        for case in form.cleaned_data["cases"]:
            if not rules.step_allowed(case.status, wanted):
                message = _("Hồ sơ của %(name)s đang ở bước “%(current)s”; không chuyển được.")
                raise ValidationError(
                    message % {"name": case.applicant, "current": case.get_status_display()},
                    code=ErrorCode.STEP_OUT_OF_ORDER,
                )
            rows.append((case, f"{case.get_status_display()} → {wanted.label}"))
        return rows

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        for case in data["cases"]:
            services.advance(self.request.user, case, status=data["status"], on=data["on"])
        n = len(data["cases"])
        return ngettext("Đã chuyển bước %(n)d hồ sơ.", "Đã chuyển bước %(n)d hồ sơ.", n) % {"n": n}


WARDS_SHOWN = 300


class WardTotalsView(LoginRequiredMixin, TemplateView):
    """Each ward's rear-policy work in a year (families of serving soldiers, allowances paid,
    visits, Tết gifts: ``selectors.totals``, one grouped query per figure), with its export."""

    template_name = "welfare/totals.html"

    @cached_property
    def year(self) -> int:
        typed = self.request.GET.get("year", "")
        return (
            int(typed)
            if typed.isdigit() and 2000 <= int(typed) <= 2100
            else timezone.localdate().year
        )

    def rows(self) -> list[selectors.WardTotals]:
        in_force = scope_units(self.request.user).filter(kind=UnitKind.COMMUNE)
        in_force = in_force.valid_on(dt.date(self.year, 12, 31)).order_by("path")
        # the Vietnamese alphabetical order (the database's puts "Đ" after "V")
        wards = sorted(in_force[:WARDS_SHOWN], key=lambda ward: sort_key(ward.name))
        start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        return selectors.totals(wards, start, end)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "xlsx":
            title = _("Công tác hậu phương quân đội năm %(year)s") % {"year": self.year}
            table = WardTotalsTable([], user=request.user)
            download = table_download(
                table, self.rows(), "xlsx", title[:31], f"hau-phuong-{self.year}", title
            )
            return download_response(request, download)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        title = _("Tổng hợp theo xã, phường năm %(year)s") % {"year": self.year}
        table = WardTotalsTable(self.rows(), user=self.request.user)
        context.update(title=title, year=self.year, table=table)
        return context
