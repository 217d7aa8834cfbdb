"""``qpdp education_due``: post holders of a unit due for defense education on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.core.management.cli import get_unit, parse_date
from qpdp.education import selectors
from qpdp.education.models import Official


class Command(BaseCommand):
    help = (
        "Danh sách cán bộ cần bồi dưỡng kiến thức quốc phòng và an ninh (chưa học, hoặc giấy "
        "chứng nhận đã quá thời hạn bồi dưỡng lại) của một đơn vị."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ 256, 09187).")
        parser.add_argument("--on", help="Ngày xét (ngày/tháng/năm; mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        on: dt.date = (
            parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        )
        unit = get_unit(options["unit"], on=on)
        rows = list(selectors.due(Official.objects.filter(unit__in=unit.subtree()), on))
        self.stdout.write(f"Cán bộ cần bồi dưỡng ngày {on:%d/%m/%Y} — {unit}: {len(rows)}")
        for official in rows:
            last = official.last_trained
            when = f"học lần cuối {last:%d/%m/%Y}" if last else "chưa học"
            self.stdout.write(
                f"  {official.unit.name:<20} {official.person.full_name:<28} {when:<24} "
                f"{official.group.name}"
            )
