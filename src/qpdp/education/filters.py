"""Filters of the defense education pages: by unit (and everything under it, within the
user's scope), target group, year, and a search by course or person name."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.filters import UnitFilter
from qpdp.core.forms import UnitSearch
from qpdp.core.units import Unit
from qpdp.education.models import Course, EducationPlan, Official, TargetGroup
from qpdp.people.search import people_named


class InUnitFilterSet(django_filters.FilterSet):
    """A filter set whose ``unit`` keeps the records of a unit of the user's scope and of the
    units under it (a city commander picks a ward, or the city and sees all its wards)."""

    unit = UnitFilter(label=_("Đơn vị"), method="in_unit")
    unit_path = "unit__path"

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, UnitSearch())

    def in_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(**{f"{self.unit_path}__startswith": value.path})


class CourseFilter(InUnitFilterSet):
    q = django_filters.CharFilter(label=_("Số hiệu, tên lớp"), method="search")
    group = django_filters.ModelChoiceFilter(
        label=_("Đối tượng"), queryset=TargetGroup.objects.all()
    )
    year = django_filters.NumberFilter(label=_("Năm"), field_name="starts_on__year")

    class Meta:
        model = Course
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class DueFilter(InUnitFilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    group = django_filters.ModelChoiceFilter(
        label=_("Đối tượng"), queryset=TargetGroup.objects.all()
    )

    class Meta:
        model = Official
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))


class PlanFilter(InUnitFilterSet):
    year = django_filters.NumberFilter(label=_("Năm"))

    class Meta:
        model = EducationPlan
        fields: list[str] = []
