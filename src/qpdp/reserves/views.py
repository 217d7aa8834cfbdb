"""Pages of the reserve registry, declared on the page kit (``core.views``): reserve soldiers
(list, detail, registration with the class confirmed before it is saved), reserve units (list
with staffing, new unit, detail with roster and speciality match, printable roster, assigning a
soldier, ending an assignment), readiness drills (list, detail with turnout, a new drill
summoning a unit, who reported). Every write is a ``reserves.services`` call, so its refusal lands
on the form with nothing saved."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qpdp.conscription import selectors as conscription
from qpdp.core.access import User, can_write
from qpdp.core.forms import coded_errors
from qpdp.core.views import (
    BulkActionView,
    ConfirmedFormView,
    DetailView,
    ListView,
    ServiceFormView,
)
from qpdp.people.picker import PersonPickerMixin
from qpdp.reserves import rules, selectors, services
from qpdp.reserves.filters import DrillFilter, ReserveUnitPageFilter, SoldierPageFilter
from qpdp.reserves.forms import (
    AssignmentForm,
    DrillForm,
    EndAssignmentForm,
    ReportForm,
    ReserveUnitForm,
    SoldierForm,
    TransferOutForm,
)
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import TransferReason
from qpdp.reserves.tables import DrillTable, ReserveUnitTable, SoldierTable

# -- soldiers -----------------------------------------------------------------------------------


class SoldierListView(ListView[ReserveSoldier]):
    model = ReserveSoldier
    filterset_class = SoldierPageFilter
    table_class = SoldierTable
    title = gettext_lazy("Quân nhân dự bị")
    template_name = "reserves/soldier_list.html"
    export_slug = "quan-nhan-du-bi"
    export_limit = 200_000

    def get_queryset(self) -> QuerySet[ReserveSoldier]:
        return super().get_queryset().select_related("person", "unit")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class SoldierDetailView(DetailView[ReserveSoldier]):
    model = ReserveSoldier
    template_name = "reserves/soldier_detail.html"
    context_object_name = "soldier"

    def get_queryset(self) -> QuerySet[ReserveSoldier]:
        return super().get_queryset().select_related("person", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        soldier = self.object
        group = selectors.age_group(soldier, today)
        # The call-up's discharge record, where the soldier was handed over through QPĐP, is
        # read before the day typed at registration (kept for soldiers enlisted before it).
        discharge = conscription.latest_discharge(soldier.person_id)
        discharged_on = soldier.discharged_on if discharge is None else discharge.discharged_on
        context.update(
            age_group=dict(rules.AgeGroup.choices).get(group, "—"),
            discharge=discharge,
            discharged_on=discharged_on,
            flags=selectors.flags(soldier, today, discharged_on=discharged_on),
            assignments=soldier.assignments.select_related("reserve_unit").order_by(
                "-assigned_on", "pk"
            ),
            summonses=soldier.summonses.select_related("drill").order_by("-drill__starts_on"),
        )
        return context


class SoldierCreateView(PersonPickerMixin, ConfirmedFormView):
    """Registration in three steps on one page: find the person by name, type the service
    history, then confirm the class the rules give it (the confirmation runs the save's own
    checks, ``services.check_soldier``, so it never shows a class the save would refuse)."""

    form_class = SoldierForm
    template_name = "reserves/soldier_form.html"
    title = gettext_lazy("Đăng ký quân nhân dự bị")
    success_message = gettext_lazy("Đã đăng ký quân nhân dự bị.")
    confirm_question = gettext_lazy(
        "Hạng dưới đây do hệ thống xác định theo Điều 24 Luật Nghĩa vụ quân sự từ quá trình phục "
        "vụ đã nhập; kiểm tra lại trước khi lưu."
    )
    # A refusal about the person is shown above the form (the person field is hidden).
    error_aliases = {"person": "__all__"}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user  # the form offers his own ward first
        return {
            "person": self.request.GET.get("person"),
            "unit": user.unit_id if isinstance(user, User) else None,
            "registered_on": timezone.localdate(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**self.picker_context(), **kwargs)

    def check(self, form: SoldierForm) -> list[tuple[str, Any]]:
        data = form.registration()
        person, unit = data["person"], data["unit"]
        decided = services.check_soldier(
            self.request.user,
            person,
            unit,
            registered_on=data["registered_on"],
            history=data["history"],
            discharged_on=data["discharged_on"],
            category=data["category"],
            category_reason=data["category_reason"],
            studied_after_deferral=data["studied_after_deferral"],
        )
        ground = decided.ground
        return [
            (_("Công dân"), f"{person.full_name}, {person.birth_date_display}"),
            (_("Nơi đăng ký"), unit.label),
            (_("Ngày đăng ký"), f"{data['registered_on']:%d/%m/%Y}"),
            (_("Hạng"), rules.Category(decided.category).label),
            (_("Căn cứ xếp hạng"), f"{ground.title} ({ground.article})"),
            (_("Lý do xếp hạng"), decided.reason),
            (_("Chuyên nghiệp quân sự"), data["speciality"]),
            (_("Cấp bậc"), dict(rules.Rank.choices).get(data["rank"], "")),
        ]

    def save(self, form: SoldierForm) -> str:
        data = form.registration()
        person, unit = data.pop("person"), data.pop("unit")
        soldier = services.register_soldier(self.request.user, person, unit, **data)
        return reverse("reserves:soldier", args=[soldier.pk])


class TransferOutView(BulkActionView):
    """The soldiers of the user's scope past the reserve age today (Art. 25), ticked and
    transferred out by one decision (Art. 29), confirmed on a second page; one refusal and
    nobody is transferred."""

    template_name = "reserves/transfer_out.html"
    form_class = TransferOutForm
    checked_field = "soldiers"
    action_title = gettext_lazy("Giải ngạch quân nhân dự bị")

    def get_form_kwargs(self) -> dict[str, Any]:
        soldiers = ReserveSoldier.objects.editable_by(self.request.user).filter(
            transferred_out_on__isnull=True
        )
        return {"soldiers": soldiers.select_related("person", "unit")}

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def list_context(self) -> dict[str, Any]:
        visible = ReserveSoldier.objects.visible_to(self.request.user)
        return {
            "title": self.action_title,
            "soldiers": selectors.due_for_transfer_out(visible, timezone.localdate()),
            "can_act": can_write(self.request.user),
        }

    def preview(self, form: TransferOutForm) -> list[tuple[Any, str]]:
        reason = TransferReason(form.cleaned_data["reason"]).label
        return [
            (soldier, f"{reason} · {soldier.person.birth_date_display}")
            for soldier in form.cleaned_data["soldiers"]
        ]

    def perform(self, form: TransferOutForm) -> str:
        data = dict(form.cleaned_data)
        soldiers = list(data.pop("soldiers"))
        data.pop("confirmed", None)
        for soldier in soldiers:
            try:
                services.transfer_out(self.request.user, soldier, **data)
            except ValidationError as exc:
                raise ValidationError(coded_errors(exc, f"{soldier.person}: ")) from exc
        count = len(soldiers)
        return ngettext(
            "Đã giải ngạch %(n)d quân nhân.", "Đã giải ngạch %(n)d quân nhân.", count
        ) % {"n": count}


# -- reserve units ------------------------------------------------------------------------------


class ReserveUnitListView(ListView[ReserveUnit]):
    model = ReserveUnit
    filterset_class = ReserveUnitPageFilter
    table_class = ReserveUnitTable
    title = gettext_lazy("Đơn vị dự bị động viên")
    template_name = "reserves/unit_list.html"
    export_slug = "don-vi-du-bi-dong-vien"

    def get_queryset(self) -> QuerySet[ReserveUnit]:
        today = timezone.localdate()
        serving = Q(assignments__assigned_on__lte=today) & (
            Q(assignments__ended_on__isnull=True) | Q(assignments__ended_on__gt=today)
        )
        return (
            super()
            .get_queryset()
            .select_related("unit")
            .annotate(assigned=Count("assignments", filter=serving))
        )

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class ReserveUnitDetailView(DetailView[ReserveUnit]):
    """A unit's roster today, its staffing against the authorised strength and how many hold
    the unit's speciality. The roster names only the soldiers the user may see; the counts are
    of the whole unit."""

    model = ReserveUnit
    template_name = "reserves/unit_detail.html"
    context_object_name = "reserve_unit"

    def get_queryset(self) -> QuerySet[ReserveUnit]:
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        unit = self.object
        current = Assignment.objects.active_on(today).filter(reserve_unit=unit)
        counts = current.aggregate(
            total=Count("pk"), matched=Count("pk", filter=Q(speciality_matched=True))
        )
        roster = (
            Assignment.objects.active_on(today)
            .visible_to(self.request.user)
            .filter(reserve_unit=unit)
            .select_related("soldier__person")
            .order_by("soldier__person__roster_key", "pk")
        )
        total = counts["total"]
        context.update(
            today=today,
            roster=roster,
            assigned=total,
            matched=counts["matched"],
            staffing=round(100 * total / unit.authorised_strength),
            match_rate=round(100 * counts["matched"] / total) if total else None,
            ceiling=rules.assignment_ceiling(unit.authorised_strength),
            can_assign=context["editable"] and can_write(self.request.user),
        )
        return context


class ReserveUnitPrintView(ReserveUnitDetailView):
    template_name = "reserves/unit_print.html"


class ReserveUnitCreateView(ServiceFormView):
    form_class = ReserveUnitForm
    title = gettext_lazy("Thành lập đơn vị dự bị động viên")
    success_message = gettext_lazy("Đã thành lập đơn vị dự bị động viên.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, form: ReserveUnitForm) -> str:
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        reserve_unit = services.create_reserve_unit(self.request.user, unit, **data)
        return reverse("reserves:unit", args=[reserve_unit.pk])


class AssignView(ServiceFormView):
    """Place a soldier in this unit; the service refuses one past the age the unit's role allows
    and asks for the recorded reason when his speciality is not the unit's."""

    form_class = AssignmentForm
    template_name = "reserves/assign_form.html"
    title = gettext_lazy("Sắp xếp quân nhân vào đơn vị")
    success_message = gettext_lazy("Đã sắp xếp quân nhân vào đơn vị.")

    @cached_property
    def reserve_unit(self) -> ReserveUnit:
        units = ReserveUnit.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(units, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"assigned_on": timezone.localdate(), "soldier": self.request.GET.get("soldier")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(reserve_unit=self.reserve_unit, **kwargs)

    def save(self, form: AssignmentForm) -> str:
        data = form.cleaned_data
        services.assign_soldier(
            self.request.user,
            data["soldier"],
            self.reserve_unit,
            assigned_on=data["assigned_on"],
            post=data["post"],
            override_reason=data["override_reason"],
        )
        return reverse("reserves:unit", args=[self.reserve_unit.pk])


class EndAssignmentView(ConfirmedFormView):
    """Take a soldier out of his reserve unit from a day, confirmed on a second page after the
    save's own checks: a day before the assignment, or an assignment already ended, is refused
    on the form before the confirmation."""

    form_class = EndAssignmentForm
    title = gettext_lazy("Rút quân nhân khỏi đơn vị")
    success_message = gettext_lazy("Đã rút quân nhân khỏi đơn vị.")
    danger = True

    @cached_property
    def assignment(self) -> Assignment:
        assignments = Assignment.objects.editable_by(self.request.user).select_related(
            "soldier__person", "reserve_unit__unit"
        )
        return get_object_or_404(assignments, pk=self.kwargs["pk"])

    def get_initial(self) -> dict[str, Any]:
        return {"on": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("reserves:unit", args=[self.assignment.reserve_unit_id])
        context = super().get_context_data(back=back, **kwargs)
        context["title"] = _("%(title)s: %(name)s — %(unit)s") % {
            "title": self.title,
            "name": self.assignment.soldier.person,
            "unit": self.assignment.reserve_unit.name,
        }
        return context

    def check(self, form: EndAssignmentForm) -> list[tuple[str, Any]]:
        assignment = self.assignment
        services.check_end_assignment(self.request.user, assignment, on=form.cleaned_data["on"])
        return [
            (_("Quân nhân"), str(assignment.soldier.person)),
            (_("Đơn vị"), assignment.reserve_unit.name),
            (_("Ngày sắp xếp"), f"{assignment.assigned_on:%d/%m/%Y}"),
            (_("Ngày rút khỏi đơn vị"), f"{form.cleaned_data['on']:%d/%m/%Y}"),
        ]

    def save(self, form: EndAssignmentForm) -> str:
        services.end_assignment(self.request.user, self.assignment, on=form.cleaned_data["on"])
        return reverse("reserves:unit", args=[self.assignment.reserve_unit_id])


# -- readiness ----------------------------------------------------------------------------------


class DrillListView(ListView[Drill]):
    model = Drill
    filterset_class = DrillFilter
    table_class = DrillTable
    title = gettext_lazy("Huấn luyện, kiểm tra sẵn sàng động viên")
    template_name = "reserves/drill_list.html"
    export_slug = "kiem-tra-san-sang-dong-vien"

    def get_queryset(self) -> QuerySet[Drill]:
        return super().get_queryset().select_related("unit", "reserve_unit")


class DrillDetailView(DetailView[Drill]):
    """Who was summoned, who reported and when, who was excused: the turnout."""

    model = Drill
    template_name = "reserves/drill_detail.html"
    context_object_name = "drill"

    def get_queryset(self) -> QuerySet[Drill]:
        return super().get_queryset().select_related("unit", "reserve_unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = list(selectors.summonses_for(self.request.user, self.object))
        reported = sum(1 for row in rows if row.reported_at is not None)
        context.update(
            summonses=rows,
            reported=reported,
            turnout=round(100 * reported / len(rows)) if rows else None,
            can_record=context["editable"] and can_write(self.request.user),
        )
        return context


class DrillCreateView(ServiceFormView):
    form_class = DrillForm
    title = gettext_lazy("Tổ chức đợt huấn luyện, kiểm tra sẵn sàng động viên")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    @transaction.atomic
    def save(self, form: DrillForm) -> str:
        data = dict(form.cleaned_data)
        summoned_on = data.pop("summoned_on")
        drill = services.create_drill(self.request.user, **data)
        count = services.summon_unit(self.request.user, drill, summoned_on=summoned_on)
        messages.success(
            self.request,
            ngettext(
                "Đã tạo đợt và gọi %(n)d quân nhân.", "Đã tạo đợt và gọi %(n)d quân nhân.", count
            )
            % {"n": count},
        )
        return reverse("reserves:drill", args=[drill.pk])


class ReportView(ServiceFormView):
    """One summoned soldier: when he reported, or the confirmed reason he was absent."""

    form_class = ReportForm
    title = gettext_lazy("Ghi kết quả có mặt")
    success_message = gettext_lazy("Đã ghi kết quả có mặt.")

    @cached_property
    def summons(self) -> Summons:
        drills = Drill.objects.editable_by(self.request.user)
        found = Summons.objects.visible_to(self.request.user).filter(drill__in=drills)
        return get_object_or_404(
            found.select_related("drill", "soldier__person"),
            pk=self.kwargs["pk"],
            drill_id=self.kwargs["drill"],
        )

    def get_initial(self) -> dict[str, Any]:
        summons = self.summons
        return {
            "reported_at": summons.reported_at and timezone.localtime(summons.reported_at),
            "excuse": summons.excuse,
            "confirmed_by": summons.confirmed_by,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        title = f"{self.title}: {self.summons.soldier.person} — {self.summons.drill}"
        return {**super().get_context_data(**kwargs), "title": title}

    def save(self, form: ReportForm) -> str:
        data = form.cleaned_data
        services.record_report(
            self.request.user,
            self.summons,
            reported_at=data["reported_at"],
            excuse=data["excuse"],
            confirmed_by=data["confirmed_by"],
        )
        return reverse("reserves:drill", args=[self.summons.drill_id])
