"""Read a whole file and decide, row by row, what committing it would do to the registry.

The pure engine (readers, headers, layouts) says whether a row is well formed; this module adds
what needs the database, through the layout's ``Records``: the residence unit among the
communes the officer may write, the record an identity number already belongs to, and the
fields that would change. Rows are analysed ``staging.CHUNK`` at a time and go to a staging
file, so memory stays flat whatever the file size; in-file duplicates are found there at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

from django.db import connection, models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.core.access import AnyUser, scope_units
from qpdp.core.identity import IdentityError, decode
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import fold
from qpdp.imports import writer
from qpdp.imports.headers import (
    IGNORE,
    ColumnMapping,
    apply_saved_mapping,
    header_key,
    locate_table,
)
from qpdp.imports.layouts import CellError, Layout, validate_rows
from qpdp.imports.models import ImportRun
from qpdp.imports.readers import CellValue, Row, column_letter, open_sheet
from qpdp.imports.staging import CHUNK, ERROR, Action, Plan, Staging
from qpdp.imports.values import PartialDate
from qpdp.people.models import Person

PERSON_FIELDS: Final = (
    "id_number",
    "legacy_id_number",
    "family_name",
    "middle_name",
    "given_name",
    "gender",
    "ethnicity",
    "religion",
    "education_level",
    "address",
    "phone",
    "occupation",
    "workplace",
    "notes",
)
"""Layout values copied to ``Person`` as they are (the parsers already cleaned them)."""

SAMPLE_ERRORS: Final = 10_000
"""Errors (and rejected rows) kept in memory for the page; the staging file has them all."""

_LOOKUP_CHUNK: Final = 2000

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


def _choices(saved: Mapping[str, str] | None) -> dict[str, str]:
    return {header_key(REPORT_COLUMN): IGNORE, **(saved or {})}


def read_mapping(
    layout: Layout, path: Path, saved: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The header of a file mapped to the layout (saved choices applied): for the mapping screen."""
    sheet = open_sheet(path)
    table = locate_table(layout, sheet.rows(), merged_ranges=sheet.merged_ranges)
    return apply_saved_mapping(table.mapping, layout, _choices(saved))


def writable_communes(user: AnyUser, today: dt.date) -> list[Unit]:
    """Communes in force today in the user's scope: where an imported person may live."""
    return list(scope_units(user).filter(kind=UnitKind.COMMUNE).valid_on(today).order_by("name"))


class UnitResolver:
    """A unit reference as written (code or name, with or without "Phường") → a commune."""

    def __init__(self, units: list[Unit], default: Unit | None) -> None:
        self.default = default
        self.by_key: dict[str, list[Unit]] = {}
        for unit in units:
            for key in {unit.code, fold(unit.name), fold(f"{unit.type_label} {unit.name}")}:
                self.by_key.setdefault(key, []).append(unit)
        self.resolve = lru_cache(maxsize=1024)(self._resolve)

    def _resolve(self, text: str | None) -> tuple[Unit | None, str | None]:
        if text is None:
            if self.default is None:
                return None, _("Thiếu đơn vị cư trú (xã, phường) và chưa chọn đơn vị mặc định.")
            return self.default, None
        found = self.by_key.get(text if text.isdigit() else fold(text), [])
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, _("Không có xã, phường “%(unit)s” trong phạm vi của bạn.") % {"unit": text}
        return None, _("“%(unit)s” ứng với nhiều đơn vị; hãy ghi mã đơn vị.") % {"unit": text}


def plain_cell(value: CellValue) -> Any:
    """A cell as JSON can hold it and Excel shows it: dates as dd/mm/yyyy text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


@dataclass(slots=True)
class RowContext:
    """What turning a row's values into a record needs besides the row: units, columns."""

    resolver: UnitResolver
    column_of: Mapping[str, int]

    def locate(self, *names: str) -> str:
        index = next((self.column_of[name] for name in names if name in self.column_of), None)
        return column_letter(index) if index is not None else ""


def problem(row: int, column: str, reason: str) -> dict[str, Any]:
    """An error found after parsing, located at a column letter (or none)."""
    return {"row": row, "column": column, "header": "", "value": None, "reason": str(reason)}


class Records(Protocol):
    """How a layout's rows meet the registry: turned into values, matched, written.

    ``prepare`` is per row and may add problems; ``classify`` and ``write`` take a chunk of
    plans at a time, so a layout looks up and writes with a few set-based queries per chunk.
    """

    def prepare(
        self, values: dict[str, object], context: RowContext, plan: Plan
    ) -> dict[str, Any]: ...

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None: ...

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None: ...

    def undo(self, user: AnyUser, run: ImportRun) -> None:
        """Remove what the layout wrote besides people, before the run's people are undone."""


_RECORDS: dict[str, Records] = {}


def register_records(layout_code: str, records: Records) -> Records:
    """Say how rows of ``layout_code`` are matched and written (people's when not said)."""
    _RECORDS[layout_code] = records
    return records


def records_for(layout: Layout) -> Records:
    return _RECORDS.get(layout.code, PEOPLE_RECORDS)


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


def row_context(
    user: AnyUser, default_unit: Unit | None, column_of: Mapping[str, int], today: dt.date
) -> RowContext:
    """The context of every row of one file: the communes it may name, its columns."""
    default = default_unit if default_unit and default_unit.kind == UnitKind.COMMUNE else None
    return RowContext(UnitResolver(writable_communes(user, today), default), column_of)


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
    records = records_for(layout)
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
        chunk: list[tuple[Plan, list[Any]]] = []
        for result in validate_rows(layout, remember(table.data_rows()), mapping, today=today):
            total += 1
            legacy += len(result.converted)
            row = originals.pop(result.row_number)
            plan = Plan(result.row_number, Action.CREATE, {})
            plan.problems = [_error_entry(plan.row, error) for error in result.errors]
            plan.data = records.prepare(result.values, context, plan)
            cells = [cell if type(cell) is str else plain_cell(cell) for cell in row.cells]
            chunk.append((plan, cells))
            if len(chunk) == CHUNK:
                _stage(user, records, context, staging, chunk)
                chunk = []
                if progress is not None:
                    progress(total)
        _stage(user, records, context, staging, chunk)
        if progress is not None:
            progress(total)
        _mark_duplicates(staging, context)
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
    chunk: list[tuple[Plan, list[Any]]],
) -> None:
    records.classify(user, [plan for plan, _cells in chunk if not plan.problems], context)
    staging.add(
        (
            plan.row,
            ERROR if plan.problems else plan.action,
            plan.data.get("id_number"),
            plan.data,
            cells,
            plan.problems or None,
        )
        for plan, cells in chunk
    )


def _mark_duplicates(staging: Staging, context: RowContext) -> None:
    """The same identity number on two rows: neither is imported, the officer decides."""
    column = context.locate("id_number", "id_or_legacy_number")
    for number, rows in staging.duplicates():
        message = _("Số định danh %(number)s trùng ở các dòng %(rows)s trong tệp.") % {
            "number": number,
            "rows": ", ".join(str(row) for row in rows),
        }
        for row in rows:
            staging.reject(row, [problem(row, column, message)])


# ---------------------------------------------------------------------------------------------
# The people registry


def _limits() -> dict[str, tuple[int, str]]:
    """Person text fields' maximum lengths, with the label an error names."""
    limits: dict[str, tuple[int, str]] = {}
    for model_field in Person._meta.concrete_fields:
        limit = getattr(model_field, "max_length", None)
        if limit and isinstance(model_field, models.CharField | models.TextField):
            label = str(getattr(model_field, "verbose_name", model_field.name))
            limits[model_field.attname] = (limit, label[:1].upper() + label[1:])
    return limits


_REQUIRED_FOR_CREATE: Final = (
    ("family_name", gettext_noop("Họ")),
    ("given_name", gettext_noop("Tên")),
    ("birth_date", gettext_noop("Ngày sinh")),
    ("gender", gettext_noop("Giới tính")),
)


class PeopleRecords:
    """People: matched by identity number, or without one by folded name, birth date and ward
    (the key ``people.services.similar_people`` uses), so a list re-imports without duplicates."""

    def prepare(self, values: dict[str, object], context: RowContext, plan: Plan) -> dict[str, Any]:
        """Layout values → ``Person`` column values (JSON-able), with the checks the model makes."""
        data: dict[str, Any] = {name: values[name] for name in PERSON_FIELDS if name in values}
        born = values.get("birth_date")
        if isinstance(born, PartialDate):
            data["birth_date"] = born.earliest.isoformat()
            data["birth_precision"] = str(born.precision)
        if "gender" not in data and isinstance(data.get("id_number"), str):
            with contextlib.suppress(IdentityError):
                data["gender"] = decode(data["id_number"]).gender
        unit_ref = values.get("residence_unit")
        unit, message = context.resolver.resolve(unit_ref if isinstance(unit_ref, str) else None)
        if message:
            plan.problems.append(problem(plan.row, context.locate("residence_unit"), message))
        else:
            data["residence_unit_id"] = unit.pk if unit is not None else None
        for name, value in data.items():
            limit = _LIMITS.get(name)
            if limit is not None and isinstance(value, str) and len(value) > limit[0]:
                reason = _("%(field)s dài quá %(limit)s ký tự.") % {
                    "field": limit[1],
                    "limit": limit[0],
                }
                plan.problems.append(problem(plan.row, context.locate(name), reason))
        if data.get("given_name"):
            parts = [data.get(part) or "" for part in ("family_name", "middle_name", "given_name")]
            data["full_name"] = " ".join(part for part in parts if part)
            data["search_key"] = writer.search_key(*parts)
        return data

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None:
        """Turn creates into updates or unchanged rows for people already in the registry."""
        numbers = [plan.data["id_number"] for plan in plans if plan.data.get("id_number")]
        known_ids = _known_numbers(numbers)
        people = Person.objects.in_bulk(list(known_ids.values())) if known_ids else {}
        by_number = {number: people[pk] for number, pk in known_ids.items()}
        by_name: dict[tuple[str, str, int], list[Person]] = {}
        key_list = list({key[0] for plan in plans if (key := _name_key(plan.data))})
        for start in range(0, len(key_list), _LOOKUP_CHUNK):
            chunk = key_list[start : start + _LOOKUP_CHUNK]
            for known in Person.objects.filter(search_key__in=chunk, id_number__isnull=True):
                key = (known.search_key, known.birth_date.isoformat(), known.residence_unit_id)
                by_name.setdefault(key, []).append(known)
        editable = set(
            Person.objects.editable_by(user)
            .filter(pk__in=[p.pk for p in by_number.values()])
            .values_list("pk", flat=True)
        )
        column = context.locate("id_number", "id_or_legacy_number")
        for plan in plans:
            number = plan.data.get("id_number")
            person: Person | None
            if number:
                person = by_number.get(number)
                if person is not None and person.pk not in editable:
                    reason = _(
                        "Số định danh %(number)s đã có ở đơn vị ngoài phạm vi của bạn; "
                        "không cập nhật được."
                    ) % {"number": number}
                    plan.problems.append(problem(plan.row, column, reason))
                    continue
            else:
                name_key = _name_key(plan.data)
                found = by_name.get(name_key, []) if name_key else []
                person = found[0] if len(found) == 1 else None
            plan.person_id = None
            plan.changes = {}
            if person is None:
                plan.action = Action.CREATE
                _check_create(plan)
                continue
            plan.person_id = person.pk
            plan.changes = _changes(person, plan.data)
            plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None:
        writer.create_people(run, [p for p in plans if p.action is Action.CREATE], today=today)
        writer.update_people(run, [p for p in plans if p.action is Action.UPDATE], today=today)

    def undo(self, user: AnyUser, run: ImportRun) -> None:
        """People are all in the run's links: the service undoes them."""


_LIMITS: Final = _limits()
PEOPLE_RECORDS: Final = PeopleRecords()


def _known_numbers(numbers: Sequence[str]) -> dict[str, int]:
    """Identity number → person id for the numbers already in the registry.

    Most rows of a large import are new people, so only the matches are then read in full. On
    PostgreSQL the numbers go as one array parameter: an ``IN`` list of thousands of bound
    values costs more to build and plan than the lookup itself.
    """
    known: dict[str, int] = {}
    if connection.vendor == "postgresql" and numbers:
        table = connection.ops.quote_name(Person._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id_number, id FROM {table} WHERE id_number = ANY(%s)", [list(numbers)]
            )
            return dict(cursor.fetchall())
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start : start + _LOOKUP_CHUNK]
        found = Person.objects.filter(id_number__in=chunk).values_list("id_number", "pk")
        known.update((str(number), pk) for number, pk in found)
    return known


def _name_key(data: Mapping[str, Any]) -> tuple[str, str, int] | None:
    unit = data.get("residence_unit_id")
    born = data.get("birth_date")
    if unit is None or born is None or not data.get("search_key"):
        return None
    return data["search_key"], born, unit


def _check_create(plan: Plan) -> None:
    """A new person needs what the registry requires of every person."""
    for name, label in _REQUIRED_FOR_CREATE:
        if not plan.data.get(name):
            reason = str(format_lazy(_("Thiếu {field}."), field=_(label)))
            plan.problems.append(problem(plan.row, "", reason))


_COMPARED: Final = frozenset(
    model_field.attname
    for model_field in Person._meta.concrete_fields
    if model_field.attname not in ("full_name", "search_key", "roster_key")
)
"""Person columns a row may change; other values of a plan (derived, or another record's)
are not compared."""


def _changes(person: Person, data: Mapping[str, Any]) -> dict[str, Any]:
    """Fields the file gives differently from the registry; a blank cell never erases a value."""
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _COMPARED:
            continue
        current = getattr(person, name)
        if isinstance(current, dt.date):
            current = current.isoformat()
        if current != value:
            changes[name] = value
    return changes


def model_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Staged values as the model holds them (ISO dates back to dates)."""
    values = dict(data)
    if isinstance(values.get("birth_date"), str):
        values["birth_date"] = dt.date.fromisoformat(values["birth_date"])
    return values
