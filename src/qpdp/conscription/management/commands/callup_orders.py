"""``qpdp callup_orders``: print a unit's call-up orders (decisions) to one DOCX, one per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.conscription.documents import render_orders
from qpdp.conscription.models import CallUpOrder, Outcome
from qpdp.core.management.cli import get_unit, get_user
from qpdp.core.units import Unit

from ._cli import get_cycle


class Command(BaseCommand):
    help = "In lệnh (quyết định) gọi nhập ngũ của một đơn vị ra tệp DOCX, mỗi lệnh một trang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", type=int, required=True, help="Số đợt tuyển quân.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị (gồm cả đơn vị cấp dưới).")
        parser.add_argument("-o", "--output", required=True, help="Tệp DOCX ghi ra.")
        parser.add_argument("--user", help="Tài khoản: chỉ in lệnh trong phạm vi tài khoản này.")
        parser.add_argument("--time", help="Giờ có mặt in trên lệnh, ví dụ “07 giờ 30”.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if output.suffix.lower() != ".docx":
            raise CommandError("Chỉ in được ra tệp .docx (chưa có LibreOffice để xuất PDF).")
        cycle = get_cycle(options["cycle"])
        unit = get_unit(options["unit"], on=cycle.handover_date)
        orders = (
            CallUpOrder.objects.filter(cycle=cycle, unit__in=Unit.objects.subtree_of([unit]))
            .exclude(outcome=Outcome.CANCELLED)
            .order_by("unit__path", "issuer_id", "year", "number")
        )
        if options["user"]:
            orders = orders.visible_to(get_user(options["user"]))
        selected = list(orders)
        if not selected:
            raise CommandError(f"{unit} chưa có lệnh gọi nhập ngũ nào trong {cycle}.")
        if not output.parent.exists():
            raise CommandError(f"Thư mục “{output.parent}” không tồn tại.")
        output.write_bytes(
            render_orders(selected, report_time=options["time"], signer_name=options["signer"])
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã in {len(selected)} {str(cycle.regime.call_up_document).lower()} ra {output}."
            )
        )
