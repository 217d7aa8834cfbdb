"""``qpdp backup -o FILE``: a verified copy of the whole database, taken while the server runs."""

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
            "-o", "--output", required=True, help="Tệp sao lưu cần tạo (ví dụ qpdp.backup)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"]).resolve()
        if not output.parent.is_dir():
            raise CommandError(f"Không có thư mục “{output.parent}”.")
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
