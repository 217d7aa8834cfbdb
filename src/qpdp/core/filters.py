"""Filters every list shares (a unit of the user's scope) and core's own: the audit log."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.audit import Action, AuditEntry
from qpdp.core.forms import UnitChoiceField, UnitPicker, UnitSearch
from qpdp.core.units import Unit

MAX_ID = 2**63 - 1  # a larger id would overflow SQLite's integer in a foreign-key comparison


def id_filter(label: Any, **kwargs: Any) -> django_filters.NumberFilter:
    """A record id: a positive integer that fits the database's 64-bit keys (the API's lists
    and the registries' filter sets share it)."""
    return django_filters.NumberFilter(label=label, min_value=1, max_value=MAX_ID, **kwargs)


class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit of the user's scope, through the unit picker (a search box when the scope is
    large); ``limit_to`` is called by the filter set's ``__init__`` with the user."""

    field_class = UnitChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Unit.objects.none())
        super().__init__(*args, **kwargs)
        self.search: UnitSearch | None = None

    def limit_to(self, user: AnyUser, search: UnitSearch) -> None:
        self.queryset = search.offered_to(user)
        self.search = search

    @property
    def field(self) -> forms.Field:
        field = super().field
        if isinstance(field.widget, UnitPicker):
            field.widget.search = self.search
        return field


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Thao tác"), choices=Action.choices)
    user = django_filters.CharFilter(label=_("Tên đăng nhập"), field_name="username")

    class Meta:
        model = AuditEntry
        fields: list[str] = []
