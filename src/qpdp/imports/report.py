"""Spreadsheets out of the import engine: the error report of a run, and a layout's export.

The error report repeats the rejected rows in the file's own columns with a "Lỗi" column, so
the ward corrects them in Excel and imports that file again. The export writes a unit's people
in a layout's columns under its Vietnamese headers, so an export re-imports unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from django.utils.translation import gettext as _

from qpdp.core.exports import to_csv, to_xlsx
from qpdp.core.units import Unit
from qpdp.imports.analysis import REPORT_COLUMN
from qpdp.imports.layouts import Layout
from qpdp.imports.models import ImportRun
from qpdp.imports.services import rejected_rows
from qpdp.people.models import Person


def error_report(run: ImportRun) -> bytes:
    """The rejected rows of ``run`` as XLSX: original headers and cells, plus "Lỗi".

    Every rejected row while the run's staging file exists (before commit), not only the
    ``MAX_STORED_ERRORS`` kept on the run; two passes over the staged rows keep memory flat.
    """
    width = max([len(run.headers), *(len(cells) for _n, cells, _r in rejected_rows(run))])
    # Not translated: the corrected file is read back by a layout that knows "Lỗi".
    headers = [*run.headers, *[""] * (width - len(run.headers)), REPORT_COLUMN]
    rows = (
        [*cells, *[None] * (width - len(cells)), "; ".join(reasons)]
        for _number, cells, reasons in rejected_rows(run)
    )
    return to_xlsx(_("Dòng lỗi"), headers, rows)


def _education(person: Person) -> str:
    return person.get_education_level_display() if person.education_level is not None else ""


_PEOPLE_COLUMNS: Final[dict[str, Callable[[Person], Any]]] = {
    "id_number": lambda person: person.id_number or "",
    "legacy_id_number": lambda person: person.legacy_id_number,
    "full_name": lambda person: person.full_name,
    "birth_date": lambda person: person.birth_date_display,
    "gender": lambda person: person.get_gender_display(),
    "ethnicity": lambda person: person.ethnicity,
    "religion": lambda person: person.religion,
    "education_level": _education,
    "residence_unit": lambda person: person.residence_unit.code,
    "address": lambda person: person.address,
    "phone": lambda person: person.phone,
    "occupation": lambda person: person.occupation,
    "workplace": lambda person: person.workplace,
    "notes": lambda person: person.notes,
}
"""The people layout's fields that a person has as such, with how each is written out."""

EXPORTERS: Final = {"people": _PEOPLE_COLUMNS}


def export_columns(layout: Layout) -> list[tuple[str, Callable[[Person], Any]]]:
    """(Vietnamese header, getter) in the layout's column order; ``KeyError`` if not exportable."""
    getters = EXPORTERS[layout.code]
    return [
        (layout_field.label_vi, getters[layout_field.name])
        for layout_field in layout.fields
        if layout_field.name in getters
    ]


def export_people(layout: Layout, unit: Unit, fmt: str) -> tuple[bytes, int]:
    """The people living in ``unit``'s subtree, in the layout's columns; (file body, row count)."""
    columns = export_columns(layout)
    queryset = (
        Person.objects.filter(residence_unit__in=unit.subtree().values("pk"))
        .select_related("residence_unit")
        .order_by("roster_key", "pk")
    )
    count = 0

    def rows() -> Iterator[Sequence[Any]]:
        nonlocal count
        for person in queryset.iterator(chunk_size=2000):
            count += 1
            yield [getter(person) for _header, getter in columns]

    headers = [header for header, _getter in columns]
    body = to_xlsx(layout.label, headers, rows()) if fmt == "xlsx" else to_csv(headers, rows())
    return body, count
