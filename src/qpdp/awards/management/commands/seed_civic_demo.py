"""``qpdp seed_civic_demo``: the defense education, rear-policy and awards demos (each module's
``seed`` says what it needs first). Run after ``qpdp seed_callup_demo`` and before
``qpdp seed_planning_demo``, whose lock of the 2022 figures keeps the indicators of its day."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from qpdp.awards import demo as awards_demo
from qpdp.conscription.demo import DemoError
from qpdp.education import demo as education_demo
from qpdp.welfare import demo as welfare_demo


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu bồi dưỡng kiến thức QPAN, chính sách hậu phương quân đội và thi đua, "
        "khen thưởng (năm 2022 của TP Bắc Ninh, năm 2026 của 5 phường mới). Chạy sau "
        "“qpdp seed_callup_demo”, trước “qpdp seed_planning_demo”."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        for seed in (education_demo.seed, welfare_demo.seed, awards_demo.seed):
            try:
                seed(self.stdout)
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
            except (ValidationError, PermissionDenied) as exc:
                messages = getattr(exc, "messages", None) or [str(exc)]
                raise CommandError(f"Dữ liệu mẫu bị từ chối: {'; '.join(messages)}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Xong trong {time.perf_counter() - started:.1f} giây.")
        )
