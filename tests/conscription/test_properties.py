"""Properties over generated people: one state each, determinism, monotonicity of the rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qpdp.conscription.rules import (
    DEFERRAL_GROUNDS,
    EXEMPTION_GROUNDS,
    BirthDate,
    Decision,
    DecisionKind,
    PersonFacts,
    PoolState,
    evaluate,
    evaluate_many,
)

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2035, 12, 31)

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
maybe_days = st.none() | days


@st.composite
def birth_dates(draw: st.DrawFn) -> BirthDate:
    born = draw(st.dates(min_value=date(1985, 1, 1), max_value=date(2020, 12, 31)))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    if precision == "year":
        return BirthDate(born.year)
    if precision == "month":
        return BirthDate(born.year, born.month)
    return BirthDate.of(born)


@st.composite
def people(draw: st.DrawFn) -> PersonFacts:
    examined = draw(st.booleans())
    in_service_from = draw(maybe_days)
    discharged_on = None
    if in_service_from is not None and draw(st.booleans()):
        discharged_on = in_service_from + timedelta(days=draw(st.integers(1, 900)))
    return PersonFacts(
        gender=draw(st.sampled_from(["M", "M", "M", "F"])),
        birth=draw(birth_dates()),
        registered_on=draw(maybe_days),
        health_class=draw(st.integers(1, 6)) if examined else None,
        health_exam_on=draw(days) if examined else None,
        drug_addicted=draw(st.booleans()),
        myopia_dioptres=draw(st.none() | st.floats(0, 8, allow_nan=False)),
        hyperopia=draw(st.booleans()),
        bmi=draw(st.none() | st.floats(12, 40, allow_nan=False)),
        education_grade=draw(st.none() | st.integers(0, 12)),
        in_service_from=in_service_from,
        discharged_on=discharged_on,
        service_recognised_on=draw(st.none() | days),
        volunteer=draw(st.booleans()),
        listed_profession=draw(st.booleans()),
        barred_until=draw(st.none() | days),
        registration_exempt=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def decisions(draw: st.DrawFn, kind: DecisionKind | None = None) -> Decision:
    kind = kind or draw(st.sampled_from(list(DecisionKind)))
    table = DEFERRAL_GROUNDS if kind is DecisionKind.DEFERRAL else EXEMPTION_GROUNDS
    code = draw(st.sampled_from([g.code for g in table]))
    decided_on = draw(days)
    length = draw(st.integers(0, 2000))
    until = decided_on + timedelta(days=length)
    if kind is DecisionKind.EXEMPTION and draw(st.booleans()):
        return Decision(kind, code, decided_on)
    higher = kind is DecisionKind.DEFERRAL and code == "g" and draw(st.booleans())
    return Decision(kind, code, decided_on, until=until, higher_education=higher)


decision_lists = st.lists(decisions(), max_size=3)
examples = settings(max_examples=150, database=None, deadline=None)


@examples
@given(people(), decision_lists, days)
def test_every_person_lands_in_exactly_one_state_with_its_reasons_in_order(
    facts: PersonFacts, made: list[Decision], on: date
) -> None:
    result = evaluate(facts, made, on)
    assert result.state in PoolState
    assert result.reasons
    assert result.state is result.reasons[0].state
    ranks = [reason.state.rank for reason in result.reasons]
    assert ranks == sorted(ranks)


@examples
@given(people(), decision_lists, days)
def test_evaluation_is_deterministic_and_the_same_in_bulk(
    facts: PersonFacts, made: list[Decision], on: date
) -> None:
    first = evaluate(facts, made, on)
    assert evaluate(facts, list(made), on) == first
    assert evaluate_many([(facts, made), (facts, tuple(made))], on) == [first, first]


@examples
@given(people(), decision_lists, decisions(DecisionKind.EXEMPTION), days)
def test_adding_an_exemption_never_makes_someone_callable(
    facts: PersonFacts, made: list[Decision], added: Decision, on: date
) -> None:
    before = evaluate(facts, made, on)
    after = evaluate(facts, [*made, added], on)
    if not before.is_callable:
        assert not after.is_callable
    if not facts.volunteer:
        assert after.state.rank <= before.state.rank


@examples
@given(people(), decision_lists, decisions(DecisionKind.DEFERRAL), days)
def test_adding_a_deferral_never_makes_someone_callable(
    facts: PersonFacts, made: list[Decision], added: Decision, on: date
) -> None:
    if added.higher_education:
        added = replace(added, higher_education=False)  # that one may restore the age window
    before = evaluate(facts, made, on)
    after = evaluate(facts, [*made, added], on)
    if not before.is_callable:
        assert not after.is_callable
    if not facts.volunteer:
        assert after.state.rank <= before.state.rank


@examples
@given(people(), decision_lists, days, st.integers(4, 6))
def test_a_worse_health_class_never_makes_someone_callable(
    facts: PersonFacts, made: list[Decision], on: date, worse: int
) -> None:
    unfit = replace(facts, health_class=worse, health_exam_on=facts.health_exam_on or on)
    assert not evaluate(unfit, made, on).is_callable


@examples
@given(people(), decision_lists, days)
def test_drug_addiction_never_leaves_someone_callable(
    facts: PersonFacts, made: list[Decision], on: date
) -> None:
    assert not evaluate(replace(facts, drug_addicted=True), made, on).is_callable


@examples
@given(people(), decision_lists, days, st.integers(1, 3000))
def test_once_over_age_a_person_never_returns_to_the_pool(
    facts: PersonFacts, made: list[Decision], on: date, later_by: int
) -> None:
    settled = [decision for decision in made if decision.decided_on <= on]
    later = on + timedelta(days=later_by)
    if evaluate(facts, settled, on).state is PoolState.OVER_AGE and later <= LAST_DAY:
        after = evaluate(facts, settled, later).state
        assert after.rank <= PoolState.OVER_AGE.rank  # still over age, or since served
        assert after is not PoolState.UNDER_AGE


@examples
@given(people(), decision_lists, days)
def test_a_complete_birth_date_is_never_uncertain(
    facts: PersonFacts, made: list[Decision], on: date
) -> None:
    birth = facts.birth.earliest
    result = evaluate(replace(facts, birth=BirthDate.of(birth)), made, on)
    assert result.state is not PoolState.AGE_UNCERTAIN


@examples
@given(people(), decision_lists, days)
def test_a_callable_partial_birth_date_is_callable_whatever_the_exact_day(
    facts: PersonFacts, made: list[Decision], on: date
) -> None:
    if not evaluate(facts, made, on).is_callable:
        return
    for exact in (facts.birth.earliest, facts.birth.latest):
        assert evaluate(replace(facts, birth=BirthDate.of(exact)), made, on).is_callable
