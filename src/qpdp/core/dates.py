"""Partial dates: old records give a birth date to the day, to the month, or only the year.

One type for the registry, the import engine and the rules: a value knows the interval of days
it may mean (``earliest``..``latest``), so rules can decide only when the whole interval agrees.
Pure: no Django, no clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

DAY = "D"  # stored precision codes (people.choices.BirthPrecision uses the same letters)
MONTH = "M"
YEAR = "Y"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None
    earliest: date = field(init=False, repr=False, compare=False)
    latest: date = field(init=False, repr=False, compare=False)
    first_ordinal: int = field(init=False, repr=False, compare=False)
    last_ordinal: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs its month")
        if self.month is None:
            earliest, latest = date(self.year, 1, 1), date(self.year, 12, 31)
        elif self.day is None:
            last_day = calendar.monthrange(self.year, self.month)[1]
            earliest, latest = date(self.year, self.month, 1), date(self.year, self.month, last_day)
        else:
            earliest = latest = date(self.year, self.month, self.day)
        object.__setattr__(self, "earliest", earliest)
        object.__setattr__(self, "latest", latest)
        object.__setattr__(self, "first_ordinal", earliest.toordinal())
        object.__setattr__(self, "last_ordinal", latest.toordinal())

    @classmethod
    def of(cls, day: date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    from_date = of

    @classmethod
    def from_stored(cls, earliest: date, precision: str) -> PartialDate:
        """Rebuild from the stored form: the first possible day and a precision code."""
        if precision == YEAR:
            return cls(earliest.year)
        if precision == MONTH:
            return cls(earliest.year, earliest.month)
        return cls.of(earliest)

    @property
    def is_complete(self) -> bool:
        return self.day is not None

    @property
    def precision(self) -> str:
        return DAY if self.day is not None else MONTH if self.month is not None else YEAR

    def to_date(self) -> date | None:
        return self.earliest if self.is_complete else None

    def __str__(self) -> str:
        """dd/mm/yyyy, mm/yyyy or yyyy, the way Vietnamese forms write partial dates."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
