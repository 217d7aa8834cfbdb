"""The change log of every registry write: who, when, from where, and the field-level change.

Services call ``record`` inside their transaction, so a write and its audit entry commit or roll
back together. Nothing in the application edits or deletes an entry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from qpdp.core.units import Unit

# Never written to the log, whatever a model calls them.
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "secret", "key"})


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a write comes from: an address and a request (or job) id that groups its entries."""

    address: str | None
    request_id: str
    channel: str  # "web", "api", "cli", "job"


_origin: ContextVar[Origin | None] = ContextVar("qpdp_origin", default=None)


def set_origin(origin: Origin) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]


def active_origin() -> Origin | None:
    """The origin set by the request or job being served, if any (for log lines)."""
    return _origin.get()


def current_origin() -> Origin:
    return _origin.get() or Origin(address=None, request_id=uuid.uuid4().hex, channel="cli")


class Action(models.TextChoices):
    CREATE = "create", _("Thêm mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xóa")
    EXPORT = "export", _("Xuất dữ liệu")
    LOGIN = "login", _("Đăng nhập")
    LOGOUT = "logout", _("Đăng xuất")
    LOGIN_FAILED = "login_failed", _("Đăng nhập thất bại")


class AuditEntry(models.Model):
    """One change (or one sensitive read such as an export) by one account."""

    timestamp = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("tài khoản"),
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("địa chỉ"), null=True, blank=True)
    channel = models.CharField(_("kênh"), max_length=8)
    request_id = models.CharField(max_length=32, db_index=True)
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, models.SET_NULL, null=True, blank=True, related_name="+")
    changes = models.JSONField(_("thay đổi"), default=dict)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-timestamp", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.timestamp:%d/%m/%Y %H:%M} {self.username} {self.get_action_display()}"


def _plain(value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):  # a stored file is named by its path
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of ``obj`` for diffing: foreign keys by readable name, secrets left out."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or not field.editable:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            data[field.name] = str(related) if related is not None else None
        else:
            data[field.name] = _plain(getattr(obj, field.attname))
    return data


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = [k for k in after if k not in SECRET_FIELDS] + [k for k in before if k not in after]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    user: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    unit: Unit | None = None,
    extra: Mapping[str, Any] | None = None,
    object_repr: str = "",
) -> AuditEntry:
    origin = current_origin()
    changes: dict[str, Any] = diff(before or {}, after or {})
    if extra:
        changes.update({k: v for k, v in extra.items() if k not in SECRET_FIELDS})
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else str((extra or {}).get("username", "")),
        address=origin.address,
        channel=origin.channel,
        request_id=origin.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        unit=unit,
        changes=changes,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("user")


def create_audited[M: models.Model](user: Any, obj: M, unit: Unit | None) -> M:
    """Validate (``full_clean``) and save a new registry record, and log it: a service's write,
    inside the service's transaction."""
    obj.full_clean()
    obj.save()
    record(user, Action.CREATE, obj, after=snapshot(obj), unit=unit)
    return obj


def update_audited[M: models.Model](
    user: Any, obj: M, unit: Unit | None, changes: Mapping[str, Any]
) -> M:
    """Apply ``changes``, validate and save; logged only if a value actually changed."""
    before = snapshot(obj)
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    after = snapshot(obj)
    if diff(before, after):
        record(user, Action.UPDATE, obj, before=before, after=after, unit=unit)
    return obj


def delete_audited(user: Any, obj: models.Model, unit: Unit | None) -> None:
    """Log a registry record's last state, then delete it."""
    record(user, Action.DELETE, obj, before=snapshot(obj), unit=unit)
    obj.delete()
