"""The review's lists as django-tables2 tables: the year's figures, the children × indicators
matrix, one indicator by child unit, the people behind a figure, and the ward ranking.

The figures come from ``data.Review`` (the report's own object); a table only lays them out, so
the dashboard, the report and the API still cannot disagree. Every cell carries its column's
label (the kit's table template), so on a phone a row reads as "label: value" lines.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tables2.data import TableListData
from django_tables2.utils import OrderBy, OrderByTuple

from qpdp.core.tables import NUM, PersonalNumberColumn, Table
from qpdp.core.vietnamese import sort_key
from qpdp.planning.review.board import alias, rank_key
from qpdp.planning.review.sentences import Figure

DASH = "—"


def _behind_row(figure: Figure) -> str:
    return "behind" if figure.behind or figure.unreported else ""


def _value_link(figure: Figure, people_url: str) -> str:
    """The figure's value, linked to the people behind it when there are some to list."""
    if people_url and figure.value:
        return format_html('<a href="{}">{}</a>', people_url, figure.value_text)
    return figure.value_text


def not_applicable() -> SafeString:
    """What a cell says when its question does not arise (no target to reach), kept apart
    from "—", which says a figure is missing."""
    return format_html('<span class="help">{}</span>', _("không áp dụng"))


def achievement(figure: Figure) -> str:
    """The rate of the target reached: not applicable without a target, "—" without a figure."""
    if not figure.target:
        return not_applicable()
    return figure.achievement_text


def _assessment(figure: Figure) -> str:
    if figure.target is None:
        return not_applicable()
    if figure.unreported:  # a target and no figure: not met, and never "Đạt"
        return format_html('<span class="status-behind">{}</span>', _("Chưa có số liệu"))
    if figure.behind:
        return format_html('<span class="status-behind">{}</span>', _("Chưa đạt"))
    return str(pgettext_lazy("chỉ tiêu", "Đạt"))


class FigureTable(Table):
    """The dashboard's figures of the year. A record is a card: ``figure``, ``detail_url``
    (the indicator's page) and ``people_url`` (its people, empty when it lists none)."""

    label = tables.Column(accessor="figure__label", verbose_name=_("Chỉ số"))
    value = tables.Column(accessor="figure", verbose_name=_("Kết quả"), attrs=NUM)
    target = tables.Column(
        accessor="figure__target_text", verbose_name=_("Chỉ tiêu"), attrs=NUM, empty_values=()
    )
    achievement = tables.Column(
        accessor="figure", verbose_name=_("Tỷ lệ đạt"), attrs=NUM, empty_values=()
    )
    assessment = tables.Column(accessor="figure", verbose_name=_("Đánh giá"))

    class Meta(Table.Meta):
        attrs = {"class": "list figures"}
        row_attrs = {
            "class": lambda record: _behind_row(record["figure"]),
            "data-code": lambda record: record["figure"].code,
        }

    def render_label(self, record: dict[str, Any]) -> SafeString:
        figure = record["figure"]
        return format_html(
            '<a href="{}">{}</a> <span class="help">({})</span>',
            record["detail_url"],
            figure.label,
            figure.unit_of_measure,
        )

    def render_value(self, value: Figure, record: dict[str, Any]) -> str:
        return _value_link(value, record["people_url"])

    def render_achievement(self, value: Figure) -> str:
        return achievement(value)

    def render_assessment(self, value: Figure) -> str:
        return _assessment(value)


class MatrixColumn(tables.Column):
    """One indicator of the matrix: "value/target", red where the child is behind; its header
    sorts the rows by the indicator (``MatrixRows``)."""

    def __init__(self, index: int, card: dict[str, Any]) -> None:
        figure = card["figure"]
        super().__init__(
            accessor=tables.A(f"1__{index}"),
            verbose_name=figure.label,
            attrs={
                "td": {"class": lambda record: "num behind" if record[1][index].behind else "num"},
                "th": {"class": "num"},
            },
            empty_values=(),
            orderable=True,
            order_by=(f"1__{index}",),  # never used: ``MatrixRows`` sorts
        )
        self.index = index

    def render(self, value: Figure) -> str:
        if value.target is None:
            return value.value_text
        return f"{value.value_text}/{value.target_text}"


class MatrixRows(TableListData):
    """The matrix's rows ordered as the dashboard ranks them (``board.rank_key``): by the sorted
    indicator's value, units without a figure last whichever the direction, then by name in
    Vietnamese order. django-tables2 sorts a list by its accessors' values, which would put the
    units without a figure first when sorting high to low, and "Đ" after "V"."""

    def order_by(self, aliases: OrderByTuple) -> None:
        if not aliases:
            return
        alias = OrderBy(aliases[0])
        column = self.table.columns[alias.bare].column
        if isinstance(column, MatrixColumn):
            index = column.index
            self.data.sort(
                key=lambda row: rank_key(row[1][index], row[0], descending=alias.is_descending)
            )
        else:
            self.data.sort(
                key=lambda row: (sort_key(row[0].full_name), row[0].id),
                reverse=alias.is_descending,
            )


class MatrixTable(Table):
    """Children × indicators: a record is ``(child, [figure per indicator])``; ``cards`` give
    the columns, in the dashboard's order, each named by its indicator's code
    (``board.alias``) so that ``?sort=-conscription__handed_over`` ranks the units by it."""

    unit = tables.Column(accessor=tables.A("0"), verbose_name=_("Đơn vị"), orderable=True)

    class Meta(Table.Meta):
        attrs = {"class": "matrix"}

    def __init__(
        self,
        data: Any,
        *,
        cards: list[dict[str, Any]],
        year: int,
        sort: str | None = None,
        **kwargs: Any,
    ):
        columns = [
            (alias(card["figure"].code), MatrixColumn(index, card))
            for index, card in enumerate(cards)
        ]
        super().__init__(MatrixRows(list(data)), extra_columns=columns, **kwargs)
        self.year = year
        self.order_by = sort  # the indicator columns are extra: the base class cannot see them

    def render_unit(self, value: Any) -> SafeString:
        query = urlencode({"unit": value.id, "year": self.year})
        return format_html(
            '<a href="{}?{}">{}</a>', reverse("review:dashboard"), query, value.full_name
        )


class IndicatorTable(Table):
    """One indicator by child unit: a record is ``(UnitFigure, people_url)``."""

    unit = tables.Column(accessor=tables.A("0__unit"), verbose_name=_("Đơn vị"))
    value = tables.Column(accessor=tables.A("0__figure"), verbose_name=_("Kết quả"), attrs=NUM)
    target = tables.Column(
        accessor=tables.A("0__figure__target_text"),
        verbose_name=_("Chỉ tiêu"),
        attrs=NUM,
        empty_values=(),
    )
    achievement = tables.Column(
        accessor=tables.A("0__figure"), verbose_name=_("Tỷ lệ đạt"), attrs=NUM, empty_values=()
    )

    class Meta(Table.Meta):
        row_attrs = {"class": lambda record: _behind_row(record[0].figure)}

    def __init__(self, data: Any, *, code: str, year: int, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.code = code
        self.year = year

    def render_unit(self, value: Any) -> SafeString:
        url = reverse("review:indicator", args=[self.code])
        query = urlencode({"unit": value.id, "year": self.year})
        return format_html('<a href="{}?{}">{}</a>', url, query, value.full_name)

    def render_value(self, value: Figure, record: Any) -> str:
        return _value_link(value, record[1])

    def render_achievement(self, value: Figure) -> str:
        return achievement(value)


class BehindPeopleTable(Table):
    """The people behind one unit's figure, as the person list shows them (masked numbers)."""

    name = tables.Column(
        accessor="full_name",
        verbose_name=_("Họ và tên"),
        linkify=("people:detail", [tables.A("pk")]),
    )
    birth = tables.Column(accessor="birth_date_display", verbose_name=_("Ngày sinh"))
    id_number = PersonalNumberColumn(verbose_name=_("Số định danh cá nhân"))
    residence_unit = tables.Column(
        accessor="residence_unit__label", verbose_name=_("Nơi thường trú")
    )


class PartColumn(tables.Column):
    """One weighted indicator of the ranking: "achievement% × weight"."""

    def __init__(self, code: str, label: str) -> None:
        super().__init__(
            accessor=tables.A("1"), verbose_name=label, attrs=NUM, empty_values=(), default=DASH
        )
        self.code = code

    def render(self, value: dict[str, Any]) -> str:
        part = value.get(self.code)
        if part is None:
            return DASH
        return f"{localize(part.achievement)}% × {localize(part.weight)}"


class RankingTable(Table):
    """The ward ranking: a record is ``(score, {code: part})``; ``columns`` are the weighted
    indicators' ``(code, label)``, ``proposed`` the ids of the wards proposed for an award."""

    rank = tables.Column(
        accessor=tables.A("0__rank"), verbose_name=_("Hạng"), attrs=NUM, default=DASH
    )
    unit = tables.Column(accessor=tables.A("0__unit__full_name"), verbose_name=_("Đơn vị"))
    score = tables.Column(
        accessor=tables.A("0__score"), verbose_name=_("Điểm"), attrs=NUM, default=DASH
    )
    proposal = tables.Column(
        accessor=tables.A("0__unit__id"), verbose_name=_("Đề nghị khen thưởng"), empty_values=()
    )

    class Meta(Table.Meta):
        attrs = {"class": "list ranking"}

    def __init__(
        self,
        data: Any,
        *,
        columns: list[tuple[str, str]],
        proposed: set[int],
        **kwargs: Any,
    ) -> None:
        parts = [(f"p-{code}", PartColumn(code, label)) for code, label in columns]
        sequence = ("rank", "unit", "score", *(name for name, _column in parts), "proposal")
        super().__init__(data, extra_columns=parts, sequence=sequence, **kwargs)
        self.proposed = proposed

    def render_rank(self, value: int, record: Any) -> str:
        if record[0].tied:  # equal scores share the rank: said, never hidden by an order
            return format_html("{} <small>({})</small>", value, _("đồng hạng"))
        return str(value)

    def render_proposal(self, value: int) -> str:
        if value in self.proposed:
            return format_html("<strong>{}</strong>", _("Đề nghị"))
        return ""
