"""``qpdp import LAYOUT FILE --unit CODE``: check a spreadsheet and write it to the registry.

The command is named ``import`` as the issue asks; Django loads commands with
``importlib.import_module``, which accepts a keyword as a module name. Exit status is 0 only
when the file was written (or, with ``--dry-run``, would be) with no row rejected in
all-or-nothing mode, so scripts can chain imports safely. It runs in its own process, not in
the background worker, and has no size limit; a progress line on stderr shows rows per second.
"""

from __future__ import annotations

import time
import uuid
from argparse import BooleanOptionalAction
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from django.utils import timezone

from qpdp.core.audit import Origin, reset_origin, set_origin
from qpdp.core.management.cli import get_unit, get_user, refusal
from qpdp.imports import services
from qpdp.imports.analysis import MappingIncomplete
from qpdp.imports.models import ImportRun, RunMode
from qpdp.imports.readers import ReadError, estimate_rows
from qpdp.imports.report import error_report


class Command(BaseCommand):
    help = "Nhập danh sách từ tệp Excel, ODS hoặc CSV vào sổ (kiểm tra toàn bộ trước khi ghi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("layout", help="Mẫu nhập, ví dụ: people, registration.")
        parser.add_argument("file", help="Đường dẫn tệp cần nhập.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị nhận dữ liệu (còn hiệu lực).")
        parser.add_argument("--user", required=True, help="Tài khoản thực hiện.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")
        parser.add_argument("--mode", choices=RunMode.values, default=RunMode.ALL)
        parser.add_argument("--errors", help="Ghi các dòng lỗi ra tệp .xlsx này.")
        parser.add_argument(
            "--progress",
            action=BooleanOptionalAction,
            default=None,
            help="Hiện tiến độ trên stderr (mặc định: khi chạy trong cửa sổ dòng lệnh).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user(options["user"])
        unit = get_unit(options["unit"], on=timezone.localdate())
        path = Path(options["file"]).resolve()  # never mistaken for a stored upload's name
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        token = set_origin(Origin(address=None, request_id=uuid.uuid4().hex, channel="cli"))
        try:
            self._run(user, unit, path, options)
        finally:
            reset_origin(token)

    def _bar(self, options: dict[str, Any], label: str, total: int | None) -> ProgressBar | None:
        shown = options["progress"]
        if shown is None:
            shown = self.stderr.isatty()
        return ProgressBar(self.stderr, label, total) if shown else None

    def _run(self, user: Any, unit: Any, path: Path, options: dict[str, Any]) -> None:
        bar = self._bar(options, "Kiểm tra", estimate_rows(path))
        try:
            source = services.ImportSource(options["layout"], path, unit, file_name=path.name)
            run, analysis = services.preview_with_analysis(user, source, progress=bar)
        except ReadError as exc:
            raise CommandError(str(exc)) from None
        except MappingIncomplete as exc:
            raise CommandError(
                f"Thiếu cột bắt buộc: {exc}. Hãy sửa tiêu đề cột hoặc ghép cột trên trang web."
            ) from None
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        self._summary(run, heading="Kết quả kiểm tra")
        if options["errors"] and run.error_rows:
            Path(options["errors"]).write_bytes(error_report(run))
            self.stdout.write(f"Đã ghi {run.rejected_count} dòng lỗi ra {options['errors']}.")
        if options["dry_run"]:
            self.stdout.write("Chạy thử (--dry-run): chưa ghi gì vào sổ.")
            if run.rejected_count and options["mode"] == RunMode.ALL:
                raise CommandError(f"{run.rejected_count} dòng có lỗi.", returncode=1)
            return
        bar = self._bar(options, "Ghi vào sổ", run.total_rows)
        try:
            run = services.commit(user, run, options["mode"], analysis=analysis, progress=bar)
        except services.ImportRefused as exc:
            raise CommandError(refusal(exc), returncode=1) from None
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(refusal(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        self._summary(run, heading=f"Đã ghi vào sổ (lần nhập số {run.pk})")

    def _summary(self, run: ImportRun, *, heading: str) -> None:
        self.stdout.write(f"{heading}: {run.file_name} ({run.total_rows} dòng dữ liệu)")
        self.stdout.write(f"  Thêm mới:  {run.created_count}")
        self.stdout.write(f"  Cập nhật:  {run.updated_count}")
        self.stdout.write(f"  Không đổi: {run.unchanged_count}")
        self.stdout.write(f"  Bị loại:   {run.rejected_count}")
        if run.legacy_cells:
            self.stdout.write(f"  Ô chuyển từ mã TCVN3/VNI sang Unicode: {run.legacy_cells}")
        for line in run.skipped:
            self.stdout.write(f"  {line}")
        for error in run.errors[:20]:
            column = f"cột {error['column']}, " if error["column"] else ""
            self.stdout.write(f"  Dòng {error['row']}, {column}{error['reason']}")
        if len(run.errors) > 20:
            self.stdout.write(f"  … và {len(run.errors) - 20} lỗi khác.")


class ProgressBar:
    """One line on stderr, rewritten in place: rows done, share of the estimate, rows/second."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, label: str, total: int | None) -> None:
        self.stream = stream
        self.label = label
        self.total = total or None
        self.started = time.monotonic()
        self.rows = 0

    def __call__(self, rows: int) -> None:
        self.rows = rows
        elapsed = time.monotonic() - self.started
        rate = f"{rows / elapsed:,.0f}".replace(",", ".") if elapsed > 0 else "…"
        done = f"{rows:,}".replace(",", ".")
        if self.total:
            share = min(rows / self.total, 1.0)
            filled = round(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            line = f"{self.label} [{bar}] {share:4.0%} {done} dòng, {rate} dòng/giây"
        else:
            line = f"{self.label}: {done} dòng, {rate} dòng/giây"
        self.stream.write(f"\r{line}", ending="")
        self.stream.flush()

    def close(self) -> None:
        if self.rows:
            self.stream.write("")
