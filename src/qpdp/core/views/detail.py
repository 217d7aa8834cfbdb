"""The detail page of the kit: one record the user may see (404 otherwise), its change history,
and whether the user may edit it."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from qpdp.core import audit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HISTORY_LIMIT = 100


class DetailView[M: Model](LoginRequiredMixin, TemplateView):
    """``model``'s record ``pk`` from ``visible_to(user)``, in the context as
    ``context_object_name`` with ``history`` (the last audit entries) and ``editable``."""

    model: type[M]
    context_object_name = "object"
    title: StrOrPromise = ""
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_queryset(self) -> QuerySet[M]:
        return self.model.objects.visible_to(self.request.user)  # type: ignore[attr-defined]  # ScopedQuerySet's manager

    @cached_property
    def object(self) -> M:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def is_editable(self) -> bool:
        """Whether the user may change this record (one query; none for a leader)."""
        manager = self.model.objects  # type: ignore[attr-defined]  # ScopedQuerySet's manager
        return bool(manager.editable_by(self.request.user).filter(pk=self.object.pk).exists())

    def history(self) -> QuerySet[audit.AuditEntry]:
        """The record's last audit entries (newest first)."""
        return audit.history(self.object)[:HISTORY_LIMIT]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                self.context_object_name: self.object,
                "title": self.title or str(self.object),
                # read only if the template shows it (a page without history costs no query)
                "history": SimpleLazyObject(self.history),
                "editable": self.is_editable(),
            }
        )
        return context
