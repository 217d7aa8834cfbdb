"""A unit's figures for a year, against their targets, for the dashboard, the ranking and the
review report: live from the indicator registry, or as locked (``IndicatorSnapshot``).

Every caller goes through ``year_figures`` so a report issued after the lock shows the locked
figures, whatever the registries say later, and says when they were locked.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q

from qpdp.core import indicators
from qpdp.core.indicators import Indicator, Value, outermost
from qpdp.core.units import Unit
from qpdp.planning import generation
from qpdp.planning.models import ApprovalStatus, DataApproval, IndicatorSnapshot, Target


@dataclass(slots=True)
class FigureRow:
    """One indicator: the unit's value and target, and each child unit's (by unit id)."""

    code: str
    label: Any
    unit_of_measure: Any
    better: str
    value: Value | None
    target: Decimal | None
    by_unit: dict[int, tuple[Value | None, Decimal | None]] = field(default_factory=dict)


@dataclass(slots=True)
class YearFigures:
    """Every indicator of a unit and its children for a year; ``locked_at`` is set when the
    figures come from the snapshot taken at the lock."""

    unit: Unit
    year: int
    children: list[Unit]
    locked_at: dt.datetime | None
    rows: list[FigureRow]


def target_code(indicator: Indicator) -> str:
    """The code of the target an indicator is measured against (``Target.indicator_code``)."""
    return indicator.target_code or indicator.code


def is_rate(indicator: Indicator) -> bool:
    """A percentage is not additive: its children's targets are not summed into the parent's.

    The registry has no flag for it; the unit of measure "%" is what declares a rate.
    """
    return str(indicator.unit_of_measure).strip() == "%"


def year_period(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def in_force_during(start: dt.date, end: dt.date) -> Q:
    """Units in force at some point between ``start`` and ``end``."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )


def children_in_year(unit: Unit, year: int) -> list[Unit]:
    """The direct children of ``unit`` in force at some point in ``year``, by code: for the
    city of Bắc Ninh in 2022 its 19 wards, in 2025 the 17 of the interim arrangement."""
    return list(
        Unit.objects.filter(in_force_during(*year_period(year)), parent=unit).order_by(
            "code", "valid_from"
        )
    )


def targets_for(units: Sequence[Unit], year: int) -> dict[tuple[int, str], Decimal]:
    """The year's targets of ``units``, keyed by (unit id, target code), in one query."""
    rows = Target.objects.filter(unit__in=[u.pk for u in units], year=year).values_list(
        "unit_id", "indicator_code", "value"
    )
    return {(unit_id, code): value for unit_id, code, value in rows}


def default_year(unit: Unit, today: dt.date) -> int:
    """The year a unit's planning and review pages open on: this year while the unit is in
    force; for a unit abolished before this year, its latest locked year (its last complete
    figures: the 2022 city opens on 2022, not on an empty 2025), else the year it ended."""
    if unit.valid_to is None or unit.valid_to.year >= today.year:
        return today.year
    locked = DataApproval.objects.filter(unit=unit, status=ApprovalStatus.LOCKED).aggregate(
        latest=Max("year")
    )["latest"]
    return locked or unit.valid_to.year


def locked_approval(unit: Unit, year: int) -> DataApproval | None:
    return DataApproval.objects.filter(unit=unit, year=year, status=ApprovalStatus.LOCKED).first()


def year_figures(unit: Unit, year: int, codes: Collection[str] | None = None) -> YearFigures:
    """The figures of ``unit`` and its children for 1 January – 31 December ``year``: every
    indicator, or those of ``codes`` (the home page computes only the targeted ones).

    Locked: read from the snapshot, so nothing edited since changes them. Otherwise live: one
    ``compute_all`` over the unit and its children together (one grouped query per indicator),
    cached until the registries change (``generation.year_values``).
    """
    approval = locked_approval(unit, year)
    if approval is not None:
        locked = _from_snapshot(approval)
        if codes is not None:
            locked.rows = [row for row in locked.rows if row.code in codes]
        return locked
    children = children_in_year(unit, year)
    return YearFigures(unit, year, children, None, live_rows(unit, children, year, codes))


def live_rows(
    unit: Unit, children: Sequence[Unit], year: int, codes: Collection[str] | None = None
) -> list[FigureRow]:
    """The registered indicators (all, or those of ``codes``) computed now for ``unit`` and
    ``children``, with targets."""
    units = [unit, *children]
    chosen = [i for i in indicators.all_indicators() if codes is None or i.code in codes]
    values = generation.year_values(units, *year_period(year), [i.code for i in chosen])
    targets = targets_for(units, year)
    child_ids = [c.pk for c in children]  # read once: a province has 99 children × 55 rows
    rows = []
    for indicator in chosen:
        by_unit = values[indicator.code]
        key = target_code(indicator)
        rows.append(
            FigureRow(
                code=indicator.code,
                label=indicator.label,
                unit_of_measure=indicator.unit_of_measure,
                better=indicator.better,
                value=by_unit.get(unit.pk),
                target=targets.get((unit.pk, key)),
                by_unit={pk: (by_unit.get(pk), targets.get((pk, key))) for pk in child_ids},
            )
        )
    return rows


def restore(value: Decimal | None, places: int | None) -> Value | None:
    """A stored figure as it was computed: an int for a count, a Decimal with its own places."""
    if value is None:
        return None
    if places is None:
        return int(value)
    return value.quantize(Decimal(1).scaleb(-places))


def places_of(value: Value | None) -> int | None:
    if value is None or isinstance(value, int):
        return None
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _from_snapshot(approval: DataApproval) -> YearFigures:
    snapshots = list(approval.snapshots.select_related("unit").order_by("order", "unit__code"))
    unit = approval.unit
    children = sorted(
        {s.unit_id: s.unit for s in snapshots if s.unit_id != unit.pk}.values(),
        key=lambda u: (u.code, u.valid_from or dt.date.min),
    )
    rows: dict[str, FigureRow] = {}
    for snap in snapshots:
        row = rows.get(snap.indicator_code)
        if row is None:
            declared = _declared(snap.indicator_code)
            row = rows[snap.indicator_code] = FigureRow(
                code=snap.indicator_code,
                label=declared.label if declared else snap.label,
                unit_of_measure=declared.unit_of_measure if declared else snap.unit_of_measure,
                better=snap.better,
                value=None,
                target=None,
            )
        value = restore(snap.value, snap.places)
        if snap.unit_id == unit.pk:
            row.value, row.target = value, snap.target
        else:
            row.by_unit[snap.unit_id] = (value, snap.target)
    return YearFigures(unit, approval.year, children, approval.locked_at, list(rows.values()))


def _declared(code: str) -> Indicator | None:
    try:
        return indicators.get(code)
    except KeyError:
        return None


def snapshot_rows(approval: DataApproval) -> list[IndicatorSnapshot]:
    """The rows a lock keeps: every indicator for the unit and its children in force that year,
    from one ``compute_all`` call (unsaved; the lock saves them in its transaction)."""
    unit, year = approval.unit, approval.year
    children = children_in_year(unit, year)
    rows = live_rows(unit, children, year)
    result = []
    for order, row in enumerate(rows):
        for member, (value, target) in [
            (unit, (row.value, row.target)),
            *((c, row.by_unit[c.pk]) for c in children),
        ]:
            result.append(
                IndicatorSnapshot(
                    approval=approval,
                    unit=member,
                    indicator_code=row.code,
                    label=str(row.label)[:300],
                    unit_of_measure=str(row.unit_of_measure)[:40],
                    better=row.better,
                    value=None if value is None else Decimal(value),
                    places=places_of(value),
                    target=target,
                    order=order,
                )
            )
    return result


def territory_in_year(unit: Unit, year: int) -> list[Unit]:
    """The units whose records make up ``unit``'s territory in ``year``: the unit itself if it
    was in force, and every predecessor (transitively) in force at some point that year,
    without units nested in another of them."""
    start, end = year_period(year)
    members = [u for u in [unit, *unit.predecessors()] if overlaps(u, start, end)]
    return outermost(members)


def overlaps(unit: Unit, start: dt.date, end: dt.date) -> bool:
    """Whether ``unit`` was in force at some point between ``start`` and ``end``."""
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to >= start
    )


def as_one_unit(unit: Unit, members: Sequence[Unit]) -> list[Unit]:
    """Copies of ``members`` that all carry ``unit``'s id, so an indicator counts their union
    as one unit.

    Indicators compute from unit paths and roll rows up to the ids of the units asked
    (``core.indicators.roll_up``): several paths with one id add into one figure, and a rate is
    computed from the summed numerator and denominator, which adding the members' rates would
    get wrong (completion 100% and 50% is not 150%, nor their average unless the quotas match).
    """
    clones = []
    for member in members:
        clone = copy.copy(member)
        clone.pk = unit.pk
        clones.append(clone)
    return clones


def territory_figures(unit: Unit, years: Iterable[int]) -> dict[int, dict[str, Value | None]]:
    """The unit's figures for ``years`` computed live over its territory each year, for trends
    and "compared with last year" (``planning.stored`` keeps them for finished years).

    For new Kinh Bắc (since 01/07/2025) a 2022 figure is that of the eight 2022 wards merged
    into it, counted as one unit (``as_one_unit``), so counts add up and rates are recomputed
    from their parts. A predecessor that was split is counted whole: the catalogue does not
    say which part of it went where. A year without any member has no figures.
    """
    return {
        year: territories_figures({unit.pk: territory_in_year(unit, year)}, year)[unit.pk]
        for year in years
    }


def territories_figures(
    territories: Mapping[int, Sequence[Unit]], year: int
) -> dict[int, dict[str, Value | None]]:
    """Every indicator of ``year`` for each unit id's territory (the members given, counted as
    one unit), all of them in one grouped pass per indicator."""
    codes = [i.code for i in indicators.all_indicators()]
    clones = [
        clone for pk, members in territories.items() for clone in as_one_unit(Unit(pk=pk), members)
    ]
    values = indicators.compute_all(clones, *year_period(year)) if clones else {}
    return {
        pk: {code: values[code].get(pk) if members else None for code in codes}
        for pk, members in territories.items()
    }


def targets_of(unit: Unit, year: int) -> Mapping[str, Decimal]:
    """The unit's targets for a year by target code (for the plan and next-year pages)."""
    return dict(Target.objects.filter(unit=unit, year=year).values_list("indicator_code", "value"))
