"""``qpdp seed_civic_demo``: the defense education, rear-policy and awards demos, one after the
other (``education.demo``, ``welfare.demo``, ``awards.demo``; ``qpdp demo`` seeds every app's
demo in order). Run after ``qpdp seed_callup_demo`` and before ``qpdp seed_planning_demo``,
whose lock of the 2022 figures keeps the indicators of its day."""

from __future__ import annotations

from typing import Any

from qpdp.core.demo import DemoCommand

CIVIC_DEMOS = ("education", "welfare", "awards")


class Command(DemoCommand):
    help = (
        "Tạo dữ liệu mẫu bồi dưỡng kiến thức QPAN, chính sách hậu phương quân đội và thi đua, "
        "khen thưởng (năm 2022 của TP Bắc Ninh, năm 2026 của 5 phường mới). Chạy sau "
        "“qpdp seed_callup_demo”, trước “qpdp seed_planning_demo”."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for name in CIVIC_DEMOS:
            self.demo = name
            super().handle(*args, **options)
