"""``qpdp parameters``: every dated parameter the rules read (amounts, powers, deadlines, refresh
periods), with its day, its state, its source, and which values are not yet confirmed against
the official text ("CHƯA KIỂM CHỨNG"), so an operator knows what to check before relying on it.
Values are changed on the administrators' pages (/tham-so/), never here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qpdp.core import parameters
from qpdp.core.management.cli import parse_date

STATES = {
    parameters.IN_FORCE: "đang áp dụng",
    parameters.SUPERSEDED: "đã thay thế",
    parameters.FUTURE: "chưa đến ngày",
    parameters.ENDED: "hết hiệu lực",
}


class Command(BaseCommand):
    help = (
        "Liệt kê các tham số quy định theo ngày áp dụng (mức tiền, thẩm quyền, thời hạn) với căn "
        "cứ, đánh dấu giá trị CHƯA KIỂM CHỨNG."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unverified", action="store_true", help="Chỉ các dòng chưa kiểm chứng."
        )
        parser.add_argument(
            "--in-force",
            action="store_true",
            help="Chỉ các dòng đang áp dụng (hoặc sắp áp dụng) vào ngày xét.",
        )
        parser.add_argument("--table", help="Chỉ một bảng (ví dụ welfare.stepdeadline).")
        parser.add_argument("--on", help="Ngày xét tình trạng (ngày/tháng/năm; mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        on: dt.date = (
            parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        )
        models = parameters.parameter_models()
        if options["table"]:
            model = parameters.model_for(options["table"])
            if model is None:
                known = ", ".join(parameters.label_of(m) for m in models)
                raise CommandError(f"Không có bảng tham số {options['table']} (có: {known}).")
            models = [model]
        total = unverified = 0
        for model in models:
            rows = parameters.rows_with_state(model, on)
            shown = [
                r
                for r in rows
                if (r.unverified or not options["unverified"])
                and (r.state in (parameters.IN_FORCE, parameters.FUTURE) or not options["in_force"])
            ]
            marked = sum(1 for r in rows if r.unverified)
            total, unverified = total + len(rows), unverified + marked
            name = str(model._meta.verbose_name_plural)
            self.stdout.write(
                f"{parameters.label_of(model)} — {name}: {len(rows)} dòng, {marked} chưa kiểm chứng"
            )
            for row in shown:
                mark = "CHƯA KIỂM CHỨNG" if row.unverified else "đã có căn cứ"
                self.stdout.write(
                    f"  từ {row.row.valid_from:%d/%m/%Y}  {row.row}  [{STATES[row.state]}; {mark}]"
                )
                self.stdout.write(f"      căn cứ: {row.row.source}")
        self.stdout.write(
            f"Tổng: {total} dòng, {unverified} chưa kiểm chứng (ngày xét {on:%d/%m/%Y})."
        )
