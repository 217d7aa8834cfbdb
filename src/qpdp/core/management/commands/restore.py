"""``qpdp restore FILE``: put a backup back, after checking it, all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.core import audit, backup


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu từ tệp do “qpdp backup” tạo. Kiểm tra mã SHA-256, loại cơ sở "
        "dữ liệu và phiên bản trước khi ghi; không ghi đè dữ liệu đang có nếu thiếu --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp sao lưu.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu đang có dữ liệu mà không hỏi lại.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        try:
            with backup.verified_payload(path) as (manifest, payload):
                pending = backup.check_compatible(manifest)
                self.stdout.write(f"Tệp sao lưu hợp lệ: {backup.describe(manifest)}.")
                if not backup.database_is_empty() and not self._confirmed(options):
                    raise CommandError(
                        "Cơ sở dữ liệu hiện tại đã có dữ liệu. Không khôi phục; chạy lại với "
                        "--force nếu chắc chắn muốn thay toàn bộ dữ liệu bằng bản sao lưu."
                    )
                backup.restore(payload, manifest)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        # No origin is set outside a request or job: the entry is the command line's.
        audit.record(
            None,
            audit.Action.UPDATE,
            object_repr="Khôi phục cơ sở dữ liệu từ bản sao lưu",
            extra={
                "file": path.name,
                "sha256": manifest.sha256,
                "backup_created_at": manifest.created_at,
            },
        )
        self.stdout.write(self.style.SUCCESS("Đã khôi phục cơ sở dữ liệu từ bản sao lưu."))
        if pending:
            self.stdout.write(
                f"Bản sao lưu thiếu {len(pending)} thay đổi cấu trúc của phiên bản này: "
                "hãy chạy “qpdp migrate”."
            )

    def _confirmed(self, options: dict[str, Any]) -> bool:
        """--force, or an operator at a terminal typing the word asked for."""
        if options["force"]:
            return True
        if not sys.stdin.isatty():
            return False
        answer = input(
            "Cơ sở dữ liệu hiện tại đã có dữ liệu và sẽ bị thay toàn bộ. Gõ “khôi phục” để "
            "tiếp tục: "
        )
        return answer.strip().lower() in {"khôi phục", "khoi phuc"}
