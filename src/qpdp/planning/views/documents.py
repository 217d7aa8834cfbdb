"""The register of directive documents: list by unit and year, entry forms, the file."""

from __future__ import annotations

from functools import cached_property
from pathlib import PurePath
from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from qpdp.core.access import can_write
from qpdp.core.pagination import paginate
from qpdp.planning import services
from qpdp.planning.forms import DocumentForm
from qpdp.planning.models import DirectiveDocument
from qpdp.planning.views._base import PAGE_SIZE, PlanningPage, ServiceForm, UnitPage, link


class DocumentListView(PlanningPage):
    def get(self, request: HttpRequest) -> HttpResponse:
        documents = self.of_page(DirectiveDocument.objects.visible_to(request.user))
        return self.render(
            "planning/document_list.html",
            {
                "page": paginate(
                    documents.select_related("unit").order_by("-issued_on", "-pk"),
                    request.GET.get("page"),
                    PAGE_SIZE,
                ),
                "can_add": self.unit is not None and can_write(request.user),
            },
        )


class DocumentCreateView(UnitPage, ServiceForm):
    form_class = DocumentForm

    def save(self, form: forms.Form) -> str:
        assert self.unit is not None
        services.add_document(
            self.request.user, self.unit, {**form.cleaned_data, "year": self.year}
        )
        return link("planning:documents", self.unit, self.year)

    def context(self) -> dict[str, Any]:
        assert self.unit is not None
        return {
            "title": _("Thêm văn bản chỉ đạo năm %(year)s: %(unit)s")
            % {"year": self.year, "unit": self.unit.label},
            "back": link("planning:documents", self.unit, self.year),
            "multipart": True,
        }


class DocumentMixin:
    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def document(self) -> DirectiveDocument:
        editable = DirectiveDocument.objects.editable_by(self.request.user).select_related("unit")
        return get_object_or_404(editable, pk=self.kwargs["pk"])

    def back(self) -> str:
        return link("planning:documents", self.document.unit, self.document.year)


class DocumentEditView(DocumentMixin, ServiceForm):
    form_class = DocumentForm

    def initial(self) -> dict[str, Any]:
        d = self.document
        return {
            "number": d.number,
            "issued_on": d.issued_on,
            "issuer": d.issuer,
            "summary": d.summary,
        }

    def save(self, form: forms.Form) -> str:
        services.update_document(self.request.user, self.document, form.cleaned_data)
        return self.back()

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Sửa văn bản %(number)s") % {"number": self.document.number},
            "back": self.back(),
            "multipart": True,
        }


class DocumentDeleteView(DocumentMixin, ServiceForm):
    form_class = forms.Form
    template_name = "planning/confirm.html"

    def save(self, form: forms.Form) -> str:
        back = self.back()
        services.delete_document(self.request.user, self.document)
        return back

    def success_message(self) -> str:
        return _("Đã xóa văn bản khỏi sổ.")

    def context(self) -> dict[str, Any]:
        return {
            "title": _("Xóa văn bản"),
            "question": _("Xóa văn bản %(number)s (%(summary)s) và tệp kèm theo khỏi sổ?")
            % {"number": self.document.number, "summary": self.document.summary},
            "back": self.back(),
            "danger": True,
        }


class DocumentFileView(PlanningPage):
    """The document's file, for those who may see the entry (files are not served publicly)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        visible = DirectiveDocument.objects.visible_to(request.user)
        document = get_object_or_404(visible, pk=pk)
        if not document.file:
            raise Http404(_("Văn bản không có tệp kèm theo."))
        name = f"{document.number.replace('/', '-')}{PurePath(document.file.name).suffix}"
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
