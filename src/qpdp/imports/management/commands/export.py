"""``qpdp export LAYOUT --unit CODE --format xlsx|csv -o FILE``: a unit's list in a layout's form.

The columns are the layout's, in its order and under its Vietnamese headers, so the file
imports back unchanged; text that Excel would run as a formula is neutralised.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qpdp.core import audit
from qpdp.core.management.cli import get_unit
from qpdp.imports.layouts import get_layout
from qpdp.imports.report import EXPORTERS, export_people


class Command(BaseCommand):
    help = "Xuất danh sách công dân của một đơn vị (và cấp dưới) theo mẫu nhập, ra XLSX hoặc CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("layout", help="Mẫu, ví dụ: people.")
        parser.add_argument("--unit", required=True, help="Mã đơn vị (còn hiệu lực).")
        parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
        parser.add_argument("-o", "--output", required=True, help="Tệp kết quả.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["layout"]
        if code not in EXPORTERS:
            raise CommandError(f"Mẫu “{code}” chưa hỗ trợ xuất.")
        layout = get_layout(code)
        unit = get_unit(options["unit"], on=timezone.localdate())
        body, count = export_people(layout, unit, options["format"])
        Path(options["output"]).write_bytes(body)
        audit.record(
            None,
            audit.Action.EXPORT,
            unit=unit,
            object_repr=str(layout.label),
            extra={"layout": code, "format": options["format"], "rows": count},
        )
        self.stdout.write(f"Đã xuất {count} công dân của {unit} ra {options['output']}.")
