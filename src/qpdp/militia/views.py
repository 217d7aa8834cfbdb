"""Pages of the militia registry, declared on the page kit (``core.views``): units (list, detail
with roster, printable roster, set-up form, authorised strength, dissolution), members (list,
detail, enrolment, transfer, extension, ending duty in bulk), deferrals and exemptions (list, new
decision), training plans (list, detail, new plan, attendance sheet). Every write is a
``militia.services`` call, so its refusal lands on the form with nothing saved."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qpdp.core.access import User, can_write
from qpdp.core.forms import coded_errors
from qpdp.core.views import (
    BulkActionView,
    ConfirmedFormView,
    DetailView,
    ListView,
    ServiceFormView,
    wants_partial,
)
from qpdp.militia import selectors, services
from qpdp.militia.filters import (
    DutyDecisionPageFilter,
    MemberPageFilter,
    MilitiaUnitPageFilter,
    TrainingPlanPageFilter,
)
from qpdp.militia.forms import (
    AttendanceSheetForm,
    DissolveForm,
    DutyDecisionForm,
    EndMembershipForm,
    ExtensionForm,
    MemberForm,
    MilitiaUnitForm,
    StrengthForm,
    TrainingPlanForm,
    TransferForm,
)
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import EndReason
from qpdp.militia.tables import (
    DutyDecisionTable,
    MemberTable,
    MilitiaUnitTable,
    TrainingPlanTable,
)
from qpdp.people.picker import PersonPickerMixin

WARD_WARNINGS = 30


# -- units --------------------------------------------------------------------------------------


class UnitListView(ListView[MilitiaUnit]):
    model = MilitiaUnit
    filterset_class = MilitiaUnitPageFilter
    table_class = MilitiaUnitTable
    title = gettext_lazy("Đơn vị dân quân tự vệ")
    template_name = "militia/unit_list.html"
    export_slug = "don-vi-dan-quan-tu-ve"

    def get_queryset(self) -> QuerySet[MilitiaUnit]:
        return super().get_queryset().select_related("unit")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not wants_partial(self.request):
            context["without_platoon"] = selectors.communes_without_mobile_platoon(
                self.request.user, timezone.localdate(), limit=WARD_WARNINGS
            )
        return context


class UnitDetailView(DetailView[MilitiaUnit]):
    """A unit with its roster today: who serves, in which post, until when, with the flags of
    members past their term or the age."""

    model = MilitiaUnit
    template_name = "militia/unit_detail.html"
    context_object_name = "militia_unit"

    def get_queryset(self) -> QuerySet[MilitiaUnit]:
        return super().get_queryset().select_related("unit", "parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        roster = list(
            Membership.objects.active_on(today)
            .filter(militia_unit=self.object)
            .select_related("person", "militia_unit")
            .order_by("person__roster_key", "pk")
        )
        flagged = {m.pk: flags for m, flags in selectors.flagged(self.roster_source(), today)}
        context.update(
            today=today,
            roster=[(m, flagged.get(m.pk, [])) for m in roster],
            vacancies=max(self.object.authorised_strength - len(roster), 0),
            can_add=context["editable"] and can_write(self.request.user),
        )
        return context

    def roster_source(self) -> QuerySet[Membership]:
        return Membership.objects.filter(militia_unit=self.object)


class UnitPrintView(UnitDetailView):
    """The roster as a sheet to print and sign (the browser prints it; no buttons on it)."""

    template_name = "militia/unit_print.html"


class UnitCreateView(ServiceFormView):
    form_class = MilitiaUnitForm
    title = gettext_lazy("Thành lập đơn vị dân quân tự vệ")
    success_message = gettext_lazy("Đã ghi quyết định thành lập đơn vị.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, form: MilitiaUnitForm) -> str:
        militia_unit = services.create_unit(self.request.user, **form.cleaned_data)
        return reverse("militia:unit", args=[militia_unit.pk])


# -- members ------------------------------------------------------------------------------------


class MemberListView(ListView[Membership]):
    model = Membership
    filterset_class = MemberPageFilter
    table_class = MemberTable
    title = gettext_lazy("Dân quân tự vệ")
    template_name = "militia/member_list.html"
    export_slug = "dan-quan-tu-ve"
    export_limit = 200_000

    def get_queryset(self) -> QuerySet[Membership]:
        return super().get_queryset().select_related("person", "militia_unit", "militia_unit__unit")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class MemberDetailView(DetailView[Membership]):
    model = Membership
    template_name = "militia/member_detail.html"
    context_object_name = "member"

    def get_queryset(self) -> QuerySet[Membership]:
        return super().get_queryset().select_related("person", "militia_unit__unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        member = self.object
        context.update(
            flags=selectors.flags(member, timezone.localdate()),
            trainings=member.attendances.select_related("plan", "plan__unit").order_by(
                "-plan__year", "pk"
            ),
            other_services=Membership.objects.visible_to(self.request.user)
            .filter(person=member.person)
            .exclude(pk=member.pk)
            .select_related("militia_unit"),
        )
        return context


class EditableUnitMixin:
    """The unit of the URL among those the user may write (404 otherwise)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def militia_unit(self) -> MilitiaUnit:
        units = MilitiaUnit.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(units, pk=self.kwargs["pk"])

    def unit_url(self) -> str:
        return reverse("militia:unit", args=[self.militia_unit.pk])


class StrengthView(EditableUnitMixin, ServiceFormView):
    """A new authorised strength; the service refuses one below the members serving today."""

    form_class = StrengthForm
    title = gettext_lazy("Thay đổi biên chế")
    success_message = gettext_lazy("Đã thay đổi biên chế.")

    def get_initial(self) -> dict[str, Any]:
        return {"authorised_strength": self.militia_unit.authorised_strength}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(back=self.unit_url(), **kwargs)
        context["title"] = f"{self.title}: {self.militia_unit.name}"
        return context

    def save(self, form: StrengthForm) -> str:
        services.change_strength(
            self.request.user, self.militia_unit, form.cleaned_data["authorised_strength"]
        )
        return self.unit_url()


class DissolveView(EditableUnitMixin, ConfirmedFormView):
    """Dissolving a unit, confirmed on a second page; the service refuses it while anyone
    still serves there (move or release them first)."""

    form_class = DissolveForm
    title = gettext_lazy("Giải thể đơn vị")
    success_message = gettext_lazy("Đã ghi giải thể đơn vị.")
    confirm_question = gettext_lazy(
        "Sau ngày giải thể đơn vị không còn nhận dân quân tự vệ. Chỉ giải thể được khi không còn "
        "ai thực hiện nghĩa vụ ở đơn vị (hãy chuyển đơn vị hoặc cho thôi trước)."
    )
    danger = True

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(back=self.unit_url(), **kwargs)
        context["title"] = f"{self.title}: {self.militia_unit.name}"
        return context

    def check(self, form: DissolveForm) -> list[tuple[str, Any]]:
        return [
            (_("Đơn vị"), str(self.militia_unit)),
            (_("Ngày giải thể"), f"{form.cleaned_data['on']:%d/%m/%Y}"),
        ]

    def save(self, form: DissolveForm) -> str:
        services.dissolve_unit(self.request.user, self.militia_unit, on=form.cleaned_data["on"])
        return self.unit_url()


class MemberCreateView(PersonPickerMixin, ServiceFormView):
    """Enrolment in two steps on one page: find the person by name (among those the user may
    write), then type the decision; the service refuses ages, a second unit, deferrals,
    exemptions, an assigned reservist and a full unit."""

    form_class = MemberForm
    template_name = "militia/member_form.html"
    title = gettext_lazy("Thêm dân quân tự vệ")
    success_message = gettext_lazy("Đã thêm dân quân tự vệ.")
    # A refusal about the person is shown above the form (the person field is hidden).
    error_aliases = {"person": "__all__"}
    picker_keeps = ("militia_unit",)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {
            "person": self.request.GET.get("person"),
            "militia_unit": self.request.GET.get("militia_unit"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**self.picker_context(), **kwargs)

    def save(self, form: MemberForm) -> str:
        data = form.cleaned_data
        member = services.enrol_member(
            self.request.user,
            data["militia_unit"],
            data["person"],
            joined_on=data["joined_on"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            decision_signer=data["decision_signer"],
            decided_by=data["decided_by"] or None,
            post=data["post"],
            volunteer=data["volunteer"],
        )
        return reverse("militia:member", args=[member.pk])


class ExtendView(ServiceFormView):
    """Extend a member's term (Art. 8.2): the service refuses more than the law allows for the
    kind of force and post, and any day past the duty age."""

    form_class = ExtensionForm
    title = gettext_lazy("Kéo dài thời hạn thực hiện nghĩa vụ")
    success_message = gettext_lazy("Đã kéo dài thời hạn.")

    @cached_property
    def member(self) -> Membership:
        members = Membership.objects.editable_by(self.request.user).select_related(
            "person", "militia_unit__unit"
        )
        return get_object_or_404(members, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("%(title)s: %(name)s (hết hạn %(day)s)") % {
            "title": self.title,
            "name": self.member.person,
            "day": f"{self.member.service_end:%d/%m/%Y}",
        }
        return context

    def save(self, form: ExtensionForm) -> str:
        services.extend_term(self.request.user, self.member, **form.cleaned_data)
        return reverse("militia:member", args=[self.member.pk])


class TransferView(ServiceFormView):
    """Move a member to another unit (the old service ends that day, the term goes with him);
    the service refuses a full unit, a second commander, a day before he joined."""

    form_class = TransferForm
    title = gettext_lazy("Chuyển đơn vị")
    success_message = gettext_lazy("Đã chuyển đơn vị.")

    @cached_property
    def member(self) -> Membership:
        members = Membership.objects.editable_by(self.request.user).select_related(
            "person", "militia_unit__unit"
        )
        return get_object_or_404(members, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "member": self.member}

    def get_initial(self) -> dict[str, Any]:
        return {"post": self.member.post}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("militia:member", args=[self.member.pk])
        context = super().get_context_data(back=back, **kwargs)
        context["title"] = _("%(title)s: %(name)s (đang ở %(unit)s)") % {
            "title": self.title,
            "name": self.member.person,
            "unit": self.member.militia_unit.name,
        }
        return context

    def save(self, form: TransferForm) -> str:
        data = form.cleaned_data
        moved = services.transfer_member(
            self.request.user,
            self.member,
            data["militia_unit"],
            on=data["on"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            post=data["post"],
        )
        return reverse("militia:member", args=[moved.pk])


class EndMembershipView(BulkActionView):
    """A unit's serving members with a box each: completion, early release or removal by one
    decision, confirmed on a second page; one refusal and nobody is released."""

    template_name = "militia/end_membership.html"
    form_class = EndMembershipForm
    checked_field = "members"
    action_title = gettext_lazy("Thôi thực hiện nghĩa vụ")

    @cached_property
    def militia_unit(self) -> MilitiaUnit:
        units = MilitiaUnit.objects.visible_to(self.request.user).select_related("unit")
        return get_object_or_404(units, pk=self.kwargs["pk"])

    def serving(self, members: QuerySet[Membership]) -> QuerySet[Membership]:
        return (
            members.filter(militia_unit=self.militia_unit, ended_on__isnull=True)
            .select_related("person", "militia_unit")
            .order_by("person__roster_key", "pk")
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"members": self.serving(Membership.objects.editable_by(self.request.user))}

    def page_context(self) -> dict[str, Any]:
        return {"militia_unit": self.militia_unit}

    def list_context(self) -> dict[str, Any]:
        return {
            "title": self.action_title,
            "members": self.serving(Membership.objects.visible_to(self.request.user)),
            "can_act": can_write(self.request.user),
        }

    def preview(self, form: EndMembershipForm) -> list[tuple[Any, str]]:
        reason = EndReason(form.cleaned_data["reason"]).label
        return [
            (
                member,
                _("%(reason)s từ ngày %(day)s (hết hạn %(end)s)")
                % {
                    "reason": reason,
                    "day": f"{form.cleaned_data['on']:%d/%m/%Y}",
                    "end": f"{member.service_end:%d/%m/%Y}",
                },
            )
            for member in form.cleaned_data["members"]
        ]

    def perform(self, form: EndMembershipForm) -> str:
        data = form.cleaned_data
        members = list(data["members"])
        for member in members:
            try:
                services.end_membership(
                    self.request.user,
                    member,
                    reason=data["reason"],
                    on=data["on"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    ground=data["ground_code"],
                )
            except ValidationError as exc:
                raise ValidationError(coded_errors(exc, f"{member.person}: ")) from exc
        count = len(members)
        return ngettext("Đã ghi %(n)d người.", "Đã ghi %(n)d người.", count) % {"n": count}


# -- deferral and exemption ---------------------------------------------------------------------


class DecisionListView(ListView[DutyDecision]):
    model = DutyDecision
    filterset_class = DutyDecisionPageFilter
    table_class = DutyDecisionTable
    title = gettext_lazy("Tạm hoãn, miễn tham gia dân quân tự vệ")
    template_name = "militia/decision_list.html"
    export_slug = "tam-hoan-mien-dan-quan-tu-ve"

    def get_queryset(self) -> QuerySet[DutyDecision]:
        return super().get_queryset().select_related("person", "unit")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class DecisionCreateView(PersonPickerMixin, ServiceFormView):
    """A deferral or exemption for a person found by name (Art. 11); the service refuses a
    deferral without the day its ground ends, a signer the law does not name, a ward the user
    does not write for."""

    form_class = DutyDecisionForm
    template_name = "militia/decision_form.html"
    title = gettext_lazy("Ghi quyết định tạm hoãn, miễn")
    success_message = gettext_lazy("Đã ghi quyết định tạm hoãn, miễn.")
    error_aliases = {"person": "__all__", "kind": "ground"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user  # the form offers his own ward first
        own = user.unit_id if isinstance(user, User) else None
        return {"person": self.request.GET.get("person"), "unit": own}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**self.picker_context(), **kwargs)

    def save(self, form: DutyDecisionForm) -> str:
        data = form.cleaned_data
        services.record_duty_decision(
            self.request.user,
            data["person"],
            data["unit"],
            kind=data["kind"],
            ground=data["ground_code"],
            evidence=data["evidence"],
            decided_on=data["decided_on"],
            number=data["number"],
            signer=data["signer"],
            until=data["until"],
            decided_by=data["decided_by"] or None,
        )
        return reverse("militia:decisions")


# -- training -----------------------------------------------------------------------------------


class PlanListView(ListView[TrainingPlan]):
    model = TrainingPlan
    filterset_class = TrainingPlanPageFilter
    table_class = TrainingPlanTable
    title = gettext_lazy("Huấn luyện dân quân tự vệ")
    template_name = "militia/plan_list.html"
    export_slug = "huan-luyen-dan-quan-tu-ve"

    def get_queryset(self) -> QuerySet[TrainingPlan]:
        return super().get_queryset().select_related("unit")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class PlanDetailView(DetailView[TrainingPlan]):
    model = TrainingPlan
    template_name = "militia/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> QuerySet[TrainingPlan]:
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(selectors.attendance_for(self.request.user, self.object))
        complete = sum(1 for row in rows if row.complete)
        context.update(
            attendances=rows,
            complete=complete,
            rate=round(100 * complete / len(rows)) if rows else None,
        )
        return context


class PlanCreateView(ServiceFormView):
    form_class = TrainingPlanForm
    title = gettext_lazy("Lập kế hoạch huấn luyện")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    @transaction.atomic
    def save(self, form: TrainingPlanForm) -> str:
        plan = services.create_training_plan(self.request.user, **form.cleaned_data)
        count = services.enrol_trainees(self.request.user, plan)
        messages.success(
            self.request,
            ngettext(
                "Đã lập kế hoạch và đưa %(n)d người vào danh sách huấn luyện.",
                "Đã lập kế hoạch và đưa %(n)d người vào danh sách huấn luyện.",
                count,
            )
            % {"n": count},
        )
        return reverse("militia:plan", args=[plan.pk])


class AttendanceView(ServiceFormView):
    """The plan's roll: the days each trainee attended, saved together (one refusal and none
    is saved)."""

    form_class = AttendanceSheetForm
    template_name = "militia/attendance_form.html"
    title = gettext_lazy("Ghi kết quả huấn luyện")
    success_message = gettext_lazy("Đã ghi kết quả huấn luyện.")

    @cached_property
    def plan(self) -> TrainingPlan:
        plans = TrainingPlan.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(plans, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        rows: list[Attendance] = list(selectors.attendance_for(self.request.user, self.plan))
        return {"attendances": rows}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(plan=self.plan, **kwargs)

    @transaction.atomic
    def save(self, form: AttendanceSheetForm) -> str:
        for row, days in form.changed_rows():
            try:
                services.record_attendance(self.request.user, row, days)
            except ValidationError as exc:
                raise ValidationError({form.field_name(row): coded_errors(exc)}) from exc
        return reverse("militia:plan", args=[self.plan.pk])
