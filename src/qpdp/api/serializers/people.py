"""The person registry in the API. Writes are checked by the page's own ``PersonForm`` (birth
dates as old records hold them, phone numbers, identity numbers), then saved by the service."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from qpdp.api.errors import ErrorResponseSerializer
from qpdp.api.serializers.base import MaskedNumberField, form_errors
from qpdp.core import audit
from qpdp.people.choices import EducationLevel, Gender
from qpdp.people.forms import PersonForm, edit_data
from qpdp.people.models import Person, Residence

# API name → the form's field, where they differ.
FORM_FIELDS = {"birth_date": "birth_date_text"}
# What the form offers preselected, for a new person whose record does not say.
CREATE_DEFAULTS = {
    name: field.initial
    for name, field in PersonForm.base_fields.items()
    if field.initial not in (None, "")
}


class PersonSerializer(serializers.ModelSerializer):
    id_number = MaskedNumberField()
    legacy_id_number = MaskedNumberField()
    phone = MaskedNumberField()
    birth_date_display = serializers.CharField(read_only=True)
    residence_unit_label = serializers.CharField(source="residence_unit.label", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "family_name",
            "middle_name",
            "given_name",
            "birth_date",
            "birth_precision",
            "birth_date_display",
            "gender",
            "id_number",
            "legacy_id_number",
            "ethnicity",
            "religion",
            "education_level",
            "residence_unit",
            "residence_unit_label",
            "address",
            "phone",
            "party_member",
            "occupation",
            "workplace",
            "notes",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonWriteSerializer(serializers.Serializer):
    """The fields of the person form. ``birth_date`` is text: 15/03/2005, 2005-03-15, 03/2005 or
    2005. Updates are partial and carry the ``version`` read (optimistic locking)."""

    family_name = serializers.CharField()
    middle_name = serializers.CharField(required=False, allow_blank=True)
    given_name = serializers.CharField()
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_date = serializers.CharField()
    id_number = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    legacy_id_number = serializers.CharField(required=False, allow_blank=True)
    ethnicity = serializers.CharField(required=False)
    religion = serializers.CharField(required=False)
    education_level = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, allow_null=True
    )
    residence_unit = serializers.IntegerField()
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    party_member = serializers.BooleanField(required=False)
    occupation = serializers.CharField(required=False, allow_blank=True)
    workplace = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)
    confirm_similar = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Vẫn thêm mới dù đã có người cùng tên, ngày sinh và đơn vị."),
    )

    def __init__(self, *args: Any, person: Person | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Run the page's form over the record as stored, overlaid with what was sent."""
        request = self.context["request"]
        if self.person is not None and attrs.get("version") is None:
            raise serializers.ValidationError(
                {"version": [self.fields["version"].error_messages["required"]]}, code="required"
            )
        data = edit_data(self.person) if self.person is not None else dict(CREATE_DEFAULTS)
        for field, value in attrs.items():
            data[FORM_FIELDS.get(field, field)] = "" if value is None else value
        form = PersonForm(data, instance=self.person or Person(), user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form, FORM_FIELDS))
        return {"input": form.person_input()}


class SimilarPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name", "birth_date", "residence_unit"]
        read_only_fields = fields


class ResidenceSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Residence
        fields = ["id", "unit", "unit_label", "valid_from", "valid_to"]
        read_only_fields = fields


class ChangeSerializer(serializers.Serializer):
    """One saved change of a record, from the audit log: who, when, and each field's before and
    after."""

    timestamp = serializers.DateTimeField()
    username = serializers.CharField()
    channel = serializers.CharField()
    changes = serializers.DictField(child=serializers.ListField())


class StaleSerializer(ErrorResponseSerializer):
    """The 409 answer to a stale ``version`` (code ``stale``): beside the error, the record as
    it is now and what changed since."""

    sent_version = serializers.IntegerField()
    current_version = serializers.IntegerField()
    current = PersonSerializer()
    changes = ChangeSerializer(many=True)


class SimilarSerializer(ErrorResponseSerializer):
    """The 409 answer (code ``similar_person``) to a person who looks like one already
    registered: beside the error, the look-alikes."""

    similar = SimilarPersonSerializer(many=True)


def changes_since(person: Person, version: int) -> list[dict[str, Any]]:
    """The updates saved after ``version``, newest first (at most the version gap, 20 at most).

    Each save raises the version by one and writes one audit entry when a field changed, so the
    last ``current - version`` update entries are the changes the caller has not seen.
    """
    gap = min(max(person.version - version, 0), 20)
    entries = audit.history(person).filter(action=audit.Action.UPDATE).order_by("-timestamp", "-pk")
    return [
        {
            "timestamp": timezone.localtime(e.timestamp),
            "username": e.username,
            "channel": e.channel,
            "changes": e.changes,
        }
        for e in entries[:gap]
    ]
