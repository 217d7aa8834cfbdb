"""Awards: forms, proposals (also the ranking's, in one step), the emulation council's review,
decisions and their printed decision and certificates. Reads are scoped; each write calls the
service the pages will call; a printout is recorded in the audit log."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.serializers import awards as s
from qpdp.api.views.base import ApiView
from qpdp.awards import documents, services
from qpdp.awards.models import AwardDecision, AwardForm, AwardProposal
from qpdp.core import audit
from qpdp.core.access import scope_units
from qpdp.core.units import Unit
from qpdp.core.views import DOCX


class FormList(ApiView, generics.ListAPIView):
    queryset = AwardForm.objects.all()
    serializer_class = s.AwardFormSerializer
    sorts = {"order": ("order", "code"), "id": ("pk",)}
    default_sort = "order"


class ProposalMixin(ApiView):
    queryset = AwardProposal.objects.none()
    serializer_class = s.AwardProposalSerializer

    def get_queryset(self) -> QuerySet[AwardProposal]:
        return AwardProposal.objects.visible_to(self.request.user).select_related(
            "person", "collective", "form"
        )


class ProposalList(ProposalMixin, generics.ListAPIView):
    """Award proposals in scope; POST proposes a collective or an individual."""

    input_serializer_class = s.AwardProposalInputSerializer
    sorts = {"-year": ("-year", "pk"), "id": ("pk",)}
    default_sort = "-year"

    @extend_schema(
        request=s.AwardProposalInputSerializer, responses={201: s.AwardProposalSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.propose(request.user, **data))


class ProposalDetail(ProposalMixin, generics.RetrieveAPIView):
    pass


class ProposalReview(ProposalMixin, generics.GenericAPIView):
    """The emulation council agrees (or not) with a proposal."""

    input_serializer_class = s.AwardReviewInputSerializer

    @extend_schema(request=s.AwardReviewInputSerializer, responses={200: s.AwardProposalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        data = self.read_input(request).validated_data
        return self.respond(services.review(request.user, proposal, **data), 200)


class FromRanking(ProposalMixin, generics.GenericAPIView):
    """The wards the year's emulation ranking of ``unit``'s children proposes for commendation
    (GET, ``?year=``), and, on POST, the same wards made award proposals in one step."""

    input_serializer_class = s.AwardFromRankingInputSerializer

    @cached_property
    def unit(self) -> Unit:
        return get_object_or_404(scope_units(self.request.user), pk=self.kwargs["unit"])

    @extend_schema(
        parameters=[s.AwardRankingQuerySerializer],
        responses={200: s.AwardRankedSerializer(many=True)},
    )
    def get(self, request: Request, unit: int) -> Response:
        query = s.AwardRankingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ranked = services.ranking_proposed(self.unit, query.validated_data["year"])
        return Response(s.AwardRankedSerializer(ranked, many=True).data)

    @extend_schema(
        request=s.AwardFromRankingInputSerializer,
        responses={201: s.AwardProposalSerializer(many=True)},
    )
    def post(self, request: Request, unit: int) -> Response:
        parent = self.unit  # 404 outside the caller's scope, before the input is read
        data = self.read_input(request).validated_data
        created = services.proposals_from_ranking(request.user, unit=parent, **data)
        return Response(
            self.get_serializer(created, many=True).data, status=status.HTTP_201_CREATED
        )


class DecisionMixin(ApiView):
    queryset = AwardDecision.objects.none()
    serializer_class = s.AwardDecisionSerializer

    def get_queryset(self) -> QuerySet[AwardDecision]:
        return (
            AwardDecision.objects.visible_to(self.request.user)
            .select_related("authority", "form")
            .prefetch_related("awardees__person", "awardees__collective", "awardees__form")
        )


class DecisionList(DecisionMixin, generics.ListAPIView):
    """Award decisions in scope; POST issues one for agreed proposals."""

    input_serializer_class = s.AwardDecisionInputSerializer
    sorts = {"-signed_on": ("-signed_on", "pk"), "id": ("pk",)}
    default_sort = "-signed_on"

    @extend_schema(
        request=s.AwardDecisionInputSerializer, responses={201: s.AwardDecisionSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        decision = services.issue_decision(request.user, **data)
        return self.respond(self.get_queryset().get(pk=decision.pk))


class DecisionDetail(DecisionMixin, generics.RetrieveAPIView):
    pass


class DecisionPrint(DecisionMixin, generics.GenericAPIView):
    """The decision with its list of awardees (``decision.docx``) or one certificate per
    awardee (``certificates.docx``), from the replaceable Word templates."""

    part = "decision"

    @extend_schema(responses={(200, DOCX): OpenApiResponse(description="DOCX")})
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = self.get_object()
        if self.part == "certificates":
            body, name = documents.render_certificates(decision), "giay-khen"
        else:
            body, name = documents.render_decision(decision), "quyet-dinh-khen-thuong"
        audit.record(
            request.user,
            audit.Action.EXPORT,
            decision,
            unit=decision.authority,
            extra={"format": "docx", "part": self.part},
        )
        response = HttpResponse(body, content_type=DOCX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{decision.pk}-{stamp}.docx"'
        )
        return response
