"""Template helpers: masking of personal numbers, query-string edits, a record's history."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from qpdp.core.access import can_see_personal_numbers, mask_number
from qpdp.core.tables import HistoryTable

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


@register.simple_tag(takes_context=True)
def history_table(
    context: dict[str, Any], entries: Any, model: Any, personal_fields: str = ""
) -> HistoryTable:
    """A detail page's audit entries as a table (``includes/history.html``)."""
    return HistoryTable(
        entries, model=model, personal_fields=personal_fields, user=context["request"].user
    )
