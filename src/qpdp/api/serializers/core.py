"""Units, import runs and audit entries as the API shows them (all read-only)."""

from __future__ import annotations

from rest_framework import serializers

from qpdp.core.audit import AuditEntry
from qpdp.core.units import Unit
from qpdp.imports.models import ImportRun


class UnitSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "type_label",
            "label",
            "kind",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class ImportRunSerializer(serializers.ModelSerializer):
    """What an import did; the file's rows and errors (personal data) stay on the pages."""

    user = serializers.StringRelatedField()
    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = ImportRun
        fields = [
            "id",
            "file_name",
            "checksum",
            "layout",
            "unit",
            "unit_label",
            "user",
            "mode",
            "status",
            "created_at",
            "committed_at",
            "total_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
        ]
        read_only_fields = fields


class AuditEntrySerializer(serializers.ModelSerializer):
    model = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "timestamp",
            "username",
            "address",
            "channel",
            "request_id",
            "action",
            "model",
            "object_id",
            "object_repr",
            "unit",
            "changes",
        ]
        read_only_fields = fields

    def get_model(self, entry: AuditEntry) -> str | None:
        content_type = entry.content_type
        return f"{content_type.app_label}.{content_type.model}" if content_type else None
