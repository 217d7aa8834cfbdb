"""The officer's own API tokens: list, create (the secret shown once), revoke after confirming."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qpdp.api import tokens
from qpdp.api.forms import RevokeForm, TokenForm
from qpdp.api.models import ApiToken
from qpdp.api.tables import TokenTable
from qpdp.core.access import User
from qpdp.core.forms import add_service_errors


def own_tokens(request: HttpRequest) -> Any:
    user = request.user
    return ApiToken.objects.filter(user=user) if isinstance(user, User) else ApiToken.objects.none()


class TokenListView(LoginRequiredMixin, View):
    """The list and the creation form on one page; creating answers with the secret, once."""

    template_name = "api/token_list.html"

    def render_page(self, request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
        context = {"tokens": TokenTable(own_tokens(request), user=request.user), "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, secret = tokens.create_token(
                    request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                response = render(
                    request, "api/token_created.html", {"token": token, "secret": secret}
                )
                response["Cache-Control"] = "no-store"
                return response
        return self.render_page(request, form, status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    template_name = "api/token_revoke.html"

    def get_token(self, request: HttpRequest, pk: int) -> ApiToken:
        return get_object_or_404(own_tokens(request), pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = {"token": self.get_token(request, pk), "form": RevokeForm()}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = self.get_token(request, pk)
        form = RevokeForm(request.POST)
        if not form.is_valid():
            context = {"token": token, "form": form}
            return render(request, self.template_name, context, status=400)
        tokens.revoke_token(request.user, token)
        messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
        return HttpResponseRedirect(reverse("api_tokens:list"))
