"""Import pages: upload, column mapping, preview with commit, history, undo, error report.

Views are thin: they store the upload, call ``imports.services`` (or, for a large file,
``imports.tasks``, which runs the same services in the worker) and turn refusals into messages.
Runs are looked up through ``visible_to`` / ``editable_by``, so another ward's run is a 404,
and every write is behind ``WriterRequiredMixin`` and a confirmation page.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRefresh

from qpdp.core.access import can_write, is_admin
from qpdp.core.pagination import paginate
from qpdp.core.units import Unit
from qpdp.core.views import Download, DownloadView, WriterRequiredMixin, stamped
from qpdp.core.views.downloads import XLSX
from qpdp.imports import services, tasks, uploads
from qpdp.imports.analysis import MappingIncomplete, read_mapping
from qpdp.imports.forms import MappingForm, UploadForm, too_large_message
from qpdp.imports.headers import ColumnStatus
from qpdp.imports.models import ImportRun, JobState, RunMode, RunStatus, SavedMapping
from qpdp.imports.readers import ReadError
from qpdp.imports.report import error_report

SHOWN_ERRORS: Final = 200
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
    path = Path(pending["path"])
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
    path = Path(pending["path"])
    if tasks.needs_background(path):
        return tasks.start_preview(
            request.user, pending["layout"], path, unit, mapping, file_name=pending["file_name"]
        )
    return services.preview(
        request.user, pending["layout"], path, unit, mapping, file_name=pending["file_name"]
    )


class ImportHomeView(LoginRequiredMixin, View):
    """The upload form (for writers) above the history of the runs the user may see."""

    template_name = "imports/home.html"

    def _render(
        self,
        request: HttpRequest,
        form: UploadForm | None,
        status: int = 200,
        refusal: str | None = None,
    ) -> Any:
        runs = ImportRun.objects.visible_to(request.user).select_related("user", "unit")
        page = paginate(runs, request.GET.get("page"), 30)
        for run in page.rows:
            tasks.check(run)  # refreshes the run in place when its worker has died
        context = {"form": form, "page": page, "refusal": refusal}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = UploadForm(user=request.user) if can_write(request.user) else None
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can_write(request.user):
            raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))
        if _declared_length(request) > settings.QPDP_IMPORT_MAX_BYTES + _FORM_OVERHEAD:
            # Refused before Django reads the body: a 2 GB upload is not spooled to disk first.
            form = UploadForm(user=request.user)
            return self._render(request, form, status=413, refusal=too_large_message())
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._render(request, form, status=400)
        upload = form.cleaned_data["file"]
        path = uploads.save_upload(upload)
        pending = {
            "path": str(path),
            "file_name": Path(upload.name).name[:255],
            "layout": form.cleaned_data["layout"],
            "unit": form.cleaned_data["unit"].pk,
        }
        try:
            return _preview_or_map(request, pending)
        except (ReadError, ValidationError) as exc:
            path.unlink(missing_ok=True)
            message = exc.message if isinstance(exc, ReadError) else "; ".join(exc.messages)
            form.add_error("file", str(message))
            return self._render(request, form, status=400)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class MappingView(WriterRequiredMixin, View):
    template_name = "imports/mapping.html"

    def _pending(self, request: HttpRequest, token: str) -> dict[str, Any]:
        pending = request.session.get(_PENDING, {}).get(token)
        if pending is None:
            raise Http404
        return dict(pending)

    def _form(self, request: HttpRequest, pending: dict[str, Any], data: Any = None) -> Any:
        layout = services.layout_or_refuse(pending["layout"])
        unit = Unit.objects.get(pk=pending["unit"])
        mapping = read_mapping(layout, Path(pending["path"]))
        saved = _saved_mapping(layout.code, mapping.signature, unit)
        if saved:
            mapping = read_mapping(layout, Path(pending["path"]), saved)
        return MappingForm(data, layout=layout, mapping=mapping), unit

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        pending = self._pending(request, token)
        form, _unit = self._form(request, pending)
        return render(request, self.template_name, {"form": form, "pending": pending})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        pending = self._pending(request, token)
        form, unit = self._form(request, pending, request.POST)
        if form.is_valid():
            chosen = form.chosen()
            try:
                missing = read_mapping(form.layout, Path(pending["path"]), chosen).missing_required(
                    form.layout
                )
                if missing:
                    raise MappingIncomplete(form.mapping, [str(item.label) for item in missing])
                run = _start_preview(request, pending, unit, chosen)
            except MappingIncomplete as exc:
                form.add_error(None, _("Còn thiếu cột bắt buộc: %(fields)s.") % {"fields": exc})
            except (ReadError, ValidationError) as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
            else:
                if form.cleaned_data.get("save"):
                    SavedMapping.objects.update_or_create(
                        layout=form.layout.code,
                        signature=form.mapping.signature,
                        unit=unit,
                        defaults={"mapping": chosen},
                    )
                request.session[_PENDING].pop(token, None)
                request.session.modified = True
                return HttpResponseRedirect(reverse("imports:detail", args=[run.pk]))
        context = {"form": form, "pending": pending}
        return render(request, self.template_name, context, status=400)


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


class RunDetailView(LoginRequiredMixin, View):
    """A run: the preview with its commit buttons, or the result with undo and the report.

    While a background job works on the run, the page shows its progress instead, polled by
    htmx; the officer may leave and come back, the job goes on without the page.
    """

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = _visible_run(request, pk)
        may_act = _may_act(request, run) and not run.job_active
        context = {
            **_job_context(request, run),
            "errors": run.errors[:SHOWN_ERRORS],
            "more_errors": max(len(run.errors) - SHOWN_ERRORS, 0),
            "can_commit": may_act and run.status in (RunStatus.PREVIEW, RunStatus.REJECTED),
            "can_undo": may_act and run.status == RunStatus.COMMITTED,
            "can_download": can_write(request.user) and bool(run.error_rows),
        }
        return render(request, "imports/detail.html", context)


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
