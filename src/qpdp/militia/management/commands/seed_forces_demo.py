"""``qpdp seed_forces_demo``: the demo militia and reserve forces (``militia.demo``,
``reserves.demo``; ``qpdp demo`` seeds every app's demo)."""

from __future__ import annotations

from typing import Any

from qpdp.core.demo import DemoCommand


class Command(DemoCommand):
    help = (
        "Tạo dữ liệu mẫu dân quân tự vệ và dự bị động viên của các phường mẫu. "
        "Chạy sau “qpdp seed_demo”, “qpdp seed_callup_demo” và “qpdp seed_planning_demo”."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("militia", "reserves"):
            self.demo = name
            super().handle(*args, **options)
