"""The militia registry in the API: units, members with their term and flags, deferral and
exemption decisions, training plans and attendance. Inputs are typed here; the law is checked
by ``militia.services``, whose coded refusals the API returns as they are."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qpdp.api.serializers.base import FlagSerializer, ScopedPrimaryKeyField, flag_rows
from qpdp.api.serializers.conscription import PersonRefSerializer, visible_people
from qpdp.core.access import scope_units
from qpdp.militia import rules, selectors
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import (
    DecisionAuthority,
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
)

SMALL = 32767  # PositiveSmallIntegerField's ceiling


# -- records ----------------------------------------------------------------------------------


class MilitiaUnitSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    self_defense = serializers.BooleanField(read_only=True)
    commander_title = serializers.CharField(read_only=True)

    class Meta:
        model = MilitiaUnit
        fields = [
            "id",
            "unit",
            "unit_label",
            "parent",
            "name",
            "level",
            "force_kind",
            "self_defense",
            "authorised_strength",
            "established_on",
            "established_by",
            "decision_number",
            "decision_signer",
            "dissolved_on",
            "commander_title",
        ]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    militia_unit_name = serializers.CharField(source="militia_unit.name", read_only=True)
    force_kind = serializers.CharField(source="militia_unit.force_kind", read_only=True)
    post_title = serializers.CharField(read_only=True)
    service_end = serializers.DateField(read_only=True)
    flags = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "militia_unit",
            "militia_unit_name",
            "force_kind",
            "post",
            "post_title",
            "volunteer",
            "term_start",
            "joined_on",
            "term_end",
            "extended_until",
            "service_end",
            "decision_number",
            "decision_date",
            "decision_signer",
            "decided_by",
            "ended_on",
            "end_reason",
            "end_ground",
            "flags",
        ]
        read_only_fields = fields

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, membership: Membership) -> list[dict[str, str]]:
        """Past term, past age, age unknown: as seen today."""
        return flag_rows(selectors.flags(membership, timezone.localdate()))


class DutyDecisionSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    article = serializers.SerializerMethodField()

    class Meta:
        model = DutyDecision
        fields = [
            "id",
            "person",
            "unit",
            "unit_label",
            "kind",
            "ground",
            "article",
            "evidence",
            "decided_on",
            "until",
            "number",
            "signer",
            "decided_by",
        ]
        read_only_fields = fields

    def get_article(self, decision: DutyDecision) -> str:
        return str(rules.duty_ground(decision.kind, decision.ground).article)


class TrainingPlanSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = TrainingPlan
        fields = ["id", "unit", "unit_label", "year", "force_kind", "starts_on", "ends_on", "place"]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(source="membership.person", read_only=True)
    complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "plan",
            "membership",
            "person",
            "required_days",
            "attended_days",
            "complete",
        ]
        read_only_fields = fields


class EnrolledSerializer(serializers.Serializer):
    enrolled = serializers.IntegerField()


# -- inputs -----------------------------------------------------------------------------------


def _units_for(user: Any) -> Any:
    return selectors.units_for(user)


class MilitiaUnitInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    parent = ScopedPrimaryKeyField(_units_for, required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=Level.choices)
    force_kind = serializers.ChoiceField(choices=ForceKind.choices)
    authorised_strength = serializers.IntegerField(min_value=1, max_value=SMALL)
    established_on = serializers.DateField()
    established_by = serializers.ChoiceField(choices=EstablishingAuthority.choices)
    decision_number = serializers.CharField(max_length=40)
    decision_signer = serializers.CharField(
        max_length=120, required=False, allow_blank=True, default=""
    )


class MemberInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    militia_unit = ScopedPrimaryKeyField(_units_for)
    joined_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=40)
    decision_date = serializers.DateField()
    decision_signer = serializers.CharField(max_length=120)
    decided_by = serializers.ChoiceField(
        choices=DecisionAuthority.choices, required=False, allow_null=True, default=None
    )
    post = serializers.ChoiceField(choices=Post.choices, default=Post.MEMBER)
    volunteer = serializers.BooleanField(required=False, default=False)


class ExtendInputSerializer(serializers.Serializer):
    until = serializers.DateField()
    decision_number = serializers.CharField(max_length=40)
    decision_date = serializers.DateField()
    decided_by = serializers.ChoiceField(
        choices=DecisionAuthority.choices, required=False, allow_null=True, default=None
    )


class EndInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in EndReason if r != EndReason.TRANSFERRED]
    )
    on = serializers.DateField()
    ground = serializers.CharField(max_length=3, required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(max_length=40)
    decision_date = serializers.DateField()
    decided_by = serializers.ChoiceField(
        choices=DecisionAuthority.choices, required=False, allow_null=True, default=None
    )


class TransferInputSerializer(serializers.Serializer):
    militia_unit = ScopedPrimaryKeyField(_units_for)
    on = serializers.DateField()
    decision_number = serializers.CharField(max_length=40)
    decision_date = serializers.DateField()
    post = serializers.ChoiceField(choices=Post.choices, default=Post.MEMBER)


class DutyDecisionInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    unit = ScopedPrimaryKeyField(scope_units)
    kind = serializers.ChoiceField(choices=DutyDecisionKind.choices)
    ground = serializers.CharField(max_length=3)
    evidence = serializers.CharField(max_length=250)
    decided_on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True, default=None)
    number = serializers.CharField(max_length=40)
    signer = serializers.CharField(max_length=120)
    decided_by = serializers.ChoiceField(
        choices=DecisionAuthority.choices, required=False, allow_null=True, default=None
    )


class TrainingPlanInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    year = serializers.IntegerField(min_value=2020, max_value=2100)
    force_kind = serializers.ChoiceField(choices=ForceKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AttendanceInputSerializer(serializers.Serializer):
    attended_days = serializers.IntegerField(min_value=0, max_value=366)
