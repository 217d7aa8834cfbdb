"""The reserve registry in the API: soldiers with their class, age group and flags, reserve units,
assignments, drills and who was summoned and reported. Inputs are typed here; the law is
checked by ``reserves.services``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qpdp.api.serializers.base import FlagSerializer, ScopedPrimaryKeyField, flag_rows
from qpdp.api.serializers.conscription import PersonRefSerializer, visible_people
from qpdp.api.serializers.militia import SMALL
from qpdp.core.access import scope_units
from qpdp.reserves import rules, selectors
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.reserves.rules import (
    Category,
    DrillKind,
    Excuse,
    Rank,
    TransferAuthority,
    TransferReason,
    UnitLevel,
    UnitRole,
)

MONTHS = 600  # no service history is longer than fifty years


class SoldierSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    category_article = serializers.SerializerMethodField()
    age_group = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta:
        model = ReserveSoldier
        fields = [
            "id",
            "person",
            "unit",
            "unit_label",
            "registered_on",
            "discharged_on",
            "category",
            "category_ground",
            "category_article",
            "category_reason",
            "age_group",
            "speciality",
            "rank",
            "active_service_months",
            "served_in_combat",
            "police_months",
            "commune_police_months",
            "professional_soldier",
            "defence_worker",
            "defence_worker_converted",
            "standing_militia_completed",
            "militia_training_months",
            "reserve_training_months",
            "transferred_out_on",
            "transfer_reason",
            "transfer_decided_by",
            "transfer_decision_number",
            "flags",
        ]
        read_only_fields = fields

    def get_category_article(self, soldier: ReserveSoldier) -> str:
        ground = rules.CATEGORY_GROUNDS.get(soldier.category_ground)
        return str(ground.article) if ground is not None else str(rules.POLICE_GAP.article)

    def get_age_group(self, soldier: ReserveSoldier) -> str:
        """Nhóm A or B today (Art. 26); "past_limit" or "uncertain" otherwise."""
        return str(selectors.age_group(soldier, timezone.localdate()))

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, soldier: ReserveSoldier) -> list[dict[str, str]]:
        return flag_rows(selectors.flags(soldier, timezone.localdate()))


class ReserveUnitSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = ReserveUnit
        fields = [
            "id",
            "unit",
            "unit_label",
            "name",
            "level",
            "role",
            "speciality",
            "authorised_strength",
            "established_on",
            "dissolved_on",
        ]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(source="soldier.person", read_only=True)
    reserve_unit_name = serializers.CharField(source="reserve_unit.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "soldier",
            "person",
            "reserve_unit",
            "reserve_unit_name",
            "assigned_on",
            "post",
            "speciality_matched",
            "override_reason",
            "ended_on",
        ]
        read_only_fields = fields


class DrillSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Drill
        fields = [
            "id",
            "unit",
            "unit_label",
            "reserve_unit",
            "kind",
            "name",
            "starts_on",
            "ends_on",
            "report_by",
            "place",
        ]
        read_only_fields = fields


class SummonsSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(source="soldier.person", read_only=True)
    status = serializers.ChoiceField(choices=["reported", "excused", "absent"], read_only=True)

    class Meta:
        model = Summons
        fields = [
            "id",
            "drill",
            "soldier",
            "person",
            "summoned_on",
            "reported_at",
            "excuse",
            "confirmed_by",
            "status",
        ]
        read_only_fields = fields


class SummonedSerializer(serializers.Serializer):
    summoned = serializers.IntegerField()


# -- inputs -----------------------------------------------------------------------------------


def _soldiers_for(user: Any) -> Any:
    return selectors.soldiers_for(user)


def _units_for(user: Any) -> Any:
    return selectors.units_for(user)


def _months() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MONTHS, required=False, default=0)


class SoldierInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    unit = ScopedPrimaryKeyField(scope_units)
    registered_on = serializers.DateField()
    discharged_on = serializers.DateField(required=False, allow_null=True, default=None)
    speciality = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    rank = serializers.ChoiceField(
        choices=Rank.choices, required=False, allow_blank=True, default=""
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True, default=""
    )
    category_reason = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )
    studied_after_deferral = serializers.BooleanField(required=False, default=False)
    active_service_months = _months()
    served_in_combat = serializers.BooleanField(required=False, default=False)
    police_months = _months()
    commune_police_months = _months()
    professional_soldier = serializers.BooleanField(required=False, default=False)
    defence_worker = serializers.BooleanField(required=False, default=False)
    defence_worker_converted = serializers.BooleanField(required=False, default=False)
    standing_militia_completed = serializers.BooleanField(required=False, default=False)
    militia_training_months = _months()
    reserve_training_months = _months()


class TransferOutInputSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.ChoiceField(choices=TransferReason.choices)
    decided_by = serializers.ChoiceField(choices=TransferAuthority.choices)
    decision_number = serializers.CharField(max_length=40)
    evidence = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")


class ReserveUnitInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    name = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=UnitLevel.choices)
    role = serializers.ChoiceField(choices=UnitRole.choices)
    speciality = serializers.CharField(max_length=120)
    authorised_strength = serializers.IntegerField(min_value=1, max_value=SMALL)
    established_on = serializers.DateField()


class AssignmentInputSerializer(serializers.Serializer):
    soldier = ScopedPrimaryKeyField(_soldiers_for)
    reserve_unit = ScopedPrimaryKeyField(_units_for)
    assigned_on = serializers.DateField()
    post = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=250, required=False, allow_blank=True, default=""
    )


class EndAssignmentInputSerializer(serializers.Serializer):
    on = serializers.DateField()


class DrillInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    reserve_unit = ScopedPrimaryKeyField(_units_for, required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=DrillKind.choices)
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    report_by = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)


class SummonsInputSerializer(serializers.Serializer):
    """One soldier, or (``all_assigned``) every soldier of the drill's reserve unit."""

    soldier = ScopedPrimaryKeyField(_soldiers_for, required=False, allow_null=True, default=None)
    all_assigned = serializers.BooleanField(required=False, default=False)
    summoned_on = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["soldier"] is None) == (not attrs["all_assigned"]):
            raise serializers.ValidationError(
                {"soldier": [_("Chọn một quân nhân, hoặc all_assigned = true (không cả hai).")]},
                code=ErrorCode.ONE_SOLDIER_OR_ALL,
            )
        return attrs


class ReportInputSerializer(serializers.Serializer):
    reported_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    excuse = serializers.ChoiceField(
        choices=Excuse.choices, required=False, allow_blank=True, default=""
    )
    confirmed_by = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
