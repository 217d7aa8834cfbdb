"""Filters of the awards pages: the unit (and below, within the scope), year, form, field,
status, and a name search over the individuals proposed."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.awards.models import AwardDecision, AwardField, AwardForm, AwardProposal, ProposalStatus
from qpdp.core.access import AnyUser
from qpdp.core.filters import UnitFilter
from qpdp.core.forms import UnitSearch
from qpdp.core.units import Unit
from qpdp.core.vietnamese import fold
from qpdp.people.search import people_named


class AwardFilterSet(django_filters.FilterSet):
    """``unit`` keeps a unit of the user's scope and everything under it."""

    unit = UnitFilter(label=_("Đơn vị"), method="in_unit")
    year = django_filters.NumberFilter(label=_("Năm"))
    form = django_filters.ModelChoiceFilter(label=_("Hình thức"), queryset=AwardForm.objects.all())
    field = django_filters.ChoiceFilter(label=_("Lĩnh vực"), choices=AwardField.choices)
    unit_path = "unit__path"

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].limit_to(user, UnitSearch())

    def in_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        return queryset.filter(**{f"{self.unit_path}__startswith": value.path})


class ProposalFilter(AwardFilterSet):
    q = django_filters.CharFilter(label=_("Tên tập thể, cá nhân"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=ProposalStatus.choices)

    class Meta:
        model = AwardProposal
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        people = people_named(getattr(self.request, "user", None), value)
        return queryset.filter(
            Q(person__in=people) | Q(collective__search_key__contains=fold(value))
        )


class DecisionFilter(AwardFilterSet):
    unit_path = "authority__path"

    class Meta:
        model = AwardDecision
        fields: list[str] = []
