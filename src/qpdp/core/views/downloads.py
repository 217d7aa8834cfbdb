"""Files that leave the system: every download goes through ``download_response``, which writes
the audit entry (who, what, with which filters) before the file is handed over."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View

from qpdp.core import audit
from qpdp.core.units import Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"xlsx": XLSX, "csv": CSV}


@dataclass(frozen=True)
class Download:
    """A file to hand over and what the audit log says about it."""

    content: bytes
    filename: str
    content_type: str
    title: StrOrPromise
    obj: Model | None = None
    unit: Unit | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def stamped(slug: str, extension: str) -> str:
    """``cong-dan-20261207-0915.xlsx``: the officer's downloads of one list sort by time."""
    return f"{slug}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def download_response(request: HttpRequest, download: Download) -> HttpResponse:
    """Record the export, then answer with the file as an attachment."""
    audit.record(
        request.user,
        audit.Action.EXPORT,
        download.obj,
        unit=download.unit,
        object_repr=str(download.title),
        extra={"path": request.path, "query": request.GET.urlencode(), **download.extra},
    )
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


class DownloadView(LoginRequiredMixin, View):
    """A page that is a file: ``get_download`` finds what the user may take (404 otherwise)
    and builds it; the view audits and sends it."""

    def get_download(self) -> Download:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return download_response(request, self.get_download())
