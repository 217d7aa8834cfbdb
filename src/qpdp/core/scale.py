"""Demo data at the size of a province or of the nation: ``qpdp seed_demo --scale``.

The people demo writes each province's population column-wise (``people.scale``), then hands
every demo that declares a ``scale`` step (``core.demo.Demo.scale``) the ``Cohort`` it just
wrote, so each registry adds its records in proportion, in its own app. Values are built as
NumPy columns and written through ``core.bulk`` (COPY on PostgreSQL) without a Python call per
cell; a ``Progress`` bar reports how far the run is.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from qpdp.core.bulk import column_defaults, insert_rows
from qpdp.core.units import Unit

type Column = npt.NDArray[Any]


@dataclass(frozen=True, slots=True)
class Scale:
    """A named size: how many people, and over which provinces (``None``: every province in
    force today, each given people in proportion to its number of communes)."""

    name: str
    people: int
    provinces: tuple[str, ...] | None


NATIONAL_PROVINCES: Final = 34
"""Provinces and centrally governed cities since 01/07/2025 (Resolution 202/2025/QH15)."""

SCALES: Final = {
    "province": Scale("province", 2_000_000, ("24",)),
    "national": Scale("national", 30_000_000, None),
}
"""Bắc Ninh (catalogue code 24, after 01/07/2025) at two million people; the 34 provinces of
the catalogue after 01/07/2025 at thirty million."""


def grouped(value: int) -> str:
    """A count as Vietnamese write it: 2.000.000."""
    return f"{value:,}".replace(",", ".")


class Progress:
    """A text progress bar over ``total`` people, one line each time a twentieth is crossed.

    Lines rather than a redrawn line, so a log or a test sees every step."""

    STEPS: Final = 20

    def __init__(self, write: Callable[[str], None], total: int, label: str) -> None:
        self.write, self.total, self.label = write, max(total, 1), label
        self.done = 0
        self.shown = 0
        self.started = time.perf_counter()

    def advance(self, count: int) -> None:
        self.done += count
        step = min(self.done * self.STEPS // self.total, self.STEPS)
        if step > self.shown:
            self.shown = step
            bar = "█" * step + "░" * (self.STEPS - step)
            seconds = time.perf_counter() - self.started
            line = _("{done}/{total} {label}, {seconds:.0f} giây").format(
                done=grouped(self.done), total=grouped(self.total), label=self.label,
                seconds=seconds,
            )  # fmt: skip
            self.write(f"[{bar}] {step * 100 // self.STEPS:3d}%  {line}")


@dataclass
class Cohort:
    """The people of one province just written, as columns a registry selects from.

    ``chain`` indexes ``chain_units``: the wards a person lived in, oldest first (-1 pads),
    each in force from ``chain_from`` to ``chain_to`` (NaT: open), as ``Residence`` holds them.
    """

    province: Unit
    communes: Sequence[Unit]
    today: dt.date
    rng: np.random.Generator
    ids: Column
    commune: Column
    male: Column
    born: Column
    chain: Column
    chain_units: Column
    chain_from: Column
    chain_to: Column
    counts: dict[str, int] = field(default_factory=dict)

    def age_on(self, day: dt.date) -> Column:
        """Whole years of age on ``day`` of every person (exact: birthdays count)."""
        years = self.born.astype("datetime64[Y]")
        months = self.born.astype("datetime64[M]")
        born_year = years.astype(np.int64) + 1970
        born_month = months.astype(np.int64) % 12 + 1
        born_day = (self.born - months).astype(np.int64) + 1
        before_birthday = (born_month > day.month) | (
            (born_month == day.month) & (born_day > day.day)
        )
        return day.year - born_year - before_birthday.astype(np.int64)

    def unit_on(self, days: Column, rows: Column) -> Column:
        """The ward each person of ``rows`` lived in on ``days`` (one day per row): the first
        ward of the chain before its history, the last after it."""
        units = self.chain_units[self.chain[rows]]
        starts = self.chain_from[self.chain[rows]]
        found = units[:, 0].copy()
        for position in range(1, units.shape[1]):
            later = (units[:, position] >= 0) & (starts[:, position] <= days)
            found = np.where(later, units[:, position], found)
        return found


def write_columns(
    model: type[models.Model],
    columns: Mapping[str, Column | object],
    *,
    rows: int,
    progress: Progress | None = None,
    batch: int = 100_000,
) -> int:
    """Write ``rows`` rows of ``model`` from columns named by field: arrays of values ready for
    the driver (ints, strings, dates, bytes, ``None``), or one constant for every row, converted
    once by its field. Fields not named get their default (``core.bulk.column_defaults``), the
    primary key its sequence's next value."""
    names: list[str] = []
    values: list[Column | object] = []
    now = timezone.now()
    for model_field, default in zip(
        model._meta.concrete_fields, column_defaults(model, now)[2], strict=True
    ):
        given = columns.get(model_field.name, _SILENT)
        if given is _SILENT and model_field.primary_key:
            continue
        names.append(model_field.name)
        if given is _SILENT:
            values.append(default)
        elif isinstance(given, np.ndarray):
            values.append(given)
        else:
            values.append(model_field.get_db_prep_save(given, connection))
    unknown = set(columns) - set(names)
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    written = 0
    for start in range(0, rows, batch):
        stop = min(start + batch, rows)
        cells = [
            v[start:stop].tolist() if isinstance(v, np.ndarray) else repeat(v, stop - start)
            for v in values
        ]
        written += insert_rows(model, names, zip(*cells, strict=False), prepared=True)
        if progress is not None:
            progress.advance(stop - start)
    return written


_SILENT: Final = object()


def ranks(groups: Column) -> Column:
    """Each row's place within its group, from 0, in row order: running numbers per ward."""
    order = np.argsort(groups, kind="stable")
    first = np.searchsorted(groups[order], groups[order], side="left")
    found = np.empty(len(groups), np.int64)
    found[order] = np.arange(len(groups)) - first
    return found
