"""``Authorization: Bearer <token>`` for other systems; the pages' session works alongside."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from qpdp.api import tokens
from qpdp.api.models import ApiToken
from qpdp.core.access import User

KEYWORD = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """A request with a bearer token is that token's account, or refused (401) if the token is
    unknown, expired or revoked; a request without one falls through to the session."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization không hợp lệ."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from exc
        token = tokens.authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.")
            )
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return f'{KEYWORD} realm="api"'
