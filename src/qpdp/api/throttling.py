"""API rates: one bucket per token and one per account (a program cannot read the whole registry
at full speed, nor an account by spreading over several tokens).

Rates come from ``QPDP_API_RATE_TOKEN`` and ``QPDP_API_RATE_USER`` (``600/min``; empty turns
one off) and are read at each request, so settings changes apply. The counts live in the
``throttle`` cache, a directory under ``QPDP_VAR_DIR`` that every gunicorn worker shares: a
per-process cache would multiply the rate by the number of workers. A refusal is a 429 with
``Retry-After`` and a Vietnamese message (api.errors).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from qpdp.api.models import ApiToken


class _SettingsRate:
    """The rate for ``scope`` from settings at call time; the shared cache."""

    scope: str

    @property
    def cache(self) -> BaseCache:
        return caches["throttle"]

    def get_rate(self) -> str | None:
        return settings.QPDP_API_THROTTLE_RATES.get(self.scope) or None


class TokenRateThrottle(_SettingsRate, SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None  # a browser session: the account's bucket alone
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AccountRateThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
