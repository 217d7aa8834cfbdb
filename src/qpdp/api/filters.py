"""Filtering and sorting of API lists: the pages' filter sets where they exist, a few more here.

``FilterSetBackend`` hands a filter set the arguments the page gives it (the user, the cycle's
wards); ``SortBackend`` reads ``sort`` from a view's whitelist, and cursor pagination follows
that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.filters import BaseFilterBackend
from rest_framework.request import Request
from rest_framework.views import APIView

from qpdp.api.error_codes import ErrorCode
from qpdp.conscription.models import HealthKind, HealthResult, Registration
from qpdp.core import audit
from qpdp.core.filters import id_filter
from qpdp.core.units import Unit, UnitKind, UnitQuerySet
from qpdp.core.vietnamese import fold
from qpdp.imports.models import ImportRun, RunStatus
from qpdp.people.filters import PersonFilter
from qpdp.people.rules import EARLIEST_BIRTH_YEAR
from qpdp.people.search import people_named


class FilterSetBackend(DjangoFilterBackend):
    """django-filter, with the extra keyword arguments a view's filter set needs."""

    def get_filterset_kwargs(
        self, request: Request, queryset: QuerySet, view: APIView
    ) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        extra = getattr(view, "filterset_kwargs", None)
        if extra is not None:
            kwargs.update(extra())
        return kwargs


class SortBackend(BaseFilterBackend):
    """``?sort=`` among a view's ``sorts``; the first field of each is the cursor's position."""

    param = "sort"

    def get_ordering(self, request: Request, queryset: QuerySet, view: APIView) -> tuple[str, ...]:
        sorts: Mapping[str, tuple[str, ...]] = view.sorts
        key = request.query_params.get(self.param) or view.default_sort
        if key not in sorts:
            raise exceptions.ValidationError(
                {self.param: [_("Cách sắp xếp không hợp lệ: %(key)s.") % {"key": key}]},
                code=ErrorCode.INVALID_SORT,
            )
        return sorts[key]

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        return queryset.order_by(*self.get_ordering(request, queryset, view))

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None and self.param in filterset.base_filters:
            return []  # the page's filter set declares it already
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": str(_("Cách sắp xếp")),
                "schema": {"type": "string", "enum": list(view.sorts)},
            }
        ]


class ApiPersonFilter(PersonFilter):
    """The person list's filters (ages bounded there, identity-number search by role)."""


class UnitFilter(django_filters.FilterSet):
    """The unit tree: by level, parent, subtree, validity and name."""

    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")
    code = django_filters.CharFilter(label=_("Mã"))
    kind = django_filters.ChoiceFilter(label=_("Cấp"), choices=UnitKind.choices)
    parent = id_filter(_("Đơn vị cấp trên (id)"))
    subtree = id_filter(_("Trong cây của đơn vị (id)"), method="in_subtree")
    valid_on = django_filters.DateFilter(label=_("Còn hiệu lực vào ngày"), method="on_day")
    current = django_filters.BooleanFilter(label=_("Đang hiệu lực"), method="in_force")

    class Meta:
        model = Unit
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        key = fold(value)
        return queryset.filter(search_key__contains=key) if key else queryset

    def in_subtree(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        root = Unit.objects.filter(pk=value).first()
        if root is None:
            return queryset.none()
        return queryset.filter(pk__in=Unit.objects.subtree_of([root]).values("pk"))

    def on_day(self, queryset: UnitQuerySet, name: str, value: Any) -> QuerySet:
        return queryset.valid_on(value)

    def in_force(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(valid_to__isnull=value)


class PersonRecordFilter(django_filters.FilterSet):
    """Records of a person (registrations, health results): by unit, person and name."""

    unit = id_filter(_("Đơn vị (id)"))
    person = id_filter(_("Công dân (id)"))
    q = django_filters.CharFilter(label=_("Tìm theo tên"), method="search")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(person__in=people_named(getattr(self.request, "user", None), value))


class RegistrationFilter(PersonRecordFilter):
    class Meta:
        model = Registration
        fields: list[str] = []

    birth_year = django_filters.NumberFilter(
        label=_("Năm sinh"),
        field_name="person__birth_date__year",
        min_value=EARLIEST_BIRTH_YEAR,
        max_value=9999,
    )
    registered_from = django_filters.DateFilter(
        label=_("Đăng ký từ ngày"), field_name="registered_on", lookup_expr="gte"
    )
    registered_to = django_filters.DateFilter(
        label=_("Đăng ký đến ngày"), field_name="registered_on", lookup_expr="lte"
    )


class HealthFilter(PersonRecordFilter):
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=HealthKind.choices)

    class Meta:
        model = HealthResult
        fields: list[str] = []


class ImportRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RunStatus.choices)
    layout = django_filters.CharFilter(label=_("Mẫu nhập"))

    class Meta:
        model = ImportRun
        fields: list[str] = []


class AuditFilter(django_filters.FilterSet):
    """As the audit page: by action and user name; and by object, request and time."""

    action = django_filters.ChoiceFilter(label=_("Thao tác"), choices=audit.Action.choices)
    user = django_filters.CharFilter(label=_("Tên đăng nhập"), field_name="username")
    channel = django_filters.CharFilter(label=_("Kênh"))
    request_id = django_filters.CharFilter(label=_("Mã yêu cầu"))
    object_id = django_filters.CharFilter(label=_("Mã đối tượng"))
    since = django_filters.IsoDateTimeFilter(
        label=_("Từ thời điểm"), field_name="timestamp", lookup_expr="gte"
    )
    until = django_filters.IsoDateTimeFilter(
        label=_("Đến thời điểm"), field_name="timestamp", lookup_expr="lt"
    )

    class Meta:
        model = audit.AuditEntry
        fields: list[str] = []
