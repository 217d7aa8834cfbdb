"""``qpdp seed_planning_demo``: plans, targets, documents, events, budget and data approval of the
demo city and its new wards (``planning.demo``; ``qpdp demo`` seeds every app's demo)."""

from __future__ import annotations

from qpdp.core.demo import DemoCommand


class Command(DemoCommand):
    help = (
        "Tạo dữ liệu mẫu kế hoạch: kế hoạch năm 2022, 2023 của TP Bắc Ninh (chỉ tiêu, văn bản, "
        "diễn tập, kinh phí, khóa số liệu 19 phường năm 2022) và kế hoạch năm 2026, 2027 của 5 "
        "phường mới. Chạy sau “qpdp seed_demo” và “qpdp seed_callup_demo”."
    )
    demo = "planning"
