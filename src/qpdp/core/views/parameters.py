"""The administrators' pages of the dated parameters (``core.parameters``): every table the apps
declare, one table's rows with their state and source, a new row from a day, and a confirmed
correction of a row typed wrong. One page set for every app: the model gives the form."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django import forms
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qpdp.core import parameters
from qpdp.core.access import is_admin
from qpdp.core.dated import DatedParameter
from qpdp.core.forms import CorrectionForm, parameter_form
from qpdp.core.tables import FieldColumn, ParameterRowsTable, ParameterSummaryTable
from qpdp.core.views.forms import ServiceFormView


class AdminRequiredMixin(UserPassesTestMixin):
    """Administrators only: a parameter changes what every unit's rules answer."""

    request: Any

    def test_func(self) -> bool:
        return is_admin(self.request.user)


class ParameterIndexView(AdminRequiredMixin, TemplateView):
    template_name = "core/parameter_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        table = ParameterSummaryTable(parameters.summaries(), user=self.request.user)
        return super().get_context_data(title=_("Tham số quy định"), table=table, **kwargs)


class OfTable(AdminRequiredMixin):
    """The table named in the URL (``welfare.stepdeadline``); 404 for any other name."""

    kwargs: dict[str, Any]

    @cached_property
    def model(self) -> type[DatedParameter]:
        model = parameters.model_for(self.kwargs["label"])
        if model is None:
            raise Http404
        return model

    @property
    def table_url(self) -> str:
        return reverse("parameters:table", args=[parameters.label_of(self.model)])

    @property
    def table_name(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))


class ParameterTableView(OfTable, TemplateView):
    template_name = "core/parameter_table.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        model = self.model
        fields = [*parameters.key_fields(model), *parameters.value_fields(model)]
        if parameters.has_end(model):
            fields.append("valid_to")
        rows = parameters.rows_with_state(model, timezone.localdate())
        table = ParameterRowsTable(
            rows,
            user=self.request.user,
            label=parameters.label_of(model),
            extra_columns=[(name, FieldColumn(model._meta.get_field(name))) for name in fields],
            sequence=(*fields, "..."),
        )
        return super().get_context_data(
            title=self.table_name,
            table=table,
            table_label=parameters.label_of(model),
            windows=parameters.has_end(model),
            **kwargs,
        )


class ParameterAddView(OfTable, ServiceFormView):
    """A new row in force from its day; ``?from=<pk>`` starts from that row's key and values."""

    template_name = "core/parameter_form.html"
    success_message = gettext_lazy("Đã thêm mức mới.")

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Thêm mức mới: %(table)s") % {"table": self.table_name}

    def get_form(self, data: Any = None, files: Any = None) -> forms.BaseForm:
        form_class = parameter_form(self.model)
        if data is None:
            return form_class(initial=self.get_initial())
        return form_class(data, files)

    def get_initial(self) -> dict[str, Any]:
        start = self.request.GET.get("from", "")
        if not start.isdigit():
            return {}
        row = self.model._default_manager.filter(pk=int(start)).first()
        if row is None:
            return {}
        initial = forms.model_to_dict(row)
        for field in ("id", "valid_from", "valid_to", "source"):
            initial.pop(field, None)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=self.table_url, correction=False, **kwargs)

    def save(self, form: forms.ModelForm) -> str:
        parameters.add_row(self.request.user, form.save(commit=False))
        return self.table_url


class ParameterCorrectView(OfTable, ServiceFormView):
    """A row typed wrong, corrected in place once the administrator confirms and says why."""

    template_name = "core/parameter_form.html"
    success_message = gettext_lazy("Đã đính chính dòng tham số.")

    @cached_property
    def row(self) -> DatedParameter:
        return get_object_or_404(self.model._default_manager.all(), pk=self.kwargs["pk"])

    @property
    def title(self) -> str:  # type: ignore[override]
        return _("Đính chính: %(table)s") % {"table": self.table_name}

    def get_form(self, data: Any = None, files: Any = None) -> forms.BaseForm:
        # The form edits a copy: the service compares the row as stored with the typed values.
        copy = self.model._default_manager.get(pk=self.row.pk)
        return parameter_form(self.model, correction=True)(data, files, instance=copy)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(back=self.table_url, correction=True, **kwargs)

    def save(self, form: forms.ModelForm) -> str:
        data = form.cleaned_data
        asked = CorrectionForm.declared_fields
        changes = [(name, data[name]) for name in form.fields if name not in asked]
        parameters.correct_row(self.request.user, self.row, changes, reason=data["reason"])
        return self.table_url
