"""Filters of the person list: unit, gender, age range, education, and an accent-free search.

The order of the list is the table's (``people.tables.PersonTable``, ``?sort=``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import can_see_personal_numbers
from qpdp.core.filters import UnitFilter
from qpdp.core.forms import UnitSearch
from qpdp.core.units import Unit, UnitKind
from qpdp.people.choices import EducationLevel, Gender
from qpdp.people.models import Person
from qpdp.people.search import filter_by_name

UNIT_KINDS = UnitSearch(kinds=(UnitKind.COMMUNE, UnitKind.DISTRICT, UnitKind.PROVINCE))


def _birthday_shift(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a non-leap year
        return today.replace(year=today.year - years, day=28)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc số định danh"), method="search")
    unit = UnitFilter(label=_("Đơn vị"), method="in_unit")
    gender = django_filters.ChoiceFilter(label=_("Giới tính"), choices=Gender.choices)
    # 150 bounds the birthday arithmetic: a larger age would reach before year 1 (a 500).
    age_min = django_filters.NumberFilter(
        label=_("Tuổi từ"), method="by_age", min_value=0, max_value=150
    )
    age_max = django_filters.NumberFilter(
        label=_("đến"), method="by_age", min_value=0, max_value=150
    )
    education_min = django_filters.ChoiceFilter(
        label=_("Học vấn từ"), choices=EducationLevel.choices, method="by_education"
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, UNIT_KINDS)
        self.today = timezone.localdate()
        self.by_number = can_see_personal_numbers(user)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return filter_by_name(queryset, value, by_number=self.by_number)

    def in_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        units = Unit.objects.subtree_of([value, *value.predecessors()]).values("pk")
        return queryset.filter(residence_unit__in=units)

    def by_age(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        years = int(value)
        if name == "age_min":  # at least `years` old: born on or before today minus years
            return queryset.filter(birth_date__lte=_birthday_shift(self.today, years))
        return queryset.filter(birth_date__gt=_birthday_shift(self.today, years + 1))

    def by_education(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(education_level__gte=int(value))
