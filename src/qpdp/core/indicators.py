"""The indicator registry: every figure the dashboard, the review report and the API show.

An app declares its indicators in ``qpdp/<app>/indicators.py`` by calling ``register``; the
registry imports those modules the first time it is asked (``core.registry``). An indicator is
computed for many units at once: ``compute(units, period_start, period_end)`` returns one value
per unit, each unit counting its whole subtree, from one grouped query (``subtree_totals`` is
the usual way to write it), never a query per unit.

A missing key in the result means there is no figure: not applicable (a rate whose denominator
is zero) or not recorded. No data is not zero: an indicator declares ``recorded``, the units whose
registry holds records for the period (a call-up cycle that year, the registry kept since an
earlier day), and a unit outside it gets no figure rather than a 0 the registry never said. A
count is 0 only where the registry was kept and nothing happened.

An indicator may also say who is behind its figure (``people(unit, period_start, period_end)``,
a queryset of ``people.Person``): the dashboard drills from a city total to each ward's figure
and from a ward's figure to that list, which the viewer's scope and masking then restrict like
the person registry itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from qpdp.core.registry import Registry
from qpdp.core.units import SEGMENT, Unit, path_upper_bound

Value = Decimal | int
Compute = Callable[[Sequence[Unit], dt.date, dt.date], dict[int, Value]]
People = Callable[[Unit, dt.date, dt.date], QuerySet[Any]]
Recorded = Callable[[Sequence[Unit], dt.date, dt.date], set[int]]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One declared figure.

    ``label`` and ``unit_of_measure`` are lazy Vietnamese strings; ``better`` says which way is
    good ("higher" or "lower"), for colouring; ``target_code`` names the planning target this
    indicator is measured against, if any. ``people`` lists the people counted in one unit's
    figure (``None`` when the figure is not made of people, as a quota). ``task`` names the work
    the figure measures ("Nhiệm vụ tuyển chọn và gọi công dân nhập ngũ") and ``counted`` what it
    counts ("công dân"), so the review report can write a sentence about it; ``verb`` is the
    word before the achieved count ("giao 85/85 công dân"). ``section`` is the area of the
    annual plan the figure reports in (a ``planning.Section`` value, "recruitment").
    ``recorded`` gives the units that have data for the period (module docstring); ``None``
    means every unit asked does.
    """

    code: str
    label: Any
    unit_of_measure: Any
    compute: Compute
    better: Literal["higher", "lower"] = "higher"
    target_code: str | None = None
    description: Any = ""
    people: People | None = None
    task: Any = ""
    counted: Any = ""
    verb: Any = ""
    section: str = ""
    recorded: Recorded | None = None

    def __post_init__(self) -> None:
        if self.better not in ("higher", "lower"):
            raise ValueError(f"better must be 'higher' or 'lower', not {self.better!r}")
        if not self.code or not self.code.replace("_", "").replace(".", "").isalnum():
            raise ValueError(f"indicator code {self.code!r} must be letters, digits, '_' or '.'")

    def __call__(
        self, units: Sequence[Unit], period_start: dt.date, period_end: dt.date
    ) -> dict[int, Value]:
        if period_end < period_start:
            raise ValueError("period_end is before period_start")
        return _recorded_values(self, list(units), period_start, period_end, {})

    def people_behind(
        self, unit: Unit, period_start: dt.date, period_end: dt.date
    ) -> QuerySet[Any]:
        """The people counted in ``unit``'s figure (its whole subtree) for the period."""
        if self.people is None:
            raise ValueError(f"indicator {self.code!r} has no list of people behind it")
        if period_end < period_start:
            raise ValueError("period_end is before period_start")
        return self.people(unit, period_start, period_end)


_INDICATORS: Registry[Indicator] = Registry("indicator", "indicators", lambda i: i.code)

register = _INDICATORS.register
unregister = _INDICATORS.unregister
autodiscover = _INDICATORS.autodiscover
get = _INDICATORS.get


def all_indicators() -> list[Indicator]:
    """Every declared indicator, in declaration order (apps in INSTALLED_APPS order)."""
    return list(_INDICATORS.items().values())


def compute_all(
    units: Sequence[Unit],
    period_start: dt.date,
    period_end: dt.date,
    codes: Iterable[str] | None = None,
) -> dict[str, dict[int, Value]]:
    """Every indicator (or those of ``codes``) for ``units``: one grouped query each."""
    if period_end < period_start:
        raise ValueError("period_end is before period_start")
    chosen = [get(c) for c in codes] if codes is not None else all_indicators()
    units = list(units)
    kept: dict[Recorded, set[int]] = {}  # one query per registry, not per indicator
    return {i.code: _recorded_values(i, units, period_start, period_end, kept) for i in chosen}


def _recorded_values(
    indicator: Indicator,
    units: Sequence[Unit],
    period_start: dt.date,
    period_end: dt.date,
    kept: dict[Recorded, set[int]],
) -> dict[int, Value]:
    """The indicator's values, without those of units its registry holds no records for."""
    values = indicator.compute(units, period_start, period_end)
    recorded = indicator.recorded
    if recorded is None:
        return values
    if recorded not in kept:
        kept[recorded] = recorded(units, period_start, period_end)
    return {pk: value for pk, value in values.items() if pk in kept[recorded]}


# -- helpers for declaring indicators ---------------------------------------------------------


def outermost(units: Iterable[Unit]) -> list[Unit]:
    """The units not inside another of ``units``: the minimal set of subtree roots."""
    result: list[Unit] = []
    for unit in sorted(units, key=lambda u: (len(u.path), u.path)):
        if not any(unit.path.startswith(root.path) for root in result):
            result.append(unit)
    return result


def in_subtrees(units: Iterable[Unit], path_field: str) -> Q:
    """Rows whose unit (reached through ``path_field``, e.g. ``"unit__path"``) lies in the
    subtree of one of ``units``: an OR of indexed path ranges, one per outermost unit."""
    condition = Q(pk__in=[])
    for root in outermost(units):
        condition |= Q(
            **{f"{path_field}__gte": root.path, f"{path_field}__lt": path_upper_bound(root.path)}
        )
    return condition


def rows_in(unit: Unit, queryset: QuerySet[Any], path_field: str = "unit__path") -> QuerySet[Any]:
    """The rows of ``queryset`` that belong to ``unit``'s subtree: the drill-down counterpart of
    ``subtree_totals`` (same filter, so a list always adds up to its figure)."""
    return queryset.filter(in_subtrees([unit], path_field))


def roll_up(units: Sequence[Unit], per_path: Mapping[str, Value]) -> dict[int, Value]:
    """Sum figures keyed by a unit path into each of ``units`` whose subtree holds that path.

    Work is rows × depth (each row's ancestor paths are looked up), not rows × units, so
    nested requests (the city and its wards together) cost nothing extra.
    """
    by_path: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_path[unit.path].append(unit.pk)
    totals: dict[int, Value] = dict.fromkeys((u.pk for u in units), 0)
    for path, value in per_path.items():
        for end in range(SEGMENT, len(path) + 1, SEGMENT):
            for pk in by_path.get(path[:end], ()):
                totals[pk] += value
    return totals


def subtree_totals(
    units: Sequence[Unit],
    queryset: QuerySet[Any],
    *,
    path_field: str = "unit__path",
    aggregate: Any,
) -> dict[int, Value]:
    """One grouped query: ``aggregate`` (e.g. ``Count("pk")``) of ``queryset`` per unit path,
    restricted to the subtrees of ``units``, then rolled up to each unit."""
    figures = subtree_figures(
        units, queryset, path_field=path_field, aggregates={"value": aggregate}
    )
    return figures["value"]


def subtree_figures(
    units: Sequence[Unit],
    queryset: QuerySet[Any],
    *,
    path_field: str = "unit__path",
    aggregates: Mapping[str, Any],
) -> dict[str, dict[int, Value]]:
    """Several aggregates of ``queryset`` in the same grouped query, each rolled up to every unit
    (``{"done": Count("pk", filter=Q(...)), "all": Count("pk")}``): a rate's numerator and
    denominator from one pass, as ``COUNT(*) FILTER (WHERE …)``."""
    if not units:
        return {name: {} for name in aggregates}
    rows = (
        queryset.filter(in_subtrees(units, path_field))
        .order_by()
        .values(path_field)
        .annotate(**aggregates)
    )
    per_path: dict[str, dict[str, Value]] = {name: defaultdict(int) for name in aggregates}
    for row in rows:
        for name in aggregates:
            per_path[name][row[path_field]] += row[name] or 0
    return {name: roll_up(units, per_path[name]) for name in aggregates}


def per_unit(queryset: QuerySet[Any], unit_field: str, aggregate: Any) -> Any:
    """``aggregate`` of ``queryset``'s rows that belong to the outer unit row (``unit_field``
    is the path from a row to its unit id), 0 where there are none: a correlated subquery for
    ``subtree_unit_figures``."""
    rows = (
        queryset.filter(**{unit_field: OuterRef("pk")})
        .order_by()
        .values(unit_field)
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def subtree_unit_figures(
    units: Sequence[Unit], figures: Mapping[str, Any]
) -> dict[str, dict[int, Value]]:
    """Figures of different tables (a rate's numerator and denominator from two registers) in
    one query: each unit of the subtrees of ``units`` with one ``per_unit`` subquery per figure,
    then each rolled up to ``units``."""
    if not units:
        return {name: {} for name in figures}
    named = {f"figure_{name}": figure for name, figure in figures.items()}  # never a Unit field
    rows = (
        Unit.objects.filter(in_subtrees(units, "path"))
        .order_by()
        .annotate(**named)
        .values("path", *named)
    )
    per_path: dict[str, dict[str, Value]] = {name: {} for name in figures}
    for row in rows:
        for name in figures:
            if row[f"figure_{name}"]:
                per_path[name][row["path"]] = row[f"figure_{name}"]
    return {name: roll_up(units, per_path[name]) for name in figures}


@dataclass(frozen=True, slots=True)
class Source:
    """Dated rows of a registry: ``model``'s rows, their day (``date_field``) and their unit's
    path (``path_field``)."""

    model: Any
    date_field: str
    path_field: str = "unit__path"


def kept_since(*sources: Source) -> Recorded:
    """``recorded`` for a registry kept from its first record on: a unit has data for a period
    when one of ``sources`` has a row in its subtree dated on or before the period's end (one
    grouped query per source). Before that row the registry was not kept there: the years before
    are missing, not zero."""

    def recorded(units: Sequence[Unit], start: dt.date, end: dt.date) -> set[int]:
        found: set[int] = set()
        for source in sources:
            paths = (
                source.model.objects.filter(
                    in_subtrees(units, source.path_field), **{f"{source.date_field}__lte": end}
                )
                .order_by()
                .values_list(source.path_field, flat=True)
                .distinct()
            )
            totals = roll_up(units, dict.fromkeys(paths, 1))
            found |= {pk for pk, count in totals.items() if count}
        return found

    return recorded


def covered_by(rows: Callable[[dt.date, dt.date], QuerySet[Any]], path_field: str) -> Recorded:
    """``recorded`` for figures that exist only where a piece of work was run in the period (a
    call-up cycle run by a city covers its wards; the province's cycle, every commune): a unit
    has data when one of ``rows(start, end)`` belongs to it, to a unit above it or to one of its
    subtree. The rows are few (a cycle per city and year), so they are matched in Python."""

    def recorded(units: Sequence[Unit], start: dt.date, end: dt.date) -> set[int]:
        paths = set(rows(start, end).order_by().values_list(path_field, flat=True))
        return {
            u.pk for u in units if any(u.path.startswith(p) or p.startswith(u.path) for p in paths)
        }

    return recorded


def percentage(numerator: Value, denominator: Value, places: str = "0.1") -> Decimal | None:
    """``numerator`` as a percentage of ``denominator``, rounded half up; None when it is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal(places), rounding=ROUND_HALF_UP
    )


def ratio_of(numerator: Mapping[int, Value], denominator: Mapping[int, Value]) -> dict[int, Value]:
    """Per unit percentage; units with a zero denominator are left out (not applicable)."""
    result: dict[int, Value] = {}
    for pk, total in denominator.items():
        value = percentage(numerator.get(pk, 0), total)
        if value is not None:
            result[pk] = value
    return result
