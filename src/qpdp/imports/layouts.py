"""Import layouts: each registry declares, in one place, the columns it accepts from a spreadsheet.

A layout names its fields, the Vietnamese headers that mean each field, the parser for its cells
and the row rules that combine cells (a full name from its parts, gender from "x" under Nam/Nữ);
its ``records`` say how rows meet the registry and its ``export`` how the registry is written
out (``imports.records``). Apps declare layouts in ``<app>/import_layouts.py``, found the first
time a layout is asked for (``core.registry``): the engine has no layout of its own and no
default. ``validate_rows`` applies
a layout to the rows under a header without touching the database, so a file can be checked in
full before anything is written.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qpdp.core.registry import Registry
from qpdp.core.vietnamese import repair_legacy
from qpdp.imports.columns import ColumnParser
from qpdp.imports.headers import check_layout_headers
from qpdp.imports.readers import CellValue, Message, Row, column_letter, is_blank_cell
from qpdp.imports.values import ParseContext, Parser, parse_text

if TYPE_CHECKING:
    import datetime as dt

    from qpdp.imports.headers import ColumnMapping
    from qpdp.imports.records import Export, Records

COLUMN_CHUNK: Final = 5000
"""Rows parsed column-wise together: large enough that each Polars call is worth it, small
enough that a chunk's cells are a few megabytes."""

DEFAULT_IGNORED_HEADERS: Final = ("STT", "TT", "Số TT", "Số thứ tự", "No")
"""Row-number columns: recognised so they are neither mapped nor asked about."""


@dataclass(frozen=True, slots=True)
class LayoutField:
    """One field a layout fills, with the headers that mean it.

    ``label_vi`` and ``variants`` are matched against headers in Vietnamese whatever the
    interface language, so they are plain strings; ``label_vi`` is marked with
    ``gettext_noop`` and translated for display by ``label``. ``satisfied_by`` lists column
    sets that stand in for a required field (given name instead of full name); ``spanned``
    says which fields the columns under this header hold when it is merged across several.
    """

    name: str
    label_vi: str
    variants: tuple[str, ...] = ()
    parser: Parser = parse_text
    required: bool = False
    satisfied_by: tuple[tuple[str, ...], ...] = ()
    spanned: tuple[tuple[str, ...], ...] = ()

    @property
    def label(self) -> str:
        return gettext(self.label_vi)


@dataclass(frozen=True, slots=True)
class RuleError:
    """A row rule's finding; reported at the first of ``fields`` that has a column."""

    fields: tuple[str, ...]
    message: Message
    code: str


type RowRule = Callable[[dict[str, object]], list[RuleError]]
"""Combines or checks the parsed values of one row, changing ``values`` in place."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What one registry accepts from a spreadsheet, and how its rows are written.

    ``records`` is required to register the layout (a layout without it can still be located
    and validated, as tests of headers do); ``export`` is optional: a layout without one is
    import-only. Neither takes part in comparing or hashing layouts (header lookups are cached
    per layout).
    """

    code: str
    label_vi: str
    fields: tuple[LayoutField, ...]
    row_rules: tuple[RowRule, ...] = ()
    ignored_headers: tuple[str, ...] = DEFAULT_IGNORED_HEADERS
    records: Records | None = field(default=None, compare=False)
    export: Export | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        names = [layout_field.name for layout_field in self.fields]
        if len(names) != len(set(names)):
            raise ValueError(f"layout {self.code}: duplicate field names")
        check_layout_headers(self)

    @property
    def label(self) -> str:
        return gettext(self.label_vi)

    def field(self, name: str) -> LayoutField:
        return next(layout_field for layout_field in self.fields if layout_field.name == name)


def _has_records(layout: Layout) -> None:
    if layout.records is None:
        raise ValueError(f"import layout {layout.code!r} declares no records")


_LAYOUTS: Registry[Layout] = Registry(
    "import layout", "import_layouts", lambda layout: layout.code, _has_records
)

register = _LAYOUTS.register
"""Add a layout; a second layout with the same code, or a layout that does not say how its
rows are written (``records``), is a programming error."""
get_layout = _LAYOUTS.get
"""The registered layout with this code; ``KeyError`` if none."""


def all_layouts() -> list[Layout]:
    """Registered layouts in registration order, for the "choose what to import" screen."""
    return list(_LAYOUTS.items().values())


def records_of(layout: Layout) -> Records:
    """The layout's records (registered layouts always have them)."""
    if layout.records is None:
        raise ValueError(f"import layout {layout.code!r} declares no records")
    return layout.records


# ---------------------------------------------------------------------------------------------
# Validation


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem, located as the officer sees it: row number, column letter and header."""

    row: int
    column_letter: str
    header: str
    value: CellValue
    reason_vi: Message
    field: str
    code: str


@dataclass(frozen=True, slots=True)
class LegacyCell:
    """A cell converted from a legacy font encoding, counted and shown in the import summary."""

    column_letter: str
    encoding: str


@dataclass(frozen=True, slots=True)
class RowResult:
    row_number: int
    values: dict[str, object]
    errors: list[CellError]
    converted: tuple[LegacyCell, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_rows(
    layout: Layout,
    rows: Iterable[Row],
    mapping: ColumnMapping,
    *,
    today: dt.date,
    columnar: bool = False,
) -> Iterator[RowResult]:
    """Parse every mapped cell, apply the layout's row rules and check required fields.

    Pure: no database, no clock (``today`` is the reference for future dates and two-digit
    years). Blank cells are not parsed; a required field left blank is one error. Row by row,
    nothing is read ahead of the row yielded. With ``columnar`` (the analysis of a file), rows
    are read ``COLUMN_CHUNK`` at a time and the clean cells of the columns that have a kernel
    are parsed column-wise (``imports.columns``); the others, and every cell a kernel is unsure
    of, by the row parsers: the results are the same either way.
    """
    context = ParseContext(today=today)
    columns = mapping.fields
    headers = mapping.headers
    column_of = {name: index for index, name in reversed(columns.items())}
    cells = [
        (index, name, _CellCache(layout.field(name).parser, context))
        for index, name in columns.items()
    ]
    required = [
        (
            layout_field,
            frozenset(
                {layout_field.name, *(f for group in layout_field.satisfied_by for f in group)}
            ),
        )
        for layout_field in layout.fields
        if layout_field.required
    ]
    kernels = ColumnParser.of(
        {index: layout.field(name).parser for index, name in columns.items()}, context
    )
    if columnar and kernels.columns:
        batches: Iterable[Sequence[Row]] = itertools.batched(rows, COLUMN_CHUNK)
    else:
        batches = ((row,) for row in rows)
        kernels.columns.clear()
    for batch in batches:
        parsed = kernels.parse([row.cells for row in batch])
        chunk_cells = [(index, name, cache, parsed.get(index)) for index, name, cache in cells]
        for position, row in enumerate(batch):
            yield _validate_row(layout, row, position, chunk_cells, column_of, headers, required)


def _validate_row(
    layout: Layout,
    row: Row,
    position: int,
    cells: Sequence[tuple[int, str, _CellCache, list[object | None] | None]],
    column_of: Mapping[str, int],
    headers: Mapping[int, str],
    required: Sequence[tuple[LayoutField, frozenset[str]]],
) -> RowResult:
    """One row: the values found column-wise (``parsed``, the row's ``position`` in them), the
    other cells parsed here, then the row rules and the required fields."""
    values: dict[str, object] = {}
    errors: list[CellError] = []
    converted: list[LegacyCell] = []
    width = len(row.cells)
    for index, name, cache, parsed in cells:
        raw = row.cells[index] if index < width else None
        if raw is None:
            continue
        if parsed is not None:
            found = parsed[position]
            if found is not None:
                values[name] = found
                continue
        value, message, encoding = cache.parse(raw)
        if value is _BLANK:
            continue
        if encoding is not None:
            converted.append(LegacyCell(column_letter(index), encoding))
        if message is not None:
            errors.append(_cell_error(row, index, headers, name, message, "invalid"))
        elif value is not None:
            values[name] = value
    for rule in layout.row_rules:
        for finding in rule(values):
            located = next((column_of[f] for f in finding.fields if f in column_of), None)
            errors.append(
                _cell_error(row, located, headers, finding.fields[0], finding.message, finding.code)
            )
    failed = {cell_error.field for cell_error in errors}
    for layout_field, sources in required:
        if values.get(layout_field.name) is None and not sources & failed:
            message = format_lazy(_("Thiếu {field}."), field=_(layout_field.label_vi))
            located = column_of.get(layout_field.name)
            errors.append(
                _cell_error(row, located, headers, layout_field.name, message, "required")
            )
    return RowResult(row.number, values, errors, tuple(converted))


_BLANK: Final = object()
"""A blank cell (white space only): not parsed, and a required field left blank is one error."""


class _CellCache:
    """One column's parser, remembering what it said of each text it saw.

    Lists repeat the same gender, ethnicity, religion, education, ward, occupation and, over a
    large file, birth dates: parsing each distinct text once makes those columns almost free.
    Parsers are pure given the context, so a cached answer is the answer. A column whose texts
    rarely repeat (identity numbers, addresses) stops caching after a sample, so the cache
    neither costs memory nor time there.
    """

    SAMPLE: Final = 2000
    LIMIT: Final = 20_000

    __slots__ = ("context", "hits", "parser", "seen")

    def __init__(self, parser: Parser, context: ParseContext) -> None:
        self.parser = parser
        self.context = context
        self.seen: dict[str, tuple[object, Message | None, str | None]] | None = {}
        self.hits = 0

    def parse(self, raw: CellValue) -> tuple[object, Message | None, str | None]:
        """(value, message, legacy encoding converted from); text is NFC'd by the parsers."""
        seen = self.seen
        if seen is None or not isinstance(raw, str):
            return self._parse(raw)
        found = seen.get(raw)
        if found is not None:
            self.hits += 1
            return found
        result = self._parse(raw)
        size = len(seen)
        if size == self.SAMPLE and self.hits * 10 < self.SAMPLE:
            self.seen = None
        elif size < self.LIMIT:
            seen[raw] = result
        return result

    def _parse(self, raw: CellValue) -> tuple[object, Message | None, str | None]:
        if is_blank_cell(raw):
            return _BLANK, None, None
        encoding = None
        if isinstance(raw, str):
            raw, encoding = repair_legacy(raw)
        value, message = self.parser(raw, self.context)
        return value, message, encoding


def _cell_error(
    row: Row,
    index: int | None,
    headers: Mapping[int, str],
    field_name: str,
    message: Message,
    code: str,
) -> CellError:
    """Locate an error at its column, or at no column for a field the file does not have."""
    return CellError(
        row=row.number,
        column_letter=column_letter(index) if index is not None else "",
        header=headers.get(index, "") if index is not None else "",
        value=row.get(index) if index is not None else None,
        reason_vi=message,
        field=field_name,
        code=code,
    )
