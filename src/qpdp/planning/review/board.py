"""The dashboard's child units at scale: a province has 99 communes, a page cannot show them all.

The leader picks an indicator to rank the units by (``?sort=``, the matrix's column alias: the
code with "__" for its dots, "-" first for highest first), may keep only the units behind
target or with a figure, and sees the first and last ``EDGE`` units of that order; the others
are a paged list behind a ``<details>``. Without an indicator the units are listed by name, a
page at a time. Bar charts show each indicator's first and last ``EDGE`` units by value and
count the others, so no part of the page grows with the number of communes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qpdp.core.pagination import Page, paginate_list
from qpdp.core.vietnamese import sort_key
from qpdp.planning.review.data import Review, UnitRef
from qpdp.planning.review.sentences import Figure

EDGE = 5  # units shown at each end of a ranked list or a bar chart
REST_PAGE_SIZE = 20  # the collapsed middle of a ranked list, and an unranked list, per page

Row = tuple[UnitRef, list[Figure]]


def alias(code: str) -> str:
    """The matrix column of an indicator: django-tables2 reads a "." in a sort as a deprecated
    path separator, so ``conscription.handed_over`` sorts as ``conscription__handed_over``."""
    return code.replace(".", "__")


class BoardForm(forms.Form):
    """How the child units are listed: the ranking indicator and order, and two filters."""

    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False)
    behind = forms.BooleanField(label=_("Chỉ đơn vị chưa đạt chỉ tiêu"), required=False)
    has_data = forms.BooleanField(label=_("Chỉ đơn vị có số liệu"), required=False)

    def __init__(self, *args: Any, figures: Sequence[Figure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Tên đơn vị (A → Z)"))]
        for figure in figures:
            choices += [
                (f"-{alias(figure.code)}", f"{figure.label}: {_('cao → thấp')}"),
                (alias(figure.code), f"{figure.label}: {_('thấp → cao')}"),
            ]
        sort = self.fields["sort"]
        assert isinstance(sort, forms.ChoiceField)
        sort.choices = choices

    def chosen(self) -> tuple[str, bool, bool]:
        """(sort alias or "", behind only, with a figure only); an invalid query lists all."""
        if not self.is_valid():
            return "", False, False
        data = self.cleaned_data
        return data["sort"], data["behind"], data["has_data"]


def rows_of(review: Review) -> list[Row]:
    """Each child unit with its figures, in the dashboard's indicator order."""
    return [
        (child, [review.by_unit[f.code][index].figure for f in review.figures])
        for index, child in enumerate(review.children)
    ]


def keep(rows: Sequence[Row], index: int | None, *, behind: bool, has_data: bool) -> list[Row]:
    """The rows the filters keep: behind target and/or with a figure, on the indicator at
    ``index`` or, when none is chosen, on any indicator."""

    def kept(figures: list[Figure]) -> bool:
        looked_at = figures if index is None else [figures[index]]
        if behind and not any(f.behind for f in looked_at):
            return False
        return not has_data or any(f.value is not None for f in looked_at)

    return [row for row in rows if kept(row[1])]


def rank_key(figure: Figure, unit: UnitRef, *, descending: bool) -> tuple[Any, ...]:
    """Sort key: units with a figure by value (highest first when ``descending``), ties and
    units without a figure by name in Vietnamese order, the latter always last."""
    if figure.value is None:
        return (1, Decimal(0), sort_key(unit.full_name), unit.id)
    value = Decimal(figure.value)
    return (0, -value if descending else value, sort_key(unit.full_name), unit.id)


def by_name(rows: Sequence[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (sort_key(row[0].full_name), row[0].id))


@dataclass(frozen=True, slots=True)
class Split:
    """A ranked list cut for the page: ``first`` and ``last`` (``EDGE`` each), the ``rest`` as a
    page; an unranked or short list is all ``rest``."""

    first: list[Row]
    last: list[Row]
    rest: Page
    rest_total: int

    @property
    def ranked(self) -> bool:
        return bool(self.first)


def split(rows: Sequence[Row], index: int | None, raw_page: str | None) -> Split:
    """``rows`` already in order; ranked by the indicator at ``index`` when not None. Units
    without a figure are never "last": they follow the ranked ones in the collapsed rest."""
    if index is None:
        return Split([], [], paginate_list(rows, raw_page, REST_PAGE_SIZE), len(rows))
    ranked = [row for row in rows if row[1][index].value is not None]
    if len(ranked) <= 2 * EDGE:
        return Split([], [], paginate_list(rows, raw_page, REST_PAGE_SIZE), len(rows))
    unranked = [row for row in rows if row[1][index].value is None]
    rest = ranked[EDGE:-EDGE] + unranked
    return Split(
        ranked[:EDGE], ranked[-EDGE:], paginate_list(rest, raw_page, REST_PAGE_SIZE), len(rest)
    )
