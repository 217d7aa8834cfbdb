"""Import pages: upload, column mapping, preview with commit, history, undo, error report.

Views are thin: they store the upload, call ``imports.services`` (or, for a large file,
``imports.tasks``, which runs the same services in the worker) and turn refusals into messages.
Runs are looked up through ``visible_to`` / ``editable_by``, so another ward's run is a 404,
and every write is behind ``WriterRequiredMixin`` and a confirmation page.
"""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.http import HttpResponseClientRefresh

from qpdp.core.access import can_write, is_admin
from qpdp.core.pagination import Page, parse_page_number
from qpdp.core.units import Unit
from qpdp.core.views import (
    DetailView,
    Download,
    DownloadView,
    ListView,
    ServiceFormView,
    WriterRequiredMixin,
    stamped,
)
from qpdp.core.views.downloads import XLSX
from qpdp.imports import services, tasks, uploads
from qpdp.imports.analysis import MappingIncomplete, read_mapping
from qpdp.imports.error_codes import ErrorCode
from qpdp.imports.forms import MappingForm, UploadForm, too_large_message
from qpdp.imports.headers import ColumnStatus
from qpdp.imports.models import ImportRun, JobState, RunMode, RunStatus, SavedMapping
from qpdp.imports.readers import ReadError
from qpdp.imports.report import error_report
from qpdp.imports.tables import PlannedRowTable, RowErrorTable, RunTable

SHOWN_ERRORS: Final = 200
PLANNED_PAGE_SIZE: Final = 50
_PENDING: Final = "imports_pending"
_FORM_OVERHEAD: Final = 64 * 1024
"""Room for the other fields and the multipart framing around an upload of the maximum size."""


def _saved_mapping(layout: str, signature: str, unit: Unit) -> dict[str, str]:
    saved = SavedMapping.objects.filter(layout=layout, signature=signature, unit=unit).first()
    return dict(saved.mapping) if saved else {}


def _needs_mapping(mapping: Any, layout: Any) -> bool:
    unmatched = mapping.with_status(ColumnStatus.UNMATCHED) + mapping.with_status(
        ColumnStatus.DUPLICATE
    )
    return bool(unmatched or mapping.missing_required(layout))


def _preview_or_map(request: HttpRequest, pending: dict[str, Any]) -> HttpResponse:
    """Preview with the saved mapping, or send the officer to the mapping screen."""
    layout = services.layout_or_refuse(pending["layout"])
    unit = Unit.objects.get(pk=pending["unit"])
    path = uploads.readable(pending["path"])
    mapping = read_mapping(layout, path)
    saved = _saved_mapping(layout.code, mapping.signature, unit)
    mapping = read_mapping(layout, path, saved)
    if _needs_mapping(mapping, layout):
        token = secrets.token_urlsafe(12)
        request.session.setdefault(_PENDING, {})[token] = pending
        request.session.modified = True
        return HttpResponseRedirect(reverse("imports:mapping", args=[token]))
    run = _start_preview(request, pending, unit, saved or None)
    return HttpResponseRedirect(reverse("imports:detail", args=[run.pk]))


def _start_preview(
    request: HttpRequest, pending: dict[str, Any], unit: Unit, mapping: dict[str, str] | None
) -> ImportRun:
    """Check the file now, or, when it is large, queue the check and show its progress."""
    path = uploads.readable(pending["path"])
    source = services.ImportSource(
        pending["layout"], path, unit, mapping, pending["file_name"], upload=pending["path"]
    )
    if tasks.needs_background(path):
        return tasks.start_preview(request.user, source)
    return services.preview(request.user, source)


class ImportHomeView(ListView[ImportRun]):
    """The upload form (for writers) above the history of the runs the user may see."""

    model = ImportRun
    table_class = RunTable
    template_name = "imports/home.html"
    title = gettext_lazy("Nhập danh sách từ tệp Excel")
    page_size = 30
    export_formats = ()

    def get_queryset(self) -> QuerySet[ImportRun]:
        return ImportRun.objects.visible_to(self.request.user).select_related("user", "unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.setdefault(
            "form", UploadForm(user=self.request.user) if can_write(self.request.user) else None
        )
        context = super().get_context_data(**kwargs)
        for run in context["page"].rows:
            tasks.check(run)  # refreshes the run in place when its worker has died
        return context

    def refuse(
        self, form: UploadForm, status: int = 400, refusal: str | None = None
    ) -> HttpResponse:
        context = self.get_context_data(form=form, refusal=refusal)
        return self.render_to_response(context, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_write(request.user):
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        if _declared_length(request) > settings.QPDP_IMPORT_MAX_BYTES + _FORM_OVERHEAD:
            # Refused before Django reads the body: a 2 GB upload is not spooled to disk first.
            return self.refuse(UploadForm(user=request.user), 413, too_large_message())
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.refuse(form)
        upload = form.cleaned_data["file"]
        stored = uploads.save_upload(upload)
        pending = {
            "path": stored,
            "file_name": Path(upload.name).name[:255],
            "layout": form.cleaned_data["layout"],
            "unit": form.cleaned_data["unit"].pk,
        }
        try:
            return _preview_or_map(request, pending)
        except (ReadError, ValidationError) as exc:
            uploads.remove(stored)
            message = exc.message if isinstance(exc, ReadError) else "; ".join(exc.messages)
            code = getattr(exc, "code", None)
            form.add_error("file", ValidationError(str(message), code=code))
            return self.refuse(form)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class MappingView(ServiceFormView):
    """The officer matches the columns not recognised; the file is then checked as a preview."""

    form_class = MappingForm
    template_name = "imports/mapping.html"
    title = gettext_lazy("Ghép cột của tệp với các trường")

    @cached_property
    def pending(self) -> dict[str, Any]:
        """The upload waiting in the session under the URL's token (404 once used)."""
        pending = self.request.session.get(_PENDING, {}).get(self.kwargs["token"])
        if pending is None:
            raise Http404
        return dict(pending)

    @cached_property
    def unit(self) -> Unit:
        return Unit.objects.get(pk=self.pending["unit"])

    def get_form_kwargs(self) -> dict[str, Any]:
        layout = services.layout_or_refuse(self.pending["layout"])
        path = uploads.readable(self.pending["path"])
        mapping = read_mapping(layout, path)
        saved = _saved_mapping(layout.code, mapping.signature, self.unit)
        if saved:
            mapping = read_mapping(layout, path, saved)
        return {"layout": layout, "mapping": mapping}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        back = reverse("imports:home")
        return super().get_context_data(pending=self.pending, back=back, **kwargs)

    def save(self, form: MappingForm) -> str:
        """Check the file with the officer's mapping (refused while a required column is
        missing); remember the mapping when asked, and go to the run."""
        chosen = form.chosen()
        path = uploads.readable(self.pending["path"])
        try:
            missing = read_mapping(form.layout, path, chosen).missing_required(form.layout)
            if missing:
                raise MappingIncomplete(form.mapping, [str(item.label) for item in missing])
            run = _start_preview(self.request, self.pending, self.unit, chosen)
        except MappingIncomplete as exc:
            message = _("Còn thiếu cột bắt buộc: %(fields)s.") % {"fields": exc}
            raise ValidationError(message, code=ErrorCode.MAPPING_INCOMPLETE) from exc
        except ReadError as exc:
            raise ValidationError(str(exc.message), code=getattr(exc, "code", None)) from exc
        if form.cleaned_data.get("save"):
            SavedMapping.objects.update_or_create(
                layout=form.layout.code,
                signature=form.mapping.signature,
                unit=self.unit,
                defaults={"mapping": chosen},
            )
        self.request.session[_PENDING].pop(self.kwargs["token"], None)
        self.request.session.modified = True
        return reverse("imports:detail", args=[run.pk])


def _may_act(request: HttpRequest, run: ImportRun) -> bool:
    return can_write(request.user) and (
        is_admin(request.user) or run.user_id in (None, request.user.pk)
    )


def _visible_run(request: HttpRequest, pk: int) -> ImportRun:
    visible = ImportRun.objects.visible_to(request.user).select_related("user", "unit")
    return tasks.check(get_object_or_404(visible, pk=pk))


def _job_context(request: HttpRequest, run: ImportRun) -> dict[str, Any]:
    return {
        "run": run,
        "progress": tasks.progress(run) if run.job_phase else None,
        "can_restart": _may_act(request, run) and tasks.restartable(run),
    }


class RunDetailView(DetailView[ImportRun]):
    """A run: the preview with its commit buttons, or the result with undo and the report.

    While a background job works on the run, the page shows its progress instead, polled by
    htmx; the officer may leave and come back, the job goes on without the page.
    """

    model = ImportRun
    template_name = "imports/detail.html"
    context_object_name = "run"

    @cached_property
    def object(self) -> ImportRun:
        return _visible_run(self.request, self.kwargs["pk"])

    def is_editable(self) -> bool:
        """Whether the user may commit or undo this run (no query: the run is loaded)."""
        return _may_act(self.request, self.object) and not self.object.job_active

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run, may_act = self.object, context["editable"]
        context.update(
            _job_context(self.request, run),
            title=run.file_name,
            errors=RowErrorTable(run.errors[:SHOWN_ERRORS], user=self.request.user)
            if run.errors
            else None,
            more_errors=max(len(run.errors) - SHOWN_ERRORS, 0),
            can_commit=may_act and run.status in (RunStatus.PREVIEW, RunStatus.REJECTED),
            can_undo=may_act and run.status == RunStatus.COMMITTED,
            can_download=can_write(self.request.user) and bool(run.error_rows),
        )
        if run.status in (RunStatus.PREVIEW, RunStatus.REJECTED):
            context.update(self.planned(run))
        return context

    def planned(self, run: ImportRun) -> dict[str, Any]:
        """A page of the rows the commit will write, from the preview's staging file."""
        number = parse_page_number(self.request.GET.get("page"))
        start = (number - 1) * PLANNED_PAGE_SIZE
        rows = services.planned_rows(run, start, PLANNED_PAGE_SIZE)
        if rows is None:
            return {}
        total = run.created_count + run.updated_count
        page = Page(rows, number, PLANNED_PAGE_SIZE, total > start + len(rows), total, False)
        table = PlannedRowTable(rows, run.headers, user=self.request.user)
        return {"planned": table, "page": page}


class ProgressView(LoginRequiredMixin, View):
    """The progress fragment that the detail page polls; a finished job reloads the page."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = _visible_run(request, pk)
        detail = reverse("imports:detail", args=[run.pk])
        if not request.htmx:  # type: ignore[attr-defined]
            return HttpResponseRedirect(detail)
        if not run.job_active:
            return HttpResponseClientRefresh()
        return render(request, "imports/_job.html", _job_context(request, run))


class _RunActionView(WriterRequiredMixin, View):
    """A confirmation page (GET) and the action (POST) on one of the user's runs."""

    def get_run(self, request: HttpRequest, pk: int) -> ImportRun:
        run = get_object_or_404(ImportRun.objects.editable_by(request.user), pk=pk)
        if not _may_act(request, run):
            raise PermissionDenied(_("Chỉ người đã tải tệp lên mới ghi được lần nhập này."))
        return tasks.check(run)

    def confirm(self, request: HttpRequest, run: ImportRun, **context: Any) -> HttpResponse:
        return render(request, "imports/confirm.html", {"run": run, **context})


class CommitView(_RunActionView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run(request, pk)
        mode = request.GET.get("mode", RunMode.ALL)
        if mode not in RunMode.values:
            mode = RunMode.ALL
        return self.confirm(
            request, run, action="commit", mode=mode, mode_label=RunMode(mode).label
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run(request, pk)
        try:
            run = tasks.commit(request.user, run, request.POST.get("mode", RunMode.ALL))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            _job_message(request, run)
        return HttpResponseRedirect(reverse("imports:detail", args=[run.pk]))


def _job_message(request: HttpRequest, run: ImportRun) -> None:
    if run.job_active:
        messages.info(request, _("Đang xử lý trong nền; trang này tự cập nhật tiến độ."))
    elif run.job_state in (JobState.FAILED, JobState.INTERRUPTED):
        messages.error(request, run.job_message)
    elif run.status == RunStatus.COMMITTED:
        messages.success(
            request,
            _("Đã ghi: %(created)s thêm mới, %(updated)s cập nhật, %(rejected)s dòng bị loại.")
            % {
                "created": run.created_count,
                "updated": run.updated_count,
                "rejected": run.rejected_count,
            },
        )


class RestartView(_RunActionView):
    """Start again a job that was interrupted (worker stopped) or failed."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.confirm(request, self.get_run(request, pk), action="restart")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run(request, pk)
        try:
            run = tasks.restart(request.user, run)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            _job_message(request, run)
        return HttpResponseRedirect(reverse("imports:detail", args=[run.pk]))


class UndoView(_RunActionView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.confirm(request, self.get_run(request, pk), action="undo")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = self.get_run(request, pk)
        try:
            services.undo(request.user, run)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            uploads.discard(run)
            messages.success(request, _("Đã hoàn tác lần nhập."))
        return HttpResponseRedirect(reverse("imports:detail", args=[run.pk]))


class ErrorReportView(WriterRequiredMixin, DownloadView):
    """The rejected rows as XLSX, to correct in Excel and import again."""

    def get_download(self) -> Download:
        run = get_object_or_404(
            ImportRun.objects.visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if not run.error_rows:
            raise Http404
        return Download(
            content=error_report(run),
            filename=stamped(f"loi-nhap-{run.pk}", "xlsx"),
            content_type=XLSX,
            title=str(run),
            obj=run,
            unit=run.unit,
            extra={"error_report": run.rejected_count},
        )
