"""Core and account URLs: home, login and logout, password, second factor, audit log."""

from __future__ import annotations

from tests.security.matrix import GET_NOT_ALLOWED, OK_OR_REDIRECT, Entry, admin_only, everyone

TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "home": Entry(),
    # A logged-in caller is sent on (redirect_authenticated_user).
    "login": Entry(anonymous="public", ok=OK_OR_REDIRECT),
    "logout": Entry(anonymous="public", ok=GET_NOT_ALLOWED),  # POST only
    "password_change": Entry(),
    "password_change_done": Entry(),
    "set_language": Entry(anonymous="public", ok=frozenset({302, 204})),
    # For monitors: states only, no data (tests/core/test_health.py).
    "healthz": Entry(anonymous="public", ok=frozenset({200, 503})),
    # Every caller here is verified, so the code page sends them on.
    "otp_verify": Entry(ok=frozenset({302})),
    "account": Entry(),
    "otp_enrol": Entry(allow=everyone),
    "otp_backup_codes": Entry(ok=GET_NOT_ALLOWED),
    "otp_disable": Entry(ok=GET_NOT_ALLOWED),
    "audit_log": Entry(allow=admin_only),
    # Every account picks units of its own scope; the answer is cut to that scope.
    "unit_search": Entry(),
}
