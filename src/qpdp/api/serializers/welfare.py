"""Rear policy in the API: families, relatives, payments, visits, the discharge allowance and the
Decision 62/49 cases as read, and each write's input for the service that decides."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qpdp.api.serializers.base import ScopedPrimaryKeyField
from qpdp.api.serializers.conscription import PersonRefSerializer, visible_people
from qpdp.conscription.models import CallUpOrder
from qpdp.core.access import scope_units
from qpdp.welfare.models import (
    Benefit,
    BenefitCase,
    CaseDocument,
    CaseStatus,
    CaseStep,
    Coverage,
    DossierItem,
    FamilyMember,
    Relation,
    Scheme,
    SoldierFamily,
    SupportKind,
    SupportPayment,
    Visit,
    VisitKind,
    WarTheatre,
)


def visible_orders(user: Any) -> Any:
    return CallUpOrder.objects.visible_to(user)


def visible_members(user: Any) -> Any:
    return FamilyMember.objects.visible_to(user)


def all_items(user: Any) -> Any:
    return DossierItem.objects.filter(active=True)


class WelfareMemberSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = FamilyMember
        fields = ["id", "person", "relation"]
        read_only_fields = fields


class WelfareFamilySerializer(serializers.ModelSerializer):
    soldier = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    members = WelfareMemberSerializer(many=True, read_only=True)

    class Meta:
        model = SoldierFamily
        fields = [
            "id",
            "soldier",
            "handover",
            "unit",
            "unit_label",
            "enlisted_on",
            "discharged_on",
            "note",
            "members",
        ]
        read_only_fields = fields


class WelfarePaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportPayment
        fields = ["id", "family", "member", "kind", "paid_on", "amount", "reason"]
        read_only_fields = fields


class WelfareVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "family", "kind", "visited_on", "gift_value", "note"]
        read_only_fields = fields


class WelfareDischargeAllowanceSerializer(serializers.Serializer):
    months = serializers.IntegerField(source="service.months")
    days = serializers.IntegerField(source="service.days")
    per_year = serializers.IntegerField()
    odd_months = serializers.IntegerField()
    rank_bonus = serializers.IntegerField()
    job_creation = serializers.IntegerField()
    total = serializers.IntegerField()
    article = serializers.CharField()


class WelfareStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)

    class Meta:
        model = CaseStep
        fields = ["status", "on", "due_on", "late", "actor", "note"]
        read_only_fields = fields


class WelfareDocumentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = CaseDocument
        fields = ["item", "name", "received_on"]
        read_only_fields = fields


class WelfareCaseSerializer(serializers.ModelSerializer):
    applicant = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    steps = WelfareStepSerializer(many=True, read_only=True)
    documents = WelfareDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = BenefitCase
        fields = [
            "id",
            "unit",
            "unit_label",
            "scheme",
            "benefit",
            "applicant",
            "beneficiary",
            "coverage",
            "theatre",
            "service_months",
            "left_on",
            "died_on",
            "status",
            "received_on",
            "status_on",
            "due_on",
            "late",
            "settled_on",
            "decision_number",
            "amount",
            "paid_on",
            "return_reason",
            "steps",
            "documents",
        ]
        read_only_fields = fields


# -- inputs -----------------------------------------------------------------------------------


class WelfareFamilyInputSerializer(serializers.Serializer):
    handover = ScopedPrimaryKeyField(visible_orders, help_text="Lệnh gọi nhập ngũ đã giao quân.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class WelfareMemberInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    relation = serializers.ChoiceField(choices=Relation.choices)


class WelfarePaymentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupportKind.choices)
    paid_on = serializers.DateField()
    amount = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=300)
    member = ScopedPrimaryKeyField(visible_members, required=False, allow_null=True)


class WelfareVisitInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    visited_on = serializers.DateField()
    gift_value = serializers.IntegerField(min_value=0, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class WelfareDischargeQuerySerializer(serializers.Serializer):
    discharged_on = serializers.DateField(required=False)
    rank_allowance = serializers.IntegerField(min_value=0, default=0)


class WelfareCaseInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    scheme = serializers.ChoiceField(choices=Scheme.choices)
    benefit = serializers.ChoiceField(choices=Benefit.choices)
    applicant = ScopedPrimaryKeyField(visible_people)
    beneficiary = ScopedPrimaryKeyField(visible_people, required=False, allow_null=True)
    coverage = serializers.ChoiceField(choices=Coverage.choices)
    theatre = serializers.ChoiceField(choices=WarTheatre.choices)
    service_months = serializers.IntegerField(min_value=0, max_value=1000)
    received_on = serializers.DateField()
    left_on = serializers.DateField(required=False, allow_null=True)
    died_on = serializers.DateField(required=False, allow_null=True)
    documents = ScopedPrimaryKeyField(all_items, many=True, required=False, default=list)


class WelfareCaseDocumentInputSerializer(serializers.Serializer):
    item = ScopedPrimaryKeyField(all_items)
    received_on = serializers.DateField()


class WelfareStepInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    decision_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
    amount = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
