"""Request-wide concerns: the audit origin, downloads recorded, the second factor enforced,
idle sessions ended, and Vietnamese as the default language."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from qpdp.core import audit, otp
from qpdp.core.addresses import client_address
from qpdp.core.audit import Origin, reset_origin, set_origin
from qpdp.core.error_codes import ErrorCode
from qpdp.core.views import api_error, is_api
from qpdp.core.views.errors import busy, database_busy

# Seconds between two writes of the last-activity time: a session is not saved on every request.
ACTIVITY_RESOLUTION = 60
SESSION_LAST_SEEN = "qpdp_last_seen"


class RequestContextMiddleware:
    """Attach the client address and a request id to every write made while serving a request.

    A file download (``Content-Disposition: attachment``) that the view did not record itself is
    recorded here as an export, so no report or list leaves the system unlogged.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = Origin(
            address=client_address(request),
            request_id=uuid.uuid4().hex,
            channel="api" if is_api(request) else "web",
        )
        token = set_origin(origin)
        # Django logs some 4xx answers after the middleware returns: the log line finds it here.
        request.qpdp_request_id = origin.request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
            # For the access log and for an officer reporting a problem: the audit's id.
            response["X-Request-ID"] = origin.request_id
            disposition = response.get("Content-Disposition", "")
            if (
                disposition.startswith("attachment")
                and response.status_code == 200
                and not audit.AuditEntry.objects.filter(
                    request_id=origin.request_id, action=audit.Action.EXPORT
                ).exists()
            ):
                audit.record(
                    request.user,
                    audit.Action.EXPORT,
                    object_repr=disposition.partition("filename=")[2].strip('"'),
                    extra={"path": request.path, "query": request.GET.urlencode()},
                )
            return response
        finally:
            reset_origin(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's write that found SQLite locked by an import: 503, retry (core.views.errors;
        failures outside views reach the same answer through ``handler500``)."""
        return busy(request) if database_busy(exception) else None


class SecondFactorMiddleware:
    """Refuse every page and API call of a session that still owes its second factor.

    Runs after django-otp's ``OTPMiddleware``. Token-authenticated API calls carry no session and
    pass untouched: a token can only be created from a verified session (docs/security.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        """Pages an unverified session may reach: the code, enrolment, logout, language, static."""
        names = ("otp_verify", "otp_enrol", "logout", "set_language")
        return (*(reverse(name) for name in names), settings.STATIC_URL)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(self.open_paths) and otp.must_verify(request):
            if is_api(request):
                message = _("Phiên đăng nhập chưa xác thực hai bước.")
                return api_error(ErrorCode.SECOND_FACTOR_REQUIRED, message, 403)
            target = f"{reverse('otp_verify')}?{urlencode({'next': request.get_full_path()})}"
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return HttpResponseRedirect(target)
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """End a session left idle longer than ``QPDP_SESSION_IDLE_MINUTES``.

    The last-activity time is written at most once a minute, so an active officer's session is
    not saved on every request; the logout is recorded with the reason.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_SECONDS:
                request.qpdp_logout_reason = "idle"  # type: ignore[attr-defined]  # for signals
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn do lâu không thao tác."))
            elif not isinstance(last_seen, int) or now - last_seen >= ACTIVITY_RESOLUTION:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages in Vietnamese unless the user chose English with the language switch; the API in
    the language its client asks for (``Accept-Language: en``), Vietnamese otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which shows English to an
    officer whose browser was installed in English; QPĐP's pages are Vietnamese by default. A
    program calling the API states its language on purpose, so there the header is honoured
    (after the language cookie, as Django orders them).
    """

    def process_request(self, request: HttpRequest) -> None:
        if is_api(request):
            language = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
