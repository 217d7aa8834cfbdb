"""The account page and the second-factor pages: enrol an authenticator, verify a code, renew
backup codes, turn the second factor off where the role allows it.

``SecondFactorMiddleware`` sends an administrator's or commander's unverified session here; every
other page refuses it until a code has been verified.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qpdp.core import otp
from qpdp.core.access import User
from qpdp.core.error_codes import ErrorCode


class LoginForm(AuthenticationForm):
    """Django's login form, with its username length actually enforced.

    ``AuthenticationForm`` sets ``max_length`` on the field after construction, which adds no
    validator: a 10,000-character username reached ``authenticate`` and the lockout record
    (axes, a 255-character column), a 500 on PostgreSQL.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(getattr(field, "max_length", None) or 150))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=20,
        help_text=gettext_lazy("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _to(name: str, next_url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # LoginRequiredMixin ran first
    return user


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]  # set by OTPMiddleware


class VerifyView(LoginRequiredMixin, View):
    """The code asked after the password."""

    template_name = "registration/otp_verify.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        if _verified(request):
            return HttpResponseRedirect(_next_url(request))
        if not otp.has_device(user):
            if otp.required_by_role(user):
                return _to("otp_enrol", _next_url(request))
            return HttpResponseRedirect(_next_url(request))
        return self.show(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        form = CodeForm(request.POST)
        if form.is_valid():
            locked = otp.throttled_until(user)
            if locked is not None:
                form.add_error(
                    "code",
                    ValidationError(
                        _("Nhập sai nhiều lần. Hãy thử lại sau %(time)s.")
                        % {"time": time_format(localtime(locked), "H:i:s")},
                        code=ErrorCode.OTP_THROTTLED,
                    ),
                )
            elif otp.verify(request, form.cleaned_data["code"]):
                return HttpResponseRedirect(_next_url(request))
            else:
                form.add_error(
                    "code", ValidationError(_("Mã xác thực không đúng."), code=ErrorCode.OTP_WRONG)
                )
        return self.show(request, form, status=400)

    def show(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "next": _next_url(request)}
        return render(request, self.template_name, context, status=status)


class EnrolView(LoginRequiredMixin, View):
    """Scan the QR code, type the first code: the device is confirmed and backup codes shown.

    An account that already has an authenticator replaces it only from a verified session, so a
    stolen password cannot enrol a second phone.
    """

    template_name = "registration/otp_enrol.html"

    def allowed(self, request: HttpRequest) -> bool:
        user = _user(request)
        return (
            _verified(request) or not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self.allowed(request):
            return _to("otp_verify", _next_url(request))
        return self.show(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not self.allowed(request):
            return _to("otp_verify", _next_url(request))
        form = CodeForm(request.POST)
        if form.is_valid():
            device = otp.pending_device(_user(request))
            codes = otp.confirm_enrolment(request, device, form.cleaned_data["code"])
            if codes is not None:
                messages.success(request, _("Đã bật xác thực hai bước."))
                return render_codes(request, codes)
            form.add_error(
                "code", ValidationError(_("Mã xác thực không đúng."), code=ErrorCode.OTP_WRONG)
            )
        return self.show(request, form, status=400)

    def show(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        device = otp.pending_device(_user(request))
        context = {
            "form": form,
            "qr": otp.qr_svg(device),
            "secret": otp.secret_text(device),
            "next": _next_url(request),
            "required": otp.required_by_role(_user(request)),
        }
        return render(request, self.template_name, context, status=status)


def render_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The backup codes, shown this once (the response is not cached)."""
    response = render(
        request, "registration/otp_codes.html", {"codes": codes, "next": _next_url(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


class AccountView(LoginRequiredMixin, View):
    template_name = "core/account.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        context: dict[str, Any] = {
            "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "required": otp.required_by_role(user),
            "verified": _verified(request),
            "backup_left": StaticToken.objects.filter(device__user=user).count(),
        }
        return render(request, self.template_name, context)


class BackupCodesView(LoginRequiredMixin, View):
    """New backup codes replace the old ones; only from a session verified by a code."""

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        if not _verified(request):
            return _to("otp_verify", reverse("account"))
        return render_codes(request, otp.new_backup_codes(user))


class DisableView(LoginRequiredMixin, View):
    """Officers who chose a second factor may drop it; administrators and commanders may not."""

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        if otp.required_by_role(user):
            messages.error(request, _("Vai trò của bạn bắt buộc xác thực hai bước."))
        elif not _verified(request):
            return _to("otp_verify", reverse("account"))
        else:
            otp.remove_devices(user, user, reason="disabled by the account holder")
            request.session.pop(otp.SESSION_ENROLLED, None)
            messages.success(request, _("Đã tắt xác thực hai bước."))
        return HttpResponseRedirect(reverse("account"))
