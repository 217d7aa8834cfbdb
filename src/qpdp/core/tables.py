"""Lists as declarations: one django-tables2 class gives a list's HTML table, its sorting and its
spreadsheet export.

The base ``Table`` adds what every QPĐP list needs and django-tables2 leaves to the project:

- the page's rows come from ``core.pagination`` (one extra row, a capped count), never from
  django-tables2's paginator, which counts the whole filtered list on every view;
- every cell carries ``data-label`` (its column's header), so at phone width the stylesheet
  stacks a row as "label: value" lines instead of a column of unlabelled values;
- the same columns write the export, through ``core.exports``'s formula-safe writers; personal
  numbers are masked in both for roles that may not read them (``PersonalNumberColumn``);
- columns hidden on the page (``visible=False``) still go to the export: the spreadsheet holds
  the whole record, the screen what fits;
- a row is written in one pass (``Row.html``), with what is the same for every cell of a column
  worked out once per table (``Table.heads``): django-tables2 recomputes a cell's ``<td>``
  attributes, its header and its render method's signature for every cell, which was most of a
  fifty-row list page's time (issue 15).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import striptags
from django.urls import reverse
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs
from django.utils.translation import gettext_lazy as _
from django_tables2.columns import BoundColumn
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.tables import TableOptions
from django_tables2.utils import OrderByTuple, signature

from qpdp.core.access import AnyUser, can_see_personal_numbers, mask_number
from qpdp.core.pagination import Page

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


NUM = {"td": {"class": "num"}, "th": {"class": "num"}, "tf": {"class": "num"}}
"""A numeric column's attributes: right-aligned header, cells and footer."""


class Table(tables.Table):
    """The base of every list's table (see the module's docstring).

    ``export_headers`` names the export's column headers where they differ from the page's:
    the people export is read back by the import, whose layout knows "Đơn vị", not the page's
    "Nơi thường trú". ``orderings`` lists the sorts offered in the filter form's "Sắp xếp"
    select, each a column alias (``"name"``, ``"-name"``), besides the column headers.
    """

    export_headers: ClassVar[Mapping[str, StrOrPromise]] = {}
    orderings: ClassVar[Sequence[tuple[str, StrOrPromise]]] = ()

    class Meta:
        template_name = "core/table.html"
        attrs = {"class": "list"}
        order_by_field = "sort"
        orderable = False
        empty_text = _("Không có bản ghi nào.")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A table without a ``Meta`` of its own keeps this one (django-tables2 would give it
        the library's defaults: no class, no data-label template, every column sortable)."""
        super().__init_subclass__(**kwargs)
        if "Meta" not in cls.__dict__:
            cls._meta = TableOptions(cls.Meta, cls.__name__)

    def __init__(self, data: Any, *, user: AnyUser, sort: str | None = None, **kwargs: Any):
        self.user = user
        self.page_rows: BoundRows | None = None
        # An unknown sort (a typed URL, an old bookmark) falls back to the table's default.
        column = self.base_columns.get((sort or "").lstrip("-"))
        super().__init__(data, order_by=sort if column and column.orderable else None, **kwargs)
        self.rows = Rows(data=self.data, table=self, pinned_data=self.pinned_data)

    @property
    def ordered_data(self) -> Any:
        """The data in the table's order (a queryset stays a lazy queryset)."""
        return self.data.data

    def show(self, page: Page) -> None:
        """Render ``page``'s rows, taken from ``ordered_data`` by ``core.pagination``."""
        self.page_rows = Rows(data=page.rows, table=self)

    @cached_property
    def sees_personal_numbers(self) -> bool:
        """Asked once per table, not per cell (the user is a lazy proxy: each call cost)."""
        return can_see_personal_numbers(self.user)

    @cached_property
    def heads(self) -> list[Head]:
        """The shown columns, each with what its cells share (see ``Head``)."""
        return [Head.of(column) for column in self.columns]

    @property
    def paginated_rows(self) -> BoundRows:
        return self.page_rows if self.page_rows is not None else self.rows

    @classmethod
    def sort_fields(cls) -> dict[str, tuple[str, ...]]:
        """``orderings`` as model fields (``"-name"`` → ``("-roster_key", "-pk")``): the API
        sorts its list of the same records the same way."""
        fields: dict[str, tuple[str, ...]] = {}
        for alias, _label in cls.orderings:
            column = cls.base_columns[alias.lstrip("-")]
            order = column.order_by or OrderByTuple((column.accessor or alias.lstrip("-"),))
            if alias.startswith("-"):
                order = order.opposite
            fields[alias] = tuple(str(field) for field in order)
        return fields

    # -- export --------------------------------------------------------------------------------

    def export_columns(self) -> list[tables.columns.BoundColumn]:
        return [c for c in self.columns.iterall() if not c.column.exclude_from_export]

    def export_header(self) -> list[str]:
        return [str(self.export_headers.get(c.name, c.header)) for c in self.export_columns()]

    def export_rows(self, records: Iterable[Any]) -> Iterator[list[Any]]:
        """Each record as the export writes it: a column's ``value_<name>`` (or its rendered
        value without HTML), a date kept a date so the spreadsheet shows it dd/mm/yyyy."""
        names = [c.name for c in self.export_columns()]
        for record in records:
            row = BoundRow(record, table=self)
            yield [_cell(row.get_cell_value(name)) for name in names]


def _cell(value: Any) -> Any:
    return "" if value is None else value


@dataclass(frozen=True, slots=True)
class Head:
    """What every cell of a shown column shares: its data-label (the header without HTML,
    escaped), its ``<td>`` attributes unless they depend on the record (then None: computed per
    cell), and the arguments its render method takes (``django_tables2.utils.signature``)."""

    column: BoundColumn
    label: str
    td: SafeString | None
    arguments: tuple[tuple[str, ...], str | None]

    @classmethod
    def of(cls, column: BoundColumn) -> Head:
        attrs = {**column._table.attrs, **column.column.attrs}
        per_record = any(callable(v) for v in attrs.get("td", attrs.get("cell", {})).values())
        return cls(
            column=column,
            label=escape(striptags(column.header)),
            td=None if per_record else column.attrs["td"].as_html(),
            arguments=signature(column.render),
        )


class Row(BoundRow):
    """A row of a kit table: written as one string by ``html``, the cells rendered as
    django-tables2 renders them (same values, links, empty defaults) with each column's shared
    parts taken from ``Table.heads``, and each value escaped and localised as ``{{ cell }}``
    would be in the template."""

    @property
    def html(self) -> SafeString:
        cells = []
        for head in self.table.heads:
            column = head.column
            value = self._get_and_render_with(
                column,
                render_func=lambda _column, value=None, head=head: self._render(head, value),
                default=column.default,
            )
            td = head.td
            if td is None:  # attributes computed from the record, as BoundRow.items allows
                column.current_value, column.current_record = value, self.record
                td = column.attrs["td"].as_html()
            content = conditional_escape(localize(template_localtime(value)))
            cells.append(f'<td data-label="{head.label}" {td}>{content}</td>')
        return mark_safe(f"<tr {self.attrs.as_html()}>{''.join(cells)}</tr>")  # parts escaped

    def _render(self, head: Head, value: Any = None) -> Any:
        """``BoundRow._call_render`` with the render method's signature read once per table, not
        once per cell (``call_with_appropriate``'s rule: only the arguments it names, none if one
        is missing, all if it takes ``**kwargs``)."""
        column = head.column
        kwargs = self._optional_cell_arguments(column, value)
        names, catch_all = head.arguments
        if catch_all:
            content = column.render(**kwargs)
        elif all(name in kwargs for name in names):
            content = column.render(**{name: kwargs[name] for name in names})
        else:
            content = None
        return column.link(content, **kwargs) if column.link else content


class Rows(BoundRows):
    """The rows of a kit table as ``Row``s (pinned rows, which no QPĐP table has, stay the
    library's)."""

    def __iter__(self) -> Iterator[BoundRow]:
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield Row(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return Rows(data=self.data[key], table=self.table, pinned_data=self.pinned_data)
        return Row(record=self.data[key], table=self.table)


class PersonalNumberColumn(tables.Column):
    """An identity or phone number: in full for roles that need it, masked (*********234) for
    the others, on the page and in the export alike."""

    attrs: ClassVar[dict[str, Any]] = {"td": {"class": "mono"}}

    def render(self, value: str, table: Table) -> str:
        return value if table.sees_personal_numbers else mask_number(value)

    def value(self, value: str, table: Table) -> str:
        return self.render(value, table)


class DayColumn(tables.Column):
    """A date shown dd/mm/yyyy on the page and kept a date in the export."""

    def render(self, value: Any) -> str:
        return f"{value:%d/%m/%Y}"

    def value(self, value: Any) -> Any:
        return value


class TickColumn(tables.Column):
    """A check box per record for a bulk action: it posts the record's ``accessor`` (its pk) as
    the form field ``name``, is ticked again when the list comes back with an error, and says
    ``label(record)`` to a screen reader; the header ticks every box. Not exported.

    The table tells which records are ticked through its ``checked`` attribute (a set of pks).
    """

    def __init__(
        self,
        name: str,
        label: Callable[[Any], str],
        accessor: str = "pk",
        **kwargs: Any,
    ):
        self.field_name, self.label = name, label
        kwargs.setdefault("exclude_from_export", True)
        super().__init__(accessor=accessor, empty_values=(), **kwargs)

    @property
    def header(self) -> SafeString:
        """The select-all box."""
        return format_html(
            '<input type="checkbox" data-select-all="{}" aria-label="{}">',
            self.field_name,
            _("Chọn tất cả"),
        )

    def render(self, value: int, record: Any, table: Table) -> SafeString:
        return format_html(
            '<input type="checkbox" name="{}" value="{}" aria-label="{}"{}>',
            self.field_name,
            value,
            self.label(record),
            " checked" if value in getattr(table, "checked", ()) else "",
        )


class AuditTable(Table):
    """The audit log: who did what, when, from where, and how many fields changed."""

    timestamp = tables.DateTimeColumn(format="d/m/Y H:i:s", verbose_name=_("Thời điểm"))
    username = tables.Column(verbose_name=_("Tài khoản"))
    address = tables.Column(verbose_name=_("Địa chỉ"))
    channel = tables.Column(verbose_name=_("Kênh"))
    action = tables.Column(verbose_name=_("Thao tác"))
    object_repr = tables.Column(verbose_name=_("Đối tượng"))
    changes = tables.Column(verbose_name=_("Số trường thay đổi"), attrs=NUM)

    def render_changes(self, value: Mapping[str, Any]) -> int:
        return len(value)


class HistoryTable(Table):
    """A record's audit entries on its detail page (``includes/history.html``): each change
    field by field, the personal numbers among ``personal_fields`` masked for roles without
    need, as ``PersonalNumberColumn`` masks them in lists."""

    timestamp = tables.DateTimeColumn(format="d/m/Y H:i", verbose_name=_("Thời điểm"))
    username = tables.Column(verbose_name=_("Người thực hiện"))
    action = tables.Column(verbose_name=_("Thao tác"))
    changes = tables.Column(verbose_name=_("Nội dung"), empty_values=())

    class Meta(Table.Meta):
        attrs = {"class": "list history"}
        empty_text = _("Chưa có thay đổi nào.")

    def __init__(self, data: Any, *, model: Any, personal_fields: str = "", **kwargs: Any):
        self.model = model
        self.personal_fields = frozenset(personal_fields.split())
        super().__init__(data, **kwargs)

    def render_username(self, value: str, record: Any) -> SafeString:
        if not record.address:
            return format_html("{}", value)
        return format_html("{}<br><small>{}</small>", value, record.address)

    def render_changes(self, value: Mapping[str, Any], record: Any) -> SafeString | str:
        if record.action != "update":
            return ""
        return format_html(
            '<ul class="changes">{}</ul>',
            format_html_join(
                "",
                "<li><b>{}</b>: <del>{}</del> → <ins>{}</ins></li>",
                (
                    (field_label(self.model, name), *self._shown(name, change))
                    for name, change in value.items()
                ),
            ),
        )

    def _shown(self, name: str, change: Any) -> tuple[str, str]:
        masked = name in self.personal_fields and not can_see_personal_numbers(self.user)
        # An update records [before, after]; a few services record only what was set.
        paired = isinstance(change, list | tuple) and len(change) == 2
        before, after = change if paired else (None, change)
        return _audited_value(before, masked), _audited_value(after, masked)


def _audited_value(item: Any, masked: bool) -> str:
    if item in (None, ""):
        return "—"
    return mask_number(str(item)) if masked else str(item)


def field_label(model: Any, field_name: str) -> str:
    """A model field's label, capitalised; the name itself for a field removed since (an
    audit entry may name one)."""
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except FieldDoesNotExist:
        return field_name


# -- dated parameters (core.parameters) ---------------------------------------------------------


class ParameterSummaryTable(Table):
    """The index of dated-parameter tables: each table, its app, its rows and how many of them
    are not confirmed against the official text."""

    name = tables.Column(
        verbose_name=_("Bảng tham số"),
        linkify=lambda record: reverse("parameters:table", args=[record.label]),
    )
    app = tables.Column(verbose_name=_("Lĩnh vực"))
    label = tables.Column(verbose_name=_("Mã bảng"), attrs={"td": {"class": "mono"}})
    rows = tables.Column(verbose_name=_("Số dòng"), attrs=NUM)
    unverified = tables.Column(verbose_name=_("Chưa kiểm chứng"), attrs=NUM)

    class Meta(Table.Meta):
        empty_text = _("Không có bảng tham số nào.")


STATE_LABELS: Mapping[str, StrOrPromise] = {
    "in_force": _("Đang áp dụng"),
    "superseded": _("Đã được thay thế"),
    "future": _("Chưa đến ngày áp dụng"),
    "ended": _("Hết hiệu lực"),
}


class FieldColumn(tables.Column):
    """One model field of a parameter row, shown as a person reads it: a choice's label, a
    date dd/mm/yyyy, yes/no, "—" for empty."""

    def __init__(self, field: Any, **kwargs: Any) -> None:
        self.field = field
        kwargs.setdefault("verbose_name", str(field.verbose_name).capitalize())
        super().__init__(accessor="row", empty_values=(), orderable=False, **kwargs)

    def render(self, record: Any) -> str:
        row = record.row
        value = getattr(row, self.field.name)
        if value is None or value == "":
            return "—"
        if self.field.choices:
            return str(getattr(row, f"get_{self.field.name}_display")())
        if isinstance(value, bool):
            return str(_("Có") if value else _("Không"))
        if isinstance(value, dt.date):
            return f"{value:%d/%m/%Y}"
        if isinstance(value, int | Decimal):
            return number_format(value, force_grouping=True)
        return str(value)


class ParameterRowsTable(Table):
    """The rows of one dated-parameter table, each with its state today, its source (marked
    when not confirmed) and the two ways to change it: a new row from a day, or a correction.
    The model's own fields come as ``extra_columns`` (``FieldColumn``)."""

    valid_from = DayColumn(accessor="row__valid_from", verbose_name=_("Áp dụng từ ngày"))
    state = tables.Column(verbose_name=_("Tình trạng"))
    source = tables.Column(accessor="row__source", verbose_name=_("Căn cứ"))
    actions = tables.Column(
        accessor="row__pk", verbose_name=_("Thao tác"), exclude_from_export=True
    )

    class Meta(Table.Meta):
        empty_text = _("Bảng chưa có dòng nào.")

    def __init__(self, data: Any, *, label: str, **kwargs: Any) -> None:
        self.label = label
        super().__init__(data, **kwargs)

    def render_state(self, value: str) -> str:
        return str(STATE_LABELS[value])

    def render_source(self, value: str, record: Any) -> SafeString:
        if not record.unverified:
            return format_html("{}", value)
        return format_html('<strong class="unverified">{}</strong> {}', _("CHƯA KIỂM CHỨNG"), value)

    def render_actions(self, value: int) -> SafeString:
        add = reverse("parameters:add", args=[self.label])
        correct = reverse("parameters:correct", args=[self.label, value])
        return format_html(
            '<a href="{}?from={}">{}</a> · <a href="{}">{}</a>',
            add,
            value,
            _("Mức mới từ ngày…"),
            correct,
            _("Đính chính"),
        )
