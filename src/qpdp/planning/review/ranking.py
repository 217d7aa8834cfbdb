"""The emulation ranking of a unit's child units (thi đua): a weighted score per ward.

Each indicator the city weights gives a ward an *achievement* between 0 and 1:

- measured against the ward's target: value ÷ target, capped at 1 (beating a quota earns no
  more than meeting it, so a ward with a small quota cannot outscore one with a large quota by
  overshooting); where lower is better, 1 within the ceiling, else ceiling ÷ value;
- a target of 0 (no quota given): not applicable where higher is better (nothing was asked),
  1 for a value of 0 and 0 otherwise where lower is better;
- without a target: relative to the best ward (value ÷ the highest; lowest ÷ value where lower
  is better), since a raw count rewards a large ward over a diligent one only as far as the
  best ward sets the bar; when every ward has 0 of a higher-is-better count the indicator does
  not discriminate and is left out.

A figure that does not apply to a ward (no value) is left out of its score together with its
weight, so a ward is not punished for a task it was not given; but a ward given a target that
recorded nothing for it (``Figure.unreported``) achieves 0 there, or a ward would climb the
ranking by not keeping a register. The score is
100 × Σ weight × achievement ÷ Σ weight over the indicators that apply. Weights are the city's
``RankingWeight`` rows for the year; without any, every indicator measured against a target
weighs 1 and the others 0 (a plain count is context, not performance).

Equal scores share a rank (đồng hạng). Only a rule the commander chose orders them: the
achievement on one indicator (``RankingTieBreak``); names never do, so every ward tied within the
proposal places is proposed, and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from qpdp.core.units import Unit
from qpdp.core.vietnamese import sort_key
from qpdp.planning.models import RankingTieBreak, RankingWeight

if TYPE_CHECKING:
    from qpdp.planning.review.data import UnitFigure, UnitRef
    from qpdp.planning.review.sentences import Figure

PROPOSAL_COUNT = 5  # the seed's city commended five collectives for local defense work
PROPOSAL_MIN_SCORE = Decimal(90)  # below this a ward is not proposed, whatever its rank
ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Part:
    """One indicator's share of a ward's score."""

    code: str
    label: str
    weight: Decimal
    achievement: Decimal
    points: Decimal


@dataclass(frozen=True, slots=True)
class Score:
    """A ward's score and rank; both None when no weighted indicator applies to it. ``tied``:
    another ward shares the rank."""

    unit: UnitRef
    score: Decimal | None
    rank: int | None
    parts: list[Part]
    tied: bool = False


def weights_for(unit: Unit, year: int) -> dict[str, Decimal]:
    return dict(
        RankingWeight.objects.filter(unit=unit, year=year).values_list("indicator_code", "weight")
    )


def tie_break_for(unit: Unit, year: int) -> str | None:
    """The indicator code the unit's commander chose to order equal scores, if any."""
    return (
        RankingTieBreak.objects.filter(unit=unit, year=year)
        .values_list("indicator_code", flat=True)
        .first()
    )


def default_weights(by_unit: Mapping[str, Sequence[UnitFigure]]) -> dict[str, Decimal]:
    """Weight 1 for each indicator some ward has a target for, 0 for the rest."""
    return {
        code: ONE if any(uf.figure.target is not None for uf in rows) else Decimal(0)
        for code, rows in by_unit.items()
    }


def achievement(figure: Figure, peers: Sequence[Figure]) -> Decimal | None:
    """The figure's achievement between 0 and 1, or None when it does not apply (module doc)."""
    value, target = figure.value, figure.target
    if figure.unreported:
        return Decimal(0)
    if value is None:
        return None
    value = Decimal(value)
    if target is not None:
        target = Decimal(target)
        if figure.better == "lower":
            if value <= target:
                return ONE
            return target / value
        if not target:
            return None
        return min(value / target, ONE)
    known = [Decimal(p.value) for p in peers if p.value is not None]
    if figure.better == "lower":
        best = min(known)
        return ONE if value == best else best / value
    best = max(known)
    if not best:
        return None
    return value / best


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _tie_values(
    by_unit: Mapping[str, Sequence[UnitFigure]], tie_break: str | None
) -> dict[int, Decimal]:
    """Each ward's achievement on the tie-break indicator (-1 where it does not apply)."""
    rows = by_unit.get(tie_break, []) if tie_break else []
    peers = [uf.figure for uf in rows]
    values = {}
    for uf in rows:
        share = achievement(uf.figure, peers)
        values[uf.unit.id] = Decimal(-1) if share is None else share
    return values


def score_units(
    by_unit: Mapping[str, Sequence[UnitFigure]],
    weights: Mapping[str, Decimal],
    tie_break: str | None = None,
) -> list[Score]:
    """Every child unit's score, best first; equal scores share a rank ("1, 2, 2, 4") unless
    the ``tie_break`` indicator's achievement tells them apart. Within a tie, wards are listed
    in Vietnamese alphabetical order, which ranks nobody."""
    units: dict[int, UnitRef] = {}
    parts: dict[int, list[Part]] = {}
    for code, rows in by_unit.items():
        weight = weights.get(code, Decimal(0))
        if weight <= 0:
            continue
        peers = [uf.figure for uf in rows]
        for uf in rows:
            units.setdefault(uf.unit.id, uf.unit)
            share = achievement(uf.figure, peers)
            if share is None:
                parts.setdefault(uf.unit.id, [])
                continue
            parts.setdefault(uf.unit.id, []).append(
                Part(code, uf.figure.label, weight, _round(share * 100), share * weight)
            )
    for rows in by_unit.values():
        for uf in rows:
            units.setdefault(uf.unit.id, uf.unit)
    tie_values = _tie_values(by_unit, tie_break)
    scored = []
    for unit_id, unit in units.items():
        mine = parts.get(unit_id, [])
        total_weight = sum((p.weight for p in mine), Decimal(0))
        score = (
            _round(100 * sum((p.points for p in mine), Decimal(0)) / total_weight)
            if (total_weight)
            else None
        )
        scored.append((unit, score, tie_values.get(unit_id, Decimal(-1)), mine))
    scored.sort(key=lambda s: (s[1] is None, -(s[1] or 0), -s[2], sort_key(s[0].name), s[0].id))
    ranks: list[int | None] = []
    for index, (_unit, score, tie_value, _mine) in enumerate(scored):
        previous = scored[index - 1] if index else None
        same = previous is not None and previous[1:3] == (score, tie_value)
        ranks.append(None if score is None else ranks[-1] if same else index + 1)
    return [
        Score(unit, score, rank, [_points(p) for p in mine], tied=ranks.count(rank) > 1)
        if rank is not None
        else Score(unit, score, rank, [_points(p) for p in mine])
        for (unit, score, _tie, mine), rank in zip(scored, ranks, strict=True)
    ]


def _points(part: Part) -> Part:
    """The part as shown: points rounded for display once the total is computed exactly."""
    return Part(part.code, part.label, part.weight, part.achievement, _round(part.points * 100))


def rank(unit: Unit, year: int, by_unit: Mapping[str, Sequence[UnitFigure]]) -> list[Score]:
    """The ranking of ``unit``'s children for ``year`` with the city's weights (or defaults)
    and its commander's tie-break rule, if one was chosen."""
    weights = weights_for(unit, year) or default_weights(by_unit)
    return score_units(by_unit, weights, tie_break_for(unit, year))


def proposed(scores: Sequence[Score]) -> list[Score]:
    """The wards proposed for commendation ("đề nghị khen thưởng"): ranked within the first
    ``PROPOSAL_COUNT`` places with at least ``PROPOSAL_MIN_SCORE``. Wards tied across the cut
    are all proposed (more than the count): only the commander's tie-break rule separates them.
    """
    return [
        s
        for s in scores
        if s.score is not None
        and s.rank is not None
        and s.score >= PROPOSAL_MIN_SCORE
        and s.rank <= PROPOSAL_COUNT
    ]
