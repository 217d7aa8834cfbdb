"""Second factor (TOTP, django-otp): who must use it, enrolment, verification, backup codes.

Administrators and commanders reach every record of a province; a stolen password alone must not
open it. They verify a six-digit code from an authenticator app after the password; other roles
may enrol from their account page and are then asked for a code too. One-time backup codes
(``otp_static``) let an officer who lost the phone in; the administrator resets a device with
``qpdp reset_2fa``.
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qpdp.core import audit
from qpdp.core.access import AnyUser, User, is_commander

if TYPE_CHECKING:
    from django.http import HttpRequest

DEVICE_NAME = "QPĐP"
BACKUP_CODE_COUNT = 10
# Set at login: the account had a device then, so its session must be verified even if the
# role does not require a second factor.
SESSION_ENROLLED = "qpdp_2fa_enrolled"


def required_by_role(user: AnyUser) -> bool:
    """Administrators and commanders must use a second factor (when the setting is on)."""
    if not isinstance(user, User) or not settings.QPDP_REQUIRE_2FA:
        return False
    return is_commander(user)


def has_device(user: User) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticDevice.objects.filter(user=user, confirmed=True, token_set__isnull=False).exists()
    )


def must_verify(request: HttpRequest) -> bool:
    """The session's user must present a code before anything else."""
    user = request.user
    if not isinstance(user, User) or user.is_verified():  # type: ignore[attr-defined]
        return False  # is_verified() is installed by django-otp's OTPMiddleware
    return required_by_role(user) or bool(request.session.get(SESSION_ENROLLED))


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device whose QR code the enrolment page shows, made once per account."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as inline SVG: no image request, nothing the CSP has to allow."""
    svg: str = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)
    return mark_safe(svg)  # segno's own markup; the address is percent-encoded inside a path


def secret_text(device: TOTPDevice) -> str:
    """The key in base32 groups of four, for apps that cannot scan a code."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "")


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` if ``code`` matches it; the account's older devices are replaced and
    fresh backup codes are returned (shown once). ``None`` when the code is wrong."""
    user = request.user
    assert isinstance(user, User)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(_clean(code)):
            audit.record(
                user, audit.Action.LOGIN_FAILED, unit=user.unit, extra={"second_factor": "enrol"}
            )
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _replace_backup_codes(user)
        audit.record(
            user,
            audit.Action.CREATE,
            device,
            after=audit.snapshot(device),
            unit=user.unit,
            object_repr=f"TOTP {user.get_username()}",
        )
    _mark_verified(request, device)
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name=DEVICE_NAME, defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def new_backup_codes(user: User) -> list[str]:
    """Replace the backup codes (the old ones stop working); recorded without the codes."""
    with transaction.atomic():
        codes = _replace_backup_codes(user)
        audit.record(
            user,
            audit.Action.UPDATE,
            unit=user.unit,
            object_repr=f"TOTP {user.get_username()}",
            extra={"backup_codes": "renewed"},
        )
    return codes


def verify(request: HttpRequest, code: str) -> bool:
    """Check ``code`` against the account's authenticator, then its backup codes.

    Each device throttles itself (django-otp doubles the wait after each failure); a wrong code
    is also recorded as a failed login.
    """
    user = request.user
    assert isinstance(user, User)
    token = _clean(code)
    with transaction.atomic():
        devices: list[Device] = [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]
        matched = next((d for d in devices if token and d.verify_token(token)), None)
    if matched is None:
        audit.record(
            user, audit.Action.LOGIN_FAILED, unit=user.unit, extra={"second_factor": "code"}
        )
        return False
    _mark_verified(request, matched)
    audit.record(
        user,
        audit.Action.LOGIN,
        unit=user.unit,
        extra={"second_factor": "backup" if isinstance(matched, StaticDevice) else "totp"},
    )
    return True


def throttled_until(user: User) -> dt.datetime | None:
    """When the authenticator accepts a code again after wrong ones, or ``None`` if it does now."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    allowed, details = device.verify_is_allowed()
    if allowed or not details:
        return None
    locked: dt.datetime | None = details.get("locked_until")
    return locked if locked is not None and locked > timezone.now() else None


def _mark_verified(request: HttpRequest, device: Device) -> None:
    from django_otp import login as otp_login

    request.session.cycle_key()  # a new session id once the second factor is proven
    otp_login(request, device)
    request.session[SESSION_ENROLLED] = True


def remove_devices(actor: User | None, user: User, reason: str) -> int:
    """Delete every device of ``user`` (a lost phone, or an officer turning 2FA off)."""
    with transaction.atomic():
        totp, static = TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)
        removed = totp.count() + static.count()
        totp.delete()
        static.delete()
        audit.record(
            actor,
            audit.Action.DELETE,
            unit=user.unit,
            object_repr=f"TOTP {user.get_username()}",
            extra={"reason": reason, "account": user.get_username()},
        )
    return removed
