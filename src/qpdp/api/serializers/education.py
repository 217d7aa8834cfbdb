"""Defense education in the API: groups, post holders, plans, courses and attendees as read, and
each write's input, which the service then decides on (it holds the rules and the refusals)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qpdp.api.serializers.base import ScopedPrimaryKeyField
from qpdp.api.serializers.conscription import PersonRefSerializer, visible_people
from qpdp.core.access import scope_units
from qpdp.education.error_codes import ErrorCode
from qpdp.education.models import (
    Attendance,
    Course,
    EducationPlan,
    Official,
    PlanLine,
    Post,
    Result,
    TargetGroup,
)


def all_groups(user: Any) -> Any:
    return TargetGroup.objects.all()


def all_posts(user: Any) -> Any:
    return Post.objects.all()


def visible_courses(user: Any) -> Any:
    return Course.objects.visible_to(user)


class EducationTargetGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetGroup
        fields = ["id", "code", "name", "convened_by", "periods", "legal_basis"]
        read_only_fields = fields


class EducationOfficialSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)
    post_name = serializers.CharField(source="post.name", read_only=True, allow_null=True)

    class Meta:
        model = Official
        fields = [
            "id",
            "person",
            "unit",
            "unit_label",
            "post",
            "post_name",
            "title",
            "group",
            "group_code",
            "group_by_hand",
            "started_on",
            "ended_on",
        ]
        read_only_fields = fields


class EducationDueSerializer(EducationOfficialSerializer):
    last_trained = serializers.DateField(read_only=True, allow_null=True)

    class Meta(EducationOfficialSerializer.Meta):
        fields = [*EducationOfficialSerializer.Meta.fields, "last_trained"]
        read_only_fields = fields


class EducationPlanLineSerializer(serializers.ModelSerializer):
    group_code = serializers.CharField(source="group.code", read_only=True)

    class Meta:
        model = PlanLine
        fields = ["group", "group_code", "number", "course"]
        read_only_fields = fields


class EducationPlanSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    lines = EducationPlanLineSerializer(many=True, read_only=True)

    class Meta:
        model = EducationPlan
        fields = ["id", "unit", "unit_label", "year", "note", "lines"]
        read_only_fields = fields


class EducationCourseSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)

    class Meta:
        model = Course
        fields = [
            "id",
            "unit",
            "unit_label",
            "group",
            "group_code",
            "code",
            "name",
            "organiser",
            "place",
            "starts_on",
            "ends_on",
        ]
        read_only_fields = fields


class EducationAttendanceSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "course", "person", "unit", "unit_label", "result", "certificate_number"]
        read_only_fields = fields


# -- inputs -----------------------------------------------------------------------------------


class EducationOfficialInputSerializer(serializers.Serializer):
    person = ScopedPrimaryKeyField(visible_people)
    unit = ScopedPrimaryKeyField(scope_units)
    post = ScopedPrimaryKeyField(all_posts, required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    group = ScopedPrimaryKeyField(all_groups, required=False, allow_null=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)


class EducationPlanLineInputSerializer(serializers.Serializer):
    group = ScopedPrimaryKeyField(all_groups)
    number = serializers.IntegerField(min_value=0)


class EducationPlanInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    lines = EducationPlanLineInputSerializer(many=True, required=False, default=list)


class EducationCourseInputSerializer(serializers.Serializer):
    unit = ScopedPrimaryKeyField(scope_units)
    group = ScopedPrimaryKeyField(all_groups)
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=250)
    organiser = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    place = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class EducationAttendeeInputSerializer(serializers.Serializer):
    """The attendee by id, or by identity number (someone the registry must already hold)."""

    person = ScopedPrimaryKeyField(visible_people, required=False, allow_null=True)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=12)
    unit = ScopedPrimaryKeyField(scope_units, required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("person") is None and not attrs.get("id_number"):
            raise serializers.ValidationError(
                {"person": [_("Phải chọn học viên hoặc ghi số định danh cá nhân.")]},
                code=ErrorCode.ATTENDEE_REQUIRED,
            )
        return attrs


class EducationResultInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Result.choices)
    certificate_number = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=40
    )
