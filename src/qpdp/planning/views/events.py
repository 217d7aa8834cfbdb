"""Events of the year (the defense-zone exercise) with their phases and outcome."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.core.access import can_write
from qpdp.core.views import DetailView, ListView, ServiceFormView
from qpdp.planning import services
from qpdp.planning.forms import EventForm, PhaseForm
from qpdp.planning.models import Event, EventPhase
from qpdp.planning.tables import EventTable, PhaseTable
from qpdp.planning.views.context import PAGE_SIZE, SAVED, UnitRequiredMixin, UnitYearMixin, link

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class EventListView(UnitYearMixin, ListView[Event]):
    model = Event
    table_class = EventTable
    template_name = "planning/event_list.html"
    page_size = PAGE_SIZE
    export_formats = ()

    def get_queryset(self) -> QuerySet[Event]:
        events = self.of_page(Event.objects.visible_to(self.request.user))
        return events.select_related("unit").prefetch_related("phases")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Sự kiện, diễn tập năm %(year)s") % {"year": self.year}
        context["can_add"] = self.unit is not None and can_write(self.request.user)
        self.table.empty_text = _("Chưa có sự kiện nào của năm %(year)s.") % {"year": self.year}
        return context


class EventCreateView(UnitRequiredMixin, ServiceFormView):
    form_class = EventForm
    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED

    def save(self, form: Any) -> str:
        unit = self.chosen_unit()
        event = services.create_event(
            self.request.user, unit, {**form.cleaned_data, "year": self.year}
        )
        return reverse("planning:event", args=[event.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.chosen_unit()
        return super().get_context_data(**kwargs) | {
            "title": _("Thêm sự kiện năm %(year)s: %(unit)s")
            % {"year": self.year, "unit": unit.label},
            "back": link("planning:events", unit, self.year),
        }


class EventDetailView(UnitYearMixin, DetailView[Event]):
    model = Event
    template_name = "planning/event_detail.html"
    context_object_name = "event"

    def get_queryset(self) -> QuerySet[Event]:
        return Event.objects.visible_to(self.request.user).select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = self.object
        self.about(event.unit, event.year)
        context = super().get_context_data(**kwargs)
        editable = context["editable"]
        context["phases"] = PhaseTable(
            event.phases.all(), user=self.request.user, editable=editable
        )
        context["phase_form"] = PhaseForm() if editable else None
        return context


class EventMixin:
    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED
    request: Any
    kwargs: dict[str, Any]

    @cached_property
    def event(self) -> Event:
        editable = Event.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return reverse("planning:event", args=[self.event.pk])


class EventEditView(EventMixin, ServiceFormView):
    form_class = EventForm
    title = gettext_lazy("Sửa sự kiện")

    def get_initial(self) -> dict[str, Any]:
        e = self.event
        return {
            "name": e.name,
            "kind": e.kind,
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "outcome": e.outcome,
            "rating": e.rating,
        }

    def save(self, form: Any) -> str:
        services.update_event(self.request.user, self.event, form.cleaned_data)
        return self.back()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=self.back(), **kwargs)


class EventDeleteView(EventMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"
    success_message = gettext_lazy("Đã xóa sự kiện.")
    title = gettext_lazy("Xóa sự kiện")

    def save(self, form: Any) -> str:
        back = link("planning:events", self.event.unit, self.event.year)
        services.delete_event(self.request.user, self.event)
        return back

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "question": _("Xóa “%(name)s” và các giai đoạn của nó?") % {"name": self.event.name},
            "back": self.back(),
            "danger": True,
        }


class PhaseCreateView(EventMixin, ServiceFormView):
    form_class = PhaseForm

    def save(self, form: Any) -> str:
        services.add_phase(self.request.user, self.event, form.cleaned_data)
        return self.back()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Thêm giai đoạn: %(name)s") % {"name": self.event.name},
            "back": self.back(),
        }


class PhaseMixin:
    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED
    request: Any
    kwargs: dict[str, Any]

    @cached_property
    def phase(self) -> EventPhase:
        editable = EventPhase.objects.editable_by(self.request.user).select_related("event__unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return reverse("planning:event", args=[self.phase.event_id])


class PhaseEditView(PhaseMixin, ServiceFormView):
    form_class = PhaseForm
    title = gettext_lazy("Sửa giai đoạn")

    def get_initial(self) -> dict[str, Any]:
        p = self.phase
        return {
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "outcome": p.outcome,
        }

    def save(self, form: Any) -> str:
        services.update_phase(self.request.user, self.phase, form.cleaned_data)
        return self.back()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=self.back(), **kwargs)


class PhaseDeleteView(PhaseMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"
    success_message = gettext_lazy("Đã xóa giai đoạn.")
    title = gettext_lazy("Xóa giai đoạn")

    def save(self, form: Any) -> str:
        back = self.back()
        services.delete_phase(self.request.user, self.phase)
        return back

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "question": _("Xóa giai đoạn “%(name)s”?") % {"name": self.phase.name},
            "back": self.back(),
            "danger": True,
        }
