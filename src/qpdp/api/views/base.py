"""The shape every API list and write shares: scoped queryset, filters, sort, cursor pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import FilterSet
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from qpdp.api.error_codes import ErrorCode
from qpdp.api.filters import FilterSetBackend, SortBackend
from qpdp.api.permissions import ReadOrWrite


class ApiView(generics.GenericAPIView):
    """Reads for any signed-in account, writes for writers; lists sorted by ``sort`` from
    ``sorts`` (the first field is the cursor's position)."""

    permission_classes = [ReadOrWrite]
    filter_backends = [FilterSetBackend, SortBackend]
    filterset_class: type[FilterSet] | None = None
    sorts: Mapping[str, tuple[str, ...]] = {"id": ("pk",), "-id": ("-pk",)}
    default_sort = "id"
    input_serializer_class: type[BaseSerializer] | None = None

    def get_object(self) -> Any:
        """One record of the scoped queryset (404 outside it); list filters do not apply."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        obj = get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, obj)
        return obj

    def read_input(self, request: Request, **context: Any) -> Any:
        """The input serializer over the request body, validated (by the page's form too)."""
        assert self.input_serializer_class is not None
        serializer = self.input_serializer_class(
            data=request.data, context={**self.get_serializer_context(), **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer

    def respond(self, obj: Model, code: int = status.HTTP_201_CREATED) -> Response:
        return Response(self.get_serializer(obj).data, status=code)


def query_date(request: Request, name: str) -> dt.date:
    """A date in the query string (YYYY-MM-DD or dd/mm/yyyy); today when absent."""
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return timezone.localdate()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise exceptions.ValidationError(
        {name: [_("Ngày “%(value)s” không hợp lệ.") % {"value": raw}]}, code=ErrorCode.INVALID_DATE
    )
