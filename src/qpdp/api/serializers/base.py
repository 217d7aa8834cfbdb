"""What every API serializer shares: masked numbers, and writes checked by the page's form.

A write serializer declares the JSON fields (types, for the schema) and names the page's form;
the form then checks the values exactly as on the page, so no rule is written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from django import forms
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from qpdp.api.errors import field_details
from qpdp.core.access import can_see_personal_numbers, mask_number
from qpdp.core.breaches import Flag


class MaskedNumberField(serializers.CharField):
    """An identity or phone number, masked for roles without need, as the pages show it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        text = str(value) if value else ""
        return text if self.shown else mask_number(text)

    @cached_property
    def shown(self) -> bool:
        """Asked once per field of a list's serializer, not per record (one field instance
        serves every record of the page)."""
        request = self.context.get("request")
        return request is not None and can_see_personal_numbers(request.user)


def form_errors(
    form: forms.BaseForm, renames: Mapping[str, str] | None = None
) -> dict[str, list[ErrorDetail]]:
    """A form's errors keyed by the API's field names, each with its code."""
    inverse = {form_name: api_name for api_name, form_name in (renames or {}).items()}
    return field_details(form.errors.as_data(), inverse)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id among the records the caller may use; any other id is "does not exist"."""

    def __init__(self, scope: Callable[[Any], QuerySet], **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(self.context["request"].user)


class FormSerializer(serializers.Serializer):
    """Validated by ``form_class`` (built with ``form_kwargs()``); ``renames`` maps API names to
    the form's; ``fixed`` adds values the API call stands for (a ticked confirmation box)."""

    form_class: type[forms.Form]
    renames: Mapping[str, str] = {}
    fixed: Mapping[str, Any] = {}

    def form_kwargs(self) -> dict[str, Any]:
        return dict(self.context.get("form_kwargs", {}))

    def form_data(self, attrs: Mapping[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.fixed)
        for field, value in attrs.items():
            if hasattr(value, "pk"):
                value = value.pk
            data[self.renames.get(field, field)] = "" if value is None else value
        return data

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        form = self.form_class(self.form_data(attrs), **self.form_kwargs())
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form, self.renames))
        self.form = form
        return {**attrs, **form.cleaned_data}


class FlagSerializer(serializers.Serializer):
    """A condition a record's officer should act on (``core.breaches.Flag``)."""

    code = serializers.CharField()
    message = serializers.CharField()
    article = serializers.CharField()


def flag_rows(flags: Sequence[Flag]) -> list[dict[str, str]]:
    return [{"code": f.code, "message": str(f.message), "article": str(f.article)} for f in flags]
