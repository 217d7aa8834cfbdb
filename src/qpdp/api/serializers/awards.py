"""Awards in the API: forms, proposals and decisions as read, and each write's input for the
service that decides."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qpdp.api.serializers.base import ScopedPrimaryKeyField
from qpdp.api.serializers.conscription import PersonRefSerializer, visible_people
from qpdp.awards.models import AwardDecision, AwardField, AwardForm, AwardProposal
from qpdp.core.access import scope_units


def all_forms(user: Any) -> Any:
    return AwardForm.objects.all()


def visible_proposals(user: Any) -> Any:
    return AwardProposal.objects.visible_to(user)


class AwardFormSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardForm
        fields = ["id", "code", "name", "for_collective", "for_individual"]
        read_only_fields = fields


class AwardProposalSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True)
    collective_label = serializers.CharField(
        source="collective.label", read_only=True, allow_null=True
    )
    form_code = serializers.CharField(source="form.code", read_only=True)

    class Meta:
        model = AwardProposal
        fields = [
            "id",
            "proposer",
            "unit",
            "year",
            "form",
            "form_code",
            "field",
            "collective",
            "collective_label",
            "person",
            "achievement",
            "proposed_on",
            "status",
            "reviewed_on",
            "council_note",
            "decision",
            "reward_amount",
            "ranking_score",
        ]
        read_only_fields = fields


class AwardDecisionSerializer(serializers.ModelSerializer):
    authority_label = serializers.CharField(source="authority.label", read_only=True)
    awardees = AwardProposalSerializer(many=True, read_only=True)

    class Meta:
        model = AwardDecision
        fields = [
            "id",
            "authority",
            "authority_label",
            "number",
            "year",
            "signed_on",
            "form",
            "field",
            "signer_name",
            "signer_title",
            "awardees",
        ]
        read_only_fields = fields


# -- inputs -----------------------------------------------------------------------------------


class AwardProposalInputSerializer(serializers.Serializer):
    proposer = ScopedPrimaryKeyField(scope_units)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    form = ScopedPrimaryKeyField(all_forms)
    field = serializers.ChoiceField(choices=AwardField.choices)
    achievement = serializers.CharField()
    proposed_on = serializers.DateField()
    collective = ScopedPrimaryKeyField(scope_units, required=False, allow_null=True)
    person = ScopedPrimaryKeyField(visible_people, required=False, allow_null=True)


class AwardReviewInputSerializer(serializers.Serializer):
    agreed = serializers.BooleanField()
    reviewed_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class AwardRankedSerializer(serializers.Serializer):
    """A ward the ranking proposes for commendation."""

    unit = serializers.IntegerField(source="unit.id")
    unit_label = serializers.CharField(source="unit.label")
    rank = serializers.IntegerField(allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class AwardRankingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AwardFromRankingInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    form = ScopedPrimaryKeyField(all_forms)
    field = serializers.ChoiceField(choices=AwardField.choices)
    proposed_on = serializers.DateField()


class AwardDecisionInputSerializer(serializers.Serializer):
    authority = ScopedPrimaryKeyField(scope_units)
    number = serializers.CharField(max_length=40)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    signed_on = serializers.DateField()
    form = ScopedPrimaryKeyField(all_forms)
    field = serializers.ChoiceField(choices=AwardField.choices)
    proposals = ScopedPrimaryKeyField(visible_proposals, many=True)
    signer_name = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100
    )
    signer_title = serializers.CharField(required=False, default="CHỦ TỊCH", max_length=100)
