"""The pool state of a person: each state, the order of precedence, volunteers, bulk evaluation."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from qpdp.conscription.rules import (
    BirthDate,
    NoRuleInForce,
    PoolState,
    evaluate,
    evaluate_many,
)

from .people import ON, deferral, exemption, person


def test_it_calls_up_the_baseline_person() -> None:
    result = evaluate(person(), [], ON)
    assert result.state is PoolState.CALLABLE
    assert result.codes == ("callable",)


@pytest.mark.parametrize(
    ("changes", "state", "codes"),
    [
        ({"in_service_from": date(2025, 2, 15)}, PoolState.SERVING, ("serving",)),
        (
            {"in_service_from": date(2023, 2, 15), "discharged_on": date(2025, 2, 15)},
            PoolState.SERVED,
            ("discharged",),
        ),
        ({"service_recognised_on": date(2025, 9, 1)}, PoolState.SERVED, ("service_recognised",)),
        ({"gender": "F"}, PoolState.INELIGIBLE, ("woman_not_volunteer",)),
        ({"barred_until": date(2026, 12, 31)}, PoolState.INELIGIBLE, ("barred",)),
        ({"registration_exempt": True}, PoolState.INELIGIBLE, ("registration_exempt",)),
        ({"birth": BirthDate(2008, 6, 1)}, PoolState.UNDER_AGE, ("under_age",)),
        ({"birth": BirthDate(1999, 6, 1)}, PoolState.OVER_AGE, ("over_age",)),
        ({"birth": BirthDate(2008)}, PoolState.AGE_UNCERTAIN, ("birth_date_incomplete",)),
        ({"registered_on": None}, PoolState.NOT_REGISTERED, ("not_registered",)),
        ({"registered_on": date(2026, 4, 15)}, PoolState.NOT_REGISTERED, ("not_registered",)),
    ],
)
def test_it_puts_each_situation_in_its_state(
    changes: dict[str, object], state: PoolState, codes: tuple[str, ...]
) -> None:
    result = evaluate(person(**changes), [], ON)
    assert result.state is state
    assert result.codes == codes


def test_it_counts_service_from_the_handover_day() -> None:
    facts = person(in_service_from=date(2026, 3, 2))
    assert evaluate(facts, [], date(2026, 3, 1)).state is PoolState.CALLABLE
    assert evaluate(facts, [], date(2026, 3, 2)).state is PoolState.SERVING


def test_it_lifts_an_art_13_bar_the_day_after_the_measure_ends() -> None:
    facts = person(barred_until=date(2026, 2, 9))
    assert evaluate(facts, [], date(2026, 2, 9)).state is PoolState.INELIGIBLE
    assert evaluate(facts, [], date(2026, 2, 10)).state is PoolState.CALLABLE


def test_it_ranks_serving_above_everything() -> None:
    facts = person(
        in_service_from=date(2025, 2, 15), birth=BirthDate(1990, 1, 1), registered_on=None
    )
    assert evaluate(facts, [exemption("a")], ON).state is PoolState.SERVING


def test_it_ranks_age_above_exemption_and_deferral() -> None:
    facts = person(birth=BirthDate(1998, 1, 1))
    assert evaluate(facts, [exemption("a"), deferral("g")], ON).state is PoolState.OVER_AGE


def test_it_ranks_exemption_above_deferral() -> None:
    assert evaluate(person(), [deferral("b"), exemption("c")], ON).state is PoolState.EXEMPT


def test_it_ranks_a_deferral_decision_above_an_unfit_examination() -> None:
    result = evaluate(person(health_class=5), [deferral("a")], ON)
    assert result.state is PoolState.DEFERRED
    assert result.codes == ("deferral_a", "health_class")


def test_it_lists_every_blocking_reason_within_the_pool_in_precedence_order() -> None:
    facts = person(
        birth=BirthDate(2007),
        registered_on=None,
        health_class=None,
        health_exam_on=None,
        education_grade=6,
    )
    result = evaluate(facts, [exemption("b"), deferral("d")], date(2025, 12, 20))
    assert result.codes == (
        "birth_date_incomplete",
        "not_registered",
        "exemption_b",
        "deferral_d",
        "education_below",
        "not_examined",
    )
    assert result.state is PoolState.AGE_UNCERTAIN


def test_it_considers_a_deferred_volunteer_for_selection() -> None:
    result = evaluate(person(volunteer=True), [deferral("g"), exemption("a")], ON)
    assert result.state is PoolState.CALLABLE
    assert result.codes == ("callable", "volunteer")


def test_it_keeps_a_volunteer_deferred_for_unfitness() -> None:
    result = evaluate(person(volunteer=True), [deferral("a")], ON)
    assert result.state is PoolState.DEFERRED


def test_it_calls_up_a_woman_only_if_she_volunteers_and_the_cycle_calls_women() -> None:
    assert evaluate(person(gender="F"), [], ON, calls_women=True).codes == ("woman_not_volunteer",)
    result = evaluate(person(gender="F", volunteer=True), [], ON, calls_women=True)
    assert result.state is PoolState.CALLABLE
    assert result.codes == ("callable", "volunteer")
    refused = evaluate(person(gender="F", volunteer=True), [], ON)
    assert (refused.state, refused.codes) == (PoolState.INELIGIBLE, ("women_not_called",))


def test_it_refuses_a_reference_date_before_the_2015_law() -> None:
    with pytest.raises(NoRuleInForce):
        evaluate(person(), [], date(2015, 12, 31))


def test_it_evaluates_a_register_in_bulk_exactly_as_one_by_one() -> None:
    rows = [
        (person(), ()),
        (person(health_class=4), ()),
        (person(), (deferral("h"),)),
        (person(birth=BirthDate(2010, 1, 1)), ()),
        (person(gender="F"), ()),
    ]
    assert evaluate_many(rows, ON) == [evaluate(facts, decisions, ON) for facts, decisions in rows]


def test_it_writes_every_reason_in_vietnamese() -> None:
    facts = person(health_class=5, education_grade=6, registered_on=None)
    with translation.override("vi"):
        result = evaluate(facts, [deferral("dd")], ON)
        texts = [(str(r.message), str(r.article)) for r in result.reasons]
    assert texts[0] == ("Chưa đăng ký nghĩa vụ quân sự", "Điều 12, Điều 16 Luật NVQS")
    assert texts[1][1] == "điểm đ khoản 1 Điều 41 Luật Nghĩa vụ quân sự"
    assert all(message and article for message, article in texts)


def test_it_declares_the_states_in_their_documented_order_of_precedence() -> None:
    assert [state.value for state in PoolState] == [
        "serving",
        "served",
        "ineligible",
        "under_age",
        "over_age",
        "age_uncertain",
        "not_registered",
        "exempt",
        "deferred",
        "health_unfit",
        "education_unmet",
        "not_examined",
        "callable",
    ]


def test_it_refuses_an_impossible_minimum_education_grade() -> None:
    with pytest.raises(ValueError):
        evaluate(person(), [], ON, min_grade=13)
