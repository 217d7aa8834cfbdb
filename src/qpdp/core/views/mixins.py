"""Who may open a page: the role checks every page shares, asked of ``core.access``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import can_write, is_commander, require_writer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class WriterRequiredMixin(LoginRequiredMixin):
    """Leaders read; only other roles reach a form that writes."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            require_writer(request.user)
        return super().dispatch(request, *args, **kwargs)


class CommanderRequiredMixin(LoginRequiredMixin):
    """A commander's decision (a cycle, a quota, a target): refused to staff and to leaders.
    ``commander_message`` says what the page decides."""

    commander_message: StrOrPromise = _("Chỉ chỉ huy đơn vị mới được thực hiện thao tác này.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not (is_commander(user) and can_write(user)):
            raise PermissionDenied(self.commander_message)
        return super().dispatch(request, *args, **kwargs)


class HtmxPartialMixin:
    """Asked by htmx (not a boosted link), a page answers with ``partial_template_name`` only:
    the part the request replaces, without the layout."""

    request: HttpRequest
    partial_template_name = ""

    def get_template_names(self) -> list[str]:
        if self.partial_template_name and wants_partial(self.request):
            return [self.partial_template_name]
        return super().get_template_names()  # type: ignore[misc]  # TemplateResponseMixin's


def wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)  # set by django-htmx's middleware
    return htmx is not None and bool(htmx) and not htmx.boosted
