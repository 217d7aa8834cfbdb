"""A person's facts across cycles: the Art. 13 measures that bar him, the recognition of
service without enlistment (Art. 4.4) and the applications to serve (Art. 6.2, 41.3). Lists of
the user's scope; forms find the person by name first, then hand the decision to the service,
whose refusals come back on the form. Volunteering is recorded from the pool of its cycle."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from qpdp.conscription import selectors, services
from qpdp.conscription.filters import MeasureFilter, RecognitionFilter, VolunteerFilter
from qpdp.conscription.forms import MeasureEndForm, MeasureForm, RecognitionForm
from qpdp.conscription.models import BarringMeasure, ServiceRecognition, Volunteering
from qpdp.conscription.rules.pool import VOLUNTEER
from qpdp.conscription.tables import MeasureTable, RecognitionTable, VolunteerTable
from qpdp.core.views import ListView, ServiceFormView
from qpdp.people.picker import PersonPickerMixin


class MeasureListView(ListView[BarringMeasure]):
    model = BarringMeasure
    table_class = MeasureTable
    filterset_class = MeasureFilter
    title = gettext_lazy("Không đăng ký, không gọi nhập ngũ (Điều 13)")
    template_name = "conscription/fact_list.html"
    export_slug = "bien-phap-dieu-13"

    def get_queryset(self) -> QuerySet[BarringMeasure]:
        return super().get_queryset().select_related("person", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(add_url=reverse("conscription:measure_create"), **kwargs)


class RecognitionListView(ListView[ServiceRecognition]):
    model = ServiceRecognition
    table_class = RecognitionTable
    filterset_class = RecognitionFilter
    title = gettext_lazy("Công nhận hoàn thành NVQS tại ngũ (khoản 4 Điều 4)")
    template_name = "conscription/fact_list.html"
    export_slug = "cong-nhan-hoan-thanh-nvqs"

    def get_queryset(self) -> QuerySet[ServiceRecognition]:
        return super().get_queryset().select_related("person", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            add_url=reverse("conscription:recognition_create"), **kwargs
        )


class VolunteerListView(ListView[Volunteering]):
    model = Volunteering
    table_class = VolunteerTable
    filterset_class = VolunteerFilter
    title = gettext_lazy("Đơn tình nguyện nhập ngũ")
    template_name = "conscription/volunteer_list.html"
    export_slug = "tinh-nguyen-nhap-ngu"

    def get_queryset(self) -> QuerySet[Volunteering]:
        return super().get_queryset().select_related("person", "unit", "cycle")

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"cycles": selectors.cycles_for(self.request.user)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(article=VOLUNTEER.article, **kwargs)


class FindPersonFormView(PersonPickerMixin, ServiceFormView):
    """A form about one person, found first by name among those the user may write
    (``people.picker``), then chosen (a hidden field the form checks again)."""

    template_name = "conscription/fact_form.html"
    error_aliases = {"person": "__all__"}  # the person field is hidden

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"person": self.request.GET.get("person")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**self.picker_context(), **kwargs)


class MeasureCreateView(FindPersonFormView):
    form_class = MeasureForm
    title = gettext_lazy("Ghi biện pháp không đăng ký, không gọi nhập ngũ (Điều 13)")
    success_message = gettext_lazy("Đã ghi biện pháp.")

    def save(self, form: MeasureForm) -> str:
        services.record_measure(self.request.user, form.measure())
        return reverse("conscription:measures")


class MeasureEndView(ServiceFormView):
    form_class = MeasureEndForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Ghi ngày kết thúc biện pháp (khoản 2 Điều 13)")
    success_message = gettext_lazy("Đã ghi ngày kết thúc biện pháp.")

    @cached_property
    def measure(self) -> BarringMeasure:
        measures = BarringMeasure.objects.editable_by(self.request.user).select_related("person")
        return get_object_or_404(measures, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            person=self.measure.person,
            intro=f"{self.measure.get_kind_display()}, {self.measure.starts_on:%d/%m/%Y}",
            back=reverse("conscription:measures"),
            **kwargs,
        )

    def save(self, form: MeasureEndForm) -> str:
        services.end_measure(self.request.user, self.measure, form.cleaned_data["ends_on"])
        return reverse("conscription:measures")


class RecognitionCreateView(FindPersonFormView):
    form_class = RecognitionForm
    title = gettext_lazy("Ghi quyết định công nhận hoàn thành NVQS tại ngũ")
    success_message = gettext_lazy("Đã ghi quyết định công nhận.")

    def save(self, form: RecognitionForm) -> str:
        services.record_recognition(self.request.user, form.recognition())
        return reverse("conscription:recognitions")
