"""Read a whole file and decide, row by row, what committing it would do to the registry.

The pure engine (readers, headers, layouts) says whether a row is well formed; this module adds
what needs the database, through the layout's ``Records`` (``imports.records``): the unit among
the communes the officer may write, the record a row matches, and the fields that would change.
Rows are analysed ``staging.CHUNK`` at a time and go to a staging file, so memory stays flat
whatever the file size; in-file duplicates are found there at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.utils.translation import gettext_noop

from qpdp.core.access import AnyUser
from qpdp.core.units import Unit
from qpdp.imports.headers import (
    IGNORE,
    ColumnMapping,
    apply_saved_mapping,
    header_key,
    locate_table,
)
from qpdp.imports.layouts import CellError, Layout, records_of, validate_rows
from qpdp.imports.readers import CellValue, Row, open_sheet
from qpdp.imports.records import Records, RowContext, problem, row_context
from qpdp.imports.staging import CHUNK, ERROR, Action, Plan, Staging

SAMPLE_ERRORS: Final = 10_000
"""Errors (and rejected rows) kept in memory for the page; the staging file has them all."""

type Progress = Callable[[int], None]


@dataclass(slots=True)
class Rejected:
    """A row left out, with its cells as read (for the error report) and its reasons."""

    row: int
    cells: list[Any]
    reasons: list[str]


@dataclass(slots=True)
class Analysis:
    """What the preview found: counts and the first errors; every row is in ``staging``."""

    mapping: ColumnMapping
    skipped: list[str]
    counts: dict[str, int]
    errors: list[dict[str, Any]]
    rejected: list[Rejected]
    legacy_cells: int
    total_rows: int
    staging: Staging

    def count(self, action: Action) -> int:
        return self.counts.get(action, 0)

    @property
    def rejected_count(self) -> int:
        return self.counts.get(ERROR, 0)


class MappingIncomplete(Exception):
    """The columns found do not give every required field: the officer must map them."""

    def __init__(self, mapping: ColumnMapping, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.mapping = mapping
        self.missing = missing


REPORT_COLUMN: Final = gettext_noop("Lỗi")
"""The column the error report adds: left out when the corrected report is imported again."""
REPORT_ROW_COLUMN: Final = gettext_noop("Dòng trong tệp gốc")
"""The report's column with each row's number in the imported file, left out likewise."""
REPORT_COLUMNS: Final = (REPORT_ROW_COLUMN, REPORT_COLUMN)


def _choices(saved: Mapping[str, str] | None) -> dict[str, str]:
    return {**{header_key(column): IGNORE for column in REPORT_COLUMNS}, **(saved or {})}


def read_mapping(
    layout: Layout, path: Path, saved: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The header of a file mapped to the layout (saved choices applied): for the mapping screen."""
    sheet = open_sheet(path)
    table = locate_table(layout, sheet.rows(), merged_ranges=sheet.merged_ranges)
    return apply_saved_mapping(table.mapping, layout, _choices(saved))


def plain_cell(value: CellValue) -> Any:
    """A cell as JSON can hold it and Excel shows it: dates as dd/mm/yyyy text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def _error_entry(row: int, cell_error: CellError) -> dict[str, Any]:
    return {
        "row": row,
        "column": cell_error.column_letter,
        "header": cell_error.header,
        "value": plain_cell(cell_error.value),
        "reason": str(cell_error.reason_vi),
    }


def reasons(problems: Sequence[Mapping[str, Any]]) -> list[str]:
    """ "C – reason" for each problem: the "Lỗi" column of the error report."""
    return [f"{p['column']} – {p['reason']}" if p["column"] else str(p["reason"]) for p in problems]


def analyse(
    user: AnyUser,
    layout: Layout,
    path: Path,
    default_unit: Unit | None,
    saved: Mapping[str, str] | None,
    *,
    today: dt.date,
    progress: Progress | None = None,
) -> Analysis:
    """Read every row of the file, classify it and stage it; raises ``ReadError`` or
    ``MappingIncomplete``. ``progress`` is called with the rows done after each chunk."""
    sheet = open_sheet(path)
    table = locate_table(layout, sheet.rows(), merged_ranges=sheet.merged_ranges)
    table.mapping = apply_saved_mapping(table.mapping, layout, _choices(saved))
    mapping = table.mapping
    missing = mapping.missing_required(layout)
    if missing:
        raise MappingIncomplete(mapping, [layout_field.label for layout_field in missing])
    records = records_of(layout)
    column_of = {name: index for index, name in reversed(mapping.fields.items())}
    context = row_context(user, default_unit, column_of, today)
    originals: dict[int, Row] = {}

    def remember(rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            originals[row.number] = row
            yield row

    staging = Staging.create()
    staging.set_meta("columns", column_of)
    legacy = 0
    total = 0
    try:
        chunk: list[tuple[Plan, list[Any], list[list[str]]]] = []
        results = validate_rows(
            layout,
            remember(table.data_rows()),
            mapping,
            today=today,
            columnar=settings.QPDP_IMPORT_COLUMNAR,
        )
        for result in results:
            total += 1
            legacy += len(result.converted)
            row = originals.pop(result.row_number)
            plan = Plan(result.row_number, Action.CREATE, {})
            plan.problems = [_error_entry(plan.row, error) for error in result.errors]
            plan.data = records.prepare(result.values, context, plan)
            cells = [cell if type(cell) is str else plain_cell(cell) for cell in row.cells]
            converted = [[cell.column_letter, cell.encoding] for cell in result.converted]
            chunk.append((plan, cells, converted))
            if len(chunk) == CHUNK:
                _stage(user, records, context, staging, chunk)
                chunk = []
                if progress is not None:
                    progress(total)
        _stage(user, records, context, staging, chunk)
        if progress is not None:
            progress(total)
        _mark_duplicates(records, staging, context)
    except BaseException:
        staging.discard()
        raise
    skipped = [str(entry.message) for entry in table.skipped]
    if sheet.stopped is not None:
        skipped.append(str(sheet.stopped.message))
    errors: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    for number, cells, problems in staging.rejected(SAMPLE_ERRORS):
        if len(errors) < SAMPLE_ERRORS:
            errors.extend(problems[: SAMPLE_ERRORS - len(errors)])
        rejected.append(Rejected(number, cells, reasons(problems)))
    return Analysis(mapping, skipped, staging.counts(), errors, rejected, legacy, total, staging)


def _stage(
    user: AnyUser,
    records: Records,
    context: RowContext,
    staging: Staging,
    chunk: list[tuple[Plan, list[Any], list[list[str]]]],
) -> None:
    records.classify(user, [plan for plan, _cells, _legacy in chunk if not plan.problems], context)
    key = records.match_key
    staging.add(
        (
            plan.row,
            ERROR if plan.problems else plan.action,
            plan.data.get(key),
            plan.data,
            cells,
            plan.problems or None,
            converted,
        )
        for plan, cells, converted in chunk
    )


def _mark_duplicates(records: Records, staging: Staging, context: RowContext) -> None:
    """One record named on two rows (the same identity number): neither row is imported, the
    officer decides which is right."""
    column = context.locate(*records.match_fields)
    for key, rows in staging.duplicates():
        message = records.duplicate_reason(key, rows)
        for row in rows:
            staging.reject(row, [problem(row, column, message)])
