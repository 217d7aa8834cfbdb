"""``qpdp callup_quota``: assign (or change) a unit's call-up quota in a cycle."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.conscription import services
from qpdp.core.management.cli import call, get_unit, get_user, parse_date

from ._cli import get_cycle


class Command(BaseCommand):
    help = "Giao chỉ tiêu gọi công dân nhập ngũ cho một đơn vị trong đợt tuyển quân."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="Số đợt tuyển quân.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị được giao.")
        parser.add_argument("--number", type=int, required=True, help="Chỉ tiêu (số người).")
        parser.add_argument("--on", help="Ngày giao chỉ tiêu, dd/mm/yyyy (mặc định hôm nay).")
        parser.add_argument("--user", required=True, help="Tài khoản thực hiện.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user(options["user"])
        cycle = get_cycle(options["cycle"])
        unit = get_unit(options["unit"], on=cycle.handover_date)
        assigned_on = (
            parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        )
        quota = call(
            services.assign_quota, user, cycle, unit, options["number"], assigned_on=assigned_on
        )
        self.stdout.write(
            self.style.SUCCESS(f"Đã giao chỉ tiêu {quota.number} cho {unit} ({cycle}).")
        )
        for mismatch in services.quota_mismatches(cycle):
            self.stderr.write(self.style.WARNING(f"Cảnh báo: {mismatch}"))
