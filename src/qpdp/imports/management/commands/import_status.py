"""``qpdp import_status [RUN …]``: where background import jobs stand, seen from the server.

Looking at a run is also what marks a job whose worker died as interrupted (there is no
supervisor), so an operator can check after a crash without opening the pages.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qpdp.imports import tasks
from qpdp.imports.models import ImportRun, JobState


class Command(BaseCommand):
    help = "Xem tình trạng các việc nhập dữ liệu chạy nền (đang chờ, đang chạy, bị gián đoạn)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("runs", nargs="*", type=int, help="Số của lần nhập (mặc định: tất cả).")

    def handle(self, *args: Any, **options: Any) -> None:
        runs = ImportRun.objects.select_related("unit").order_by("pk")
        if options["runs"]:
            runs = runs.filter(pk__in=options["runs"])
        else:
            unfinished = (JobState.QUEUED, JobState.RUNNING, JobState.INTERRUPTED)
            runs = runs.filter(job_state__in=unfinished)
        shown = 0
        for run in runs:
            run = tasks.check(run)
            progress = tasks.progress(run)
            state = run.get_job_state_display() if run.job_state else "—"
            self.stdout.write(
                f"{run.pk}\t{run.file_name}\t{run.unit.code}\t{run.get_status_display()}\t"
                f"{run.get_job_phase_display() or '—'}: {state}\t"
                f"{progress.rows_done}/{progress.rows_estimate or '?'} dòng"
            )
            if run.job_message:
                self.stdout.write(f"\t{run.job_message}")
            shown += 1
        if not shown:
            self.stdout.write("Không có việc nhập nào đang chờ, đang chạy hay bị gián đoạn.")
