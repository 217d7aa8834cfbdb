"""Planning's lists as django-tables2 tables (``core.tables.Table``): plans, documents, events and
their phases, budget lines, the approval page's units and figures, the target grid.

Every cell is rendered here (links, status badges, numbers in Vietnamese format), so the
templates only include the kit's table template, which labels each cell for the phone layout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import django_tables2 as tables
from django.http import HttpRequest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, linebreaksbr
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import can_write
from qpdp.core.tables import NUM, Table
from qpdp.planning.models import TaskStatus

if TYPE_CHECKING:
    from qpdp.planning.models import (
        BudgetLine,
        DirectiveDocument,
        Event,
        EventPhase,
        Plan,
        PlanTask,
    )

NO_PRINT = {"td": {"class": "no-print"}, "th": {"class": "no-print"}}
DASH = "—"


def day(value: Any) -> str:
    return date_filter(value, "d/m/Y") if value else DASH


def period(start: Any, end: Any) -> str:
    return f"{day(start)} – {day(end)}"


def status_badge(status: str, label: Any) -> SafeString:
    return format_html('<span class="status status-{}">{}</span>', status, label)


def row_actions(edit_url: str, delete_url: str) -> SafeString:
    """The "Sửa · Xóa" links under a row's main cell."""
    return format_html(
        '<div class="row-actions"><a href="{}">{}</a> · <a href="{}">{}</a></div>',
        edit_url,
        _("Sửa"),
        delete_url,
        _("Xóa"),
    )


def money(value: Any) -> str:
    return floatformat(value, "0g")


class PlanTable(Table):
    title = tables.Column(
        verbose_name=_("Kế hoạch"),
        linkify=("planning:plan", [tables.A("pk")]),
        orderable=True,
        order_by=("title", "pk"),
    )
    unit = tables.Column(
        accessor="unit__label",
        verbose_name=_("Đơn vị"),
        orderable=True,
        order_by=("unit__path", "pk"),
    )
    status = tables.Column(verbose_name=_("Trạng thái"))
    done = tables.Column(accessor="done_count", verbose_name=_("Nhiệm vụ hoàn thành"), attrs=NUM)

    class Meta(Table.Meta):
        order_by = ("unit",)

    def render_status(self, record: Plan) -> SafeString:
        return status_badge(record.status, record.get_status_display())

    def render_done(self, record: Any) -> str:
        return f"{record.done_count}/{record.task_count}"


class TaskTable(Table):
    """One section of a plan: its tasks and their progress, a form per task where ``editable``
    (posted by htmx, which swaps the task's row); ``errors`` holds a refused task's message."""

    order = tables.Column(verbose_name="#", attrs=NUM)
    title = tables.Column(verbose_name=_("Nhiệm vụ"))
    responsible_unit = tables.Column(
        accessor="responsible_unit__label", verbose_name=_("Đơn vị chủ trì"), default=DASH
    )
    deadline = tables.Column(verbose_name=_("Thời hạn"), default=DASH)
    progress = tables.Column(
        accessor="pk", verbose_name=_("Tiến độ, kết quả"), exclude_from_export=True
    )

    class Meta(Table.Meta):
        attrs = {"class": "list tasks"}
        row_attrs = {"id": lambda record: f"task-{record.pk}"}

    def __init__(
        self,
        data: Any,
        *,
        request: HttpRequest,
        editable: bool,
        errors: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, user=request.user, **kwargs)
        self.request = request
        self.editable = editable
        self.errors = errors or {}

    def render_title(self, record: PlanTask) -> SafeString:
        description = (
            format_html("<br><small>{}</small>", linebreaksbr(record.description))
            if record.description
            else ""
        )
        actions = (
            row_actions(
                reverse("planning:task_edit", args=[record.pk]),
                reverse("planning:task_delete", args=[record.pk]),
            )
            if self.editable
            else ""
        )
        return format_html("<b>{}</b>{}{}", record.title, description, actions)

    def render_deadline(self, value: Any) -> str:
        return day(value)

    def render_progress(self, record: PlanTask) -> str:
        context = {
            "task": record,
            "editable": self.editable,
            "error": self.errors.get(record.pk, ""),
            "statuses": TaskStatus.choices,
        }
        return render_to_string("planning/_task_progress.html", context, request=self.request)


class DocumentTable(Table):
    number = tables.Column(verbose_name=_("Số, ký hiệu"))
    issued_on = tables.Column(
        verbose_name=_("Ngày ban hành"), orderable=True, order_by=("issued_on", "pk")
    )
    issuer = tables.Column(verbose_name=_("Cơ quan ban hành"))
    summary = tables.Column(verbose_name=_("Trích yếu"))
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    file = tables.Column(
        accessor="pk", verbose_name=_("Tệp"), attrs=NO_PRINT, exclude_from_export=True
    )

    class Meta(Table.Meta):
        order_by = ("-issued_on",)

    def render_issued_on(self, value: Any) -> str:
        return day(value)

    def render_summary(self, record: DirectiveDocument) -> SafeString:
        if not can_write(self.user):
            return format_html("{}", record.summary)
        actions = row_actions(
            reverse("planning:document_edit", args=[record.pk]),
            reverse("planning:document_delete", args=[record.pk]),
        )
        return format_html("{}{}", record.summary, actions)

    def render_file(self, record: DirectiveDocument) -> str:
        if not record.file:
            return DASH
        url = reverse("planning:document_file", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tải về"))


class EventTable(Table):
    name = tables.Column(verbose_name=_("Tên"), orderable=True, order_by=("name", "pk"))
    kind = tables.Column(verbose_name=_("Loại"))
    starts_on = tables.Column(
        verbose_name=_("Thời gian"), orderable=True, order_by=("starts_on", "pk")
    )
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    rating = tables.Column(verbose_name=_("Xếp loại"), default=DASH)

    class Meta(Table.Meta):
        order_by = ("-starts_on",)

    def render_name(self, record: Event) -> SafeString:
        link = format_html(
            '<a href="{}">{}</a>', reverse("planning:event", args=[record.pk]), record.name
        )
        phases = record.phases.all()
        if not phases:
            return link
        items = format_html_join(
            "",
            "<li>{} ({}–{})</li>",
            ((p.name, date_filter(p.starts_on, "d/m"), day(p.ends_on)) for p in phases),
        )
        return format_html('{}<ol class="phases">{}</ol>', link, items)

    def render_kind(self, record: Event) -> str:
        return record.get_kind_display()

    def render_starts_on(self, record: Event) -> str:
        return period(record.starts_on, record.ends_on)

    def render_rating(self, record: Event) -> str:
        return record.get_rating_display()


class PhaseTable(Table):
    """An event's phases; ``editable`` adds the edit and delete links."""

    number = tables.Column(empty_values=(), verbose_name="#", attrs=NUM)
    name = tables.Column(verbose_name=_("Giai đoạn"))
    starts_on = tables.Column(verbose_name=_("Thời gian"))
    outcome = tables.Column(verbose_name=_("Kết quả"), default=DASH)

    class Meta(Table.Meta):
        empty_text = _("Chưa có giai đoạn nào.")

    def __init__(self, data: Any, *, editable: bool = False, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.editable = editable

    def render_number(self, bound_row: Any) -> int:
        return int(bound_row.row_counter) + 1

    def render_name(self, record: EventPhase) -> SafeString:
        if not self.editable:
            return format_html("{}", record.name)
        actions = row_actions(
            reverse("planning:phase_edit", args=[record.pk]),
            reverse("planning:phase_delete", args=[record.pk]),
        )
        return format_html("{}{}", record.name, actions)

    def render_starts_on(self, record: EventPhase) -> str:
        return period(record.starts_on, record.ends_on)

    def render_outcome(self, value: str) -> str:
        return linebreaksbr(value)


class BudgetTable(Table):
    """A plan's budget lines with the totals in the footer; ``editable`` adds the row links."""

    section = tables.Column(verbose_name=_("Lĩnh vực"), footer=_("Tổng cộng"))
    description = tables.Column(
        verbose_name=_("Nội dung chi"), footer=lambda table: table.share_spent()
    )
    planned = tables.Column(
        verbose_name=_("Dự toán (đồng)"), attrs=NUM, footer=lambda table: table.total("planned")
    )
    spent = tables.Column(
        verbose_name=_("Đã chi (đồng)"),
        attrs={
            "td": {"class": lambda record: "num behind" if record.remaining < 0 else "num"},
            "th": {"class": "num"},
            "tf": {"class": "num"},
        },
        footer=lambda table: table.total("spent"),
    )
    remaining = tables.Column(
        verbose_name=_("Còn lại (đồng)"), attrs=NUM, footer=lambda table: table.total("remaining")
    )

    class Meta(Table.Meta):
        empty_text = _("Chưa có dòng kinh phí nào.")

    def __init__(self, data: Any, *, totals: Any, editable: bool = False, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.totals = totals
        self.editable = editable

    def total(self, name: str) -> SafeString:
        return format_html("<b>{}</b>", money(getattr(self.totals, name)))

    def share_spent(self) -> str:
        if self.totals.share_spent is None:
            return ""
        return _("đã chi %(share)s%% dự toán") % {"share": floatformat(self.totals.share_spent, -1)}

    def render_section(self, record: BudgetLine) -> str:
        return record.get_section_display()

    def render_description(self, record: BudgetLine) -> SafeString:
        if not self.editable:
            return format_html("{}", record.description)
        actions = row_actions(
            reverse("planning:budget_edit", args=[record.pk]),
            reverse("planning:budget_delete", args=[record.pk]),
        )
        return format_html("{}{}", record.description, actions)

    def render_planned(self, value: Decimal) -> str:
        return money(value)

    def render_spent(self, value: Decimal) -> str:
        return money(value)

    def render_remaining(self, value: Decimal) -> str:
        return money(value)


class ChildApprovalTable(Table):
    """The approval page's child units: each unit's status, completion and lock day. A record is
    ``(unit, approval or None, link)``."""

    unit = tables.Column(accessor=tables.A("0"), verbose_name=_("Đơn vị"))
    status = tables.Column(accessor=tables.A("1"), verbose_name=_("Trạng thái"), empty_values=())
    completed = tables.Column(
        accessor=tables.A("1__completed_at"), verbose_name=_("Báo hoàn thành"), default=DASH
    )
    locked = tables.Column(accessor=tables.A("1__locked_at"), verbose_name=_("Khóa"), default=DASH)

    def render_unit(self, record: Any) -> SafeString:
        unit, _approval, url = record
        return format_html('<a href="{}">{}</a>', url, unit.label)

    def render_status(self, value: Any) -> SafeString:
        if value is None:
            return status_badge("open", _("Đang cập nhật"))
        return status_badge(value.status, value.get_status_display())

    def render_completed(self, value: Any) -> str:
        return day(value)

    def render_locked(self, value: Any) -> str:
        return day(value)


class YearFigureTable(Table):
    """A unit's figures of the year (``figures.FigureRow``) against its targets."""

    label = tables.Column(verbose_name=_("Chỉ số"))
    value = tables.Column(verbose_name=_("Kết quả"), attrs=NUM, default=DASH)
    target = tables.Column(verbose_name=_("Chỉ tiêu"), attrs=NUM, default=DASH)
    unit_of_measure = tables.Column(verbose_name=_("Đơn vị tính"))

    def render_value(self, value: Any) -> str:
        return floatformat(value, "-1g")

    def render_target(self, value: Any) -> str:
        return floatformat(value, "-2g")


class PlanTargetTable(Table):
    """A plan's targets: ``(kind, value)`` pairs."""

    label = tables.Column(accessor=tables.A("0__label"), verbose_name=_("Chỉ tiêu"))
    value = tables.Column(accessor=tables.A("1"), verbose_name=_("Giá trị"), attrs=NUM)
    unit_of_measure = tables.Column(
        accessor=tables.A("0__unit_of_measure"), verbose_name=_("Đơn vị tính")
    )

    def render_value(self, value: Any) -> str:
        return floatformat(value, "-2g")


class TargetCell(tables.Column):
    """One target kind of the grid: an input where the row may be set, the value otherwise."""

    def __init__(self, index: int, kind: Any, can_edit: bool, total: Any) -> None:
        header = f"{kind.label} ({kind.unit_of_measure})"
        super().__init__(
            accessor=tables.A(f"cells__{index}"),
            verbose_name=header,
            attrs={"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}},
            footer=DASH if total is None else floatformat(total, "-2g"),
        )
        self.can_edit = can_edit

    def render(self, value: Any, record: Any) -> str:
        if record["editable"] and self.can_edit:
            label = f"{record['unit'].label}: {value['label']}"
            return format_html(
                '<input name="{}" value="{}" inputmode="decimal" aria-label="{}">',
                value["name"],
                value["value"],
                label,
            )
        return value["value"] or DASH


class TargetGridTable(Table):
    """The target page's grid: a row per unit (the parent first), a column per target kind,
    the children's totals in the footer when there are children."""

    unit = tables.Column(
        accessor=tables.A("unit__label"),
        verbose_name=_("Đơn vị"),
        footer=_("Tổng các đơn vị trực thuộc"),
    )

    class Meta(Table.Meta):
        attrs = {"class": "list targets"}
        row_attrs = {"class": lambda record: "parent" if record["is_parent"] else ""}

    def __init__(
        self,
        rows: list[dict[str, Any]],
        *,
        kinds: list[Any],
        totals: list[Any],
        can_edit: bool,
        has_children: bool,
        **kwargs: Any,
    ) -> None:
        columns = [
            (f"k{index}", TargetCell(index, kind, can_edit, totals[index]))
            for index, kind in enumerate(kinds)
        ]
        super().__init__(rows, extra_columns=columns, show_footer=has_children, **kwargs)
