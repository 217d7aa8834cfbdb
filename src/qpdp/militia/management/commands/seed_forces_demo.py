"""``qpdp seed_forces_demo``: the demo militia and reserve forces (``militia.demo``,
``reserves.demo``), after ``qpdp seed_demo``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from qpdp.conscription.demo import DemoError
from qpdp.militia import demo as militia_demo
from qpdp.reserves import demo as reserves_demo


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu dân quân tự vệ và dự bị động viên của các phường mẫu. "
        "Chạy sau “qpdp seed_demo”."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for seed in (militia_demo.seed, reserves_demo.seed):
            try:
                seed(self.stdout)
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
            except (ValidationError, PermissionDenied) as exc:
                messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                raise CommandError("Dữ liệu mẫu bị từ chối: " + " ".join(messages)) from exc
