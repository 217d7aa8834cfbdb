"""``qpdp callup_status``: quota, handed over and completion per unit of a cycle."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qpdp.conscription import services
from qpdp.conscription.models import Quota
from qpdp.core.management.cli import percent

from ._cli import get_cycle


class Command(BaseCommand):
    help = "Tình hình thực hiện chỉ tiêu giao quân của đợt tuyển quân, theo từng đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="Số đợt tuyển quân.")

    def handle(self, *args: Any, **options: Any) -> None:
        cycle = get_cycle(options["cycle"])
        units = [q.unit for q in Quota.objects.filter(cycle=cycle).select_related("unit")]
        codes = {u.pk: u.code for u in units}
        units.sort(key=lambda u: [codes.get(pk, "") for pk in u.ancestor_ids()])  # tree, by code
        self.stdout.write(f"{cycle} — {cycle.unit}, giao quân ngày {cycle.handover_date:%d/%m/%Y}")
        if not units:
            self.stdout.write("Chưa giao chỉ tiêu cho đơn vị nào.")
            return
        width = max(len(str(u)) for u in units) + 2
        top_depth = min(u.depth for u in units)
        self.stdout.write(f"{'Đơn vị':<{width + 2}}{'Chỉ tiêu':>9}{'Đã giao':>9}{'Tỷ lệ':>9}")
        for row in services.completion(cycle, units):
            indent = "  " * (row.unit.depth - top_depth)
            name = f"{indent}{row.unit}"
            self.stdout.write(
                f"{name:<{width + 2}}{row.quota:>9}{row.handed_over:>9}{percent(row.percent):>9}"
            )
        for mismatch in services.quota_mismatches(cycle):
            self.stderr.write(self.style.WARNING(f"Cảnh báo: {mismatch}"))
