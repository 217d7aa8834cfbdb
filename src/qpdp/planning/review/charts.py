"""Chart geometry for the dashboard, drawn as server-rendered SVG.

The page's content security policy allows no inline script or style, so charts are plain SVG
elements with presentation attributes (coordinates, sizes) and classes the stylesheet colours:
no JavaScript library, nothing to load, and the chart prints. These functions only compute
coordinates; ``templates/planning/review/_bar_chart.svg`` and ``_trend_chart.svg`` draw them.

A figure without data is drawn as nothing, never as a bar or a point at 0: the chart leaves a gap
and names what it left out ("chưa có số liệu"), as the tables print "—".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from qpdp.core.vietnamese import sort_key
from qpdp.planning.review.sentences import Number, number

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 170
VALUE_WIDTH = 70
CHART_WIDTH = 640
TREND_HEIGHT = 160
TREND_MARGIN = 28


@dataclass(frozen=True, slots=True)
class Bar:
    """One unit's row; ``width`` is None when the unit has no figure (no bar is drawn)."""

    label: str
    value_text: str
    y: float
    width: float | None
    text_y: float
    target_x: float | None
    behind: bool
    url: str = ""


@dataclass(frozen=True, slots=True)
class BarChart:
    """``hidden``: units with a figure left out between the first and the last bars;
    ``missing``: the units without a figure (drawn as an empty row, or not at all when the
    chart is cut to its ends)."""

    width: int
    height: int
    label_width: int
    plot_width: int
    value_x: float
    bars: list[Bar]
    hidden: int = 0
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BarInput:
    """One unit's bar: its value (None: no figure), target and where its name links."""

    label: str
    value: Number | None
    target: Number | None
    behind: bool
    url: str = ""


def bar_chart(
    items: Sequence[BarInput], *, percent: bool = False, edge: int | None = None
) -> BarChart:
    """Horizontal bars, highest first, scaled to the largest value or target; a tick marks each
    unit's target so a short bar is read against its own quota, not against its neighbours.

    With ``edge``, only the ``edge`` highest and lowest units are drawn (a province's 99
    communes do not fit a card): the chart counts the others and names none of them.
    """
    ranked = sorted(
        (i for i in items if i.value is not None),
        key=lambda i: (-Decimal(i.value or 0), sort_key(i.label)),
    )
    missing = [i for i in items if i.value is None]
    hidden = 0
    if edge is not None:
        if len(ranked) > 2 * edge:
            hidden = len(ranked) - 2 * edge
            ranked = ranked[:edge] + ranked[-edge:]
        shown = ranked
    else:
        shown = ranked + missing
    return replace(_bars(shown, percent), hidden=hidden, missing=tuple(i.label for i in missing))


def _bars(items: Sequence[BarInput], percent: bool) -> BarChart:
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    peak = max(
        [Decimal(v) for i in items for v in (i.value, i.target) if v is not None] or [Decimal(0)]
    )
    scale = Decimal(plot) / peak if peak else Decimal(0)
    bars = []
    for index, item in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        text = "—" if item.value is None else number(item.value) + ("%" if percent else "")
        bars.append(
            Bar(
                label=item.label,
                value_text=text,
                y=y,
                width=None if item.value is None else float(Decimal(item.value) * scale),
                text_y=y + BAR_HEIGHT - 5,
                target_x=(
                    LABEL_WIDTH + float(Decimal(item.target) * scale)
                    if item.target is not None and peak
                    else None
                ),
                behind=item.behind,
                url=item.url,
            )
        )
    height = max(len(items) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT)
    return BarChart(CHART_WIDTH, height, LABEL_WIDTH, plot, CHART_WIDTH - VALUE_WIDTH + 6, bars)


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str
    value_text: str
    behind: bool


@dataclass(frozen=True, slots=True)
class TrendChart:
    """``lines`` are the polylines between consecutive years with figures (a year without one
    breaks the line); ``missing`` the years left out."""

    width: int
    height: int
    baseline: float
    lines: list[str]
    points: list[Point]
    missing: list[str]


def trend_chart(
    years: Sequence[tuple[int, Number | None, bool]], *, percent: bool = False
) -> TrendChart:
    """A line over the years (year, value, behind target): gaps where a year has no figure,
    which the chart names rather than drawing them at 0."""
    width, height, margin = CHART_WIDTH, TREND_HEIGHT, TREND_MARGIN
    values = [Decimal(v) for _year, v, _behind in years if v is not None]
    peak = max(values or [Decimal(0)])
    step = (width - 2 * margin) / max(len(years) - 1, 1)
    baseline = height - margin
    points: list[Point] = []
    runs: list[list[Point]] = [[]]
    missing = []
    for index, (year, value, behind) in enumerate(years):
        if value is None:
            missing.append(str(year))
            runs.append([])
            continue
        share = float(Decimal(value) / peak) if peak else 0.0
        point = Point(
            x=margin + index * step,
            y=baseline - share * (height - 2 * margin),
            label=str(year),
            value_text=number(value) + ("%" if percent else ""),
            behind=behind,
        )
        points.append(point)
        runs[-1].append(point)
    lines = [" ".join(f"{p.x:.1f},{p.y:.1f}" for p in run) for run in runs if len(run) > 1]
    return TrendChart(width, height, baseline, lines, points, missing)
