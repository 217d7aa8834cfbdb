"""The call-up workflow in the API: records as read, and each step's input checked by the page's
form before the service (which holds the law) decides."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qpdp.api.serializers.base import FlagSerializer, FormSerializer, ScopedPrimaryKeyField
from qpdp.conscription import rules
from qpdp.conscription.forms import (
    ApproveForm,
    CouncilMeetingForm,
    CycleForm,
    DecideForm,
    DeliveryForm,
    DischargeForm,
    ExamCallForm,
    HandoverForm,
    HealthForm,
    MeasureEndForm,
    MeasureForm,
    ProposalForm,
    QuotaForm,
    RecognitionForm,
    ReplacementForm,
    ResultsPostingForm,
    VolunteeringForm,
)
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    Discharge,
    ExamCall,
    HandoverAdjustment,
    HealthKind,
    HealthResult,
    Outcome,
    Quota,
    Registration,
    ResultsPosting,
    Review,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules import (
    CouncilStep,
    DecisionKind,
    DischargeKind,
    MeasureKind,
    PoolState,
    RecognitionGround,
    measure_article,
    recognition_article,
)
from qpdp.core.access import scope_units
from qpdp.people.models import Person


def visible_people(user: Any) -> Any:
    return Person.objects.visible_to(user)


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name", "birth_date_display"]
        read_only_fields = fields


# -- records ----------------------------------------------------------------------------------


class CycleSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    regime = serializers.SerializerMethodField()

    class Meta:
        model = CallUpCycle
        fields = [
            "id",
            "unit",
            "unit_label",
            "year",
            "sequence",
            "list_date",
            "registration_date",
            "exam_start",
            "exam_end",
            "handover_date",
            "handover_adjustment",
            "handover_adjustment_reason",
            "calls_women",
            "regime",
        ]
        read_only_fields = fields

    def get_regime(self, cycle: CallUpCycle) -> str:
        return str(cycle.regime.title)


class QuotaSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Quota
        fields = ["id", "cycle", "unit", "unit_label", "number", "assigned_on"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Registration
        fields = ["id", "person", "unit", "unit_label", "registered_on", "place", "number"]
        read_only_fields = fields


class HealthResultSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = HealthResult
        fields = [
            "id",
            "cycle",
            "person",
            "unit",
            "kind",
            "examined_on",
            "health_class",
            "drug_addicted",
            "myopia_dioptres",
            "hyperopia",
            "bmi",
            "notes",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    ground_title = serializers.SerializerMethodField()
    article = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "cycle",
            "person",
            "unit",
            "unit_label",
            "kind",
            "ground",
            "ground_title",
            "article",
            "evidence",
            "until",
            "higher_education",
            "proposed_on",
            "decided_on",
            "decision_number",
            "status",
        ]
        read_only_fields = fields

    def get_ground_title(self, decision: Decision) -> str:
        return str(rules.ground(DecisionKind(decision.kind), decision.ground).title)

    def get_article(self, decision: Decision) -> str:
        return str(rules.ground(DecisionKind(decision.kind), decision.ground).article)

    def get_status(self, decision: Decision) -> str:
        return "proposed" if decision.decided_on is None else "decided"


class VolunteeringSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Volunteering
        fields = ["id", "cycle", "person", "unit", "unit_label", "applied_on", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "cycle",
            "unit",
            "unit_label",
            "approved_on",
            "posted_from",
            "posted_until",
        ]
        read_only_fields = fields


class DischargeSerializer(serializers.ModelSerializer):
    """A handed-over soldier's discharge (Art. 43), with the time served from the handover
    (Art. 22): whole months and the days beyond them."""

    months_served = serializers.SerializerMethodField()
    days_served = serializers.SerializerMethodField()

    class Meta:
        model = Discharge
        fields = [
            "discharged_on",
            "kind",
            "reason",
            "decision_number",
            "decision_date",
            "months_served",
            "days_served",
        ]
        read_only_fields = fields

    def get_months_served(self, discharge: Discharge) -> int:
        return discharge.service.months

    def get_days_served(self, discharge: Discharge) -> int:
        return discharge.service.days


class CouncilMeetingSerializer(serializers.ModelSerializer):
    """A council meeting's minutes and whether its resolution passed (Art. 36.3: more than half
    of all members for it)."""

    unit_label = serializers.CharField(source="unit.label", read_only=True)
    passed = serializers.BooleanField(read_only=True)
    votes_needed = serializers.SerializerMethodField()

    class Meta:
        model = CouncilMeeting
        fields = [
            "id",
            "cycle",
            "unit",
            "unit_label",
            "step",
            "held_on",
            "members_total",
            "members_present",
            "votes_for",
            "votes_against",
            "votes_needed",
            "passed",
            "resolution_number",
            "content",
            "communes",
        ]
        read_only_fields = fields

    def get_votes_needed(self, meeting: CouncilMeeting) -> int:
        return rules.votes_needed(meeting.members_total)


class OrderSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    discharge = DischargeSerializer(read_only=True, allow_null=True, default=None)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    issuer_label = serializers.CharField(source="issuer.label", read_only=True)

    class Meta:
        model = CallUpOrder
        fields = [
            "id",
            "cycle",
            "person",
            "unit",
            "unit_label",
            "issuer",
            "issuer_label",
            "year",
            "number",
            "issued_on",
            "report_on",
            "report_place",
            "delivered_on",
            "replaces",
            "outcome",
            "handed_over_on",
            "receiving_unit",
            "failure_reason",
            "discharge",
        ]
        read_only_fields = fields


class ExamCallSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = ExamCall
        fields = ["id", "cycle", "person", "unit", "unit_label", "kind", "exam_on", "delivered_on"]
        read_only_fields = fields


class ResultsPostingSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = ResultsPosting
        fields = ["id", "cycle", "unit", "unit_label", "posted_on"]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    message = serializers.CharField()
    article = serializers.CharField()


class PoolEntrySerializer(serializers.Serializer):
    """A person of a ward's pool with his state on the pool's date and the articles behind it;
    ``flags`` are what the commune should act on without changing the state (the militia's)."""

    person = PersonRefSerializer(read_only=True)
    age = serializers.IntegerField()
    state = serializers.ChoiceField(choices=PoolState.choices)
    callable = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)
    flags = FlagSerializer(many=True)


class MeasureSerializer(serializers.ModelSerializer):
    """An Art. 13 measure with the point of the article that names it."""

    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    article = serializers.SerializerMethodField()

    class Meta:
        model = BarringMeasure
        fields = [
            "id",
            "person",
            "unit",
            "unit_label",
            "kind",
            "article",
            "starts_on",
            "ends_on",
            "document_number",
            "document_date",
            "note",
        ]
        read_only_fields = fields

    def get_article(self, measure: BarringMeasure) -> str:
        return str(measure_article(MeasureKind(measure.kind)))


class RecognitionSerializer(serializers.ModelSerializer):
    """A recognition of active service without enlistment, with its point of Art. 4.4."""

    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    article = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRecognition
        fields = [
            "id",
            "person",
            "unit",
            "unit_label",
            "ground",
            "article",
            "months_served",
            "recognised_on",
            "decision_number",
            "signer",
        ]
        read_only_fields = fields

    def get_article(self, recognition: ServiceRecognition) -> str:
        return str(recognition_article(RecognitionGround(recognition.ground)))


# -- inputs -----------------------------------------------------------------------------------


class CycleInputSerializer(FormSerializer):
    form_class = CycleForm

    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    sequence = serializers.IntegerField(default=1)
    handover_date = serializers.DateField()
    list_date = serializers.DateField(required=False, allow_null=True)
    registration_date = serializers.DateField(required=False, allow_null=True)
    exam_start = serializers.DateField(required=False, allow_null=True)
    exam_end = serializers.DateField(required=False, allow_null=True)
    calls_women = serializers.BooleanField(required=False, default=False)
    handover_adjustment = serializers.ChoiceField(
        choices=HandoverAdjustment.choices, required=False, allow_blank=True, default=""
    )
    handover_adjustment_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=250
    )


class QuotaInputSerializer(FormSerializer):
    form_class = QuotaForm

    unit = serializers.IntegerField()
    number = serializers.IntegerField()
    assigned_on = serializers.DateField()


class RegistrationInputSerializer(serializers.Serializer):
    """The first registration of one citizen; the number defaults to the unit's next one."""

    person = ScopedPrimaryKeyField(visible_people)
    registered_on = serializers.DateField()
    number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    unit = ScopedPrimaryKeyField(scope_units, required=False, allow_null=True)


class HealthInputSerializer(FormSerializer):
    form_class = HealthForm

    person = ScopedPrimaryKeyField(visible_people)
    kind = serializers.ChoiceField(choices=HealthKind.choices)
    examined_on = serializers.DateField()
    health_class = serializers.IntegerField()
    drug_addicted = serializers.BooleanField(required=False, default=False)
    myopia_dioptres = serializers.DecimalField(
        max_digits=4, decimal_places=2, required=False, allow_null=True
    )
    hyperopia = serializers.BooleanField(required=False, default=False)
    bmi = serializers.DecimalField(max_digits=4, decimal_places=1, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalInputSerializer(FormSerializer):
    """``kind`` and ``ground`` (the letter of Art. 41) become the form's single choice."""

    form_class = ProposalForm

    person = ScopedPrimaryKeyField(visible_people)
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    ground = serializers.CharField(max_length=3, help_text=_("Điểm của Điều 41, ví dụ “g”."))
    evidence = serializers.CharField()
    proposed_on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True)
    higher_education = serializers.BooleanField(required=False, default=False)

    def form_data(self, attrs: Any) -> dict[str, Any]:
        data = super().form_data(attrs)
        data["ground"] = f"{data.pop('kind')}:{data['ground']}"
        return data


class DecideInputSerializer(FormSerializer):
    form_class = DecideForm

    decided_on = serializers.DateField()
    number = serializers.CharField()


class ReviewInputSerializer(FormSerializer):
    """Approving a ward's lists; the call itself is the confirmation the page asks for."""

    form_class = ApproveForm
    fixed = {"confirm": True}

    unit = serializers.IntegerField()
    approved_on = serializers.DateField()


class CouncilMeetingInputSerializer(FormSerializer):
    """A council meeting's minutes, checked by the page's form; ``communes`` only for a
    proposal."""

    form_class = CouncilMeetingForm

    step = serializers.ChoiceField(choices=CouncilStep.choices)
    unit = serializers.IntegerField()
    held_on = serializers.DateField()
    members_total = serializers.IntegerField()
    members_present = serializers.IntegerField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    resolution_number = serializers.CharField(required=False, allow_blank=True, default="")
    content = serializers.CharField()
    communes = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class OrderInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    issued_on = serializers.DateField()
    report_place = serializers.CharField(max_length=200)


class ExamCallInputSerializer(FormSerializer):
    form_class = ExamCallForm

    person = ScopedPrimaryKeyField(visible_people)
    kind = serializers.ChoiceField(choices=HealthKind.choices)
    exam_on = serializers.DateField()
    delivered_on = serializers.DateField()


class ResultsPostingInputSerializer(FormSerializer):
    form_class = ResultsPostingForm

    unit = serializers.IntegerField()
    posted_on = serializers.DateField()


class DeliveryInputSerializer(FormSerializer):
    form_class = DeliveryForm

    delivered_on = serializers.DateField()


class HandoverInputSerializer(FormSerializer):
    form_class = HandoverForm

    result = serializers.ChoiceField(choices=[Outcome.HANDED_OVER, Outcome.FAILED])
    on = serializers.DateField()
    receiving_unit = serializers.CharField(required=False, allow_blank=True, default="")
    failure_reason = serializers.CharField(required=False, allow_blank=True, default="")


class DischargeInputSerializer(FormSerializer):
    form_class = DischargeForm

    discharged_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=DischargeKind.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(max_length=40)
    decision_date = serializers.DateField()
    reserve_registered_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReplacementInputSerializer(FormSerializer):
    form_class = ReplacementForm
    fixed = {"confirm": True}

    person = serializers.IntegerField()
    issued_on = serializers.DateField()
    report_on = serializers.DateField()
    report_place = serializers.CharField()


class MeasureInputSerializer(FormSerializer):
    form_class = MeasureForm

    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    document_number = serializers.CharField(max_length=40)
    document_date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureEndInputSerializer(FormSerializer):
    form_class = MeasureEndForm

    ends_on = serializers.DateField()


class RecognitionInputSerializer(FormSerializer):
    form_class = RecognitionForm

    person = serializers.IntegerField()
    ground = serializers.ChoiceField(choices=RecognitionGround.choices)
    months_served = serializers.IntegerField(required=False, allow_null=True)
    recognised_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=40)
    signer = serializers.CharField(max_length=200)


class VolunteeringInputSerializer(FormSerializer):
    form_class = VolunteeringForm

    person = ScopedPrimaryKeyField(visible_people)
    applied_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
