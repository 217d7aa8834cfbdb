"""What a registry declares so the import engine can read its lists: records and exports.

The engine (readers, headers, layouts, analysis, staging, services) knows no registry. A layout
says which columns a file may have; its ``Records`` say how a row's values meet the registry:

- ``prepare`` turns one row's parsed values into the values the registry stores (JSON-able,
  keyed by model attribute name) and adds the problems only the registry's rules see;
- ``classify`` takes a chunk of prepared rows and decides, with a few set-based queries, whether
  each creates a record, updates one (``plan.changes``) or leaves it unchanged, setting
  ``plan.record_id`` to the record matched;
- ``write`` writes a chunk of accepted rows inside the commit's transaction and links each
  record it touched to the run (``ImportedRow``), with what undo needs;
- ``undo`` reverses a committed run from those links, or refuses with a ``ValidationError``.

A layout may also declare an ``Export``: how a unit's records are written out in the layout's
columns, so that an export imports back unchanged. See ``docs/import-layouts.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qpdp.core.access import AnyUser, scope_units
from qpdp.core.units import Unit, UnitKind
from qpdp.core.vietnamese import fold
from qpdp.imports.models import ImportRun
from qpdp.imports.readers import column_letter
from qpdp.imports.staging import Action, Plan

__all__ = [
    "Action",
    "Export",
    "Plan",
    "Records",
    "RowContext",
    "UnitResolver",
    "problem",
    "row_context",
    "writable_communes",
]


def writable_communes(user: AnyUser, today: dt.date) -> list[Unit]:
    """Communes in force today in the user's scope: the units an imported row may belong to."""
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

    def allowed(self) -> set[int]:
        """Ids of every unit a row may name or default to."""
        allowed = {unit.pk for units in self.by_key.values() for unit in units}
        if self.default is not None:
            allowed.add(self.default.pk)
        return allowed


@dataclass(slots=True)
class RowContext:
    """What turning a row's values into a record needs besides the row: units, columns."""

    resolver: UnitResolver
    column_of: Mapping[str, int]

    def locate(self, *names: str) -> str:
        """The column letter of the first of the layout fields ``names`` the file has, or ""."""
        index = next((self.column_of[name] for name in names if name in self.column_of), None)
        return column_letter(index) if index is not None else ""


def row_context(
    user: AnyUser, default_unit: Unit | None, column_of: Mapping[str, int], today: dt.date
) -> RowContext:
    """The context of every row of one file: the communes it may name, its columns."""
    default = default_unit if default_unit and default_unit.kind == UnitKind.COMMUNE else None
    return RowContext(UnitResolver(writable_communes(user, today), default), column_of)


def problem(row: int, column: str, reason: str) -> dict[str, Any]:
    """An error found after parsing, located at a column letter (or none)."""
    return {"row": row, "column": column, "header": "", "value": None, "reason": str(reason)}


class Records(Protocol):
    """How a layout's rows meet the registry: turned into values, matched, written, undone.

    ``prepare`` is per row and may add problems; ``classify`` and ``write`` take a chunk of
    plans at a time, so a layout looks up and writes with a few set-based queries per chunk.

    ``unit_key`` names the prepared value holding the id of the unit a row writes into: the
    commit checks it against the user's scope of that day. ``match_key`` names the prepared
    value that identifies a record (an identity number): two rows of one file with the same
    value are both rejected with ``duplicate_reason``, located at the first of
    ``match_fields`` (layout fields) the file has.
    """

    unit_key: str
    match_key: str
    match_fields: tuple[str, ...]

    def prepare(
        self, values: dict[str, object], context: RowContext, plan: Plan
    ) -> dict[str, Any]: ...

    def duplicate_reason(self, key: str, rows: Sequence[int]) -> str: ...

    def classify(self, user: AnyUser, plans: Sequence[Plan], context: RowContext) -> None: ...

    def write(
        self, user: AnyUser, run: ImportRun, plans: Sequence[Plan], *, today: dt.date
    ) -> None: ...

    def undo(self, user: AnyUser, run: ImportRun) -> None:
        """Reverse everything the run wrote, from its links; refuse (``ValidationError``,
        ``PermissionDenied``) if a record changed since or is out of the user's reach."""


@dataclass(frozen=True, slots=True)
class Export:
    """How a unit's records are written out in a layout's columns (``qpdp export``).

    ``columns`` maps layout field names to a getter on one record; the file has those fields in
    the layout's order under their Vietnamese headers. ``records`` gives the records of a unit's
    subtree in list order (a queryset, read in chunks). ``counted`` names what a row is, for the
    command's summary ("công dân").
    """

    columns: Mapping[str, Callable[[Any], Any]]
    records: Callable[[Unit], QuerySet[Any]]
    counted: str
