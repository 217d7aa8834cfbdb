"""Plan pages: the list by unit and year, a plan with its tasks by section (progress updated in
place with htmx), the task and plan forms, approval and next year's draft."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.core.access import can_write, is_commander
from qpdp.core.units import Unit
from qpdp.core.views import DetailView, ListView, ServiceFormView, WriterRequiredMixin
from qpdp.planning import services
from qpdp.planning.figures import children_in_year, targets_of
from qpdp.planning.forms import PlanCreateForm, PlanEditForm, TaskForm, TaskProgressForm
from qpdp.planning.models import Plan, PlanStatus, PlanTask, Section, TaskStatus
from qpdp.planning.services.nextyear import successors_in
from qpdp.planning.services.plans import unit_in_year
from qpdp.planning.tables import PlanTable, PlanTargetTable, TaskTable
from qpdp.planning.views.context import PAGE_SIZE, SAVED, UnitYearMixin, in_scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def plan_units(request: HttpRequest, unit: Unit, year: int) -> list[Unit]:
    """The units a plan may still be made for from ``unit``'s page: itself and its children
    that year, those the user may write for and without a plan for the year."""
    if not can_write(request.user):
        return []
    # Only units that exist that year: an abolished city is not offered a plan for 2026.
    existing = [u for u in (unit, *children_in_year(unit, year)) if unit_in_year(u, year)]
    candidates = in_scope(request, existing)
    planned = set(
        Plan.objects.filter(year=year, unit__in=[u.pk for u in candidates]).values_list(
            "unit_id", flat=True
        )
    )
    return [u for u in candidates if u.pk not in planned]


class PlanListView(UnitYearMixin, ListView[Plan]):
    """The plans of the year in the chosen unit's subtree, and the form that makes a plan for
    the unit or a child still without one."""

    model = Plan
    table_class = PlanTable
    template_name = "planning/plan_list.html"
    page_size = PAGE_SIZE
    export_formats = ()

    def get_queryset(self) -> QuerySet[Plan]:
        plans = self.of_page(Plan.objects.visible_to(self.request.user)).select_related("unit")
        return plans.annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.DONE)),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = self.chosen_unit()
        if not can_write(request.user):
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        form = PlanCreateForm(request.POST, units=plan_units(request, unit, self.year))
        if form.is_valid():
            try:
                plan = services.create_plan(request.user, {**form.cleaned_data, "year": self.year})
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lập kế hoạch."))
                return HttpResponseRedirect(reverse("planning:plan", args=[plan.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        units = plan_units(self.request, self.unit, self.year) if self.unit else []
        form = kwargs.get("form")
        if form is None and units:
            form = PlanCreateForm(units=units, initial={"unit": units[0].pk})
        context["title"] = _("Kế hoạch năm %(year)s") % {"year": self.year}
        context["form"] = form if units else None
        self.table.empty_text = _("Chưa có kế hoạch năm %(year)s.") % {"year": self.year}
        return context


class PlanMixin(WriterRequiredMixin):
    """A page of one plan the user may edit (404 for a plan outside the scope)."""

    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def plan(self) -> Plan:
        editable = Plan.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def plan_url(self) -> str:
        return reverse("planning:plan", args=[self.plan.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(plan=self.plan, back=self.plan_url(), **kwargs)  # type: ignore[misc]  # the form view's


def grouped_tasks(
    request: HttpRequest, plan: Plan, editable: bool
) -> list[tuple[str, StrOrPromise, TaskTable]]:
    """Tasks by section in the plan's order of sections, each section once, empty ones too."""
    tasks = plan.tasks.select_related("responsible_unit").order_by("order", "pk")
    by_section: dict[str, list[PlanTask]] = {value: [] for value in Section.values}
    for task in tasks:
        by_section[task.section].append(task)
    return [
        (
            value,
            Section(value).label,
            TaskTable(by_section[value], request=request, editable=editable),
        )
        for value in Section.values
    ]


class PlanDetailView(UnitYearMixin, DetailView[Plan]):
    """A plan with its tasks by section, its targets and budget, and what the user may do."""

    model = Plan
    template_name = "planning/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> QuerySet[Plan]:
        visible = Plan.objects.visible_to(self.request.user)
        return visible.select_related("unit", "approved_by", "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        plan = self.object
        self.about(plan.unit, plan.year)
        context = super().get_context_data(**kwargs)
        editable = context["editable"]
        owners = successors_in(plan.unit, plan.year + 1)
        next_plan = (
            Plan.objects.visible_to(self.request.user)
            .filter(unit=owners[0], year=plan.year + 1)
            .first()
            if len(owners) == 1
            else None
        )
        kinds = services.target_kinds()
        targets = targets_of(plan.unit, plan.year)
        tasks = plan.tasks.all()
        context.update(
            sections=grouped_tasks(self.request, plan, editable),
            can_approve=editable
            and is_commander(self.request.user)
            and plan.status == PlanStatus.DRAFT,
            next_plan=next_plan,
            can_copy=editable and next_plan is None and len(owners) == 1,
            targets=PlanTargetTable(
                [(k, targets[k.code]) for k in kinds if k.code in targets], user=self.request.user
            ),
            budget=services.totals(plan),
            progress={
                "total": len(tasks),
                "done": sum(1 for t in tasks if t.status == TaskStatus.DONE),
            },
        )
        return context


class PlanEditView(PlanMixin, ServiceFormView):
    form_class = PlanEditForm

    def get_initial(self) -> dict[str, Any]:
        return {"title": self.plan.title, "note": self.plan.note, "version": self.plan.version}

    def save(self, form: Any) -> str:
        services.update_plan(self.request.user, self.plan, form.cleaned_data)
        return self.plan_url()

    title = gettext_lazy("Sửa kế hoạch")


class TaskCreateView(PlanMixin, ServiceFormView):
    form_class = TaskForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"units": [self.plan.unit, *children_in_year(self.plan.unit, self.plan.year)]}

    def get_initial(self) -> dict[str, Any]:
        section = self.request.GET.get("section")
        return {"section": section if section in Section.values else None}

    def save(self, form: Any) -> str:
        services.add_task(self.request.user, self.plan, form.cleaned_data)
        return self.plan_url()

    title = gettext_lazy("Thêm nhiệm vụ")


class TaskMixin(PlanMixin):
    @cached_property
    def task(self) -> PlanTask:
        editable = PlanTask.objects.editable_by(self.request.user).select_related("plan__unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    @cached_property
    def plan(self) -> Plan:
        return self.task.plan


class TaskEditView(TaskMixin, ServiceFormView):
    form_class = TaskForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"units": [self.plan.unit, *children_in_year(self.plan.unit, self.plan.year)]}

    def get_initial(self) -> dict[str, Any]:
        task = self.task
        return {
            "section": task.section,
            "title": task.title,
            "description": task.description,
            "responsible_unit": task.responsible_unit_id,
            "deadline": task.deadline,
            "order": task.order,
        }

    def save(self, form: Any) -> str:
        services.update_task(self.request.user, self.task, form.cleaned_data)
        return self.plan_url()

    title = gettext_lazy("Sửa nhiệm vụ")


class TaskDeleteView(TaskMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: Any) -> str:
        services.delete_task(self.request.user, self.task)
        return self.plan_url()

    success_message = gettext_lazy("Đã xóa nhiệm vụ.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Xóa nhiệm vụ"),
            "question": _("Xóa nhiệm vụ “%(task)s” khỏi kế hoạch?") % {"task": self.task.title},
            "danger": True,
        }


class TaskProgressView(TaskMixin, ServiceFormView):
    """Progress of one task, posted from its row: htmx swaps the row, a plain post goes back to
    the plan."""

    form_class = TaskProgressForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TaskProgressForm(request.POST)
        error = ""
        if form.is_valid():
            try:
                services.set_task_progress(request.user, self.task, form.cleaned_data)
            except ValidationError as exc:
                error = "; ".join(exc.messages)
        else:
            error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        if request.htmx:  # type: ignore[attr-defined]  # set by django-htmx's middleware
            self.task.refresh_from_db()
            if error:
                self.task.status = form.data.get("status", self.task.status)
                self.task.evidence = form.data.get("evidence", self.task.evidence)
            table = TaskTable(
                [self.task], request=request, editable=True, errors={self.task.pk: error}
            )
            return render(request, "planning/_task_row.html", {"table": table})
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Đã cập nhật tiến độ."))
        return HttpResponseRedirect(f"{self.plan_url()}#task-{self.task.pk}")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponseRedirect(f"{self.plan_url()}#task-{self.task.pk}")


class PlanApproveView(PlanMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: Any) -> str:
        services.approve_plan(self.request.user, self.plan)
        return self.plan_url()

    success_message = gettext_lazy("Đã phê duyệt kế hoạch.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Phê duyệt kế hoạch"),
            "question": _(
                "Phê duyệt “%(plan)s”? Sau khi phê duyệt, các đơn vị cập nhật tiến độ "
                "thực hiện từng nhiệm vụ."
            )
            % {"plan": self.plan.title},
        }


class PlanNextYearView(PlanMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: Any) -> str:
        plan = services.create_next_year_plan(self.request.user, self.plan)
        return reverse("planning:plan", args=[plan.pk])

    success_message = gettext_lazy("Đã tạo dự thảo kế hoạch năm sau.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        owners = successors_in(self.plan.unit, self.plan.year + 1)
        owner = owners[0].label if len(owners) == 1 else self.plan.unit.label
        return super().get_context_data(**kwargs) | {
            "title": _("Tạo kế hoạch năm sau"),
            "question": _(
                "Tạo dự thảo kế hoạch năm %(year)s cho %(unit)s từ kế hoạch này: sao chép các "
                "nhiệm vụ (chưa có tiến độ, thời hạn lùi một năm) và chỉ tiêu của đơn vị và các "
                "đơn vị trực thuộc; đơn vị đã sáp nhập được chuyển sang đơn vị mới."
            )
            % {"year": self.plan.year + 1, "unit": owner},
        }
