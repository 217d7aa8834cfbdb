"""Read a whole file and decide, row by row, what committing it would do to the person registry.

The pure engine (readers, headers, layouts) says whether a row is well formed; this module adds
what needs the database: the residence unit among the communes the officer may write, the
person an identity number already belongs to, and the fields that would change. Preview and
commit both call ``analyse``, so what is committed is what the data says at commit time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qpdp.core.access import AnyUser, scope_units
from qpdp.core.identity import IdentityError, decode
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import fold
from qpdp.imports.headers import (
    IGNORE,
    ColumnMapping,
    apply_saved_mapping,
    header_key,
    locate_table,
)
from qpdp.imports.layouts import CellError, Layout, validate_rows
from qpdp.imports.readers import CellValue, Row, column_letter, open_sheet
from qpdp.imports.values import PartialDate
from qpdp.people.models import Person
from qpdp.people.services import normalise

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
"""Layout values copied to ``Person`` as they are (after ``people.services.normalise``)."""

_LOOKUP_CHUNK: Final = 500


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(slots=True)
class Plan:
    """What committing one valid row does: the person's data, and for an update, the changes."""

    row: int
    action: Action
    data: dict[str, Any]
    person_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """A row left out, with its cells as read (for the error report) and its reasons."""

    row: int
    cells: list[Any]
    reasons: list[str]


@dataclass(slots=True)
class Analysis:
    mapping: ColumnMapping
    skipped: list[str]
    plans: list[Plan]
    errors: list[dict[str, Any]]
    rejected: list[Rejected]
    legacy_cells: int
    total_rows: int

    def count(self, action: Action) -> int:
        return sum(1 for plan in self.plans if plan.action is action)


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


class _UnitResolver:
    """A unit reference as written (code or name, with or without "Phường") → a commune."""

    def __init__(self, units: list[Unit], default: Unit | None) -> None:
        self.default = default
        self.by_key: dict[str, list[Unit]] = {}
        for unit in units:
            for key in {unit.code, fold(unit.name), fold(f"{unit.type_label} {unit.name}")}:
                self.by_key.setdefault(key, []).append(unit)

    def resolve(self, text: str | None) -> tuple[Unit | None, str | None]:
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


def analyse(
    user: AnyUser,
    layout: Layout,
    path: Path,
    default_unit: Unit | None,
    saved: Mapping[str, str] | None,
    *,
    today: dt.date,
) -> Analysis:
    """Read every row of the file and classify it; raises ``ReadError`` or ``MappingIncomplete``."""
    sheet = open_sheet(path)
    table = locate_table(layout, sheet.rows(), merged_ranges=sheet.merged_ranges)
    table.mapping = apply_saved_mapping(table.mapping, layout, _choices(saved))
    mapping = table.mapping
    missing = mapping.missing_required(layout)
    if missing:
        raise MappingIncomplete(mapping, [layout_field.label for layout_field in missing])
    default = default_unit if default_unit and default_unit.kind == UnitKind.COMMUNE else None
    resolver = _UnitResolver(writable_communes(user, today), default)
    column_of = {name: index for index, name in reversed(mapping.fields.items())}
    originals: dict[int, Row] = {}

    def remember(rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            originals[row.number] = row
            yield row

    candidates: list[tuple[Plan, list[CellError | tuple[str, str]]]] = []
    legacy = 0
    total = 0
    cells_of: dict[int, list[Any]] = {}
    for result in validate_rows(layout, remember(table.data_rows()), mapping, today=today):
        total += 1
        legacy += len(result.converted)
        row = originals.pop(result.row_number)
        problems: list[CellError | tuple[str, str]] = list(result.errors)
        data = _person_data(result.values, resolver, problems, column_of)
        cells_of[result.row_number] = [plain_cell(cell) for cell in row.cells]
        candidates.append((Plan(result.row_number, Action.CREATE, data), problems))
    skipped = [str(entry.message) for entry in table.skipped]
    if sheet.stopped is not None:
        skipped.append(str(sheet.stopped.message))

    _mark_duplicates(candidates, column_of)
    _match_existing(user, candidates, column_of)
    plans: list[Plan] = []
    errors: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    for plan, problems in candidates:
        if not problems:
            plans.append(plan)
            continue
        reasons = []
        for problem in problems:
            entry = _error_entry(plan.row, problem)
            errors.append(entry)
            located = f"{entry['column']} – " if entry["column"] else ""
            reasons.append(f"{located}{entry['reason']}")
        rejected.append(Rejected(plan.row, cells_of.get(plan.row, []), reasons))
    return Analysis(mapping, skipped, plans, errors, rejected, legacy, total)


def _error_entry(row: int, problem: CellError | tuple[str, str]) -> dict[str, Any]:
    if isinstance(problem, CellError):
        return {
            "row": row,
            "column": problem.column_letter,
            "header": problem.header,
            "value": plain_cell(problem.value),
            "reason": str(problem.reason_vi),
        }
    column, reason = problem
    return {"row": row, "column": column, "header": "", "value": None, "reason": str(reason)}


def _person_data(
    values: dict[str, object],
    resolver: _UnitResolver,
    problems: list[Any],
    column_of: Mapping[str, int],
) -> dict[str, Any]:
    """Layout values → ``Person`` field values, with the checks the model would make."""
    data = normalise({name: values[name] for name in PERSON_FIELDS if name in values})
    born = values.get("birth_date")
    if isinstance(born, PartialDate):
        data["birth_date"] = born.earliest
        data["birth_precision"] = born.precision
    if "gender" not in data and isinstance(data.get("id_number"), str):
        with contextlib.suppress(IdentityError):
            data["gender"] = decode(data["id_number"]).gender
    unit_ref = values.get("residence_unit")
    unit, message = resolver.resolve(unit_ref if isinstance(unit_ref, str) else None)
    if message:
        problems.append((_locate(column_of, "residence_unit"), message))
    else:
        data["residence_unit"] = unit
    for name, value in data.items():
        model_field = Person._meta.get_field(name)
        limit = getattr(model_field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            label = str(getattr(model_field, "verbose_name", name))
            problems.append(
                (
                    _locate(column_of, name),
                    _("%(field)s dài quá %(limit)s ký tự.")
                    % {"field": label[:1].upper() + label[1:], "limit": limit},
                )
            )
    return data


def _locate(column_of: Mapping[str, int], *names: str) -> str:
    index = next((column_of[name] for name in names if name in column_of), None)
    return column_letter(index) if index is not None else ""


def _mark_duplicates(
    candidates: list[tuple[Plan, list[Any]]], column_of: Mapping[str, int]
) -> None:
    """The same identity number on two rows: neither is imported, the officer decides."""
    numbers = Counter(
        plan.data["id_number"] for plan, _problems in candidates if plan.data.get("id_number")
    )
    column = _locate(column_of, "id_number", "id_or_legacy_number")
    for plan, problems in candidates:
        number = plan.data.get("id_number")
        if number and numbers[number] > 1:
            others = [str(p.row) for p, _x in candidates if p.data.get("id_number") == number]
            problems.append(
                (
                    column,
                    _("Số định danh %(number)s trùng ở các dòng %(rows)s trong tệp.")
                    % {"number": number, "rows": ", ".join(others)},
                )
            )


def _match_existing(
    user: AnyUser,
    candidates: list[tuple[Plan, list[Any]]],
    column_of: Mapping[str, int],
) -> None:
    """Turn creates into updates or unchanged rows for people already in the registry.

    A person is matched by identity number; without one, by folded name, birth date and ward
    (the key ``people.services.similar_people`` uses), so a list without numbers re-imports
    without duplicating anyone.
    """
    valid = [plan for plan, problems in candidates if not problems]
    by_number: dict[str, Person] = {}
    numbers = [plan.data["id_number"] for plan in valid if plan.data.get("id_number")]
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start : start + _LOOKUP_CHUNK]
        for known in Person.objects.filter(id_number__in=chunk):
            by_number[str(known.id_number)] = known
    by_name: dict[tuple[str, dt.date, int], list[Person]] = {}
    nameless = [plan for plan in valid if not plan.data.get("id_number")]
    keys = {_name_key(plan.data) for plan in nameless}
    key_list = list({key[0] for key in keys if key})
    for start in range(0, len(key_list), _LOOKUP_CHUNK):
        chunk = key_list[start : start + _LOOKUP_CHUNK]
        for known in Person.objects.filter(search_key__in=chunk, id_number__isnull=True):
            key = (known.search_key, known.birth_date, known.residence_unit_id)
            by_name.setdefault(key, []).append(known)
    editable = set(
        Person.objects.editable_by(user)
        .filter(pk__in=[p.pk for p in by_number.values()])
        .values_list("pk", flat=True)
    )
    problems_of = {id(plan): problems for plan, problems in candidates}
    column = _locate(column_of, "id_number", "id_or_legacy_number")
    for plan in valid:
        number = plan.data.get("id_number")
        person: Person | None
        if number:
            person = by_number.get(number)
            if person is not None and person.pk not in editable:
                problems_of[id(plan)].append(
                    (
                        column,
                        _(
                            "Số định danh %(number)s đã có ở đơn vị ngoài phạm vi của bạn; "
                            "không cập nhật được."
                        )
                        % {"number": number},
                    )
                )
                continue
        else:
            name_key = _name_key(plan.data)
            found = by_name.get(name_key, []) if name_key else []
            person = found[0] if len(found) == 1 else None
        if person is None:
            _check_create(plan, problems_of[id(plan)])
            continue
        plan.person_id = person.pk
        plan.changes = _changes(person, plan.data)
        plan.action = Action.UPDATE if plan.changes else Action.UNCHANGED


def _name_key(data: Mapping[str, Any]) -> tuple[str, dt.date, int] | None:
    unit = data.get("residence_unit")
    born = data.get("birth_date")
    if unit is None or born is None or not data.get("given_name"):
        return None
    full_name = " ".join(
        str(data[part]) for part in ("family_name", "middle_name", "given_name") if data.get(part)
    )
    return fold(full_name), born, unit.pk


_REQUIRED_FOR_CREATE: Final = (
    ("family_name", gettext_noop("Họ")),
    ("given_name", gettext_noop("Tên")),
    ("birth_date", gettext_noop("Ngày sinh")),
    ("gender", gettext_noop("Giới tính")),
)


def _check_create(plan: Plan, problems: list[Any]) -> None:
    """A new person needs what the registry requires of every person."""
    for name, label in _REQUIRED_FOR_CREATE:
        if not plan.data.get(name):
            problems.append(("", str(format_lazy(_("Thiếu {field}."), field=_(label)))))


def _changes(person: Person, data: Mapping[str, Any]) -> dict[str, Any]:
    """Fields the file gives differently from the registry; a blank cell never erases a value."""
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name == "residence_unit":
            if value.pk != person.residence_unit_id:
                changes[name] = value
        elif getattr(person, name) != value:
            changes[name] = value
    return changes
