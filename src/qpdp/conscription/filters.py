"""Filters of the call-up lists: the pool by state, age and name; decisions and orders by ward.

The pool is computed in Python (``services.pool`` returns a list), so its filter narrows that
list; the name search still runs in the database through ``filter_by_name``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    Decision,
    Outcome,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules import (
    DecisionKind,
    MeasureKind,
    NoRuleInForce,
    PoolState,
    RecognitionGround,
    regime_on,
)
from qpdp.conscription.services import PoolEntry
from qpdp.core.forms import DateInput
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.people.search import filter_by_name, people_named


class PoolFilter(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc số định danh"), required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *PoolState.choices]
    )
    age_min = forms.IntegerField(label=_("Tuổi từ"), required=False, min_value=0, max_value=99)
    age_max = forms.IntegerField(label=_("đến"), required=False, min_value=0, max_value=99)
    on = forms.DateField(label=_("Tính đến ngày"), required=False, widget=DateInput)

    def __init__(self, *args: Any, by_number: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_number = by_number  # False for roles that may not see identity numbers

    def clean_on(self) -> dt.date | None:
        """Refuse dates no military-service rule covers (before the 2015 Law took effect)."""
        on: dt.date | None = self.cleaned_data["on"]
        if on is not None:
            try:
                regime_on(on)
            except NoRuleInForce:
                raise forms.ValidationError(
                    _("Ngày tính trước khi Luật Nghĩa vụ quân sự 2015 có hiệu lực."),
                    code=ErrorCode.DATE_BEFORE_LAW,
                ) from None
        return on

    def reference_date(self, default: dt.date) -> dt.date:
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return default

    def apply(
        self, entries: Sequence[PoolEntry], people: QuerySet[Person], on: dt.date
    ) -> list[PoolEntry]:
        """The entries matching the filter; ``people`` is where the name search runs."""
        if not self.is_bound or not self.is_valid():
            return list(entries)
        data = self.cleaned_data
        rows = list(entries)
        if data["state"]:
            rows = [e for e in rows if e.state == data["state"]]
        if data["age_min"] is not None:
            rows = [e for e in rows if e.person.age_on(on) >= data["age_min"]]
        if data["age_max"] is not None:
            rows = [e for e in rows if e.person.age_on(on) <= data["age_max"]]
        if data["q"].strip():
            matches = filter_by_name(people, data["q"], by_number=self.by_number)
            found = set(matches.values_list("pk", flat=True))
            rows = [e for e in rows if e.person.pk in found]
        return rows


class DecisionStatus:
    PROPOSED = "proposed"
    DECIDED = "decided"
    CHOICES = ((PROPOSED, _("Chờ quyết định")), (DECIDED, _("Đã quyết định")))


class CycleListFilter(django_filters.FilterSet):
    """Common to the cycle-wide lists: the ward, and a name search."""

    ward = django_filters.ModelChoiceFilter(
        label=_("Xã, phường"),
        queryset=Unit.objects.none(),
        field_name="unit",
        empty_label=_("Tất cả"),
    )
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")

    def __init__(self, *args: Any, wards: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["ward"].queryset = wards

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))


class DecisionFilter(CycleListFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), choices=DecisionKind.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=DecisionStatus.CHOICES,
        method="by_status",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Decision
        fields: list[str] = []

    def by_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(decided_on__isnull=value == DecisionStatus.PROPOSED)


class OrderFilter(CycleListFilter):
    outcome = django_filters.ChoiceFilter(
        label=_("Kết quả"), choices=Outcome.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = CallUpOrder
        fields: list[str] = []


class PersonFactFilter(django_filters.FilterSet):
    """A person's records across cycles (Art. 13 measures, Art. 4.4 recognitions, volunteering):
    by name, or one person's (``?person=``, the links of the person page)."""

    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    person = django_filters.NumberFilter(field_name="person", widget=forms.HiddenInput)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))


class MeasureFilter(PersonFactFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Biện pháp"), choices=MeasureKind.choices, empty_label=_("Tất cả")
    )
    open = django_filters.BooleanFilter(
        label=_("Chưa có ngày kết thúc"), field_name="ends_on", lookup_expr="isnull"
    )

    class Meta:
        model = BarringMeasure
        fields: list[str] = []


class RecognitionFilter(PersonFactFilter):
    ground = django_filters.ChoiceFilter(
        label=_("Trường hợp"), choices=RecognitionGround.choices, empty_label=_("Tất cả")
    )

    class Meta:
        model = ServiceRecognition
        fields: list[str] = []


class VolunteerFilter(PersonFactFilter):
    cycle = django_filters.ModelChoiceFilter(
        label=_("Đợt tuyển quân"), queryset=CallUpCycle.objects.none(), empty_label=_("Tất cả")
    )

    class Meta:
        model = Volunteering
        fields: list[str] = []

    def __init__(self, *args: Any, cycles: QuerySet[CallUpCycle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["cycle"].queryset = cycles
