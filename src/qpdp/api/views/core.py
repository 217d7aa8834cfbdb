"""Units of the caller's scope, import runs and (for administrators) the audit log: read-only."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics

from qpdp.api.filters import AuditFilter, ImportRunFilter, UnitFilter
from qpdp.api.permissions import AuditReader
from qpdp.api.serializers.core import AuditEntrySerializer, ImportRunSerializer, UnitSerializer
from qpdp.api.views.base import ApiView
from qpdp.core import audit
from qpdp.core.access import scope_units
from qpdp.core.units import Unit
from qpdp.imports.models import ImportRun


class UnitMixin(ApiView):
    """The units whose records the caller sees (``scope_units``), in tree order."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    sorts = {"tree": ("path",), "id": ("pk",)}
    default_sort = "tree"

    def get_queryset(self) -> QuerySet[Unit]:
        return scope_units(self.request.user)


class UnitList(UnitMixin, generics.ListAPIView):
    pass


class UnitDetail(UnitMixin, generics.RetrieveAPIView):
    pass


class ImportRunMixin(ApiView):
    serializer_class = ImportRunSerializer
    filterset_class = ImportRunFilter
    sorts = {"-id": ("-pk",), "id": ("pk",)}
    default_sort = "-id"

    def get_queryset(self) -> QuerySet[ImportRun]:
        return ImportRun.objects.visible_to(self.request.user).select_related("user", "unit")


class ImportRunList(ImportRunMixin, generics.ListAPIView):
    pass


class ImportRunDetail(ImportRunMixin, generics.RetrieveAPIView):
    pass


class AuditMixin(ApiView):
    permission_classes = [AuditReader]
    serializer_class = AuditEntrySerializer
    filterset_class = AuditFilter
    sorts = {"-id": ("-pk",), "id": ("pk",)}
    default_sort = "-id"

    def get_queryset(self) -> QuerySet[audit.AuditEntry]:
        return audit.AuditEntry.objects.select_related("content_type")


class AuditList(AuditMixin, generics.ListAPIView):
    """The audit log, newest first. Administrators only: any other account gets 403."""


class AuditDetail(AuditMixin, generics.RetrieveAPIView):
    """One audit entry. Administrators only: any other account gets 403."""
