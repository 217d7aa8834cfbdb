"""Template helpers: masking of personal numbers, query-string edits, field labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.http import QueryDict

from qpdp.core.access import can_see_personal_numbers, mask_number

register = template.Library()


@register.simple_tag(takes_context=True)
def personal_number(context: dict[str, Any], value: str | None) -> str:
    """An identity or phone number, masked for roles without need (leaders)."""
    if not value:
        return "—"
    if can_see_personal_numbers(context["request"].user):
        return value
    return mask_number(value)


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination and sorting)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@register.filter
def field_label(model: Any, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except FieldDoesNotExist:  # an audit entry may name a field removed since
        return field_name
