"""Errors as JSON: a service's refusal is a 400 with its Vietnamese message, a database conflict
(two writers racing for the same number) a 409; never a 500 for a refused write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def as_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ``ValidationError`` in DRF's shape: field errors by field, others together."""
    if hasattr(exc, "error_dict"):
        detail: Any = {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    else:
        detail = {"non_field_errors": exc.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_drf(exc)
    elif isinstance(exc, IntegrityError):
        exc = Conflict(_("Dữ liệu vừa bị thay đổi đồng thời; hãy tải lại và thử lại."))
    return drf_exception_handler(exc, context)
