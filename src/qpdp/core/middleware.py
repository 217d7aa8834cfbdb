"""Attach the client address and a request id to every write made while serving a request."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from qpdp.core.audit import Origin, reset_origin, set_origin


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        token = set_origin(
            Origin(
                address=request.META.get("REMOTE_ADDR"),
                request_id=uuid.uuid4().hex,
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which shows English to an
    officer whose browser was installed in English; QPĐP is Vietnamese by default.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
