"""``qpdp review``: write a unit's year-end review of local defense work to a file.

``qpdp review --unit 256 --year 2022 --format docx -o bao-cao.docx`` writes the former city of
Bắc Ninh's 2022 review; the same figures go to PDF, XLSX (the annex tables) or JSON (every
figure with its code). The unit is the one with the code in force during the year.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qpdp.core import audit
from qpdp.core.access import User, scope_units
from qpdp.planning.review import layout
from qpdp.planning.review.data import ReviewError, assemble, default_issue_date, find_unit
from qpdp.planning.review.outputs import FORMATS, render


class Command(BaseCommand):
    help = "Viết báo cáo tổng kết công tác Quốc phòng địa phương của một đơn vị ra tệp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ 256, 09187).")
        parser.add_argument("--year", type=int, required=True, help="Năm tổng kết.")
        parser.add_argument("--format", choices=FORMATS, help="Định dạng (mặc định theo đuôi tệp).")
        parser.add_argument("-o", "--output", required=True, help="Tệp ghi ra.")
        parser.add_argument(
            "--date",
            help="Ngày ban hành (ngày/tháng/năm; mặc định hôm nay, hoặc 31/01 năm sau nếu năm "
            "báo cáo đã qua).",
        )
        parser.add_argument("--number", default="", help="Số văn bản (ví dụ 125).")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")
        parser.add_argument("--user", help="Tài khoản: chỉ được báo cáo đơn vị trong phạm vi.")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        fmt = options["format"] or output.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"Định dạng phải là một trong: {', '.join(FORMATS)}.")
        if not output.parent.exists():
            raise CommandError(f"Thư mục “{output.parent}” không tồn tại.")
        try:
            unit = find_unit(options["unit"].strip(), options["year"])
        except ReviewError as exc:
            raise CommandError(str(exc)) from None
        issued_on = self._date(options["date"]) or default_issue_date(
            unit, options["year"], timezone.localdate()
        )
        user = self._user(options["user"])
        if user is not None and not scope_units(user).filter(pk=unit.pk).exists():
            raise CommandError(f"Tài khoản “{user.username}” không được xem số liệu của {unit}.")
        review = assemble(unit, options["year"], issued_on=issued_on)
        try:
            result = render(
                review, fmt, layout.Options(number=options["number"], signer=options["signer"])
            )
        except ReviewError as exc:
            raise CommandError(str(exc)) from None
        output.write_bytes(result.content)
        audit.record(
            user,
            audit.Action.EXPORT,
            unit=unit,
            object_repr=review.title,
            extra={"format": fmt, "year": review.year, "file": str(output)},
        )
        locked = (
            f"số liệu khóa ngày {review.locked_on:%d/%m/%Y}"
            if review.locked_at
            else "số liệu chưa khóa"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Đã viết {review.title} của {unit} ({locked}) ra {output}.")
        )

    def _date(self, value: str | None) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise CommandError(f"--date: “{value}” không đúng dạng ngày/tháng/năm.") from None

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.select_related("unit").filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        return user
