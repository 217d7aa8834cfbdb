"""The militia registry: units (POST sets one up), members (POST enrols; extend, end, transfer),
deferral and exemption decisions, training plans with enrolment and attendance. Lists are the
caller's scope (``militia.selectors``); every write is a ``militia.services`` call."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.serializers import militia as s
from qpdp.api.views.base import ApiView
from qpdp.militia import selectors, services
from qpdp.militia.filters import (
    DutyDecisionFilter,
    MemberFilter,
    MilitiaUnitFilter,
    TrainingPlanFilter,
)
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan

NAME_SORTS = {
    "name": ("person__roster_key", "pk"),
    "-joined_on": ("-joined_on", "pk"),
    "id": ("pk",),
}


class UnitList(ApiView, generics.ListAPIView):
    """Militia and self-defense units of the caller's scope; POST records the decision setting
    one up (refused when the signing level is not the one the law names, Art. 22)."""

    queryset = MilitiaUnit.objects.none()
    serializer_class = s.MilitiaUnitSerializer
    input_serializer_class = s.MilitiaUnitInputSerializer
    filterset_class = MilitiaUnitFilter

    def get_queryset(self) -> QuerySet[MilitiaUnit]:
        return selectors.units_for(self.request.user)

    @extend_schema(request=s.MilitiaUnitInputSerializer, responses={201: s.MilitiaUnitSerializer})
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.create_unit(request.user, **data))


class UnitDetail(ApiView, generics.RetrieveAPIView):
    queryset = MilitiaUnit.objects.none()
    serializer_class = s.MilitiaUnitSerializer

    def get_queryset(self) -> QuerySet[MilitiaUnit]:
        return selectors.units_for(self.request.user)


class MemberMixin(ApiView):
    queryset = Membership.objects.none()
    serializer_class = s.MembershipSerializer
    filterset_class = MemberFilter
    sorts = NAME_SORTS
    default_sort = "id"

    def get_queryset(self) -> QuerySet[Membership]:
        return selectors.members_for(self.request.user)


class MemberList(MemberMixin, generics.ListAPIView):
    """Members (a person's service in a unit) with the term the law gives and today's flags;
    POST enrols a person (Art. 8, 10, 11): refused under or over age, already serving, deferred
    or exempt, an assigned reservist, or over the unit's strength."""

    input_serializer_class = s.MemberInputSerializer

    @extend_schema(request=s.MemberInputSerializer, responses={201: s.MembershipSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        militia_unit, person = data.pop("militia_unit"), data.pop("person")
        return self.respond(services.enrol_member(request.user, militia_unit, person, **data))


class MemberDetail(MemberMixin, generics.RetrieveAPIView):
    pass


class ExtendView(MemberMixin, generics.GenericAPIView):
    """Extend the term (Art. 8.2–8.3): at most two years, further for maritime militia,
    self-defense and commanders, never past the duty age."""

    input_serializer_class = s.ExtendInputSerializer

    @extend_schema(request=s.ExtendInputSerializer, responses={200: s.MembershipSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.extend_term(request.user, self.get_object(), **data), 200)


class EndView(MemberMixin, generics.GenericAPIView):
    """Complete (Art. 13.1), release early (Art. 12.1) or remove from the list (Art. 12.2)."""

    input_serializer_class = s.EndInputSerializer

    @extend_schema(request=s.EndInputSerializer, responses={200: s.MembershipSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.end_membership(request.user, self.get_object(), **data), 200)


class TransferView(MemberMixin, generics.GenericAPIView):
    """Move a member to another unit, keeping the term; answers the new service."""

    input_serializer_class = s.TransferInputSerializer

    @extend_schema(request=s.TransferInputSerializer, responses={201: s.MembershipSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = dict(self.read_input(request).validated_data)
        to_unit = data.pop("militia_unit")
        moved = services.transfer_member(request.user, self.get_object(), to_unit, **data)
        return self.respond(moved)


class DecisionList(ApiView, generics.ListAPIView):
    """Deferrals and exemptions from militia duty (Art. 11); POST records one."""

    queryset = DutyDecision.objects.none()
    serializer_class = s.DutyDecisionSerializer
    input_serializer_class = s.DutyDecisionInputSerializer
    filterset_class = DutyDecisionFilter

    def get_queryset(self) -> QuerySet[DutyDecision]:
        return selectors.decisions_for(self.request.user)

    @extend_schema(request=s.DutyDecisionInputSerializer, responses={201: s.DutyDecisionSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        person, unit = data.pop("person"), data.pop("unit")
        return self.respond(services.record_duty_decision(request.user, person, unit, **data))


class PlanMixin(ApiView):
    queryset = TrainingPlan.objects.none()
    serializer_class = s.TrainingPlanSerializer

    def get_queryset(self) -> QuerySet[TrainingPlan]:
        return selectors.plans_for(self.request.user)


class PlanList(PlanMixin, generics.ListAPIView):
    """Yearly training plans per kind of force (Art. 28.1); POST creates one."""

    input_serializer_class = s.TrainingPlanInputSerializer
    filterset_class = TrainingPlanFilter

    @extend_schema(request=s.TrainingPlanInputSerializer, responses={201: s.TrainingPlanSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        unit = data.pop("unit")
        return self.respond(services.create_training_plan(request.user, unit, **data))


class PlanDetail(PlanMixin, generics.RetrieveAPIView):
    pass


class EnrolView(PlanMixin, generics.GenericAPIView):
    """Put every member of the plan's kind on it with the days the law sets for each."""

    serializer_class = s.EnrolledSerializer

    @extend_schema(request=None, responses={200: s.EnrolledSerializer})
    def post(self, request: Request, pk: int) -> Response:
        count = services.enrol_trainees(request.user, self.get_object())
        return Response({"enrolled": count})


class AttendanceMixin(ApiView):
    queryset = Attendance.objects.none()
    serializer_class = s.AttendanceSerializer

    @cached_property
    def plan(self) -> TrainingPlan:
        return get_object_or_404(selectors.plans_for(self.request.user), pk=self.kwargs["plan"])

    def get_queryset(self) -> QuerySet[Attendance]:
        return selectors.attendance_for(self.request.user, self.plan)


class AttendanceList(AttendanceMixin, generics.ListAPIView):
    """The members on a plan, the days each owes and has attended."""


class AttendanceRecord(AttendanceMixin, generics.GenericAPIView):
    """Record the days one member attended (at most the plan's length)."""

    input_serializer_class = s.AttendanceInputSerializer

    @extend_schema(request=s.AttendanceInputSerializer, responses={200: s.AttendanceSerializer})
    def post(self, request: Request, plan: int, pk: int) -> Response:
        data = self.read_input(request).validated_data
        attendance = services.record_attendance(
            request.user, self.get_object(), data["attended_days"]
        )
        return self.respond(attendance, 200)
