"""Chart geometry for the dashboard, drawn as server-rendered SVG.

The page's content security policy allows no inline script or style, so charts are plain SVG
elements with presentation attributes (coordinates, sizes) and classes the stylesheet colours:
no JavaScript library, nothing to load, and the chart prints. These functions only compute
coordinates; ``templates/planning/review/_bar_chart.svg`` and ``_trend_chart.svg`` draw them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

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
    label: str
    value_text: str
    y: float
    width: float
    text_y: float
    target_x: float | None
    behind: bool
    url: str = ""


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    label_width: int
    plot_width: int
    value_x: float
    bars: list[Bar]


@dataclass(frozen=True, slots=True)
class BarInput:
    """One unit's bar: its value (None = not applicable), target and where its name links."""

    label: str
    value: Number | None
    target: Number | None
    behind: bool
    url: str = ""


def bar_chart(items: Sequence[BarInput], *, percent: bool = False) -> BarChart:
    """Horizontal bars, one per unit, scaled to the largest value or target; a tick marks each
    unit's target so a short bar is read against its own quota, not against its neighbours."""
    plot = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    peak = max(
        [Decimal(v) for i in items for v in (i.value, i.target) if v is not None] or [Decimal(0)]
    )
    scale = Decimal(plot) / peak if peak else Decimal(0)
    bars = []
    for index, item in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        value = Decimal(item.value) if item.value is not None else Decimal(0)
        text = "—" if item.value is None else number(item.value) + ("%" if percent else "")
        bars.append(
            Bar(
                label=item.label,
                value_text=text,
                y=y,
                width=float(value * scale),
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
    width: int
    height: int
    baseline: float
    polyline: str
    points: list[Point]


def trend_chart(
    years: Sequence[tuple[int, Number | None, bool]], *, percent: bool = False
) -> TrendChart:
    """A line over the years (year, value, behind target): gaps where a year has no figure."""
    width, height, margin = CHART_WIDTH, TREND_HEIGHT, TREND_MARGIN
    values = [Decimal(v) for _year, v, _behind in years if v is not None]
    peak = max(values or [Decimal(0)])
    step = (width - 2 * margin) / max(len(years) - 1, 1)
    baseline = height - margin
    points = []
    for index, (year, value, behind) in enumerate(years):
        if value is None:
            continue
        share = float(Decimal(value) / peak) if peak else 0.0
        points.append(
            Point(
                x=margin + index * step,
                y=baseline - share * (height - 2 * margin),
                label=str(year),
                value_text=number(value) + ("%" if percent else ""),
                behind=behind,
            )
        )
    polyline = " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)
    return TrendChart(width, height, baseline, polyline, points)
