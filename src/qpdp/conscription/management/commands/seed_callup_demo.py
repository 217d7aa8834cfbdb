"""``qpdp seed_callup_demo``: the 2022 and 2026 call-up cycles of the demo city (see ``demo``)."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.conscription import demo, services
from qpdp.conscription.models import Quota
from qpdp.core.cli import refusal

from ._cli import percent

COUNTS = (
    ("registrations", "đăng ký NVQS"),
    ("first_registrations", "đăng ký lần đầu tuổi 17"),
    ("examinations", "kết quả khám"),
    ("deferrals", "tạm hoãn"),
    ("exemptions", "miễn"),
    ("orders", "lệnh/quyết định gọi"),
    ("handed_over", "đã giao quân"),
    ("failed", "không có mặt"),
)


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu tuyển quân: đợt 2022 của TP Bắc Ninh (hoàn thành 100%) và đợt 2026 "
        "của tỉnh Bắc Ninh cho 5 phường mới (đang thực hiện). Chạy sau “qpdp seed_demo”."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", choices=("2022", "2026"), help="Chỉ tạo một đợt (mặc định cả hai)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        builders = {"2022": demo.build_2022, "2026": demo.build_2026}
        if options["only"]:
            builders = {options["only"]: builders[options["only"]]}
        for year, build in builders.items():
            started = time.perf_counter()
            try:
                summary = build()
            except demo.DemoError as exc:
                raise CommandError(str(exc)) from exc
            except (ValidationError, PermissionDenied) as exc:
                raise CommandError(f"Dữ liệu mẫu năm {year} bị từ chối: {refusal(exc)}") from exc
            cycle = summary.cycle
            assert cycle is not None
            if not summary.created:
                self.stdout.write(
                    f"Đợt tuyển quân năm {year} (số {cycle.pk}) đã có; không tạo lại."
                )
                continue
            done = ", ".join(
                f"{summary.counts[key]} {label}" for key, label in COUNTS if summary.counts[key]
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo đợt tuyển quân năm {year} (mã đợt {cycle.pk}, {cycle.unit}) trong "
                    f"{time.perf_counter() - started:.1f} giây: {done}."
                )
            )
            top = Quota.objects.filter(cycle=cycle, unit=cycle.unit).first()
            if top is not None:
                row = services.completion(cycle, [cycle.unit])[0]
                self.stdout.write(
                    f"  {cycle.unit}: chỉ tiêu {row.quota}, đã giao {row.handed_over}, "
                    f"đạt {percent(row.percent)}."
                )
