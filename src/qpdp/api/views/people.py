"""The person registry: the list with the page's filters and search, detail, create, partial
update with optimistic locking (409 showing what changed), delete, residence history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.filters import ApiPersonFilter
from qpdp.api.serializers.people import (
    PersonSerializer,
    PersonWriteSerializer,
    ResidenceSerializer,
    SimilarSerializer,
    StaleSerializer,
    changes_since,
)
from qpdp.api.views.base import ApiView
from qpdp.people import services
from qpdp.people.models import Person, Residence
from qpdp.people.tables import PersonTable


class PersonMixin(ApiView):
    serializer_class = PersonSerializer
    filterset_class = ApiPersonFilter
    sorts = PersonTable.sort_fields()
    default_sort = "name"

    def filterset_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.listed_for(self.request.user)


class PersonList(PersonMixin, generics.ListAPIView):
    @extend_schema(
        request=PersonWriteSerializer,
        responses={
            201: PersonSerializer,
            409: OpenApiResponse(SimilarSerializer, description=_("Đã có người tương tự.")),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = PersonWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data["person"]
        if not serializer.validated_data["confirm_similar"]:
            full_name = " ".join(
                p for p in (data["family_name"], data.get("middle_name"), data["given_name"]) if p
            )
            similar = services.similar_people(
                full_name=full_name,
                birth_date=data["birth_date"],
                residence_unit=data["residence_unit"],
            )
            if similar:
                body = {
                    "detail": _(
                        "Đã có công dân cùng họ tên, ngày sinh và đơn vị. Nếu đây là người khác, "
                        "gửi lại với confirm_similar = true."
                    ),
                    "code": "similar_people",
                    "similar": similar,
                }
                return Response(SimilarSerializer(body).data, status=status.HTTP_409_CONFLICT)
        person = services.create_person(request.user, data, today=timezone.localdate())
        return self.respond(person)


class PersonDetail(PersonMixin, generics.RetrieveAPIView):
    """PATCH needs ``version`` as read: a record saved by someone else since is refused with
    409, the record as it is now and the changes made since."""

    def editable(self) -> Person:
        editable = Person.objects.editable_by(self.request.user).select_related("residence_unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    @extend_schema(
        request=PersonWriteSerializer,
        responses={
            200: PersonSerializer,
            409: OpenApiResponse(StaleSerializer, description=_("Bản ghi đã bị người khác sửa.")),
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        person = self.editable()
        serializer = PersonWriteSerializer(
            data=request.data, person=person, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data["version"]
        try:
            person = services.update_person(
                request.user,
                person,
                serializer.validated_data["person"],
                version=version,
                today=timezone.localdate(),
            )
        except services.StaleRecord as exc:
            current = Person.objects.select_related("residence_unit").get(pk=person.pk)
            body = {
                "detail": " ".join(exc.messages),
                "code": "stale",
                "sent_version": version,
                "current_version": current.version,
                "current": current,
                "changes": changes_since(current, version),
            }
            context = self.get_serializer_context()
            return Response(
                StaleSerializer(body, context=context).data, status=status.HTTP_409_CONFLICT
            )
        return self.respond(person, status.HTTP_200_OK)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        services.delete_person(request.user, self.editable())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ResidenceList(ApiView, generics.ListAPIView):
    """Where a person was registered, period by period (the detail page's history)."""

    serializer_class = ResidenceSerializer
    queryset = Residence.objects.none()

    def get_queryset(self) -> QuerySet[Residence]:
        person = get_object_or_404(
            Person.objects.listed_for(self.request.user), pk=self.kwargs["pk"]
        )
        return person.residences.select_related("unit")
