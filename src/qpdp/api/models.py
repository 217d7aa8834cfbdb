"""Per-user API tokens for other systems: only a hash of the secret is kept, with an expiry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qpdp.api.error_codes import ErrorCode


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Tokens that still open the API: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token an officer made for another system; the secret is shown once, never stored.

    The secret is 256 random bits, so an unsalted SHA-256 is enough to make the stored hash
    useless to a reader of the database, and it lets a request find its token by an index.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("tài khoản"),
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("mã nhận diện"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="api_token_expires_after_creation",
                violation_error_message=_("Ngày hết hạn phải sau ngày tạo."),
                violation_error_code=ErrorCode.TOKEN_DURATION,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
