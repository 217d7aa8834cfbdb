"""What every planning workflow shares: the audited write, who may write, text cleaning."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from qpdp.core import audit
from qpdp.core.access import AnyUser, User, check_unit_writable, is_commander
from qpdp.core.units import Unit
from qpdp.core.vietnamese import clean_text


def account(user: AnyUser) -> User | None:
    """The account a record names as its author (None for an anonymous caller, refused before)."""
    return user if isinstance(user, User) else None


def check_writer(user: AnyUser, unit: Unit) -> None:
    """Staff and commanders write the plans, documents and events of the units in their scope."""
    check_unit_writable(user, unit)


def check_commander(user: AnyUser, unit: Unit) -> None:
    """Approving a plan and handing down targets is the commander's decision, not the staff's."""
    check_unit_writable(user, unit)
    if not is_commander(user):
        raise PermissionDenied(_("Chỉ chỉ huy đơn vị mới được thực hiện thao tác này."))


def cleaned(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every text input NFC-normalised with collapsed spaces, except multi-line text kept as
    lines (each line cleaned)."""
    result: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            lines = [clean_text(line) for line in value.splitlines()]
            result[key] = "\n".join(lines).strip()
        else:
            result[key] = value
    return result


def create(user: AnyUser, obj: models.Model, unit: Unit) -> Any:
    obj.full_clean()
    obj.save()
    audit.record(user, audit.Action.CREATE, obj, after=audit.snapshot(obj), unit=unit)
    return obj


def update(user: AnyUser, obj: models.Model, unit: Unit, changes: Mapping[str, Any]) -> Any:
    """Apply ``changes``; an entry is written only if a value actually changed."""
    before = audit.snapshot(obj)
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    after = audit.snapshot(obj)
    if audit.diff(before, after):
        audit.record(user, audit.Action.UPDATE, obj, before=before, after=after, unit=unit)
    return obj


def delete(user: AnyUser, obj: models.Model, unit: Unit) -> None:
    audit.record(user, audit.Action.DELETE, obj, before=audit.snapshot(obj), unit=unit)
    obj.delete()
