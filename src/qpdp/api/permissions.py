"""Who may call what: the pages' role checks, asked of ``core.access`` and nothing else.

Scope is not decided here: every view starts from ``visible_to`` / ``editable_by`` or a
selector, so a record outside the caller's territory is a 404, as on the pages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from qpdp.core.access import can_write, is_admin, is_commander


class ReadOrWrite(permissions.IsAuthenticated):
    """Any signed-in account reads; leaders may not write (as ``WriterRequiredMixin``)."""

    message = _("Vai trò của bạn chỉ được xem, không được sửa dữ liệu.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or can_write(request.user)


class CommanderWrites(ReadOrWrite):
    """Cycles and quotas are set by a commanding unit (as ``CommanderRequiredMixin``)."""

    message = _("Chỉ chỉ huy đơn vị được lập đợt tuyển quân và giao chỉ tiêu.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or is_commander(request.user)


class AuditReader(permissions.IsAuthenticated):
    """The audit log is read by administrators only, as its page."""

    message = _("Chỉ quản trị hệ thống được xem nhật ký thay đổi.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and is_admin(request.user)
