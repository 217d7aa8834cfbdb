"""Vietnamese sentences written from the figures, as a year-end review reads them.

Pure functions over a ``Figure`` (no database): the report, the dashboard and the tests all
call ``sentence``, so a sentence can never say something the JSON output does not hold. The
wording follows what reviews print: "hoàn thành 100% chỉ tiêu (giao 85/85 công dân)" when the
target is met exactly, "vượt chỉ tiêu" above it, "đạt 97% chỉ tiêu …, còn thiếu 3 công dân"
below it; an indicator where lower is better is read against a ceiling ("không vượt quá").
Like the call-up orders, the review is an official Vietnamese document: its wording does not
follow the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.numberformat import format as number_format

Number = Decimal | int


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator's figure for one unit and year, with what a sentence needs to name it.

    ``value`` is None when the figure does not apply (a rate with nothing to divide by);
    ``target`` is None when no target was set. ``task``, ``counted`` and ``verb`` come from the
    indicator's declaration (empty when it gives none: the label and unit of measure are used).
    """

    code: str
    label: str
    unit_of_measure: str
    better: Literal["higher", "lower"]
    value: Number | None
    target: Number | None
    task: str = ""
    counted: str = ""
    verb: str = ""

    def __reduce__(self) -> tuple[type[Figure], tuple[object, ...]]:
        """Pickled as its constructor's arguments: a cached review holds a province's 5,445
        figures, which the dataclass's own ``__setstate__`` restores ten times slower."""
        return type(self), (
            self.code,
            self.label,
            self.unit_of_measure,
            self.better,
            self.value,
            self.target,
            self.task,
            self.counted,
            self.verb,
        )

    @property
    def is_percentage(self) -> bool:
        return self.unit_of_measure.strip() == "%"

    @property
    def achievement(self) -> Decimal | None:
        """Value as a percentage of the target (one decimal), None without a usable target."""
        if self.value is None or not self.target:
            return None
        return (Decimal(self.value) * 100 / Decimal(self.target)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def value_text(self) -> str:
        """The value as pages print it: "85", "97,5%", "—" when it does not apply."""
        return _shown(self.value, self.is_percentage)

    @property
    def target_text(self) -> str:
        return _shown(self.target, self.is_percentage)

    @property
    def achievement_text(self) -> str:
        return "—" if self.achievement is None else f"{number(self.achievement)}%"

    @property
    def behind(self) -> bool:
        """Below target (above the ceiling when lower is better): a limitation of the year."""
        if self.value is None or self.target is None:
            return False
        if self.better == "lower":
            return self.value > self.target
        return self.value < self.target

    @property
    def unreported(self) -> bool:
        """A target was set but there is no figure: not met, not missed, but not to be passed
        over either (the review lists it among the limitations as "chưa có số liệu")."""
        return self.value is None and bool(self.target)


def number(value: Number) -> str:
    """Vietnamese figures whatever the active language: 1.234 and 97,5; 100,0 prints as 100."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return number_format(value, decimal_sep=",", grouping=3, thousand_sep=".", force_grouping=True)


def _shown(value: Number | None, percent: bool) -> str:
    if value is None:
        return "—"
    return number(value) + ("%" if percent else "")


def _subject(figure: Figure) -> str:
    return figure.task or figure.label


def _noun(figure: Figure) -> str:
    return figure.counted or figure.unit_of_measure


def _amount(value: Number, figure: Figure) -> str:
    """ "85 công dân", "97,5%"."""
    if figure.is_percentage:
        return f"{number(value)}%"
    return f"{number(value)} {_noun(figure)}".strip()


def sentence(figure: Figure) -> str:
    """The review's sentence for one figure (see the module docstring for the wording)."""
    subject, value, target = _subject(figure), figure.value, figure.target
    if value is None:
        return f"{subject}: chưa có số liệu trong năm."
    if figure.better == "lower":
        return _lower_is_better(figure, subject, value, target)
    if target is None:
        return f"{subject}: {_verb(figure)}{_amount(value, figure)}."
    if not target:
        done = f"; {_verb(figure)}{_amount(value, figure)}" if value else ""
        return f"{subject}: không được giao chỉ tiêu trong năm{done}."
    if figure.is_percentage:
        return _rate(figure, subject, value, target)
    achieved = figure.achievement
    assert achieved is not None  # a non-zero target and a value
    counts = f"{_verb(figure)}{number(value)}/{_amount(target, figure)}"
    if value == target:
        return f"{subject} hoàn thành 100% chỉ tiêu ({counts})."
    if value > target:
        extra = _amount(value - target, figure)
        return (
            f"{subject} hoàn thành vượt chỉ tiêu, đạt {number(achieved)}% ({counts}, vượt {extra})."
        )
    missing = _amount(target - value, figure)
    return f"{subject} đạt {number(achieved)}% chỉ tiêu ({counts}), còn thiếu {missing}."


def _verb(figure: Figure) -> str:
    return f"{figure.verb} " if figure.verb else ""


def _rate(figure: Figure, subject: str, value: Number, target: Number) -> str:
    if value == target:  # one percentage, said once ("đạt 100%, hoàn thành chỉ tiêu 100%")
        return f"{subject} đạt {number(value)}%, hoàn thành chỉ tiêu."
    if value > target:
        return f"{subject} đạt {number(value)}%, vượt chỉ tiêu {number(target)}%."
    gap = number(Decimal(target) - Decimal(value))
    return (
        f"{subject} đạt {number(value)}%, chưa đạt chỉ tiêu {number(target)}% "
        f"(thấp hơn {gap} điểm phần trăm)."
    )


def _lower_is_better(figure: Figure, subject: str, value: Number, target: Number | None) -> str:
    amount = _amount(value, figure)
    if target is None:
        return f"{subject}: {amount}."
    if value <= target:
        return (
            f"{subject}: {amount}, trong giới hạn chỉ tiêu (không quá {_amount(target, figure)})."
        )
    excess = _amount(value - target, figure)
    return (
        f"{subject}: {amount}, vượt mức tối đa {_amount(target, figure)} của chỉ tiêu "
        f"({excess} quá mức)."
    )
