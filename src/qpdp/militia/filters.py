"""Filters of the militia lists: the API's (by id: keeper and everything under it, unit, kind
of force, post, who serves on a day, a name search folding accents) and the pages' (``*PageFilter``:
the same questions through the unit picker, limited to the user's scope)."""

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
from qpdp.core.units import Unit, UnitKind
from qpdp.militia.models import DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import DutyDecisionKind, EndReason, ForceKind, Level, Post
from qpdp.people.search import people_named


def in_subtree_of(field: str) -> Any:
    """A filter method keeping the rows whose ``field`` unit lies in the given unit's subtree."""

    def method(self: Any, queryset: QuerySet, name: str, value: int) -> QuerySet:
        root = Unit.objects.filter(pk=value).first()
        if root is None:
            return queryset.none()
        return queryset.filter(**{f"{field}__in": root.subtree().values("pk")})

    return method


class MilitiaUnitFilter(django_filters.FilterSet):
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    level = django_filters.ChoiceFilter(label=_("Quy mô"), choices=Level.choices)
    force_kind = django_filters.ChoiceFilter(label=_("Thành phần"), choices=ForceKind.choices)
    active_on = django_filters.DateFilter(label=_("Còn hoạt động ngày"), method="on_day")

    in_unit = in_subtree_of("unit")

    class Meta:
        model = MilitiaUnit
        fields: list[str] = []

    def on_day(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(in_force_on(value, "established_on", "dissolved_on"))


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    militia_unit = id_filter(_("Đơn vị dân quân tự vệ (id)"))
    person = id_filter(_("Công dân (id)"))
    force_kind = django_filters.ChoiceFilter(
        label=_("Thành phần"), field_name="militia_unit__force_kind", choices=ForceKind.choices
    )
    post = django_filters.ChoiceFilter(label=_("Chức vụ"), choices=Post.choices)
    serving_on = django_filters.DateFilter(label=_("Đang thực hiện nghĩa vụ ngày"), method="on_day")
    end_reason = django_filters.ChoiceFilter(label=_("Lý do thôi"), choices=EndReason.choices)

    in_unit = in_subtree_of("militia_unit__unit")

    class Meta:
        model = Membership
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))

    def on_day(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(in_force_on(value, "joined_on", "ended_on"))


class DutyDecisionFilter(django_filters.FilterSet):
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    person = id_filter(_("Công dân (id)"))
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=DutyDecisionKind.choices)

    in_unit = in_subtree_of("unit")

    class Meta:
        model = DutyDecision
        fields: list[str] = []


class TrainingPlanFilter(django_filters.FilterSet):
    unit = id_filter(_("Thuộc đơn vị (id, cả cấp dưới)"), method="in_unit")
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2000, max_value=9999)
    force_kind = django_filters.ChoiceFilter(label=_("Thành phần"), choices=ForceKind.choices)

    in_unit = in_subtree_of("unit")

    class Meta:
        model = TrainingPlan
        fields: list[str] = []


# -- the pages' filters: units through the unit picker, the user's scope only -----------------

KEEPERS = UnitSearch(
    kinds=(UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE, UnitKind.ORGANISATION)
)


class Status(TextChoices):
    SERVING = "serving", _("Đang thực hiện nghĩa vụ")
    ENDED = "ended", _("Đã thôi")


def in_keeper(field: str) -> Any:
    """A filter method keeping the rows kept by the chosen unit or a unit under it."""

    def method(self: Any, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(**{f"{field}__in": value.subtree().values("pk")})

    return method


class MilitiaUnitPageFilter(django_filters.FilterSet):
    unit = UnitFilter(label=_("Đơn vị quản lý"), method="in_unit")
    level = django_filters.ChoiceFilter(label=_("Quy mô"), choices=Level.choices)
    force_kind = django_filters.ChoiceFilter(label=_("Thành phần"), choices=ForceKind.choices)

    in_unit = in_keeper("unit")

    class Meta:
        model = MilitiaUnit
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, KEEPERS)


class MemberPageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    unit = UnitFilter(label=_("Đơn vị quản lý"), method="in_unit")
    militia_unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị dân quân tự vệ"), queryset=MilitiaUnit.objects.none()
    )
    force_kind = django_filters.ChoiceFilter(
        label=_("Thành phần"), field_name="militia_unit__force_kind", choices=ForceKind.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"), choices=Status.choices, method="by_status"
    )

    in_unit = in_keeper("militia_unit__unit")

    class Meta:
        model = Membership
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, KEEPERS)
        # Each option names the unit's keeper: joined here, not one query per option.
        units = MilitiaUnit.objects.visible_to(user).select_related("unit")
        self.filters["militia_unit"].queryset = units.order_by("name", "pk")
        self.user = user
        self.today = timezone.localdate()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(self.user, value))

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == Status.SERVING:
            return queryset.filter(in_force_on(self.today, "joined_on", "ended_on"))
        return queryset.filter(ended_on__lte=self.today)


class TrainingPlanPageFilter(django_filters.FilterSet):
    unit = UnitFilter(label=_("Đơn vị tổ chức"), method="in_unit")
    year = django_filters.NumberFilter(label=_("Năm"), min_value=2000, max_value=9999)
    force_kind = django_filters.ChoiceFilter(label=_("Thành phần"), choices=ForceKind.choices)

    in_unit = in_keeper("unit")

    class Meta:
        model = TrainingPlan
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, KEEPERS)


class DutyDecisionPageFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    unit = UnitFilter(label=_("Nơi quyết định"), method="in_unit")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=DutyDecisionKind.choices)

    in_unit = in_keeper("unit")

    class Meta:
        model = DutyDecision
        fields: list[str] = []

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, KEEPERS)
        self.user = user

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(self.user, value))
