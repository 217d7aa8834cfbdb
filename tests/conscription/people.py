"""A callable baseline person and reference dates for the rules tests; vary one fact per test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from qpdp.conscription.rules import BirthDate, Decision, DecisionKind, PersonFacts

ON = date(2026, 2, 10)
"""A reference date under the two-tier regime and the 2025 health standard."""
ON_BEFORE_REFORM = date(2025, 2, 10)
"""A reference date under the district regime and Circular 105/2023 before its 2025 amendment."""

BASELINE = PersonFacts(
    gender="M",
    birth=BirthDate(2004, 5, 20),
    registered_on=date(2021, 4, 15),
    health_class=2,
    health_exam_on=date(2025, 11, 20),
    bmi=21.0,
    education_grade=12,
)


def person(**changes: Any) -> PersonFacts:
    """The baseline, callable on ``ON``, with ``changes`` applied.

    ``Any`` because tables of changes mix field types; ``PersonFacts`` validates each value.
    """
    return replace(BASELINE, **changes)


def examined_before_reform(**changes: Any) -> PersonFacts:
    """The baseline examined in the 2024 season, callable on ``ON_BEFORE_REFORM``."""
    return person(health_exam_on=date(2024, 11, 20), **changes)


def deferral(
    code: str,
    decided_on: date = date(2025, 12, 15),
    *,
    until: date = date(2027, 6, 30),
    higher_education: bool = False,
) -> Decision:
    return Decision(
        DecisionKind.DEFERRAL, code, decided_on, until=until, higher_education=higher_education
    )


def exemption(
    code: str, decided_on: date = date(2025, 12, 15), *, until: date | None = None
) -> Decision:
    return Decision(DecisionKind.EXEMPTION, code, decided_on, until=until)
