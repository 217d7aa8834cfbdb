"""``qpdp seed_planning_demo``: plans, targets, documents, events, budget and data approval of the
demo city and its new wards (see ``planning.demo``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from qpdp.planning import demo


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu kế hoạch: kế hoạch năm 2022, 2023 của TP Bắc Ninh (chỉ tiêu, văn bản, "
        "diễn tập, kinh phí, khóa số liệu 19 phường năm 2022) và kế hoạch năm 2026, 2027 của 5 "
        "phường mới. Chạy sau “qpdp seed_demo” và “qpdp seed_callup_demo”."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = demo.build()
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            raise CommandError(f"Dữ liệu mẫu bị từ chối: {'; '.join(messages)}") from exc
        for line in summary.skipped:
            self.stdout.write(f"{line} đã có; không tạo lại.")
        for line in summary.created:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo: {line}."))
        self.stdout.write(f"Xong trong {time.perf_counter() - started:.1f} giây.")
