"""``qpdp retention``: next months' partitions of the audit log, and rows past their retention.

Run it daily (the nightly timer does, after the backup): on PostgreSQL it creates the audit
log's partitions for this month and ``QPDP_PARTITION_MONTHS_AHEAD`` more, then removes what is
older than each table's retention (core.retention); ``--dry-run`` only counts.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core import retention
from qpdp.core.audit import Origin, reset_origin, set_origin


class Command(BaseCommand):
    help = (
        "Tạo trước các phân vùng theo tháng của nhật ký (PostgreSQL) và xóa dữ liệu quá thời hạn "
        "lưu trữ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ đếm, không tạo và không xóa gì."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        dry_run = options["dry_run"]
        if not dry_run:
            for name in retention.create_partitions(now, settings.QPDP_PARTITION_MONTHS_AHEAD):
                self.stdout.write(_("Đã tạo phân vùng %(name)s.") % {"name": name})
        token = set_origin(Origin(address=None, request_id=uuid.uuid4().hex, channel="cli"))
        try:
            pruned = retention.prune(now, dry_run=dry_run)
        finally:
            reset_origin(token)
        line = (
            _("Sẽ xóa %(rows)s %(what)s trước %(date)s (lưu %(days)s ngày).")
            if dry_run
            else _("Đã xóa %(rows)s %(what)s trước %(date)s (lưu %(days)s ngày).")
        )
        for item in pruned:
            date = f"{timezone.localtime(item.cutoff):%d/%m/%Y}"
            values = {"rows": item.rows, "what": item.rule.label, "date": date}
            self.stdout.write(line % {**values, "days": item.rule.days})
