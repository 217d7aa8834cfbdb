"""``qpdp build_pools``: build today's stored pool of every commune of every running call-up
cycle, so the first officer of the day does not wait for it.

A ward's pool page reads its stored states (``conscription.services.pool_store``) on the
cycle's default day, which is today until the last day orders may be delivered. Each new day
the first view of each ward evaluated the whole pool again: 1.39 s at 2,000,000 people (issue
15). Started at night by ``qpdp-pools.timer``. A finished cycle's default day no longer moves,
so its stored pools stay as they were built and are skipped.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.conscription import selectors
from qpdp.conscription.models import CallUpCycle
from qpdp.conscription.services import pool_store
from qpdp.core.units import UnitKind

from ._cli import get_cycle


class Command(BaseCommand):
    help = (
        "Tính sẵn trạng thái nguồn gọi nhập ngũ của từng xã, phường trong các đợt tuyển quân "
        "đang diễn ra, cho ngày hôm nay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, help="Chỉ đợt tuyển quân số này.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["cycle"]:
            cycles = [get_cycle(options["cycle"])]
        else:
            cycles = list(CallUpCycle.objects.select_related("unit").order_by("pk"))
        running = [c for c in cycles if selectors.reference_date(c, today) == today]
        if not running:
            self.stdout.write("Không có đợt tuyển quân nào đang diễn ra: không cần tính.")
            return
        started = time.monotonic()
        built = 0
        for cycle in running:
            wards = selectors.cycle_units(cycle).filter(kind=UnitKind.COMMUNE)
            for ward in wards:
                began = time.monotonic()
                stored = pool_store.snapshot(cycle, ward, today)
                built += 1
                self.stdout.write(
                    f"{cycle} — {ward}: {sum(stored.counts.values()):,} công dân, "
                    f"{time.monotonic() - began:.1f} giây"
                )
        self.stdout.write(
            f"Đã tính {built} xã, phường trong {time.monotonic() - started:.1f} giây "
            f"(ngày {today:%d/%m/%Y})."
        )
