"""The form page of the kit: the form checks the shape of what was typed, a service decides and
writes; a refusal of the service comes back on the form with nothing saved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from qpdp.core.forms import add_service_errors
from qpdp.core.views.bulk import summary
from qpdp.core.views.mixins import WriterRequiredMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ServiceFormView(WriterRequiredMixin, View):
    """A form whose cleaned data goes to a service (``save``), for writers only.

    ``save`` calls the service and returns where to go next; a ``ValidationError`` it raises
    is shown on the form (on the field it names, through ``error_aliases`` when the form types
    that value in another field) and the page answers 400.
    """

    form_class: type[forms.BaseForm]
    template_name = "core/form.html"
    title: StrOrPromise = ""
    success_message: StrOrPromise = ""
    error_aliases: Mapping[str, str] = {}
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_initial(self) -> dict[str, Any]:
        return {}

    def get_form(self, data: Any = None, files: Any = None) -> forms.BaseForm:
        kwargs = self.get_form_kwargs()
        if data is None:
            kwargs.setdefault("initial", self.get_initial())
        return self.form_class(data, files, **kwargs)

    def save(self, form: Any) -> str:
        """Call the service with ``form.cleaned_data``; return the URL to go to."""
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {"title": self.title, **kwargs}

    def render_form(self, form: forms.BaseForm, status: int = 200, **extra: Any) -> HttpResponse:
        context = self.get_context_data(form=form, **extra)
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                target = self.save(form)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases=self.error_aliases)
            else:
                if self.success_message:
                    messages.success(request, str(self.success_message))
                return HttpResponseRedirect(target)
        return self.render_form(form, status=400)


class ConfirmedFormView(ServiceFormView):
    """A service form whose write is confirmed on a second page: a destructive act (dissolving
    a unit, ending an assignment) or one whose outcome the rules decide (a reserve soldier's
    class).

    Posted once, ``check`` runs (the save's own checks, from the service: a refusal lands on the
    form as on the save) and returns the facts to confirm; the confirmation page posts the same
    values again with ``confirmed``, and ``save`` runs. "Sửa lại" posts them with ``edit`` and
    gets the form back as typed.
    """

    confirm_template_name = "core/confirm_form.html"
    confirm_question: StrOrPromise = ""
    danger = False

    def check(self, form: Any) -> list[tuple[str, Any]]:
        """What the save will write, as (label, value) rows; raise the service's refusal."""
        return summary(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("confirmed"):
            return super().post(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES)
        if "edit" in request.POST:
            return self.render_form(form)
        if form.is_valid():
            try:
                facts = self.check(form)
            except ValidationError as exc:
                add_service_errors(form, exc, aliases=self.error_aliases)
            else:
                return self.render_confirmation(form, facts)
        return self.render_form(form, status=400)

    def render_confirmation(
        self, form: forms.BaseForm, facts: list[tuple[str, Any]]
    ) -> HttpResponse:
        hidden = [
            (key, value)
            for key, values in self.request.POST.lists()
            if key not in ("csrfmiddlewaretoken", "confirmed", "edit")
            for value in values
        ]
        context = self.get_context_data(
            form=form,
            facts=facts,
            hidden=hidden,
            question=self.confirm_question,
            danger=self.danger,
        )
        return render(self.request, self.confirm_template_name, context)
