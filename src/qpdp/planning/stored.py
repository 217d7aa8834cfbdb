"""The figures of finished years, read instead of recomputed (issue 15: the dashboard spent 84%
of its time recomputing four earlier years on every request).

An earlier year comes, in this order of preference, from:

1. the lock's snapshot (``IndicatorSnapshot``), when the unit's figures for the year are locked:
   an issued report never changes;
2. ``StoredFigure`` rows computed from the registries at the current *generation*;
3. the registries, live (``figures.territory_figures``), whose result is then stored.

The generation (``planning.generation``) counts the committed writes to what the indicators
read, after each commit, so a figure computed while a write was in flight carries the older
generation and is computed again: a stored figure is either what the registries say now or not
used; a connection with uncommitted writes computes live. Nothing is silently stale;
the page says when each year was computed (``PastYear.computed_at``). ``qpdp store_figures``
computes every unit's earlier years ahead, in one grouped pass per year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from qpdp.core import indicators
from qpdp.core.indicators import Value
from qpdp.core.units import Unit
from qpdp.planning.figures import (
    places_of,
    restore,
    territories_figures,
    territory_figures,
    territory_in_year,
)
from qpdp.planning.generation import current_generation as generation_now
from qpdp.planning.generation import uncommitted_writes
from qpdp.planning.models import (
    ApprovalStatus,
    DataApproval,
    FigureInputs,
    IndicatorSnapshot,
    StoredFigure,
)


@dataclass(frozen=True, slots=True)
class PastYear:
    """One earlier year's figures by indicator code, with where they come from: the lock
    (``locked_at``) or the registries as computed at ``computed_at``."""

    values: dict[str, Value | None]
    locked_at: dt.datetime | None = None
    computed_at: dt.datetime | None = None


def history(unit: Unit, years: Iterable[int]) -> dict[int, PastYear]:
    """``unit``'s figures for the earlier ``years`` (module docstring): a fixed number of
    queries when every year is locked or stored, whatever the number of years and rows."""
    years = sorted(set(years))
    result = _locked(unit, years)
    codes = [i.code for i in indicators.all_indicators()]
    open_years = [y for y in years if y not in result]
    if open_years and not uncommitted_writes():
        result |= _fresh(unit, open_years, codes)
    missing = [y for y in open_years if y not in result]
    if missing:
        generation = generation_now()
        for year, values in territory_figures(unit, missing).items():
            result[year] = _store(unit, year, values, generation)
    return {year: result[year] for year in years}


def _locked(unit: Unit, years: Sequence[int]) -> dict[int, PastYear]:
    """The years among ``years`` whose figures the unit has locked, from their snapshots."""
    approvals = DataApproval.objects.filter(
        unit=unit, year__in=years, status=ApprovalStatus.LOCKED
    ).values_list("pk", "year", "locked_at")
    locked = {pk: (year, at) for pk, year, at in approvals}
    if not locked:
        return {}
    values: dict[int, dict[str, Value | None]] = {year: {} for year, _at in locked.values()}
    rows = IndicatorSnapshot.objects.filter(approval__in=list(locked), unit=unit).values_list(
        "approval_id", "indicator_code", "value", "places"
    )
    for approval_id, code, value, places in rows:
        values[locked[approval_id][0]][code] = restore(value, places)
    return {year: PastYear(values[year], locked_at=at) for year, at in locked.values()}


def _fresh(unit: Unit, years: Sequence[int], codes: Sequence[str]) -> dict[int, PastYear]:
    """The stored years among ``years`` computed at the current generation with a figure for
    every declared indicator (an indicator declared since makes the year computed again)."""
    current = Coalesce(
        Subquery(FigureInputs.objects.filter(pk=FigureInputs.ROW).values("generation")[:1]),
        0,
    )
    rows = StoredFigure.objects.filter(
        unit=unit, year__in=years, indicator_code__in=codes, generation=current
    ).values_list("year", "indicator_code", "value", "places", "computed_at")
    found: dict[int, dict[str, Value | None]] = {}
    computed: dict[int, dt.datetime] = {}
    for year, code, value, places, at in rows:
        found.setdefault(year, {})[code] = restore(value, places)
        computed[year] = min(at, computed.get(year, at))
    return {
        year: PastYear(values, computed_at=computed[year])
        for year, values in found.items()
        if len(values) == len(codes)
    }


def _store(unit: Unit, year: int, values: dict[str, Value | None], generation: int) -> PastYear:
    """Keep ``values`` as computed from the registries at ``generation`` (replacing older)."""
    now = timezone.now()
    rows = [
        StoredFigure(
            unit=unit,
            year=year,
            indicator_code=code,
            value=None if value is None else Decimal(value),
            places=places_of(value),
            generation=generation,
            computed_at=now,
        )
        for code, value in values.items()
    ]
    StoredFigure.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "year", "indicator_code"],
        update_fields=["value", "places", "generation", "computed_at"],
    )
    return PastYear(values, computed_at=now)


def store_years(units: Sequence[Unit], years: Iterable[int]) -> int:
    """Compute and store the earlier ``years`` of every unit of ``units`` (``qpdp
    store_figures``): per year, one ``compute_all`` over every unit's territory at once.
    Returns the number of (unit, year) pairs stored."""
    generation = generation_now()
    by_pk = {u.pk: u for u in units}
    stored = 0
    for year in sorted(set(years)):
        territories = {u.pk: territory_in_year(u, year) for u in units}
        for pk, values in territories_figures(territories, year).items():
            _store(by_pk[pk], year, values, generation)
            stored += 1
    return stored
