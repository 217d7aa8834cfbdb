"""Attach the client address and a request id to every write made while serving a request."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
