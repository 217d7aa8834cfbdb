"""The year-end figures for other systems: the review's JSON, chosen and scoped as on the
dashboard (``/tong-ket/``), from the same assembled review (locked snapshot when locked)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qpdp.api.serializers.base import form_errors
from qpdp.core import audit
from qpdp.planning.review.data import assemble, default_issue_date
from qpdp.planning.review.forms import selection_form
from qpdp.planning.review.outputs import as_json_data


class ReviewFigures(APIView):
    """Every figure of a unit's year with its code, value, target, sentence and lock time."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "unit", OpenApiTypes.INT, description="id đơn vị (mặc định: của tài khoản)"
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="năm (mặc định: năm nay)"),
            OpenApiParameter(
                "ngay",
                OpenApiTypes.DATE,
                description="ngày ban hành (mặc định: hôm nay, hoặc 31/01 năm sau nếu năm đã qua)",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        form = selection_form(request.user, request.query_params)
        if not form.is_valid():
            if "unit" in form.errors and str(form.data["unit"]).isdigit():
                raise exceptions.NotFound()  # outside the caller's scope, as every API object
            raise exceptions.ValidationError(form_errors(form))
        unit, year = form.cleaned_data["unit"], form.cleaned_data["year"]
        issued_on = form.cleaned_data["issued_on"] or default_issue_date(
            unit, year, timezone.localdate()
        )
        review = assemble(unit, year, issued_on=issued_on)
        audit.record(
            request.user,
            audit.Action.EXPORT,
            unit=unit,
            object_repr=review.title,
            extra={"format": "json", "year": year},
        )
        return Response(as_json_data(review))
