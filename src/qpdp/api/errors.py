"""Errors as JSON, one shape for every refusal, so a program can act on the code:

    {"errors": [{"code": "similar_person", "message": "…", "field": null}, …]}

``code`` comes from the app's ``error_codes`` (or DRF's and Django's own: ``required``,
``not_found``, ``permission_denied``, ``not_authenticated``, ``throttled``, ``parse_error`` …);
``message`` is in the request's language (Vietnamese unless the client sends
``Accept-Language: en``); ``field`` is the API's field name, null for a refusal of the whole
request. A service's refusal is a 400, a database conflict (two writers racing for the same
number) a 409; never a 500 for a refused write. Answers that need more than the errors (the
stale record's current state, the similar people) carry it beside ``errors``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from qpdp.core.error_codes import ErrorCode

DEFAULT_CODE = "invalid"
"""For an error raised without a code by code the project does not own (a library's)."""


class ErrorSerializer(serializers.Serializer):
    """One refusal (the OpenAPI schema's description of it)."""

    code = serializers.CharField(
        help_text=gettext_lazy("Mã lỗi để chương trình xử lý, ví dụ similar_person, required.")
    )
    message = serializers.CharField(
        help_text=gettext_lazy("Thông báo cho người dùng (tiếng Việt; Accept-Language: en).")
    )
    field = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("Trường bị từ chối; null nếu là cả yêu cầu.")
    )


class ErrorResponseSerializer(serializers.Serializer):
    """Every error answer of the API."""

    errors = ErrorSerializer(many=True)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = ErrorCode.CONFLICT


def coded(exc: DjangoValidationError) -> list[ErrorDetail]:
    """Each message of a Django ``ValidationError`` (params applied) with its code."""
    return [
        ErrorDetail(message, code=error.code or DEFAULT_CODE)
        for error in exc.error_list
        for message in error.messages
    ]


def field_details(
    errors: Mapping[str, Iterable[DjangoValidationError]], renames: Mapping[str, str] | None = None
) -> dict[str, list[ErrorDetail]]:
    """Django errors by field (``form.errors.as_data()``, ``exc.error_dict``) in DRF's detail
    shape with their codes; ``renames`` maps a form's field names to the API's."""
    details: dict[str, list[ErrorDetail]] = {}
    for field, field_errors in errors.items():
        key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
        key = (renames or {}).get(key, key)
        for error in field_errors:
            details.setdefault(key, []).extend(coded(error))
    return details


def as_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ``ValidationError`` in DRF's shape, codes kept: field errors by field."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(field_details(exc.error_dict))
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: coded(exc)})


def error_list(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    """DRF's nested detail (dicts by field, lists, coded strings) as a flat list of errors;
    a nested field is named by its path (``person.0.name``)."""
    if isinstance(detail, Mapping):
        found = []
        for key, value in detail.items():
            if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS):
                name = field
            else:
                name = f"{field}.{key}" if field else str(key)
            found.extend(error_list(value, name))
        return found
    if isinstance(detail, list | tuple):
        found = []
        for index, value in enumerate(detail):
            nested = isinstance(value, Mapping | list | tuple)
            path = (f"{field}.{index}" if field else str(index)) if nested else field
            found.extend(error_list(value, path))
        return found
    return [
        {
            "code": getattr(detail, "code", None) or DEFAULT_CODE,
            "message": str(detail),
            "field": field,
        }
    ]


def error_body(exc: exceptions.APIException | DjangoValidationError, **extra: Any) -> dict:
    """The body of an error answer; ``extra`` goes beside ``errors``."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf(exc)
    return {"errors": error_list(exc.detail), **extra}


def throttled(wait: float | None) -> exceptions.Throttled:
    """DRF's 429 with a Vietnamese message (DRF's own adds an English sentence); ``wait`` becomes
    the ``Retry-After`` header."""
    seconds = max(1, math.ceil(wait or 1))
    exc = exceptions.Throttled(
        detail=_("Quá nhiều yêu cầu tới API; hãy thử lại sau %(seconds)d giây.")
        % {"seconds": seconds}
    )
    exc.wait = seconds
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = as_drf(exc)
    elif isinstance(exc, IntegrityError):
        exc = Conflict(_("Dữ liệu vừa bị thay đổi đồng thời; hãy tải lại và thử lại."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()  # Django's message names the model, in English
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, exceptions.Throttled):
        exc = throttled(exc.wait)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.APIException):
        response.data = error_body(exc)
    return response
