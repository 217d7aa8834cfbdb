"""Deferral grounds a–h (Art. 41.1) and exemption grounds a–đ (Art. 41.2), with their dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import translation

from qpdp.conscription.rules import (
    DEFERRAL_GROUNDS,
    EXEMPTION_GROUNDS,
    BirthDate,
    Decision,
    DecisionKind,
    PoolState,
    evaluate,
    ground,
    grounds_in_force,
)

from .people import ON, deferral, exemption, person

DEFERRAL_CODES = ["a", "b", "c", "d", "dd", "e", "g", "h"]
EXEMPTION_CODES = ["a", "b", "c", "d", "dd"]


def test_it_lists_the_eight_deferral_grounds_of_article_41_1() -> None:
    assert [g.code for g in DEFERRAL_GROUNDS] == DEFERRAL_CODES
    assert [g.letter for g in DEFERRAL_GROUNDS] == ["a", "b", "c", "d", "đ", "e", "g", "h"]


def test_it_lists_the_five_exemption_grounds_of_article_41_2() -> None:
    assert [g.code for g in EXEMPTION_GROUNDS] == EXEMPTION_CODES
    assert [g.letter for g in EXEMPTION_GROUNDS] == ["a", "b", "c", "d", "đ"]


@pytest.mark.parametrize("code", DEFERRAL_CODES)
def test_it_defers_on_each_deferral_ground(code: str) -> None:
    result = evaluate(person(), [deferral(code)], ON)
    assert result.state is PoolState.DEFERRED
    assert result.codes == (f"deferral_{code}",)


@pytest.mark.parametrize("code", EXEMPTION_CODES)
def test_it_exempts_on_each_exemption_ground(code: str) -> None:
    result = evaluate(person(), [exemption(code)], ON)
    assert result.state is PoolState.EXEMPT
    assert result.codes == (f"exemption_{code}",)


@pytest.mark.parametrize(
    ("kind", "code", "letter"),
    [(DecisionKind.DEFERRAL, c, "đ" if c == "dd" else c) for c in DEFERRAL_CODES]
    + [(DecisionKind.EXEMPTION, c, "đ" if c == "dd" else c) for c in EXEMPTION_CODES],
)
def test_it_cites_the_lettered_point_of_article_41_for_each_ground(
    kind: DecisionKind, code: str, letter: str
) -> None:
    clause = 1 if kind is DecisionKind.DEFERRAL else 2
    with translation.override("vi"):
        article = str(ground(kind, code).article)
    assert article.startswith(f"điểm {letter} khoản {clause} Điều 41 Luật Nghĩa vụ quân sự")


@pytest.mark.parametrize(
    ("decided_on", "on", "state"),
    [
        (date(2020, 6, 30), date(2020, 6, 30), PoolState.CALLABLE),  # no ground h yet
        (date(2020, 6, 30), date(2020, 7, 15), PoolState.CALLABLE),  # made without a basis
        (date(2020, 7, 1), date(2020, 7, 1), PoolState.DEFERRED),
        (date(2020, 7, 1), date(2020, 9, 1), PoolState.DEFERRED),
    ],
)
def test_it_defers_standing_militia_only_from_july_2020(
    decided_on: date, on: date, state: PoolState
) -> None:
    facts = person(
        birth=BirthDate(2000, 3, 1),
        registered_on=date(2017, 4, 1),
        health_exam_on=date(2019, 11, 20),
    )
    militia = deferral("h", decided_on, until=date(2021, 12, 31))
    assert evaluate(facts, [militia], on).state is state


@pytest.mark.parametrize(
    ("day", "has_h"),
    [(date(2020, 6, 30), False), (date(2020, 7, 1), True), (date(2016, 1, 1), False)],
)
def test_it_offers_ground_h_in_forms_only_from_july_2020(day: date, has_h: bool) -> None:
    codes = [g.code for g in grounds_in_force(DecisionKind.DEFERRAL, day)]
    assert ("h" in codes) is has_h
    assert len(codes) == (8 if has_h else 7)


@pytest.mark.parametrize("kind", list(DecisionKind))
def test_it_offers_no_ground_before_the_2015_law_took_effect(kind: DecisionKind) -> None:
    assert grounds_in_force(kind, date(2015, 12, 31)) == ()


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2025, 12, 14), PoolState.CALLABLE),  # before the decision
        (date(2025, 12, 15), PoolState.DEFERRED),  # the day it is signed
        (date(2026, 6, 30), PoolState.DEFERRED),  # the last day of the ground
        (date(2026, 7, 1), PoolState.CALLABLE),  # the ground has ended (Art. 41.3)
    ],
)
def test_it_ends_a_deferral_the_day_after_its_ground_ends(on: date, state: PoolState) -> None:
    study = deferral("g", date(2025, 12, 15), until=date(2026, 6, 30))
    assert evaluate(person(), [study], on).state is state


def test_it_keeps_an_exemption_without_an_end_date() -> None:
    assert evaluate(person(), [exemption("a", date(2019, 3, 1))], ON).state is PoolState.EXEMPT


def test_it_ends_a_revoked_exemption() -> None:
    revoked = exemption("d", date(2024, 3, 1), until=date(2025, 12, 31))
    assert evaluate(person(), [revoked], ON).state is PoolState.CALLABLE


def test_it_lists_every_ground_that_holds_exemptions_first() -> None:
    decisions = [deferral("d"), exemption("b"), deferral("g")]
    result = evaluate(person(), decisions, ON)
    assert result.state is PoolState.EXEMPT
    assert result.codes == ("exemption_b", "deferral_d", "deferral_g")


def test_it_lists_a_ground_once_even_when_decided_twice() -> None:
    result = evaluate(person(), [deferral("d"), deferral("d", date(2025, 12, 20))], ON)
    assert result.codes == ("deferral_d",)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Decision(DecisionKind.DEFERRAL, "i", date(2025, 1, 1), until=date(2026, 1, 1)),
        lambda: Decision(DecisionKind.EXEMPTION, "e", date(2025, 1, 1)),
        lambda: Decision(DecisionKind.DEFERRAL, "g", date(2025, 1, 1)),
        lambda: Decision(DecisionKind.DEFERRAL, "b", date(2025, 1, 1), until=date(2024, 1, 1)),
        lambda: Decision(
            DecisionKind.DEFERRAL,
            "b",
            date(2025, 1, 1),
            until=date(2026, 1, 1),
            higher_education=True,
        ),
    ],
    ids=[
        "unknown-letter",
        "no-exemption-e",
        "deferral-without-end",
        "ends-before-made",
        "study-flag-off-g",
    ],
)
def test_it_rejects_a_decision_the_law_does_not_allow(make: Callable[[], Decision]) -> None:
    with pytest.raises(ValueError):
        make()


def test_it_accepts_the_kind_as_the_plain_string_a_model_field_returns() -> None:
    # A CharField with choices reads back a plain str, not the enum member.
    kind: str = "deferral"
    stored = Decision(kind, "h", date(2025, 12, 15), until=date(2027, 6, 30))  # type: ignore[arg-type]
    assert stored.kind is DecisionKind.DEFERRAL
    assert evaluate(person(), [stored], ON).codes == ("deferral_h",)
