"""``qpdp callup_cycle create|list``: open a call-up cycle (đợt tuyển quân), list cycles."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qpdp.conscription import services
from qpdp.conscription.models import CallUpCycle
from qpdp.core.management.cli import call, get_unit, get_user, parse_date
from qpdp.core.units import UnitKind


class Command(BaseCommand):
    help = "Tạo hoặc liệt kê đợt tuyển quân (gọi công dân nhập ngũ)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|list")
        create = actions.add_parser("create", help="Tạo đợt tuyển quân.")
        create.add_argument(
            "--unit",
            required=True,
            help="Mã đơn vị chủ trì: thành phố, huyện (trước 07/2025) hoặc tỉnh (từ 07/2025).",
        )
        create.add_argument("--year", type=int, required=True, help="Năm gọi nhập ngũ.")
        create.add_argument("--handover", required=True, help="Ngày giao quân, dd/mm/yyyy.")
        create.add_argument("--sequence", type=int, default=1, help="Đợt (mặc định 1).")
        create.add_argument("--user", required=True, help="Tài khoản thực hiện.")
        actions.add_parser("list", help="Liệt kê các đợt tuyển quân.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        user = get_user(options["user"])
        handover = parse_date(options["handover"], option="--handover")
        unit = get_unit(options["unit"], on=handover, kinds=(UnitKind.PROVINCE, UnitKind.DISTRICT))
        cycle = call(
            services.create_cycle,
            user,
            unit=unit,
            year=options["year"],
            handover_date=handover,
            sequence=options["sequence"],
        )
        regime = cycle.regime
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo đợt tuyển quân số {cycle.pk}: {cycle}, {unit}, giao quân ngày "
                f"{cycle.handover_date:%d/%m/%Y}."
            )
        )
        self.stdout.write(f"Áp dụng: {regime.title}; văn bản gọi: {regime.call_up_document}.")

    def _list(self) -> None:
        cycles = CallUpCycle.objects.select_related("unit").order_by("year", "sequence", "pk")
        if not cycles:
            self.stdout.write("Chưa có đợt tuyển quân nào.")
            return
        for cycle in cycles:
            self.stdout.write(
                f"{cycle.pk:>5}  {cycle!s:<28} {cycle.unit!s:<40} "
                f"giao quân {cycle.handover_date:%d/%m/%Y}"
            )
