"""Defense education: target groups, post holders and who is due, plans, courses and their
attendees. Reads are scoped (``visible_to``); each write calls the service the pages will call."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.serializers import education as s
from qpdp.api.views.base import ApiView, query_date
from qpdp.education import selectors, services
from qpdp.education.models import Attendance, Course, EducationPlan, Official, TargetGroup


class GroupList(ApiView, generics.ListAPIView):
    """The target groups (Decree 13/2014 Art. 2; Law on Defense and Security Education Art.
    14.2.d), with the level that convenes them and the programme's periods."""

    queryset = TargetGroup.objects.all()
    serializer_class = s.EducationTargetGroupSerializer
    sorts = {"order": ("order", "code"), "id": ("pk",)}
    default_sort = "order"


class OfficialList(ApiView, generics.ListAPIView):
    """Post holders who must be trained; POST records one (the group follows the post)."""

    queryset = Official.objects.none()
    serializer_class = s.EducationOfficialSerializer
    input_serializer_class = s.EducationOfficialInputSerializer

    def get_queryset(self) -> QuerySet[Official]:
        return Official.objects.visible_to(self.request.user).select_related(
            "person", "unit", "post", "group"
        )

    @extend_schema(
        request=s.EducationOfficialInputSerializer, responses={201: s.EducationOfficialSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.record_official(request.user, **data))


class DueList(ApiView, generics.ListAPIView):
    """Post holders due for training on ``on`` (default today): never trained for their group,
    or their certificate lapsed under the group's refresh interval."""

    queryset = Official.objects.none()
    serializer_class = s.EducationDueSerializer

    def get_queryset(self) -> QuerySet[Official]:
        on = query_date(self.request, "on")
        return selectors.due(Official.objects.visible_to(self.request.user), on)

    @extend_schema(parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày xét.")])
    def get(self, request: Request) -> Response:
        return super().get(request)


class PlanList(ApiView, generics.ListAPIView):
    """Yearly plans (how many of each group); POST makes one with its lines."""

    queryset = EducationPlan.objects.none()
    serializer_class = s.EducationPlanSerializer
    input_serializer_class = s.EducationPlanInputSerializer
    sorts = {"-year": ("-year", "pk"), "id": ("pk",)}
    default_sort = "-year"

    def get_queryset(self) -> QuerySet[EducationPlan]:
        return (
            EducationPlan.objects.visible_to(self.request.user)
            .select_related("unit")
            .prefetch_related("lines__group")
        )

    @extend_schema(
        request=s.EducationPlanInputSerializer, responses={201: s.EducationPlanSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        lines = {line["group"]: line["number"] for line in data["lines"]}
        plan = services.create_plan(
            request.user, unit=data["unit"], year=data["year"], lines=lines, note=data["note"]
        )
        return self.respond(plan)


class CourseMixin(ApiView):
    queryset = Course.objects.none()
    serializer_class = s.EducationCourseSerializer

    def get_queryset(self) -> QuerySet[Course]:
        return Course.objects.visible_to(self.request.user).select_related("unit", "group")


class CourseList(CourseMixin, generics.ListAPIView):
    """Courses organised by the councils in scope; POST opens one."""

    input_serializer_class = s.EducationCourseInputSerializer
    sorts = {"-starts_on": ("-starts_on", "pk"), "id": ("pk",)}
    default_sort = "-starts_on"

    @extend_schema(
        request=s.EducationCourseInputSerializer, responses={201: s.EducationCourseSerializer}
    )
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        return self.respond(services.create_course(request.user, **data))


class CourseDetail(CourseMixin, generics.RetrieveAPIView):
    pass


class AttendeeList(ApiView, generics.ListAPIView):
    """A course's attendees; POST puts a person on it (by id or identity number: the person
    must already be in the registry)."""

    queryset = Attendance.objects.none()
    serializer_class = s.EducationAttendanceSerializer
    input_serializer_class = s.EducationAttendeeInputSerializer

    @cached_property
    def course(self) -> Course:
        return get_object_or_404(Course.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_queryset(self) -> QuerySet[Attendance]:
        return Attendance.objects.filter(course=self.course).select_related("person", "unit")

    @extend_schema(
        request=s.EducationAttendeeInputSerializer, responses={201: s.EducationAttendanceSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        course = self.course  # 404 outside the caller's scope, before the input is read
        data = self.read_input(request).validated_data
        person = data.get("person") or services.find_person(request.user, data["id_number"])
        attendance = services.add_attendee(request.user, course, person, unit=data.get("unit"))
        return self.respond(attendance)


class ResultView(ApiView, generics.GenericAPIView):
    """Record an attendee's result and certificate number once the course has ended."""

    queryset = Attendance.objects.none()
    serializer_class = s.EducationAttendanceSerializer
    input_serializer_class = s.EducationResultInputSerializer

    def get_queryset(self) -> QuerySet[Attendance]:
        return Attendance.objects.visible_to(self.request.user).select_related("course")

    @extend_schema(
        request=s.EducationResultInputSerializer, responses={200: s.EducationAttendanceSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        attendance = self.get_object()
        data = self.read_input(request).validated_data
        attendance = services.record_result(
            request.user, attendance, **data, today=timezone.localdate()
        )
        return self.respond(attendance, 200)
