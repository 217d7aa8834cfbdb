"""Filters of the rear-policy pages: unit (and below, within the scope), a name search, whether
the soldier still serves; for cases the scheme, the status and the overdue ones."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.filters import UnitFilter
from qpdp.core.forms import UnitSearch
from qpdp.core.units import Unit
from qpdp.people.search import people_named
from qpdp.welfare import selectors
from qpdp.welfare.models import BenefitCase, CaseStatus, Scheme, SoldierFamily


class ScopedFilterSet(django_filters.FilterSet):
    """``unit`` keeps a unit of the user's scope and everything under it."""

    unit = UnitFilter(label=_("Xã, phường"), method="in_unit")

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, UnitSearch())

    def in_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(unit__path__startswith=value.path)


class FamilyFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tên quân nhân"), method="search")
    serving = django_filters.BooleanFilter(label=_("Đang tại ngũ"), method="only_serving")

    class Meta:
        model = SoldierFamily
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(soldier__in=people_named(getattr(self.request, "user", None), value))

    def only_serving(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        """No discharge day: neither on the call-up's discharge record nor typed here."""
        return selectors.with_discharge(queryset).filter(Q(discharge_day__isnull=value))


class CaseFilter(ScopedFilterSet):
    q = django_filters.CharFilter(label=_("Tên người đề nghị"), method="search")
    scheme = django_filters.ChoiceFilter(label=_("Chế độ"), choices=Scheme.choices)
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=CaseStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Quá hạn"), method="only_overdue")

    class Meta:
        model = BenefitCase
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        people = people_named(getattr(self.request, "user", None), value)
        return queryset.filter(applicant__in=people)

    def only_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        """Open cases whose next step was due before today (``selectors.overdue``)."""
        if not value:
            return queryset
        return selectors.overdue(queryset, timezone.localdate())
