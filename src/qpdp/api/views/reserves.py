"""The reserve registry: soldiers (POST registers with the class the law gives; transfer out),
reserve units, assignments (with the law's age and speciality checks), drills, summonses and
reports. Lists are the caller's scope (``reserves.selectors``); writes are ``reserves.services``.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cached_property

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.serializers import reserves as s
from qpdp.api.views.base import ApiView
from qpdp.reserves import selectors, services
from qpdp.reserves.filters import AssignmentFilter, DrillFilter, ReserveUnitFilter, SoldierFilter
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import ServiceHistory

HISTORY_FIELDS = tuple(f.name for f in fields(ServiceHistory))


class SoldierMixin(ApiView):
    queryset = ReserveSoldier.objects.none()
    serializer_class = s.SoldierSerializer
    filterset_class = SoldierFilter
    sorts = {"name": ("person__roster_key", "pk"), "id": ("pk",)}

    def get_queryset(self) -> QuerySet[ReserveSoldier]:
        return selectors.soldiers_for(self.request.user)


class SoldierList(SoldierMixin, generics.ListAPIView):
    """Reserve soldiers of the caller's scope; POST registers one with the class Art. 24 gives
    (the class and a reason are required only where the law gives none)."""

    input_serializer_class = s.SoldierInputSerializer

    @extend_schema(request=s.SoldierInputSerializer, responses={201: s.SoldierSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        history = ServiceHistory(**{name: data.pop(name) for name in HISTORY_FIELDS})
        person, unit = data.pop("person"), data.pop("unit")
        soldier = services.register_soldier(request.user, person, unit, history=history, **data)
        return self.respond(soldier)


class SoldierDetail(SoldierMixin, generics.RetrieveAPIView):
    pass


class TransferOutView(SoldierMixin, generics.GenericAPIView):
    """Transfer out of the reserve (Art. 29): at the age limit, or on losing fitness."""

    input_serializer_class = s.TransferOutInputSerializer

    @extend_schema(request=s.TransferOutInputSerializer, responses={200: s.SoldierSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.transfer_out(request.user, self.get_object(), **data), 200)


class UnitMixin(ApiView):
    queryset = ReserveUnit.objects.none()
    serializer_class = s.ReserveUnitSerializer

    def get_queryset(self) -> QuerySet[ReserveUnit]:
        return selectors.units_for(self.request.user)


class UnitList(UnitMixin, generics.ListAPIView):
    """Reserve units the caller's scope builds; POST creates one."""

    input_serializer_class = s.ReserveUnitInputSerializer
    filterset_class = ReserveUnitFilter

    @extend_schema(request=s.ReserveUnitInputSerializer, responses={201: s.ReserveUnitSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        unit = data.pop("unit")
        return self.respond(services.create_reserve_unit(request.user, unit, **data))


class UnitDetail(UnitMixin, generics.RetrieveAPIView):
    pass


class AssignmentMixin(ApiView):
    queryset = Assignment.objects.none()
    serializer_class = s.AssignmentSerializer

    def get_queryset(self) -> QuerySet[Assignment]:
        return selectors.assignments_for(self.request.user)


class AssignmentList(AssignmentMixin, generics.ListAPIView):
    """Assignments of the caller's soldiers; POST assigns one (Reserve Law Art. 16, 17): within
    the unit's age, in its speciality or the nearest with a recorded reason, within strength."""

    input_serializer_class = s.AssignmentInputSerializer
    filterset_class = AssignmentFilter

    @extend_schema(request=s.AssignmentInputSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        soldier, reserve_unit = data.pop("soldier"), data.pop("reserve_unit")
        return self.respond(services.assign_soldier(request.user, soldier, reserve_unit, **data))


class EndAssignmentView(AssignmentMixin, generics.GenericAPIView):
    input_serializer_class = s.EndAssignmentInputSerializer

    @extend_schema(request=s.EndAssignmentInputSerializer, responses={200: s.AssignmentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        data = self.read_input(request).validated_data
        assignment = services.end_assignment(request.user, self.get_object(), on=data["on"])
        return self.respond(assignment, 200)


class DrillMixin(ApiView):
    queryset = Drill.objects.none()
    serializer_class = s.DrillSerializer

    def get_queryset(self) -> QuerySet[Drill]:
        return selectors.drills_for(self.request.user)


class DrillList(DrillMixin, generics.ListAPIView):
    """Concentrated trainings and readiness checks; POST creates one (a readiness check lasts
    at most 7 days, Art. 27.1)."""

    input_serializer_class = s.DrillInputSerializer
    filterset_class = DrillFilter

    @extend_schema(request=s.DrillInputSerializer, responses={201: s.DrillSerializer})
    def post(self, request: Request) -> Response:
        data = dict(self.read_input(request).validated_data)
        unit = data.pop("unit")
        return self.respond(services.create_drill(request.user, unit, **data))


class DrillDetail(DrillMixin, generics.RetrieveAPIView):
    pass


class SummonsMixin(ApiView):
    queryset = Summons.objects.none()
    serializer_class = s.SummonsSerializer

    @cached_property
    def drill(self) -> Drill:
        return get_object_or_404(selectors.drills_for(self.request.user), pk=self.kwargs["drill"])

    def get_queryset(self) -> QuerySet[Summons]:
        return selectors.summonses_for(self.request.user, self.drill)


class SummonsList(SummonsMixin, generics.ListAPIView):
    """Who was summoned to a drill and whether they reported; POST summons one soldier, or
    every soldier of the drill's reserve unit."""

    input_serializer_class = s.SummonsInputSerializer

    @extend_schema(request=s.SummonsInputSerializer, responses={200: s.SummonedSerializer})
    def post(self, request: Request, drill: int) -> Response:
        data = self.read_input(request).validated_data
        if data["all_assigned"]:
            count = services.summon_unit(request.user, self.drill, summoned_on=data["summoned_on"])
        else:
            services.summon(
                request.user, self.drill, data["soldier"], summoned_on=data["summoned_on"]
            )
            count = 1
        return Response({"summoned": count})


class ReportView(SummonsMixin, generics.GenericAPIView):
    """When a summoned soldier reported, or his excuse and who confirmed it (Art. 22.4.b)."""

    input_serializer_class = s.ReportInputSerializer

    @extend_schema(request=s.ReportInputSerializer, responses={200: s.SummonsSerializer})
    def post(self, request: Request, drill: int, pk: int) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.record_report(request.user, self.get_object(), **data), 200)
