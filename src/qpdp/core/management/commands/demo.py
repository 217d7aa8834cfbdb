"""``qpdp demo``: every app's demo data, in dependency order (``core.demo``).

The same as ``qpdp seed_demo``, ``qpdp seed_callup_demo`` and ``qpdp seed_planning_demo`` one
after the other, and whatever demos other apps declare; what exists is left alone.
"""

from __future__ import annotations

from django.core.management.base import CommandParser

from qpdp.core.demo import DemoCommand


class Command(DemoCommand):
    help = (
        "Tạo toàn bộ dữ liệu mẫu (thành phố Bắc Ninh, công dân, tài khoản, tuyển quân, kế hoạch "
        "và dữ liệu mẫu của các nghiệp vụ khác) theo thứ tự phụ thuộc; phần đã có không tạo lại."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, help="Hạt giống ngẫu nhiên (mặc định 2022).")
        parser.add_argument("--people", type=int, help="Số công dân (mặc định 20.000).")
