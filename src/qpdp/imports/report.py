"""Spreadsheets out of the import engine: the error report of a run, and a layout's export.

The error report repeats the rejected rows in the file's own columns, with each row's number in
the imported file and a "Lỗi" column, so the ward finds the row in its own file, corrects it in
Excel and imports that file again. The export writes a unit's records
in a layout's columns under its Vietnamese headers (the layout's ``Export`` says which records
and how each column is written), so an export re-imports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from qpdp.core.exports import to_csv, to_xlsx
from qpdp.core.units import Unit
from qpdp.imports.analysis import REPORT_COLUMNS
from qpdp.imports.headers import header_key
from qpdp.imports.layouts import Layout
from qpdp.imports.models import ImportRun
from qpdp.imports.services import rejected_rows


def error_report(run: ImportRun) -> bytes:
    """The rejected rows of ``run`` as XLSX: original headers and cells, then each row's number
    in the imported file and "Lỗi".

    Every rejected row while the run's staging file exists (before commit), not only the
    ``MAX_STORED_ERRORS`` kept on the run; two passes over the staged rows keep memory flat. A
    corrected report imported again loses its old report columns, so they never pile up.
    """
    report_keys = {header_key(column) for column in REPORT_COLUMNS}
    kept = [i for i, header in enumerate(run.headers) if header_key(header) not in report_keys]
    width = max([len(run.headers), *(len(cells) for _n, cells, _r in rejected_rows(run))])
    kept += range(len(run.headers), width)  # cells beyond the header row stay
    # Not translated: the corrected file is read back by a layout that knows these headers.
    headers = [*(run.headers[i] if i < len(run.headers) else "" for i in kept), *REPORT_COLUMNS]
    rows = (
        [*(cells[i] if i < len(cells) else None for i in kept), number, "; ".join(reasons)]
        for number, cells, reasons in rejected_rows(run)
    )
    return to_xlsx(_("Dòng lỗi"), headers, rows)


def export_rows(layout: Layout, unit: Unit, fmt: str) -> tuple[bytes, int]:
    """The records of ``unit``'s subtree in the layout's columns, in its order and under its
    Vietnamese headers; (file body, row count). The layout must declare an ``export``."""
    export = layout.export
    if export is None:
        raise ValueError(f"import layout {layout.code!r} declares no export")
    columns = [
        (layout_field.label_vi, export.columns[layout_field.name])
        for layout_field in layout.fields
        if layout_field.name in export.columns
    ]
    queryset = export.records(unit)
    count = 0

    def rows() -> Iterator[Sequence[Any]]:
        nonlocal count
        for record in queryset.iterator(chunk_size=2000):
            count += 1
            yield [getter(record) for _header, getter in columns]

    headers = [header for header, _getter in columns]
    body = to_xlsx(layout.label, headers, rows()) if fmt == "xlsx" else to_csv(headers, rows())
    return body, count
