"""``qpdp export LAYOUT --unit CODE --format xlsx|csv -o FILE``: a unit's list in a layout's form.

The columns are the layout's, in its order and under its Vietnamese headers, so the file
imports back unchanged; text that Excel would run as a formula is neutralised. Which records
are written is the layout's ``Export``; a layout without one cannot be exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qpdp.core import audit
from qpdp.core.management.cli import get_unit
from qpdp.imports.layouts import all_layouts, get_layout
from qpdp.imports.report import export_rows


class Command(BaseCommand):
    help = "Xuất danh sách của một đơn vị (và cấp dưới) theo mẫu nhập, ra XLSX hoặc CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("layout", help="Mẫu, ví dụ: people.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị (còn hiệu lực).")
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["layout"]
        try:
            layout = get_layout(code)
        except KeyError:
            raise CommandError(f"Không có mẫu “{code}”; các mẫu: {_codes()}.") from None
        if layout.export is None:
            raise CommandError(f"Mẫu “{code}” chưa hỗ trợ xuất.")
        unit = get_unit(options["unit"], on=timezone.localdate())
        body, count = export_rows(layout, unit, options["format"])
        Path(options["output"]).write_bytes(body)
        audit.record(
            None,
            audit.Action.EXPORT,
            unit=unit,
            object_repr=str(layout.label),
            extra={"layout": code, "format": options["format"], "rows": count},
        )
        self.stdout.write(
            f"Đã xuất {count} {layout.export.counted} của {unit} ra {options['output']}."
        )


def _codes() -> str:
    return ", ".join(layout.code for layout in all_layouts())
