"""The user's own imports on the home page's work list: files still being checked or written,
jobs that failed or were interrupted (to run again), previews waiting for the officer's
confirmation. Each links to the run's page, which looks at the job again (``tasks.check``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import home
from qpdp.core.home import Task
from qpdp.imports.models import ImportRun, JobState, RunStatus

RECENT_DAYS = 30
RUNS_SHOWN = 10
ACTIVE = (JobState.QUEUED, JobState.RUNNING)
STOPPED = (JobState.FAILED, JobState.INTERRUPTED)
OPEN = (RunStatus.PENDING, RunStatus.PREVIEW, RunStatus.FAILED)


def _task(run: ImportRun) -> Task:
    url = reverse("imports:detail", args=[run.pk])
    if run.job_state in ACTIVE:
        return Task(_("Đang xử lý tệp %(file)s") % {"file": run.file_name}, url)
    if run.job_state in STOPPED or run.status == RunStatus.FAILED:
        text = _("Nhập tệp %(file)s không thành công: xem lỗi hoặc chạy lại")
        return Task(text % {"file": run.file_name}, url, overdue=True)
    return Task(_("Tệp %(file)s đã kiểm tra, chờ xác nhận ghi") % {"file": run.file_name}, url)


def runs(request: HttpRequest) -> Mapping[str, Any]:
    """The user's runs of the last ``RECENT_DAYS`` that still need an eye: an older failure is
    history, kept on the imports page."""
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    needing = Q(job_state__in=ACTIVE) | Q(status__in=OPEN)
    found = list(
        ImportRun.objects.visible_to(request.user)
        .filter(needing, user_id=request.user.pk, created_at__gte=since)
        .order_by("-created_at", "-pk")[:RUNS_SHOWN]
    )
    return {
        "tasks": [_task(run) for run in found],
        "url": reverse("imports:home"),
    }


home.register(home.HomePanel("imports", "imports/home_panel.html", runs, order=7))
