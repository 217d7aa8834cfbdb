"""The import pages' lists as django-tables2 tables: the runs of the home page, the rows a
previewed run will write (a page at a time) and the rejected rows of a run (the first
``SHOWN_ERRORS``; the rest are in the error report)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, Table
from qpdp.imports.staging import Action

if TYPE_CHECKING:
    from qpdp.imports.models import ImportRun
    from qpdp.imports.services import PlannedRow

ACTION_LABELS = {Action.CREATE: _("Thêm mới"), Action.UPDATE: _("Cập nhật")}


class RunTable(Table):
    created_at = tables.DateTimeColumn(
        format="d/m/Y H:i",
        verbose_name=_("Thời điểm"),
        orderable=True,
        order_by=("created_at", "pk"),
    )
    file_name = tables.Column(verbose_name=_("Tệp"), linkify=("imports:detail", [tables.A("pk")]))
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    user = tables.Column(accessor="user__username", verbose_name=_("Người nhập"))
    status = tables.Column(verbose_name=_("Trạng thái"))
    created_count = tables.Column(verbose_name=_("Thêm mới"), attrs=NUM)
    updated_count = tables.Column(verbose_name=_("Cập nhật"), attrs=NUM)
    unchanged_count = tables.Column(verbose_name=_("Không đổi"), attrs=NUM)
    rejected_count = tables.Column(verbose_name=_("Bị loại"), attrs=NUM)

    class Meta(Table.Meta):
        attrs = {"class": "list runs"}
        order_by = ("-created_at",)
        empty_text = _("Chưa có lần nhập nào.")

    def render_status(self, record: ImportRun) -> str:
        status = record.get_status_display()
        if record.job_active:
            return f"{status} · {record.get_job_state_display()}"
        return status


class RowErrorTable(Table):
    """A run's rejected cells; a record is one of ``ImportRun.errors``."""

    row = tables.Column(verbose_name=_("Dòng"), attrs=NUM, default="")
    column = tables.Column(verbose_name=_("Cột"), default="")
    header = tables.Column(verbose_name=_("Tiêu đề cột"), default="")
    value = tables.Column(verbose_name=_("Giá trị"), default="")
    reason = tables.Column(verbose_name=_("Lý do"), default="")

    class Meta(Table.Meta):
        attrs = {"class": "list errors-table"}


class PlannedRowTable(Table):
    """A page of the rows a commit will write (``services.PlannedRow``), under the file's own
    headers, with the cells converted from a legacy font named, so the officer checks the
    conversion before anything is stored."""

    row = tables.Column(verbose_name=_("Dòng"), attrs=NUM)
    action = tables.Column(verbose_name=_("Thao tác"))
    converted = tables.Column(verbose_name=_("Ô chuyển từ mã cũ (TCVN3, VNI)"), default="")

    class Meta(Table.Meta):
        attrs = {"class": "list planned-rows"}
        empty_text = _("Không có dòng nào sẽ được ghi.")

    def __init__(self, rows: Sequence[PlannedRow], headers: Sequence[str], **kwargs: Any):
        cells = [
            (f"cell_{index}", tables.Column(verbose_name=header, default=""))
            for index, header in enumerate(headers)
        ]
        records = [
            {
                "row": planned.row,
                "action": ACTION_LABELS[planned.action],
                "converted": ", ".join(planned.converted),
                **{f"cell_{index}": cell for index, cell in enumerate(planned.cells)},
            }
            for planned in rows
        ]
        super().__init__(
            records,
            extra_columns=cells,
            sequence=("row", "action", *(name for name, _column in cells), "converted"),
            **kwargs,
        )
