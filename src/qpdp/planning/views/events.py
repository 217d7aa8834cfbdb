"""Events of the year (the defense-zone exercise) with their phases and outcome."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from qpdp.core.access import can_write
from qpdp.planning import services
from qpdp.planning.forms import EventForm, PhaseForm
from qpdp.planning.models import Event, EventPhase
from qpdp.planning.views._base import PlanningPage, ServiceForm, UnitPage, link


class EventListView(PlanningPage):
    def get(self, request: HttpRequest) -> HttpResponse:
        events = self.of_page(Event.objects.visible_to(request.user))
        return self.render(
            "planning/event_list.html",
            {
                "events": events.select_related("unit").prefetch_related("phases"),
                "can_add": self.unit is not None and can_write(request.user),
            },
        )


class EventCreateView(UnitPage, ServiceForm):
    form_class = EventForm

    def save(self, form: forms.Form) -> str:
        assert self.unit is not None
        event = services.create_event(
            self.request.user, self.unit, {**form.cleaned_data, "year": self.year}
        )
        return reverse("planning:event", args=[event.pk])

    def context(self) -> dict[str, Any]:
        assert self.unit is not None
        return {
            "title": _("Thêm sự kiện năm %(year)s: %(unit)s")
            % {"year": self.year, "unit": self.unit.label},
            "back": link("planning:events", self.unit, self.year),
        }


class EventDetailView(PlanningPage):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = get_object_or_404(
            Event.objects.visible_to(request.user).select_related("unit"), pk=pk
        )
        self.about(event.unit, event.year)
        editable = Event.objects.editable_by(request.user).filter(pk=event.pk).exists()
        return self.render(
            "planning/event_detail.html",
            {
                "event": event,
                "phases": event.phases.all(),
                "editable": editable,
                "phase_form": PhaseForm() if editable else None,
            },
        )


class EventMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def event(self) -> Event:
        editable = Event.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return reverse("planning:event", args=[self.event.pk])


class EventEditView(EventMixin, ServiceForm):
    form_class = EventForm

    def initial(self) -> dict[str, Any]:
        e = self.event
        return {
            "name": e.name,
            "kind": e.kind,
            "starts_on": e.starts_on,
            "ends_on": e.ends_on,
            "outcome": e.outcome,
            "rating": e.rating,
        }

    def save(self, form: forms.Form) -> str:
        services.update_event(self.request.user, self.event, form.cleaned_data)
        return self.back()

    def context(self) -> dict[str, Any]:
        return {"title": _("Sửa sự kiện"), "back": self.back()}


class EventDeleteView(EventMixin, ServiceForm):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: forms.Form) -> str:
        back = link("planning:events", self.event.unit, self.event.year)
        services.delete_event(self.request.user, self.event)
        return back

    def success_message(self) -> str:
        return _("Đã xóa sự kiện.")

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Xóa sự kiện"),
            "question": _("Xóa “%(name)s” và các giai đoạn của nó?") % {"name": self.event.name},
            "back": self.back(),
            "danger": True,
        }


class PhaseCreateView(EventMixin, ServiceForm):
    form_class = PhaseForm

    def save(self, form: forms.Form) -> str:
        services.add_phase(self.request.user, self.event, form.cleaned_data)
        return self.back()

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Thêm giai đoạn: %(name)s") % {"name": self.event.name},
            "back": self.back(),
        }


class PhaseMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def phase(self) -> EventPhase:
        editable = EventPhase.objects.editable_by(self.request.user).select_related("event__unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return reverse("planning:event", args=[self.phase.event_id])


class PhaseEditView(PhaseMixin, ServiceForm):
    form_class = PhaseForm

    def initial(self) -> dict[str, Any]:
        p = self.phase
        return {
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "outcome": p.outcome,
        }

    def save(self, form: forms.Form) -> str:
        services.update_phase(self.request.user, self.phase, form.cleaned_data)
        return self.back()

    def context(self) -> dict[str, Any]:
        return {"title": _("Sửa giai đoạn"), "back": self.back()}


class PhaseDeleteView(PhaseMixin, ServiceForm):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: forms.Form) -> str:
        back = self.back()
        services.delete_phase(self.request.user, self.phase)
        return back

    def success_message(self) -> str:
        return _("Đã xóa giai đoạn.")

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Xóa giai đoạn"),
            "question": _("Xóa giai đoạn “%(name)s”?") % {"name": self.phase.name},
            "back": self.back(),
            "danger": True,
        }
