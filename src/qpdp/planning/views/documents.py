"""The register of directive documents: list by unit and year, entry forms, the file."""

from __future__ import annotations

from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qpdp.core.access import can_write
from qpdp.core.views import ListView, ServiceFormView
from qpdp.planning import services
from qpdp.planning.forms import DocumentForm
from qpdp.planning.models import DirectiveDocument
from qpdp.planning.tables import DocumentTable
from qpdp.planning.views.context import PAGE_SIZE, SAVED, UnitRequiredMixin, UnitYearMixin, link

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DocumentListView(UnitYearMixin, ListView[DirectiveDocument]):
    model = DirectiveDocument
    table_class = DocumentTable
    template_name = "planning/document_list.html"
    page_size = PAGE_SIZE
    export_formats = ()

    def get_queryset(self) -> QuerySet[DirectiveDocument]:
        documents = self.of_page(DirectiveDocument.objects.visible_to(self.request.user))
        return documents.select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = {"year": self.year}
        context["title"] = _("Sổ văn bản lãnh đạo, chỉ đạo năm %(year)s") % year
        context["can_add"] = self.unit is not None and can_write(self.request.user)
        self.table.empty_text = _("Chưa có văn bản nào của năm %(year)s.") % year
        return context


class DocumentCreateView(UnitRequiredMixin, ServiceFormView):
    form_class = DocumentForm
    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED

    def save(self, form: Any) -> str:
        unit = self.chosen_unit()
        services.add_document(self.request.user, unit, {**form.cleaned_data, "year": self.year})
        return link("planning:documents", unit, self.year)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.chosen_unit()
        return super().get_context_data(**kwargs) | {
            "title": _("Thêm văn bản chỉ đạo năm %(year)s: %(unit)s")
            % {"year": self.year, "unit": unit.label},
            "back": link("planning:documents", unit, self.year),
        }


class DocumentMixin:
    template_name = "planning/form.html"
    success_message: StrOrPromise = SAVED
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def document(self) -> DirectiveDocument:
        editable = DirectiveDocument.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return link("planning:documents", self.document.unit, self.document.year)


class DocumentEditView(DocumentMixin, ServiceFormView):
    form_class = DocumentForm

    def get_initial(self) -> dict[str, Any]:
        d = self.document
        return {
            "number": d.number,
            "issued_on": d.issued_on,
            "issuer": d.issuer,
            "summary": d.summary,
        }

    def save(self, form: Any) -> str:
        services.update_document(self.request.user, self.document, form.cleaned_data)
        return self.back()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "title": _("Sửa văn bản %(number)s") % {"number": self.document.number},
            "back": self.back(),
        }


class DocumentDeleteView(DocumentMixin, ServiceFormView):
    form_class = forms.Form
    template_name = "planning/confirm.html"
    success_message = gettext_lazy("Đã xóa văn bản khỏi sổ.")
    title = gettext_lazy("Xóa văn bản")

    def save(self, form: Any) -> str:
        back = self.back()
        services.delete_document(self.request.user, self.document)
        return back

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(**kwargs) | {
            "question": _("Xóa văn bản %(number)s (%(summary)s) và tệp kèm theo khỏi sổ?")
            % {"number": self.document.number, "summary": self.document.summary},
            "back": self.back(),
            "danger": True,
        }


class DocumentFileView(LoginRequiredMixin, View):
    """The document's file, for those who may see the entry (files are not served publicly)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        visible = DirectiveDocument.objects.visible_to(request.user)
        document = get_object_or_404(visible, pk=pk)
        if not document.file:
            raise Http404(_("Văn bản không có tệp kèm theo."))
        name = f"{document.number.replace('/', '-')}{PurePath(document.file.name).suffix}"
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
