"""Creating, revoking and checking API tokens: audited like every other write, secret never kept.

A token reads ``qpdp_`` followed by 43 URL-safe characters (256 random bits). The database holds
its SHA-256 and the first characters as a name tag; the audit log holds neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.api.error_codes import ErrorCode
from qpdp.api.models import ApiToken
from qpdp.core import audit
from qpdp.core.access import AnyUser, User

SCHEME_PREFIX = "qpdp_"
PREFIX_LENGTH = 12  # "qpdp_" and 7 characters of the secret: enough to tell tokens apart
MAX_DAYS = 365
MAX_ACTIVE = 20
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(user: AnyUser, *, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token valid ``days`` days (at most a year) and its secret, returned only here."""
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied(_("Cần đăng nhập để tạo mã truy cập."))
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            {
                "name": ValidationError(
                    _("Phải đặt tên gợi nhớ cho mã truy cập."), code=ErrorCode.TOKEN_NAME_REQUIRED
                )
            }
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            {
                "days": ValidationError(
                    _("Thời hạn từ 1 đến %(max)s ngày.") % {"max": MAX_DAYS},
                    code=ErrorCode.TOKEN_DURATION,
                )
            }
        )
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE:
        raise ValidationError(
            _("Mỗi tài khoản có tối đa %(max)s mã đang dùng; hãy thu hồi mã không còn cần.")
            % {"max": MAX_ACTIVE},
            code=ErrorCode.TOKEN_LIMIT,
        )
    secret = SCHEME_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_token(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(user, audit.Action.CREATE, token, after=audit.snapshot(token), unit=user.unit)
    return token, secret


@transaction.atomic
def revoke_token(user: AnyUser, token: ApiToken) -> ApiToken:
    """Stop a token at once; revoking twice changes nothing."""
    if not isinstance(user, User) or token.user_id != user.pk:
        raise PermissionDenied(_("Bạn chỉ thu hồi được mã truy cập của mình."))
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    before = audit.snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(
        user,
        audit.Action.UPDATE,
        locked,
        before=before,
        after=audit.snapshot(locked),
        unit=user.unit,
    )
    return locked


def authenticate(secret: str) -> ApiToken | None:
    """The active token of an active account that ``secret`` names, or None.

    The time of last use is written at most once a minute, so reading the API does not turn
    every request into a write.
    """
    if not secret.startswith(SCHEME_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__unit")
        .filter(token_hash=hash_token(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
