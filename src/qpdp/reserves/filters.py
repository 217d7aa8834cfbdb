"""Filters of the reserve lists: the API's (by id) and the pages' (``*PageFilter``: through the
unit picker, limited to the user's scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import AnyUser
from qpdp.core.filters import UnitFilter, id_filter
from qpdp.core.forms import UnitSearch
from qpdp.core.periods import in_force_on
from qpdp.core.units import UnitKind
from qpdp.militia.filters import in_keeper, in_subtree_of
from qpdp.people.search import people_named
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import Category, DrillKind, Rank, UnitRole


class SoldierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    person = id_filter(_("Công dân (id)"))
    category = django_filters.ChoiceFilter(label=_("Hạng"), choices=Category.choices)
    rank = django_filters.ChoiceFilter(label=_("Cấp bậc"), choices=Rank.choices)
    speciality = django_filters.CharFilter(label=_("Chuyên nghiệp quân sự"))
    in_reserve_on = django_filters.DateFilter(label=_("Trong ngạch dự bị ngày"), method="on_day")

    in_unit = in_subtree_of("unit")

    class Meta:
        model = ReserveSoldier
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))

    def on_day(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(in_force_on(value, "registered_on", "transferred_out_on"))


class ReserveUnitFilter(django_filters.FilterSet):
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    role = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=UnitRole.choices)

    in_unit = in_subtree_of("unit")

    class Meta:
        model = ReserveUnit
        fields: list[str] = []


class AssignmentFilter(django_filters.FilterSet):
    reserve_unit = id_filter(_("Đơn vị dự bị (id)"))
    soldier = id_filter(_("Quân nhân (id)"))
    speciality_matched = django_filters.BooleanFilter(label=_("Đúng chuyên nghiệp quân sự"))
    active_on = django_filters.DateFilter(label=_("Đang sắp xếp ngày"), method="on_day")

    class Meta:
        model = Assignment
        fields: list[str] = []

    def on_day(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(in_force_on(value, "assigned_on", "ended_on"))


class DrillFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=DrillKind.choices)
    year = django_filters.NumberFilter(
        label=_("Năm"), field_name="starts_on__year", min_value=2000, max_value=9999
    )

    class Meta:
        model = Drill
        fields: list[str] = []


# -- the pages' filters: units through the unit picker, the user's scope only -----------------

REGISTRARS = UnitSearch(
    kinds=(UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.ORGANISATION)
)


class SoldierStatus(TextChoices):
    IN_RESERVE = "in", _("Đang trong ngạch dự bị")
    OUT = "out", _("Đã giải ngạch")


class SoldierPageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    unit = UnitFilter(label=_("Nơi đăng ký"), method="in_unit")
    category = django_filters.ChoiceFilter(label=_("Hạng"), choices=Category.choices)
    rank = django_filters.ChoiceFilter(label=_("Cấp bậc"), choices=Rank.choices)
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=SoldierStatus.choices, method="by_status"
    )

    in_unit = in_keeper("unit")

    class Meta:
        model = ReserveSoldier
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, REGISTRARS)
        self.user = user
        self.today = timezone.localdate()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(self.user, value))

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == SoldierStatus.IN_RESERVE:
            return queryset.filter(in_force_on(self.today, "registered_on", "transferred_out_on"))
        return queryset.filter(transferred_out_on__lte=self.today)


class ReserveUnitPageFilter(django_filters.FilterSet):
    unit = UnitFilter(label=_("Địa phương xây dựng"), method="in_unit")
    role = django_filters.ChoiceFilter(label=_("Loại đơn vị"), choices=UnitRole.choices)

    in_unit = in_keeper("unit")

    class Meta:
        model = ReserveUnit
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, REGISTRARS)
