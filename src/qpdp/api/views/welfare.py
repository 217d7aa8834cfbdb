"""Rear policy: soldiers' families (from the handover record), their relatives, payments and
visits, the discharge allowance, and the Decision 62/49 cases with their steps and the overdue
list. Reads are scoped; each write calls the service the pages will call."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.serializers import welfare as s
from qpdp.api.views.base import ApiView, query_date
from qpdp.welfare import selectors, services
from qpdp.welfare.models import BenefitCase, SoldierFamily, SupportPayment


class FamilyMixin(ApiView):
    queryset = SoldierFamily.objects.none()
    serializer_class = s.WelfareFamilySerializer

    def get_queryset(self) -> QuerySet[SoldierFamily]:
        return (
            SoldierFamily.objects.visible_to(self.request.user)
            .select_related("soldier", "unit")
            .prefetch_related("members__person")
        )


class FamilyList(FamilyMixin, generics.ListAPIView):
    """Families of soldiers serving now; POST registers one from a handed-over call-up order."""

    input_serializer_class = s.WelfareFamilyInputSerializer

    @extend_schema(
        request=s.WelfareFamilyInputSerializer, responses={201: s.WelfareFamilySerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(
            services.register_family(request.user, data["handover"], note=data["note"])
        )


class FamilyDetail(FamilyMixin, generics.RetrieveAPIView):
    pass


class OfFamily(ApiView, generics.GenericAPIView):
    """An endpoint about one family the caller may see (404 otherwise)."""

    @cached_property
    def family(self) -> SoldierFamily:
        return get_object_or_404(
            SoldierFamily.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )


class MemberCreate(OfFamily):
    """Add a relative (Decree 27/2016 Art. 2.2) who is in the person registry."""

    queryset = SoldierFamily.objects.none()
    serializer_class = s.WelfareMemberSerializer
    input_serializer_class = s.WelfareMemberInputSerializer

    @extend_schema(
        request=s.WelfareMemberInputSerializer, responses={201: s.WelfareMemberSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        family = self.family  # 404 outside the caller's scope, before the input is read
        data = self.read_input(request).validated_data
        member = services.add_member(
            request.user, family, data["person"], relation=data["relation"]
        )
        return self.respond(member)


class PaymentList(OfFamily, generics.ListAPIView):
    """The family's allowances; POST pays one (never over the amount in force, never beyond the
    yearly number of grants)."""

    queryset = SupportPayment.objects.none()
    serializer_class = s.WelfarePaymentSerializer
    input_serializer_class = s.WelfarePaymentInputSerializer

    def get_queryset(self) -> QuerySet[SupportPayment]:
        return SupportPayment.objects.filter(family=self.family)

    @extend_schema(
        request=s.WelfarePaymentInputSerializer, responses={201: s.WelfarePaymentSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        family = self.family
        data = self.read_input(request).validated_data
        return self.respond(services.pay_support(request.user, family, **data))


class VisitCreate(OfFamily):
    """Record a visit or a Tết gift."""

    queryset = SoldierFamily.objects.none()
    serializer_class = s.WelfareVisitSerializer
    input_serializer_class = s.WelfareVisitInputSerializer

    @extend_schema(request=s.WelfareVisitInputSerializer, responses={201: s.WelfareVisitSerializer})
    def post(self, request: Request, pk: int) -> Response:
        family = self.family
        data = self.read_input(request).validated_data
        return self.respond(services.record_visit(request.user, family, **data))


class DischargeAllowanceView(OfFamily):
    """The Decree 27/2016 Art. 7 discharge allowances for the months served, at the base salary
    in force on the discharge day."""

    queryset = SoldierFamily.objects.none()
    serializer_class = s.WelfareDischargeAllowanceSerializer

    @extend_schema(parameters=[s.WelfareDischargeQuerySerializer])
    def get(self, request: Request, pk: int) -> Response:
        query = s.WelfareDischargeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        allowance = services.discharge_allowance(self.family, **query.validated_data)
        return Response(self.get_serializer(allowance).data)


class CaseMixin(ApiView):
    queryset = BenefitCase.objects.none()
    serializer_class = s.WelfareCaseSerializer

    def get_queryset(self) -> QuerySet[BenefitCase]:
        return (
            BenefitCase.objects.visible_to(self.request.user)
            .select_related("applicant", "unit")
            .prefetch_related("steps__actor", "documents__item")
        )


class CaseList(CaseMixin, generics.ListAPIView):
    """Decision 62/2011 and 49/2015 cases; POST receives one at the commune."""

    input_serializer_class = s.WelfareCaseInputSerializer
    sorts = {"-received_on": ("-received_on", "pk"), "id": ("pk",)}
    default_sort = "-received_on"

    @extend_schema(request=s.WelfareCaseInputSerializer, responses={201: s.WelfareCaseSerializer})
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.receive_case(request.user, **data))


class CaseDetail(CaseMixin, generics.RetrieveAPIView):
    pass


class OverdueList(CaseMixin, generics.ListAPIView):
    """Open cases whose current step is past its deadline on ``on`` (default today)."""

    def get_queryset(self) -> QuerySet[BenefitCase]:
        return selectors.overdue(super().get_queryset(), query_date(self.request, "on"))

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày xét.")])
    def get(self, request: Request) -> Response:
        return super().get(request)


class CaseDocumentCreate(CaseMixin, generics.GenericAPIView):
    """Record a paper of the checklist received with the case."""

    input_serializer_class = s.WelfareCaseDocumentInputSerializer

    @extend_schema(
        request=s.WelfareCaseDocumentInputSerializer, responses={201: s.WelfareCaseSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.read_input(request).validated_data
        services.add_document(request.user, case, data["item"], received_on=data["received_on"])
        return self.respond(self.get_queryset().get(pk=pk))


class CaseStepCreate(CaseMixin, generics.GenericAPIView):
    """Take the case's next step: checked, sent up, approved (dossier complete, decision number,
    amount within the entitlement), returned (with a reason), paid."""

    input_serializer_class = s.WelfareStepInputSerializer

    @extend_schema(request=s.WelfareStepInputSerializer, responses={200: s.WelfareCaseSerializer})
    def post(self, request: Request, pk: int) -> Response:
        case = self.get_object()
        data = self.read_input(request).validated_data
        services.advance(request.user, case, **data)
        return self.respond(self.get_queryset().get(pk=pk), 200)
