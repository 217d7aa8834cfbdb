"""``qpdp import_cleanup --older-than DAYS``: delete uploads that no import run will use again.

Committed, failed and undone runs delete their upload at once; this removes the rest: previews
never committed and mapping screens left open. Run it daily from cron or a systemd timer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qpdp.imports import uploads


class Command(BaseCommand):
    help = "Xóa các tệp đã tải lên để nhập mà không còn dùng đến (quá số ngày cho trước)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=7,
            metavar="DAYS",
            help="Xóa tệp không đụng đến quá số ngày này (mặc định 7).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = uploads.cleanup(dt.timedelta(days=options["older_than"]))
        self.stdout.write(f"Đã xóa {removed} tệp tải lên cũ.")
