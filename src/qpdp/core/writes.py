"""The audited write every service makes: validate the model, save it, log it, in the caller's
transaction (a service is ``@transaction.atomic``, so the row and its audit entry commit or roll
back together)."""

from __future__ import annotations

from typing import Any

from django.db import models

from qpdp.core import audit
from qpdp.core.units import Unit


def create[M: models.Model](user: Any, obj: M, unit: Unit) -> M:
    obj.full_clean()
    obj.save()
    audit.record(user, audit.Action.CREATE, obj, after=audit.snapshot(obj), unit=unit)
    return obj


def update[M: models.Model](user: Any, obj: M, unit: Unit, **changes: Any) -> M:
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    audit.record(
        user, audit.Action.UPDATE, obj, before=before, after=audit.snapshot(obj), unit=unit
    )
    return obj


def delete(user: Any, obj: models.Model, unit: Unit) -> None:
    audit.record(user, audit.Action.DELETE, obj, before=audit.snapshot(obj), unit=unit)
    obj.delete()
