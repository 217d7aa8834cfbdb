"""``qpdp store_figures``: compute and store the earlier years the dashboard shows, ahead.

The dashboard stores an earlier year the first time it needs one and computes it again after
the registries change (``planning.stored``); after a large import or a restore this command
does it for every unit at once, one grouped pass per year, so no officer waits for it.
``--year 2026`` prepares the dashboards of 2026 (the four years before it, for the units in
force in 2026); locked years are left to their snapshots.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.core.units import Unit
from qpdp.planning.figures import in_force_during, year_period
from qpdp.planning.review.data import history_years
from qpdp.planning.stored import store_years


class Command(BaseCommand):
    help = "Tính sẵn và lưu số liệu các năm trước cho trang tổng kết của mọi đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="Năm tổng kết (mặc định năm nay): lưu bốn năm trước đó."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        units = list(Unit.objects.filter(in_force_during(*year_period(year))))
        started = time.perf_counter()
        stored = store_years(units, history_years(year))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã lưu số liệu {stored} lượt đơn vị – năm (năm {history_years(year)[0]}–"
                f"{year - 1}, {len(units)} đơn vị) trong {time.perf_counter() - started:.1f} giây."
            )
        )
