"""Logins, logouts and failed logins go to the audit log (without the password tried)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from qpdp.core import audit


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(user, audit.Action.LOGIN, unit=user.unit)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(user, audit.Action.LOGOUT, unit=user.unit)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    audit.record(
        None, audit.Action.LOGIN_FAILED, extra={"username": credentials.get("username", "")}
    )
