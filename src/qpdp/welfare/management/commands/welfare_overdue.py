"""``qpdp welfare_overdue``: the Decision 62/49 cases of a unit past the deadline of their step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.core.management.cli import get_unit, parse_date
from qpdp.welfare import selectors
from qpdp.welfare.models import BenefitCase


class Command(BaseCommand):
    help = "Danh sách hồ sơ Quyết định 49, 62 quá hạn xử lý của một đơn vị (và đơn vị trực thuộc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ 256, 09187).")
        parser.add_argument("--on", help="Ngày xét (ngày/tháng/năm; mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        on: dt.date = (
            parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        )
        unit = get_unit(options["unit"], on=on)
        cases = selectors.overdue(
            BenefitCase.objects.filter(unit__in=unit.subtree()).select_related("unit", "applicant"),
            on,
        )
        rows = list(cases)
        self.stdout.write(f"Hồ sơ quá hạn ngày {on:%d/%m/%Y} — {unit}: {len(rows)}")
        for case in rows:
            assert case.due_on is not None
            self.stdout.write(
                f"  {case.unit.name:<20} {case.applicant.full_name:<28} "
                f"{case.get_status_display():<16} hạn {case.due_on:%d/%m/%Y} "
                f"(quá {(on - case.due_on).days} ngày)"
            )
