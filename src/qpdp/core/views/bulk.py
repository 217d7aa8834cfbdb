"""The bulk action of the kit: records ticked in a list, an action applied to all of them,
confirmed on a second page. Posted once, the form is checked and the preview shown (what the
action will do to each record, nothing written); posted again with ``confirmed``, the action
runs in one transaction: one refusal and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from qpdp.core.access import require_writer
from qpdp.core.forms import add_service_errors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def summary(form: forms.BaseForm) -> list[tuple[str, Any]]:
    """The values a bulk form will apply, as the officer reads them before confirming."""
    rows = []
    for field in form.visible_fields():
        value = form.cleaned_data.get(field.name)
        if isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        elif hasattr(field.field, "choices") and value is not None:
            value = dict(field.field.choices).get(value, value)
        rows.append((str(field.label), value))
    return rows


class BulkActionView(LoginRequiredMixin, View):
    """A list with ticked records and one action, confirmed on a second page.

    Declare ``template_name`` (the list with its check boxes), ``form_class`` (a
    ``core.forms.BulkActionForm``: the ticked records, named ``checked_field``, and the
    action's values), ``action_title``; implement ``get_form_kwargs`` (the records the list offers),
    ``list_context``, ``preview`` and ``perform`` (which calls the services and returns the
    success message). ``page_context`` is shared by the list and the confirmation page.
    """

    template_name: str
    confirm_template_name = "core/confirm.html"
    checked_field = "records"
    form_class: type[forms.BaseForm]
    action_title: StrOrPromise
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_initial(self) -> dict[str, Any]:
        return {}

    def page_context(self) -> dict[str, Any]:
        return {}

    def list_context(self) -> dict[str, Any]:
        return {}

    def preview(self, form: Any) -> list[tuple[Any, str]]:
        """What the action will do to each record (a note per record), shown before confirming;
        a ``ValidationError`` here refuses before the confirmation page."""
        raise NotImplementedError

    def perform(self, form: Any) -> str:
        """Apply the action (inside one transaction); return the success message."""
        raise NotImplementedError

    def check_allowed(self) -> None:
        """Refuse the action before its form is read: the list is for readers, the action for
        writers (a view may ask more, as a decider's role)."""
        require_writer(self.request.user)

    def render_list(self, form: forms.BaseForm, status: int = 200) -> HttpResponse:
        """The list again, the records the officer ticked still ticked."""
        context = {
            **self.page_context(),
            **self.list_context(),
            "form": form,
            "checked": self.checked(),
        }
        return render(self.request, self.template_name, context, status=status)

    def checked(self) -> set[int]:
        """The records ticked in the posted list (none on a GET)."""
        ticked = self.request.POST.getlist(self.checked_field)
        return {int(pk) for pk in ticked if pk.isdigit()}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(initial=self.get_initial(), **self.get_form_kwargs())
        return self.render_list(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_allowed()
        form = self.form_class(request.POST, **self.get_form_kwargs())
        if not form.is_valid():
            return self.render_list(form, status=400)
        if not form.cleaned_data.get("confirmed"):
            try:
                preview = self.preview(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return self.render_list(form, status=400)
            return self.render_confirmation(form, preview)
        try:
            with transaction.atomic():
                message = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_list(form, status=400)
        messages.success(request, message)
        return HttpResponseRedirect(request.get_full_path())

    def render_confirmation(
        self, form: forms.BaseForm, preview: list[tuple[Any, str]]
    ) -> HttpResponse:
        """The second page: the values, the records and their notes, the same POST to confirm."""
        hidden = [
            (key, value)
            for key, values in self.request.POST.lists()
            if key not in ("csrfmiddlewaretoken", "confirmed")
            for value in values
        ]
        context = {
            **self.page_context(),
            "form": form,
            "title": self.action_title,
            "preview": preview,
            "summary": summary(form),
            "hidden": hidden,
            "back": self.request.get_full_path(),
        }
        return render(self.request, self.confirm_template_name, context)
