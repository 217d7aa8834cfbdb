"""Logins, logouts and failed logins go to the audit log (without the password tried); a write
to the unit tree makes the cached scopes stale."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from qpdp.core import audit, otp
from qpdp.core.access import unit_tree_changed
from qpdp.core.middleware import SESSION_LAST_SEEN
from qpdp.core.units import Unit, UnitSuccession


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(user, audit.Action.LOGIN, unit=user.unit)
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_LAST_SEEN] = int(time.time())
        # An officer who enrolled voluntarily is asked for a code like a commander.
        session[otp.SESSION_ENROLLED] = otp.has_device(user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        reason = getattr(request, "qpdp_logout_reason", None)
        audit.record(
            user, audit.Action.LOGOUT, unit=user.unit, extra={"reason": reason} if reason else None
        )


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(None, audit.Action.LOGIN_FAILED, extra={"username": username})


@receiver(post_save, sender=Unit)
@receiver(post_delete, sender=Unit)
@receiver(post_save, sender=UnitSuccession)
@receiver(post_delete, sender=UnitSuccession)
def _unit_tree_written(sender: Any, **kwargs: Any) -> None:
    unit_tree_changed()
