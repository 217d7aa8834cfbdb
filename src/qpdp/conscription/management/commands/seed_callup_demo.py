"""``qpdp seed_callup_demo``: the 2022 and 2026 call-up cycles of the demo city
(``conscription.demo``; ``qpdp demo`` seeds every app's demo)."""

from __future__ import annotations

from django.core.management.base import CommandParser

from qpdp.core.demo import DemoCommand


class Command(DemoCommand):
    help = (
        "Tạo dữ liệu mẫu tuyển quân: đợt 2022 của TP Bắc Ninh (hoàn thành 100%) và đợt 2026 "
        "của tỉnh Bắc Ninh cho 5 phường mới (đang thực hiện). Chạy sau “qpdp seed_demo”."
    )
    demo = "conscription"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", choices=("2022", "2026"), help="Chỉ tạo một đợt (mặc định cả hai)."
        )
