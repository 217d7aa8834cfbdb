"""``qpdp backup [-o FILE] [--keep N]``: a verified copy of the whole database, taken while the
server runs; by default a timestamped file in ``QPDP_VAR_DIR/backups``, the nightly timer's
(deploy/systemd/qpdp-backup.service) with ``--keep`` removing the oldest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.core import audit, backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu (SQLite hoặc PostgreSQL) ra một tệp có mã kiểm tra "
        "SHA-256; chạy được khi hệ thống đang hoạt động."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            help=(
                "Tệp sao lưu cần tạo (ví dụ qpdp.backup). Mặc định: "
                "QPDP_VAR_DIR/backups/qpdp-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY.qpdp-backup."
            ),
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help=(
                "Sau khi sao lưu xong, chỉ giữ N bản sao lưu tự đặt tên (qpdp-….qpdp-backup) "
                "mới nhất trong thư mục đó; các bản cũ hơn bị xóa."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep phải từ 1 trở lên.")
        if options["output"]:
            output = Path(options["output"]).resolve()
            if not output.parent.is_dir():
                raise CommandError(f"Không có thư mục “{output.parent}”.")
        else:
            output = backup.default_path(backup.backup_dir())
        try:
            manifest = backup.create(output)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        # No origin is set outside a request or job: the entry is the command line's.
        audit.record(
            None,
            audit.Action.EXPORT,
            object_repr="Sao lưu cơ sở dữ liệu",
            extra={"file": output.name, "engine": manifest.engine, "sha256": manifest.sha256},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {output} ({backup.describe(manifest)}).\n"
                f"SHA-256 của dữ liệu: {manifest.sha256}"
            )
        )
        if keep is not None:
            # Only after this backup succeeded: a failing night never eats the older copies.
            removed = backup.prune(output.parent, keep)
            self.stdout.write(f"Giữ {keep} bản mới nhất; đã xóa {len(removed)} bản cũ.")
