"""The indicator registry: every figure the dashboard, the review report and the API show.

An app declares its indicators in ``qpdp/<app>/indicators.py`` by calling ``register``; the
registry imports those modules the first time it is asked (``core.registry``). An indicator is
computed for many units at once: ``compute(units, period_start, period_end)`` returns one value
per unit, each unit counting its whole subtree, from one grouped query (``subtree_totals`` is
the usual way to write it), never a query per unit.

A missing key in the result means "not applicable" (a rate whose denominator is zero); counts
are present for every unit asked, 0 when nothing happened.

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

from django.db.models import Q, QuerySet

from qpdp.core.registry import Registry
from qpdp.core.units import SEGMENT, Unit, path_upper_bound

Value = Decimal | int
Compute = Callable[[Sequence[Unit], dt.date, dt.date], dict[int, Value]]
People = Callable[[Unit, dt.date, dt.date], QuerySet[Any]]


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
        return self.compute(list(units), period_start, period_end)

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
    chosen = [get(c) for c in codes] if codes is not None else all_indicators()
    return {i.code: i(units, period_start, period_end) for i in chosen}


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
    if not units:
        return {}
    rows = (
        queryset.filter(in_subtrees(units, path_field))
        .order_by()
        .values(path_field)
        .annotate(value=aggregate)
        .values_list(path_field, "value")
    )
    per_path: dict[str, Value] = defaultdict(int)
    for path, value in rows:
        per_path[path] += value or 0
    return roll_up(units, per_path)


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
