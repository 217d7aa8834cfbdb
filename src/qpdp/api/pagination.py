"""Cursor pagination: stable under inserts, no COUNT, an index range per page.

DRF's cursor keeps the value of the first ordering field as text. Rosters sort by ``roster_key``,
a binary ICU sort key, so that value travels hex-encoded in the cursor; any position is checked
against its field before it reaches the database, so a forged cursor is a 404, never an error.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.views import APIView

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class CursorPagination(pagination.CursorPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("pk",)
    invalid_cursor_message = _("Con trỏ phân trang không hợp lệ.")

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def _position_field(self) -> models.Field | None:
        name = self.ordering[0].lstrip("-")
        try:
            return self.model._meta.get_field("id" if name == "pk" else name)
        except FieldDoesNotExist:
            return None

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        field = self._position_field()
        try:
            if isinstance(field, models.BinaryField):
                return cursor._replace(position=bytes.fromhex(cursor.position))
            if field is not None:
                field.to_python(cursor.position)
        except (ValueError, ValidationError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc
        return cursor

    def encode_cursor(self, cursor: pagination.Cursor) -> str:
        if isinstance(cursor.position, bytes):
            cursor = cursor._replace(position=cursor.position.hex())
        return super().encode_cursor(cursor)

    def _get_position_from_instance(self, instance: Any, ordering: Any) -> Any:
        value = getattr(instance, ordering[0].lstrip("-"))
        if isinstance(value, bytes | memoryview):
            return bytes(value)
        return str(value)


class ListPagination(pagination.LimitOffsetPagination):
    """For lists the rules compute in Python (the pool): there is no query to put a cursor on."""

    default_limit = 100
    max_limit = MAX_PAGE_SIZE
