"""Form pieces every app shares: a service's refusal shown on the form, day-first date fields,
and the unit picker that becomes a search box when the user's scope is large.

An administrator's scope is the whole catalogue (some 15,000 units): a ``<select>`` of every
unit is a page of several hundred kilobytes that no one can scroll. Over
``UNIT_SELECT_LIMIT`` choices the picker is a search box (htmx asks ``core:unit_search`` for
the units whose name or code matches, always within the caller's scope) beside a select that
holds only the chosen unit and the matches; at or under the limit it is a plain select.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qpdp.core import parameters
from qpdp.core.access import AnyUser, scope_units
from qpdp.core.units import Unit, UnitKind, UnitQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

UNIT_SELECT_LIMIT = 300
UNIT_SEARCH_RESULTS = 30


def add_service_errors(
    form: forms.BaseForm,
    exc: ValidationError,
    prefix: str = "",
    aliases: Mapping[str, str] | None = None,
) -> None:
    """Show a service's refusal on the form: on its field when the form has one (or the form
    field that stands for it, ``aliases``: a service's ``birth_date`` is typed in
    ``birth_date_text``), on the form as a whole otherwise; each error keeps its code."""
    aliases = aliases or {}
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, field_errors in errors.items():
        target = aliases.get(field, field) if field else None
        for error in field_errors:
            for message in error.messages:
                form.add_error(
                    target if target in form.fields else None,
                    ValidationError(prefix + message, code=error.code),
                )


def coded_errors(exc: ValidationError, prefix: str = "") -> list[ValidationError]:
    """A service's refusal as a flat list of errors that keep their codes, to be raised again on
    another field (a row of a sheet) or on the form as a whole, ``prefix`` naming the record (a
    bulk action's "Nguyễn Văn A: …")."""
    groups = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return [
        ValidationError(prefix + message, code=error.code)
        for group in groups
        for error in group
        for message in error.messages
    ]


def unit_field(form: forms.BaseForm, name: str) -> UnitChoiceField:
    """A form's unit field, typed (``form.fields`` holds plain ``Field``s), to ``limit_to``."""
    field = form.fields[name]
    assert isinstance(field, UnitChoiceField)
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's record field, typed, to set its queryset for the user."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class BulkActionForm(forms.Form):
    """The form of a bulk action (``core.views.BulkActionView``), posted twice: once to check
    and preview, once ``confirmed``. Subclasses add the ticked records and the action's values."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DateInput(forms.DateInput):
    """The browser's date picker; it submits ISO dates, which the Vietnamese formats accept."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label: StrOrPromise, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    """A date typed day first (01/07/2025 is 1 July) or picked in the browser."""
    return forms.DateField(label=label, required=required, widget=DateInput, **kwargs)


@dataclass(frozen=True)
class UnitSearch:
    """Which units a picker offers besides the caller's scope: some kinds, in force on a day.

    It travels in the search box's URL, so the search endpoint answers with the same kind of
    unit the field accepts; the scope itself is never in the URL, the endpoint takes it from the
    account.
    """

    kinds: tuple[str, ...] = ()
    on: dt.date | None = None

    def apply(self, units: UnitQuerySet) -> UnitQuerySet:
        if self.kinds:
            units = units.filter(kind__in=self.kinds)
        if self.on is not None:
            units = units.valid_on(self.on)
        return units

    def offered_to(self, user: AnyUser) -> UnitQuerySet:
        """The units of ``user``'s scope this search keeps, by name."""
        return self.apply(scope_units(user)).order_by("name", "pk")

    def query(self) -> str:
        params: list[tuple[str, str]] = [("kind", kind) for kind in self.kinds]
        if self.on is not None:
            params.append(("on", self.on.isoformat()))
        return urlencode(params)

    @classmethod
    def from_query(cls, query: QueryDict) -> UnitSearch:
        """The search a URL asks for; values it cannot read are dropped (a wider search is still
        cut to the caller's scope)."""
        kinds = tuple(k for k in query.getlist("kind") if k in UnitKind.values)
        try:
            on = dt.date.fromisoformat(query.get("on", ""))
        except ValueError:
            on = None
        return cls(kinds=kinds, on=on)


class UnitPicker(forms.Select):
    """A select of units; over ``UNIT_SELECT_LIMIT`` choices, a search box and a short select.

    The choices are read once (at most limit + 1 rows), so a small scope costs the page the
    same single query as a plain select.
    """

    template_name = "core/widgets/unit_picker.html"
    search: UnitSearch | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        queryset: UnitQuerySet | None = getattr(self.choices, "queryset", None)
        if self.search is None or queryset is None:
            return super().get_context(name, value, attrs)
        units = list(queryset[: UNIT_SELECT_LIMIT + 1])
        large = len(units) > UNIT_SELECT_LIMIT
        if large:
            units = self._chosen(queryset, value)
        self.choices = [("", "—"), *((unit.pk, unit.label) for unit in units)]
        context = super().get_context(name, value, attrs)
        if large:
            context["search_url"] = f"{reverse('unit_search')}?{self.search.query()}"
        return context

    @staticmethod
    def _chosen(queryset: UnitQuerySet, value: Any) -> list[Unit]:
        values = value if isinstance(value, list | tuple) else [value]
        pks = [int(v) for v in values if str(v).isdigit()]
        return list(queryset.filter(pk__in=pks)) if pks else []


class UnitChoiceField(forms.ModelChoiceField):
    """A unit, shown by its label (name and validity). ``limit_to`` offers a scope's units
    through the picker; a queryset set directly (a short list) is always a plain select."""

    widget = UnitPicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return obj.label

    def limit_to(self, user: AnyUser, search: UnitSearch) -> None:
        """Offer the units of ``user``'s scope that ``search`` keeps, by name; the search box
        (shown when they are many) applies the same ``search`` to the same scope."""
        self.queryset = search.offered_to(user)
        if isinstance(self.widget, UnitPicker):
            self.widget.search = search


# -- dated parameters (core.parameters) ---------------------------------------------------------


def _parameter_field(field: Any, **kwargs: Any) -> forms.Field | None:
    """A parameter's form field as the model declares it, dates typed day first."""
    formfield = field.formfield(**kwargs)
    if isinstance(formfield, forms.DateField):
        formfield.widget = DateInput()
    return formfield


class CorrectionForm(forms.ModelForm):
    """What a correction of an existing row asks besides the row's fields: why, and the caller's
    confirmation that the days the row already answered for change too."""

    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed = forms.BooleanField(
        label=_(
            "Tôi xác nhận dòng này bị nhập sai và việc đính chính áp dụng cả cho những ngày dòng "
            "đã có hiệu lực (nếu quy định thay đổi, hãy thêm mức mới từ ngày thay đổi)."
        ),
    )


def parameter_form(model: type[Any], *, correction: bool = False) -> type[forms.ModelForm]:
    """A form of every field of a dated-parameter table, built from the model: its validation
    (ranges, choices, the unique day per key, with their codes) is the model's own. A
    correction's form adds the reason and the confirmation (``CorrectionForm``)."""
    fields = [*parameters.key_fields(model), *parameters.value_fields(model), "valid_from"]
    if parameters.has_end(model):
        fields.append("valid_to")
    return forms.modelform_factory(
        model,
        form=CorrectionForm if correction else forms.ModelForm,
        fields=[*fields, "source"],
        formfield_callback=_parameter_field,
    )
