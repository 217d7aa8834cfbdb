"""Pages of defense education, declared on the page kit (``core.views``): courses with their
attendees, results and certificates; recording a course and its attendees; yearly plans per unit
with planned against trained; who is due for training."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qpdp.core.access import can_write
from qpdp.core.views import BulkActionView, DetailView, ListView, ServiceFormView
from qpdp.education import selectors, services
from qpdp.education.filters import CourseFilter, DueFilter, PlanFilter
from qpdp.education.forms import (
    AttendeeForm,
    CourseForm,
    OfficialForm,
    PlanForm,
    PlanLineForm,
    ResultBulkForm,
    ResultForm,
)
from qpdp.education.models import Attendance, Course, EducationPlan, Official, Result
from qpdp.education.tables import CourseTable, DueTable, PlanTable


class UserFilterMixin:
    """The app's filter sets limit their unit picker to the user's scope."""

    request: Any

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class CourseListView(UserFilterMixin, ListView[Course]):
    model = Course
    filterset_class = CourseFilter
    table_class = CourseTable
    title = _("Lớp bồi dưỡng kiến thức quốc phòng và an ninh")
    template_name = "education/course_list.html"
    export_slug = "lop-boi-duong"

    def get_queryset(self) -> QuerySet[Course]:
        return (
            super()
            .get_queryset()
            .select_related("unit", "group")
            .annotate(attendee_count=Count("attendances"))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_add": can_write(self.request.user)}


class CourseDetailView(DetailView[Course]):
    model = Course
    template_name = "education/course_detail.html"
    context_object_name = "course"

    def get_queryset(self) -> QuerySet[Course]:
        return super().get_queryset().select_related("unit", "group")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["attendances"] = self.object.attendances.select_related("person", "unit")
        return context


class CourseCreateView(ServiceFormView):
    form_class = CourseForm
    title = _("Ghi lớp bồi dưỡng")
    success_message = _("Đã ghi lớp bồi dưỡng; hãy thêm học viên.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, form: CourseForm) -> str:
        course = services.create_course(self.request.user, **form.cleaned_data)
        return reverse("education:course", args=[course.pk])


class EditableCourseMixin:
    """The course of the URL, if the user may change it (404 otherwise)."""

    request: Any
    kwargs: dict[str, Any]

    @cached_property
    def course(self) -> Course:
        courses = Course.objects.editable_by(self.request.user).select_related("unit", "group")
        return get_object_or_404(courses, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("education:course", args=[self.course.pk])
        return super().get_context_data(**{"back": back, **kwargs})  # type: ignore[misc]


class AttendeeAddView(EditableCourseMixin, ServiceFormView):
    form_class = AttendeeForm
    success_message = _("Đã thêm học viên vào lớp.")
    error_aliases = {"person": "id_number", "unit": "id_number"}

    @property
    def title(self) -> str:  # type: ignore[override]
        return str(_("Thêm học viên lớp %(course)s") % {"course": self.course.code})

    def save(self, form: AttendeeForm) -> str:
        user = self.request.user
        person = services.find_person(user, form.cleaned_data["id_number"])
        services.add_attendee(user, self.course, person)
        if "another" in self.request.POST:
            return self.request.path
        return reverse("education:course", args=[self.course.pk])


class ResultView(ServiceFormView):
    """One attendee's result and certificate number."""

    form_class = ResultForm
    success_message = _("Đã ghi kết quả.")

    @cached_property
    def attendance(self) -> Attendance:
        found = Attendance.objects.editable_by(self.request.user).select_related("course", "person")
        return get_object_or_404(found, pk=self.kwargs["pk"])

    @property
    def title(self) -> str:  # type: ignore[override]
        return str(_("Kết quả của %(name)s") % {"name": self.attendance.person})

    def get_initial(self) -> dict[str, Any]:
        return {
            "result": self.attendance.result,
            "certificate_number": self.attendance.certificate_number,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("education:course", args=[self.attendance.course_id])
        return super().get_context_data(back=back, **kwargs)

    def save(self, form: ResultForm) -> str:
        services.record_result(
            self.request.user, self.attendance, **form.cleaned_data, today=timezone.localdate()
        )
        return reverse("education:course", args=[self.attendance.course_id])


class ResultBulkView(BulkActionView):
    """The course's attendees ticked, one result for all of them, confirmed first."""

    template_name = "education/results.html"
    form_class = ResultBulkForm
    checked_field = "attendances"
    action_title = _("Ghi kết quả học viên")

    @cached_property
    def course(self) -> Course:
        courses = Course.objects.visible_to(self.request.user).select_related("unit", "group")
        return get_object_or_404(courses, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        editable = Attendance.objects.editable_by(self.request.user)
        return {"attendances": editable.filter(course=self.course).select_related("person")}

    def page_context(self) -> dict[str, Any]:
        return {"course": self.course, "title": self.action_title}

    def list_context(self) -> dict[str, Any]:
        return {"attendances": self.course.attendances.select_related("person", "unit")}

    def preview(self, form: ResultBulkForm) -> list[tuple[Any, str]]:
        label = Result(form.cleaned_data["result"]).label
        return [(a.person, str(label)) for a in form.cleaned_data["attendances"]]

    def perform(self, form: ResultBulkForm) -> str:
        today = timezone.localdate()
        attendances = form.cleaned_data["attendances"]
        for attendance in attendances:
            services.record_result(
                self.request.user, attendance, result=form.cleaned_data["result"], today=today
            )
        n = len(attendances)
        return ngettext(
            "Đã ghi kết quả cho %(n)d học viên.", "Đã ghi kết quả cho %(n)d học viên.", n
        ) % {"n": n}


class DueListView(UserFilterMixin, ListView[Official]):
    """Post holders due for training today: never trained for their group, or past the refresh
    period configured for it."""

    model = Official
    filterset_class = DueFilter
    table_class = DueTable
    title = _("Cán bộ đến hạn bồi dưỡng")
    template_name = "education/due_list.html"
    export_slug = "den-han-boi-duong"

    def get_queryset(self) -> QuerySet[Official]:
        return selectors.due(super().get_queryset(), timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_add": can_write(self.request.user)}


class PlanListView(UserFilterMixin, ListView[EducationPlan]):
    model = EducationPlan
    filterset_class = PlanFilter
    table_class = PlanTable
    title = _("Kế hoạch bồi dưỡng theo năm")
    template_name = "education/plan_list.html"
    export_slug = "ke-hoach-boi-duong"

    def get_queryset(self) -> QuerySet[EducationPlan]:
        return super().get_queryset().select_related("unit").annotate(planned=Sum("lines__number"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_add": can_write(self.request.user)}


class PlanDetailView(DetailView[EducationPlan]):
    """A plan's lines, and planned against trained per group for the unit and the year."""

    model = EducationPlan
    template_name = "education/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> QuerySet[EducationPlan]:
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["lines"] = plan.lines.select_related("group", "course")
        context["progress"] = selectors.progress(plan.unit, plan.year)
        return context


class PlanCreateView(ServiceFormView):
    form_class = PlanForm
    title = _("Lập kế hoạch bồi dưỡng năm")
    success_message = _("Đã lập kế hoạch bồi dưỡng.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"year": timezone.localdate().year}

    def save(self, form: PlanForm) -> str:
        data = form.cleaned_data
        plan = services.create_plan(
            self.request.user,
            unit=data["unit"],
            year=data["year"],
            lines=form.lines(),
            note=data["note"],
        )
        return reverse("education:plan", args=[plan.pk])


class PlanLineView(ServiceFormView):
    """Set how many of a group the plan trains, and by which course (of the plan's year and the
    unit's area); the service refuses a course of another group."""

    form_class = PlanLineForm
    success_message = _("Đã ghi chỉ tiêu.")

    @cached_property
    def plan(self) -> EducationPlan:
        plans = EducationPlan.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(plans, pk=self.kwargs["pk"])

    @property
    def title(self) -> str:  # type: ignore[override]
        return str(_("Chỉ tiêu của %(plan)s") % {"plan": self.plan})

    def get_form_kwargs(self) -> dict[str, Any]:
        courses = Course.objects.visible_to(self.request.user).filter(
            unit__path__startswith=self.plan.unit.path, starts_on__year=self.plan.year
        )
        return {"courses": courses.select_related("group")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("education:plan", args=[self.plan.pk])
        return super().get_context_data(back=back, **kwargs)

    def save(self, form: PlanLineForm) -> str:
        services.set_plan_line(self.request.user, self.plan, **form.cleaned_data)
        return reverse("education:plan", args=[self.plan.pk])


class OfficialCreateView(ServiceFormView):
    """Record a post holder, who then counts in "who is due" until trained."""

    form_class = OfficialForm
    title = _("Ghi người giữ chức vụ thuộc diện bồi dưỡng")
    success_message = _("Đã ghi người giữ chức vụ.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def save(self, form: OfficialForm) -> str:
        services.record_official(self.request.user, **form.cleaned_data)
        return reverse("education:due")
