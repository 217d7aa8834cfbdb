"""The call-up workflow: cycles and quotas, first registration, health results, deferral and
exemption (proposed, then decided), a ward's pool, the council review, orders, the handover and
replacements; a person's Art. 13 measures and Art. 4.4 recognition. Each write is the page's:
same form, same service, same refusals."""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from qpdp.api.error_codes import ErrorCode
from qpdp.api.filters import HealthFilter, RegistrationFilter
from qpdp.api.pagination import ListPagination
from qpdp.api.permissions import CommanderWrites
from qpdp.api.serializers import conscription as s
from qpdp.api.serializers.base import flag_rows, form_errors
from qpdp.api.views.base import ApiView
from qpdp.conscription import rules, selectors, services
from qpdp.conscription.error_codes import ErrorCode as ConscriptionErrorCode
from qpdp.conscription.filters import (
    DecisionFilter,
    MeasureFilter,
    OrderFilter,
    PoolFilter,
    RecognitionFilter,
)
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    ExamCall,
    HealthResult,
    Outcome,
    Quota,
    Registration,
    ResultsPosting,
    Review,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules import PoolState
from qpdp.conscription.tables import MeasureTable, RecognitionTable
from qpdp.core.access import can_see_personal_numbers
from qpdp.core.units import Unit
from qpdp.people.models import Person

_Record = TypeVar("_Record", bound=Model)


class CycleView(ApiView):
    """An endpoint of one cycle the caller may see (``selectors.cycles_for``); 404 otherwise."""

    @cached_property
    def cycle(self) -> CallUpCycle:
        return get_object_or_404(selectors.cycles_for(self.request.user), pk=self.kwargs["cycle"])

    def wards(self) -> QuerySet[Unit]:
        return selectors.cycle_wards(self.cycle, self.request.user)

    def filterset_kwargs(self) -> dict[str, Any]:
        return {"wards": self.wards()}

    def cycle_records(self, model: type[_Record], *related: str) -> QuerySet[_Record]:
        """The cycle's records of ``model`` the caller may see, with the relations each row
        shows joined (a list's queries do not grow with its page)."""
        return (
            model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]  # scoped
            .filter(cycle=self.cycle)
            .select_related(*related)
        )


# -- cycles and quotas ------------------------------------------------------------------------


class CycleList(ApiView, generics.ListAPIView):
    queryset = CallUpCycle.objects.none()
    permission_classes = [CommanderWrites]
    serializer_class = s.CycleSerializer
    input_serializer_class = s.CycleInputSerializer
    sorts = {"-year": ("-year", "-sequence", "pk"), "id": ("pk",)}
    default_sort = "-year"

    def get_queryset(self) -> QuerySet[CallUpCycle]:
        return selectors.cycles_for(self.request.user)

    @extend_schema(request=s.CycleInputSerializer, responses={201: s.CycleSerializer})
    def post(self, request: Request) -> Response:
        units = selectors.units_running_cycles(request.user)
        form = self.read_input(request, form_kwargs={"units": units}).form
        return self.respond(services.create_cycle(request.user, **form.cleaned_data))


class CycleDetail(CycleView, generics.RetrieveAPIView):
    serializer_class = s.CycleSerializer

    def get_object(self) -> CallUpCycle:
        return self.cycle


class QuotaList(CycleView, generics.ListAPIView):
    """Quotas of the units of the cycle within the caller's scope; POST assigns (or changes) one
    top-down, never below what was already handed over (Art. 34.3)."""

    queryset = Quota.objects.none()

    permission_classes = [CommanderWrites]
    serializer_class = s.QuotaSerializer
    input_serializer_class = s.QuotaInputSerializer

    def get_queryset(self) -> QuerySet[Quota]:
        return self.cycle_records(Quota, "unit")

    @extend_schema(request=s.QuotaInputSerializer, responses={201: s.QuotaSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        units = selectors.quota_units(self.cycle, request.user)
        data = self.read_input(request, form_kwargs={"units": units}).validated_data
        quota = services.assign_quota(
            request.user, self.cycle, data["unit"], data["number"], assigned_on=data["assigned_on"]
        )
        return self.respond(quota)


# -- registration and health ------------------------------------------------------------------


class RegistrationMixin(ApiView):
    queryset = Registration.objects.none()
    serializer_class = s.RegistrationSerializer
    filterset_class = RegistrationFilter

    def get_queryset(self) -> QuerySet[Registration]:
        return Registration.objects.visible_to(self.request.user).select_related("person", "unit")


class RegistrationList(RegistrationMixin, generics.ListAPIView):
    """First registrations (Art. 16); POST records one, numbered like the page's next number
    unless ``number`` is given."""

    input_serializer_class = s.RegistrationInputSerializer

    @extend_schema(request=s.RegistrationInputSerializer, responses={201: s.RegistrationSerializer})
    def post(self, request: Request) -> Response:
        data = self.read_input(request).validated_data
        person: Person = data["person"]
        unit: Unit | None = data.get("unit")
        number = (data.get("number") or "").strip()
        if not number:
            home = unit or services.commune_on(person, data["registered_on"])
            number = selectors.next_registration_numbers(home, data["registered_on"].year, 1)[0]
        registration = services.record_registration(
            request.user,
            person,
            registered_on=data["registered_on"],
            number=number,
            place=data["place"],
            unit=unit,
        )
        return self.respond(registration)


class RegistrationDetail(RegistrationMixin, generics.RetrieveAPIView):
    pass


class HealthList(CycleView, generics.ListAPIView):
    """Pre-screening and examination results of the cycle; POST records (or corrects) one."""

    queryset = HealthResult.objects.none()

    serializer_class = s.HealthResultSerializer
    input_serializer_class = s.HealthInputSerializer
    filterset_class = HealthFilter

    def filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def get_queryset(self) -> QuerySet[HealthResult]:
        return self.cycle_records(HealthResult, "person")

    @extend_schema(request=s.HealthInputSerializer, responses={201: s.HealthResultSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        values = {k: data[k] for k in s.HealthInputSerializer.form_class.base_fields}
        result = services.record_health(request.user, self.cycle, data["person"], **values)
        return self.respond(result)


class ExamCallList(CycleView, generics.ListAPIView):
    """Calls to pre-screening or examination as delivered to each citizen; POST records (or
    corrects) one, delivered at least 15 days before the examination (Art. 40.3)."""

    queryset = ExamCall.objects.none()

    serializer_class = s.ExamCallSerializer
    input_serializer_class = s.ExamCallInputSerializer

    def get_queryset(self) -> QuerySet[ExamCall]:
        return self.cycle_records(ExamCall, "person", "unit")

    @extend_schema(request=s.ExamCallInputSerializer, responses={201: s.ExamCallSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        call = services.record_exam_call(
            request.user,
            self.cycle,
            data["person"],
            kind=data["kind"],
            exam_on=data["exam_on"],
            delivered_on=data["delivered_on"],
        )
        return self.respond(call)


class ResultsPostingList(CycleView, generics.ListAPIView):
    """The wards' postings of their examination results; POST records (or corrects) a ward's,
    within 20 days of its last examination (Art. 40.6)."""

    queryset = ResultsPosting.objects.none()

    serializer_class = s.ResultsPostingSerializer
    input_serializer_class = s.ResultsPostingInputSerializer

    def get_queryset(self) -> QuerySet[ResultsPosting]:
        return self.cycle_records(ResultsPosting, "unit")

    @extend_schema(
        request=s.ResultsPostingInputSerializer, responses={201: s.ResultsPostingSerializer}
    )
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        ward = self.wards().filter(pk=data["unit"]).first()
        if ward is None:
            raise exceptions.ValidationError(
                {"unit": [_("Xã, phường không thuộc đợt này hoặc ngoài phạm vi của bạn.")]},
                code=ErrorCode.WARD_NOT_IN_CYCLE,
            )
        posting = services.post_results(request.user, self.cycle, ward, posted_on=data["posted_on"])
        return self.respond(posting)


# -- deferral and exemption -------------------------------------------------------------------


class DecisionMixin(CycleView):
    queryset = Decision.objects.none()
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.cycle_decisions(self.cycle, self.request.user)


class DecisionList(DecisionMixin, generics.ListAPIView):
    """Proposals and decisions of the cycle; POST proposes one for a person (Art. 39.2, 41)."""

    input_serializer_class = s.ProposalInputSerializer

    @extend_schema(request=s.ProposalInputSerializer, responses={201: s.DecisionSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        serializer = self.read_input(request)
        person = serializer.validated_data["person"]
        proposal = serializer.form.proposal()
        return self.respond(services.propose_decision(request.user, self.cycle, person, **proposal))


class DecisionDetail(DecisionMixin, generics.RetrieveAPIView):
    pass


class DecideView(DecisionMixin, generics.GenericAPIView):
    """The authority in office on the decision's date signs a proposal (Art. 42.1): the district
    commander before 07/2025, the provincial commander since; anyone else is refused (403)."""

    input_serializer_class = s.DecideInputSerializer

    @extend_schema(request=s.DecideInputSerializer, responses={200: s.DecisionSerializer})
    def post(self, request: Request, cycle: int, pk: int) -> Response:
        decision = self.get_object()
        data = self.read_input(request).validated_data
        # The authority in office on the decision's date decides (Art. 42.1), not the cycle's.
        services.check_decider(request.user, decision.unit, data["decided_on"])
        decision = services.decide(
            request.user, decision, decided_on=data["decided_on"], number=data["number"]
        )
        return self.respond(decision, 200)


class VolunteeringList(CycleView, generics.ListAPIView):
    """Applications to serve in the cycle (Art. 6.2, 41.3); POST records one."""

    queryset = Volunteering.objects.none()
    serializer_class = s.VolunteeringSerializer
    input_serializer_class = s.VolunteeringInputSerializer

    def get_queryset(self) -> QuerySet[Volunteering]:
        return self.cycle_records(Volunteering, "person", "unit")

    @extend_schema(request=s.VolunteeringInputSerializer, responses={201: s.VolunteeringSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        volunteering = services.record_volunteering(
            request.user,
            self.cycle,
            data["person"],
            applied_on=data["applied_on"],
            note=data["note"],
        )
        return self.respond(volunteering)


# -- the pool and the review ------------------------------------------------------------------


class PoolView(CycleView, generics.GenericAPIView):
    """A ward's pool on a day (today by default, never past the last day orders may reach the
    citizen): each registered man of call-up age with his state and its articles."""

    serializer_class = s.PoolEntrySerializer
    pagination_class = ListPagination
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description=gettext_lazy("Tìm theo tên hoặc số định danh")
            ),
            OpenApiParameter("state", OpenApiTypes.STR, enum=PoolState.values),
            OpenApiParameter("age_min", OpenApiTypes.INT),
            OpenApiParameter("age_max", OpenApiTypes.INT),
            OpenApiParameter("on", OpenApiTypes.DATE, description=gettext_lazy("Tính đến ngày")),
        ],
        responses={200: s.PoolEntrySerializer(many=True)},
    )
    def get(self, request: Request, cycle: int, ward: int) -> Response:
        unit = get_object_or_404(self.wards(), pk=ward)
        pool_filter = PoolFilter(
            request.query_params or None, by_number=can_see_personal_numbers(request.user)
        )
        if pool_filter.is_bound and not pool_filter.is_valid():
            raise exceptions.ValidationError(form_errors(pool_filter))
        default = selectors.reference_date(self.cycle, timezone.localdate())
        on = pool_filter.reference_date(default)
        try:
            entries = services.pool(self.cycle, Unit.objects.filter(pk=unit.pk), on=on)
        except rules.NoRuleInForce as exc:
            raise exceptions.ValidationError(
                {"on": [_("Ngày tính trước khi Luật Nghĩa vụ quân sự 2015 có hiệu lực.")]},
                code=ConscriptionErrorCode.DATE_BEFORE_LAW,
            ) from exc
        people = Person.objects.filter(pk__in=[e.person.pk for e in entries])
        rows = [
            {
                "person": e.person,
                "age": e.person.age_on(on),
                "state": e.state,
                "callable": e.evaluation.is_callable,
                "reasons": [
                    {"message": str(r.message), "article": str(r.article)}
                    for r in e.evaluation.reasons
                ],
                "flags": flag_rows(e.flags),
            }
            for e in pool_filter.apply(entries, people, on)
        ]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ReviewList(CycleView, generics.ListAPIView):
    """Approved ward lists of the cycle; POST approves a ward's (Art. 34.3, 42.1), by the
    regime's authority only."""

    queryset = Review.objects.none()

    serializer_class = s.ReviewSerializer
    input_serializer_class = s.ReviewInputSerializer

    def get_queryset(self) -> QuerySet[Review]:
        return self.cycle_records(Review, "unit")

    @extend_schema(request=s.ReviewInputSerializer, responses={201: s.ReviewSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        ward = self.wards().filter(pk=data["unit"]).first()
        if ward is None:
            raise exceptions.ValidationError(
                {"unit": [_("Xã, phường không thuộc đợt này hoặc ngoài phạm vi của bạn.")]},
                code=ErrorCode.WARD_NOT_IN_CYCLE,
            )
        services.check_decider(request.user, ward, data["approved_on"])
        review = services.approve_review(
            request.user, self.cycle, ward, approved_on=data["approved_on"]
        )
        return self.respond(review)


class CouncilMeetingList(CycleView, generics.ListAPIView):
    """The cycle's council meetings the caller may see, with their votes and results; POST
    records one (Art. 34.3, 36–39): a commune council's review, or the proposal of the council of
    the approving chair's level, without which the list is not approved."""

    queryset = CouncilMeeting.objects.none()
    serializer_class = s.CouncilMeetingSerializer
    input_serializer_class = s.CouncilMeetingInputSerializer

    def get_queryset(self) -> QuerySet[CouncilMeeting]:
        return selectors.cycle_council_meetings(self.cycle, self.request.user)

    @extend_schema(
        request=s.CouncilMeetingInputSerializer, responses={201: s.CouncilMeetingSerializer}
    )
    def post(self, request: Request, cycle: int) -> Response:
        units = {
            "units": selectors.council_units(self.cycle, request.user),
            "communes": self.wards(),
        }
        form = self.read_input(request, form_kwargs=units).form
        return self.respond(services.record_meeting(request.user, self.cycle, form.meeting()))


# -- orders -----------------------------------------------------------------------------------


class OrderMixin(CycleView):
    queryset = CallUpOrder.objects.none()
    serializer_class = s.OrderSerializer
    filterset_class = OrderFilter

    def get_queryset(self) -> QuerySet[CallUpOrder]:
        return selectors.cycle_orders(self.cycle, self.request.user)


class OrderList(OrderMixin, generics.ListAPIView):
    """Orders of the cycle; POST issues one to a callable citizen of an approved list, signed
    for the body the regime names (the district before 07/2025, the ward since)."""

    input_serializer_class = s.OrderInputSerializer

    @extend_schema(request=s.OrderInputSerializer, responses={201: s.OrderSerializer})
    def post(self, request: Request, cycle: int) -> Response:
        data = self.read_input(request).validated_data
        order = services.issue_order(
            request.user,
            self.cycle,
            data["person"],
            issued_on=data["issued_on"],
            report_place=data["report_place"],
        )
        return self.respond(order)


class OrderDetail(OrderMixin, generics.RetrieveAPIView):
    pass


class DeliveryView(OrderMixin, generics.GenericAPIView):
    """The day the order reached the citizen (Art. 34.6: at least 15 days before reporting)."""

    input_serializer_class = s.DeliveryInputSerializer

    @extend_schema(request=s.DeliveryInputSerializer, responses={200: s.OrderSerializer})
    def post(self, request: Request, cycle: int, pk: int) -> Response:
        order = self.get_object()
        data = self.read_input(request).validated_data
        order = services.record_delivery(request.user, order, delivered_on=data["delivered_on"])
        return self.respond(order, 200)


class HandoverView(OrderMixin, generics.GenericAPIView):
    """The outcome at the handover (Art. 35): handed over to a unit, or absent with the reason."""

    input_serializer_class = s.HandoverInputSerializer

    @extend_schema(request=s.HandoverInputSerializer, responses={200: s.OrderSerializer})
    def post(self, request: Request, cycle: int, pk: int) -> Response:
        order = self.get_object()
        data = self.read_input(request).validated_data
        order = services.record_handover(
            request.user,
            order,
            handed_over=data["result"] == Outcome.HANDED_OVER,
            on=data["on"],
            receiving_unit=data["receiving_unit"],
            failure_reason=data["failure_reason"],
        )
        return self.respond(order, 200)


class DischargeView(OrderMixin, generics.GenericAPIView):
    """The discharge of a handed-over soldier (Art. 43): recorded once, and the soldier
    registered in the reserve with the class his months of service give (Art. 24, 45), unless
    he is a reserve soldier already; the order comes back with its discharge."""

    input_serializer_class = s.DischargeInputSerializer

    @extend_schema(request=s.DischargeInputSerializer, responses={201: s.OrderSerializer})
    def post(self, request: Request, cycle: int, pk: int) -> Response:
        order = self.get_object()
        form = self.read_input(request).form
        services.record_discharge(request.user, order, form.discharge())
        return self.respond(self.get_object())


class ReplacementView(OrderMixin, generics.GenericAPIView):
    """Call a citizen of the reserve in place of one who did not report (Art. 34.6)."""

    input_serializer_class = s.ReplacementInputSerializer

    @extend_schema(request=s.ReplacementInputSerializer, responses={201: s.OrderSerializer})
    def post(self, request: Request, cycle: int, pk: int) -> Response:
        failed = self.get_object()
        people = Person.objects.visible_to(request.user)
        data = self.read_input(request, form_kwargs={"people": people}).validated_data
        order = services.issue_replacement(
            request.user,
            failed,
            data["person"],
            issued_on=data["issued_on"],
            report_on=data["report_on"],
            report_place=data["report_place"],
        )
        return self.respond(order)


# -- a person's facts across cycles -----------------------------------------------------------


class MeasureMixin(ApiView):
    queryset = BarringMeasure.objects.none()
    serializer_class = s.MeasureSerializer
    filterset_class = MeasureFilter
    sorts = {"id": ("pk",), **MeasureTable.sort_fields()}

    def get_queryset(self) -> QuerySet[BarringMeasure]:
        return BarringMeasure.objects.visible_to(self.request.user).select_related("person", "unit")


class MeasureList(MeasureMixin, generics.ListAPIView):
    """Art. 13 measures of the people in scope; POST records one (the citizen is then neither
    registered nor called while it lasts)."""

    input_serializer_class = s.MeasureInputSerializer

    @extend_schema(request=s.MeasureInputSerializer, responses={201: s.MeasureSerializer})
    def post(self, request: Request) -> Response:
        form = self.read_input(request, form_kwargs={"user": request.user}).form
        return self.respond(services.record_measure(request.user, form.measure()))


class MeasureDetail(MeasureMixin, generics.RetrieveAPIView):
    pass


class MeasureEndView(MeasureMixin, generics.GenericAPIView):
    """The last day of a measure (Art. 13.2: from the next day the citizen may be called)."""

    input_serializer_class = s.MeasureEndInputSerializer

    @extend_schema(request=s.MeasureEndInputSerializer, responses={200: s.MeasureSerializer})
    def post(self, request: Request, pk: int) -> Response:
        measure = self.get_object()
        data = self.read_input(request).validated_data
        return self.respond(services.end_measure(request.user, measure, data["ends_on"]), 200)


class RecognitionMixin(ApiView):
    queryset = ServiceRecognition.objects.none()
    serializer_class = s.RecognitionSerializer
    filterset_class = RecognitionFilter
    sorts = {"id": ("pk",), **RecognitionTable.sort_fields()}

    def get_queryset(self) -> QuerySet[ServiceRecognition]:
        return ServiceRecognition.objects.visible_to(self.request.user).select_related(
            "person", "unit"
        )


class RecognitionList(RecognitionMixin, generics.ListAPIView):
    """Recognitions of active service without enlistment (Art. 4.4); POST records one."""

    input_serializer_class = s.RecognitionInputSerializer

    @extend_schema(request=s.RecognitionInputSerializer, responses={201: s.RecognitionSerializer})
    def post(self, request: Request) -> Response:
        form = self.read_input(request, form_kwargs={"user": request.user}).form
        return self.respond(services.record_recognition(request.user, form.recognition()))


class RecognitionDetail(RecognitionMixin, generics.RetrieveAPIView):
    pass
