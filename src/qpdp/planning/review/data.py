"""The year-end review of one unit, assembled once from the registries and the plan.

``assemble`` reads the year's figures (``planning.figures.year_figures``: the locked snapshot
when there is one, else live), the plan's tasks, events, budget and documents, next year's
plan, the ranking of the child units and the earlier years' figures, and returns a plain
``Review``. Every output (DOCX, PDF, XLSX, JSON, the dashboard's download) is written from that
one object, so no format can disagree with another and nothing is computed twice.

An indicator whose declared ``target_code`` names another indicator (the number handed over is
measured against the call-up quota) takes that indicator's value as its target when the plan
sets none: the quota *is* the target. The quota itself is then a reference figure, reported
without a target of its own.

The earlier years come from ``planning.stored`` (a lock's snapshot, else figures stored at the
registries' current state, else computed and stored), with when each was locked or computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils import timezone, translation

from qpdp.core import indicators, narratives
from qpdp.core.units import Unit
from qpdp.planning import figures as figure_source
from qpdp.planning import generation, stored
from qpdp.planning.figures import FigureRow, YearFigures
from qpdp.planning.models import (
    BudgetLine,
    DirectiveDocument,
    Event,
    Plan,
    PlanTask,
    Section,
    TaskStatus,
    WrittenLimitations,
)
from qpdp.planning.review import ranking as ranking_module
from qpdp.planning.review.sentences import Figure, Number, number, sentence

HISTORY_YEARS = 4  # earlier years beside the year under review: 2026 reaches back to 2022
OTHER_SECTION = "other"


class ReviewError(Exception):
    """The review cannot be written (no such unit for the year)."""


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit as the report names it (the ORM object stays out of the outputs)."""

    id: int
    code: str
    name: str
    type_label: str
    label: str

    def __reduce__(self) -> tuple[type[UnitRef], tuple[object, ...]]:
        return type(self), (self.id, self.code, self.name, self.type_label, self.label)

    @classmethod
    def of(cls, unit: Unit) -> UnitRef:
        return cls(unit.pk, unit.code, unit.name, unit.type_label, unit.label)

    @property
    def full_name(self) -> str:
        """ "Phường Suối Hoa": type and name, without the validity a label adds."""
        return f"{self.type_label} {self.name}".strip()

    @property
    def in_text(self) -> str:
        """ "thành phố Bắc Ninh": how the unit reads inside a sentence."""
        kind = self.type_label.strip()
        return f"{kind[:1].lower()}{kind[1:]} {self.name}".strip()


@dataclass(frozen=True, slots=True)
class UnitFigure:
    unit: UnitRef
    figure: Figure

    def __reduce__(self) -> tuple[type[UnitFigure], tuple[object, ...]]:
        """Pickled as its constructor's arguments, as ``Figure`` is (a cached review)."""
        return type(self), (self.unit, self.figure)


@dataclass(slots=True)
class SectionReport:
    """One area of the year's work: its figures' sentences and the plan's tasks done."""

    code: str
    title: str
    codes: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Direction:
    """A section of next year's plan: its tasks and the targets it carries."""

    title: str
    tasks: list[str]


@dataclass(slots=True)
class Review:
    """Everything the report prints, computed once (see the module docstring)."""

    unit: UnitRef
    parent: UnitRef | None
    year: int
    issued_on: dt.date
    locked_at: dt.datetime | None
    figures: list[Figure]
    children: list[UnitRef]
    by_unit: dict[str, list[UnitFigure]]
    sections: list[SectionReport]
    limitations: list[str]
    directions: list[Direction]
    next_targets: list[str]
    ranking: list[ranking_module.Score]
    proposed: list[ranking_module.Score]
    history: dict[int, dict[str, Number | None]]
    history_locked_at: dict[int, dt.datetime] = field(default_factory=dict)
    """The earlier years read from their lock's snapshot, and when each was locked."""
    history_computed_at: dict[int, dt.datetime] = field(default_factory=dict)
    """The earlier years computed from the registries (``planning.stored``), and when."""
    tie_break: str | None = None
    """The label of the indicator the commander chose to order equal scores."""
    awarded: list[str] = field(default_factory=list)
    """What the unit awarded in the year, as the registries write it (``core.narratives``)."""
    limitations_written: bool = False
    """``limitations`` are the unit officer's text (``WrittenLimitations``), not generated."""

    @property
    def locked_on(self) -> dt.date | None:
        """The day of the lock in the country's time zone (a lock at 01:00 on the 30th in
        Hà Nội is 18:00 on the 29th in UTC)."""
        return None if self.locked_at is None else timezone.localtime(self.locked_at).date()

    @property
    def title(self) -> str:
        return f"Báo cáo tổng kết công tác Quốc phòng địa phương năm {self.year}"

    @property
    def summary(self) -> str:
        return (
            f"Tổng kết công tác Quốc phòng địa phương năm {self.year}; "
            f"phương hướng, nhiệm vụ năm {self.year + 1}"
        )

    @property
    def history_as_of(self) -> list[tuple[int, dt.datetime | None, dt.datetime | None]]:
        """Each earlier year with when it was locked or, if not, when it was computed."""
        return [
            (y, self.history_locked_at.get(y), self.history_computed_at.get(y))
            for y in sorted(self.history)
        ]

    def figure(self, code: str) -> Figure:
        return next(f for f in self.figures if f.code == code)

    @property
    def met(self) -> list[Figure]:
        return [f for f in self.figures if f.target is not None and not f.behind]


def find_unit(code: str, year: int) -> Unit:
    """The unit with ``code`` in force during ``year`` (codes are reused across reforms: in
    2025 both old Suối Hoa and new Kinh Bắc are 09187, and the one in force at the year's end,
    the later one, is meant)."""
    start, end = figure_source.year_period(year)
    units = list(Unit.objects.filter(figure_source.in_force_during(start, end), code=code))
    if not units:
        raise ReviewError(f"Không có đơn vị mã {code} trong năm {year}.")
    return max(units, key=lambda u: (u.valid_from or dt.date.min, -u.depth))


def _as_figure(
    row_code: str, value: Number | None, target: Decimal | None, indicator: indicators.Indicator
) -> Figure:
    return Figure(
        code=row_code,
        label=str(indicator.label),
        unit_of_measure=str(indicator.unit_of_measure),
        better=indicator.better,
        value=value,
        target=target,
        task=str(indicator.task),
        counted=str(indicator.counted),
        verb=str(indicator.verb),
    )


def _reference_codes(declared: dict[str, indicators.Indicator]) -> set[str]:
    """Indicators that are another indicator's target (the call-up quota)."""
    return {
        i.target_code
        for i in declared.values()
        if i.target_code and i.target_code != i.code and i.target_code in declared
    }


def figures_of(year_figures: YearFigures) -> tuple[list[Figure], dict[str, list[UnitFigure]]]:
    """The unit's and each child's ``Figure`` for every row, targets completed (module doc).

    Rows of an indicator no longer declared are kept with what the snapshot stored.
    """
    declared = {i.code: i for i in indicators.all_indicators()}
    references = _reference_codes(declared)
    rows = {row.code: row for row in year_figures.rows}
    children = [UnitRef.of(c) for c in year_figures.children]
    totals: list[Figure] = []
    by_unit: dict[str, list[UnitFigure]] = {}
    for row in year_figures.rows:
        indicator = declared.get(row.code) or _undeclared(row)
        source = (
            rows.get(indicator.target_code or "") if indicator.target_code != row.code else None
        )
        reference = row.code in references
        target = _target(row.target, source.value if source else None, reference=reference)
        total = _as_figure(row.code, row.value, target, indicator)
        totals.append(total)
        by_unit[row.code] = []
        for child in children:  # the declaration's words are translated once, for the total
            value, own = row.by_unit.get(child.id, (None, None))
            borrowed = source.by_unit.get(child.id, (None, None))[0] if source else None
            target = _target(own, borrowed, reference=reference)
            by_unit[row.code].append(UnitFigure(child, _with_values(total, value, target)))
    return totals, by_unit


def _with_values(total: Figure, value: Number | None, target: Decimal | None) -> Figure:
    """A child's figure: the total's indicator, the child's value and target (positional,
    as ``dataclasses.replace`` costs 10 µs a call: a province has 5,445 of them)."""
    return Figure(
        total.code,
        total.label,
        total.unit_of_measure,
        total.better,
        value,
        target,
        total.task,
        total.counted,
        total.verb,
    )


def _target(own: Decimal | None, borrowed: Number | None, *, reference: bool) -> Decimal | None:
    """The plan's target, else the (non-zero) value of the indicator named as target; none for
    a figure that is itself another's target."""
    if reference:
        return None
    if own is None and borrowed:  # a borrowed 0 means no quota was given, not a target of 0
        return Decimal(borrowed)
    return own


def _undeclared(row: FigureRow) -> indicators.Indicator:
    """A stand-in declaration for a locked figure whose indicator was removed since."""
    better: Literal["higher", "lower"] = "lower" if row.better == "lower" else "higher"
    return indicators.Indicator(
        row.code, row.label, row.unit_of_measure, lambda *_args: {}, better=better
    )


def section_of(code: str) -> str:
    """The plan section an indicator reports in: declared on the indicator, else "other"."""
    try:
        declared = indicators.get(code).section
    except KeyError:
        return OTHER_SECTION
    return declared if declared in Section.values else OTHER_SECTION


def _sections(
    unit: Unit, year: int, totals: Sequence[Figure], plan: Plan | None
) -> list[SectionReport]:
    reports = {code: SectionReport(code, str(label)) for code, label in Section.choices}
    others = SectionReport(OTHER_SECTION, "Các chỉ số khác")
    for figure in totals:
        report = reports.get(section_of(figure.code), others)
        report.codes.append(figure.code)
        report.sentences.append(sentence(figure))
    if plan is not None:
        for task in PlanTask.objects.filter(plan=plan).order_by("section", "order", "pk"):
            report = reports.get(task.section, others)
            line = task.title + (f": {task.evidence}" if task.evidence else "")
            if task.status == TaskStatus.DONE:
                report.done.append(line)
            elif task.status != TaskStatus.CANCELLED:
                report.unfinished.append(f"{task.title} ({task.get_status_display().lower()})")
        for budget in BudgetLine.objects.filter(plan=plan).order_by("section", "pk"):
            report = reports.get(budget.section, others)
            report.done.append(
                f"{budget.description}: dự toán {number(budget.planned)} đồng, "
                f"đã chi {number(budget.spent)} đồng"
            )
    for event in Event.objects.filter(unit=unit, year=year).order_by("starts_on", "pk"):
        outcome = f": {event.outcome}" if event.outcome else ""
        rating = f" (xếp loại {event.get_rating_display().lower()})" if event.rating else ""
        reports[Section.EXERCISE].done.append(
            f"{event.name}, từ {event.starts_on:%d/%m/%Y} đến {event.ends_on:%d/%m/%Y}"
            f"{outcome}{rating}"
        )
    documents = DirectiveDocument.objects.filter(unit=unit, year=year).order_by("issued_on", "pk")
    issued = [f"{d.number} ngày {d.issued_on:%d/%m/%Y}: {d.summary}" for d in documents]
    if issued:
        reports[Section.STATE_MANAGEMENT].sentences.insert(
            0, f"Ban hành {number(len(issued))} văn bản lãnh đạo, chỉ đạo công tác quốc phòng."
        )
        reports[Section.STATE_MANAGEMENT].done[:0] = issued
    result = list(reports.values())
    if others.sentences or others.done or others.unfinished:
        result.append(others)
    return result


def _directions(unit: Unit, year: int) -> tuple[list[Direction], list[str]]:
    """Next year's plan by section, and next year's targets, as the report's Part III."""
    plan = Plan.objects.filter(unit=unit, year=year + 1).first()
    directions = []
    if plan is not None:
        tasks = PlanTask.objects.filter(plan=plan).exclude(status=TaskStatus.CANCELLED)
        by_section: dict[str, list[str]] = {}
        for task in tasks.order_by("order", "pk"):
            deadline = f" (thời hạn {task.deadline:%d/%m/%Y})" if task.deadline else ""
            by_section.setdefault(task.section, []).append(task.title + deadline)
        directions = [
            Direction(str(label), by_section[code])
            for code, label in Section.choices
            if code in by_section
        ]
    declared: dict[str, indicators.Indicator] = {}
    for declaration in indicators.all_indicators():  # an indicator's own code wins
        declared.setdefault(declaration.code, declaration)
        declared.setdefault(declaration.target_code or declaration.code, declaration)
    targets = []
    for code, value in sorted(figure_source.targets_of(unit, year + 1).items()):
        indicator = declared.get(code)
        if indicator is None:
            continue
        uom = str(indicator.unit_of_measure).strip()
        amount = f"{number(value)}%" if uom == "%" else f"{number(value)} {uom}"
        targets.append(f"{indicator.label}: {amount}")
    return directions, targets


def generated_limitations(
    totals: Sequence[Figure], by_unit: dict[str, list[UnitFigure]]
) -> list[str]:
    """The "Tồn tại, hạn chế" the figures say: each figure behind target, or with a target and
    no figure, the unit's own then each child's. An officer's text replaces it once saved."""
    return [sentence(f) for f in totals if f.behind or f.unreported] + [
        f"{uf.unit.full_name}: {sentence(uf.figure)}"
        for code in (f.code for f in totals)
        for uf in by_unit.get(code, [])
        if uf.figure.behind or uf.figure.unreported
    ]


def history_years(year: int) -> list[int]:
    return list(range(year - HISTORY_YEARS, year))


def default_issue_date(unit: Unit, year: int, today: dt.date) -> dt.date:
    """The signing date a review defaults to: today while the year's report is being written,
    otherwise the last day of the following January (the review is signed at the turn of the
    year), and never after the unit ceased to exist (a 2022 report of a ward abolished in 2025
    is not signed in 2026)."""
    latest = dt.date(year + 1, 1, 31)
    if unit.valid_to is not None:
        latest = min(latest, unit.valid_to)
    return min(today, latest)


def assemble(unit: Unit, year: int, *, issued_on: dt.date) -> Review:
    """The review of ``unit`` for ``year`` (see the module docstring), worded in Vietnamese
    whatever the interface language: labels are resolved here, once, for every output."""
    with translation.override("vi"):
        return _assemble(unit, year, issued_on=issued_on)


KEPT_REVIEWS: generation.Kept[Review] = generation.Kept(16)


def review_key(unit: Unit, year: int, *, issued_on: dt.date) -> str | None:
    """The cache key of ``unit``'s review of ``year`` signed on ``issued_on``: the generations
    of the figures' inputs and of the plans (``planning.generation``), the unit, the year, the
    day and the declared indicators. None for a connection with uncommitted writes, which
    no cached review holds."""
    if generation.uncommitted_writes():
        return None
    figures, plans = generation.current_generations()
    codes = ",".join(i.code for i in indicators.all_indicators())
    parts = [str(figures), str(plans), str(unit.pk), str(year), issued_on.isoformat(), codes]
    return generation.cache_key("review", parts)


def cached_review(unit: Unit, year: int, *, issued_on: dt.date, key: str | None) -> Review:
    """``assemble``, kept in Django's cache under ``key`` (``review_key``): between two writes
    the dashboard, its charts and the indicator pages of the same unit, year and day read it
    instead of assembling it (a province's 99 communes × 55 indicators)."""
    if key is None:
        return assemble(unit, year, issued_on=issued_on)
    return generation.cached(key, lambda: assemble(unit, year, issued_on=issued_on), KEPT_REVIEWS)


def _indicator_label(code: str | None) -> str | None:
    if code is None:
        return None
    labels = {i.code: str(i.label) for i in indicators.all_indicators()}
    return labels.get(code, code)


def _assemble(unit: Unit, year: int, *, issued_on: dt.date) -> Review:
    year_figures = figure_source.year_figures(unit, year)
    totals, by_unit = figures_of(year_figures)
    plan = Plan.objects.filter(unit=unit, year=year).first()
    directions, next_targets = _directions(unit, year)
    scores = ranking_module.rank(unit, year, by_unit)
    earlier = stored.history(unit, history_years(year))
    written = WrittenLimitations.objects.filter(unit=unit, year=year).first()
    parent = unit.parent
    return Review(
        unit=UnitRef.of(unit),
        parent=UnitRef.of(parent) if parent is not None else None,
        year=year,
        issued_on=issued_on,
        locked_at=year_figures.locked_at,
        figures=totals,
        children=[UnitRef.of(c) for c in year_figures.children],
        by_unit=by_unit,
        sections=_sections(unit, year, totals, plan),
        limitations=written.lines if written else generated_limitations(totals, by_unit),
        limitations_written=written is not None,
        directions=directions,
        next_targets=next_targets,
        ranking=scores,
        proposed=ranking_module.proposed(scores),
        history={y: past.values for y, past in earlier.items()},
        history_locked_at={y: p.locked_at for y, p in earlier.items() if p.locked_at},
        history_computed_at={y: p.computed_at for y, p in earlier.items() if p.computed_at},
        tie_break=_indicator_label(ranking_module.tie_break_for(unit, year)),
        awarded=narratives.sentences(narratives.AWARDS, unit, year),
    )
