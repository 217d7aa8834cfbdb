"""The demo registry: apps declare their demos, one composer runs them in dependency order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.core import demo
from qpdp.core.demo import Demo, DemoContext, DemoError


def context() -> DemoContext:
    return DemoContext(
        write=lambda line: None, success=lambda line: None, today=dt.date(2026, 1, 5)
    )


def recording(log: list[str]) -> Callable[[str], Callable[[DemoContext], None]]:
    def step(what: str) -> Callable[[DemoContext], None]:
        return lambda _context: log.append(what)

    return step


def demos(log: list[str]) -> dict[str, Demo]:
    step = recording(log)
    declared = [
        Demo("planning", step("seed planning"), after=("people", "conscription")),
        Demo("conscription", step("seed conscription"), ("people",), step("share conscription")),
        Demo("people", step("seed people"), share=step("share people")),
        Demo("militia", step("seed militia"), after=("people",)),
    ]
    return {declared_demo.name: declared_demo for declared_demo in declared}


def test_demos_run_after_the_demos_they_build_on_in_declaration_order_otherwise() -> None:
    log: list[str] = []
    order = [each.name for each in demo.in_order(demos(log))]
    assert order == ["people", "conscription", "planning", "militia"]


def test_running_all_seeds_each_demo_and_shares_it_before_the_next() -> None:
    log: list[str] = []
    demo.run(context(), demos=demos(log))
    assert log == [
        "seed people",
        "share people",
        "seed conscription",
        "share conscription",
        "seed planning",
        "seed militia",
    ]


def test_running_one_demo_asks_only_its_dependencies_to_share_and_seeds_nothing_else() -> None:
    log: list[str] = []
    demo.run(context(), only="planning", demos=demos(log))
    assert log == ["share people", "share conscription", "seed planning"]


def test_a_cycle_or_a_missing_dependency_is_refused() -> None:
    def nothing(_context: DemoContext) -> None:
        return None

    cycle = {"a": Demo("a", nothing, after=("b",)), "b": Demo("b", nothing, after=("a",))}
    with pytest.raises(ValueError, match="depend on each other"):
        demo.in_order(cycle)
    with pytest.raises(ValueError, match="not registered"):
        demo.in_order({"a": Demo("a", nothing, after=("ghost",))})


def test_the_apps_declare_their_demos_and_planning_comes_after_conscription() -> None:
    order = [each.name for each in demo.in_order()]
    assert order.index("people") < order.index("conscription") < order.index("planning")


def test_a_figure_an_earlier_demo_did_not_share_is_an_error_naming_the_step() -> None:
    shared = context()
    shared.figures[("conscription.quota", 2022)] = {1: 85}
    assert shared.figure("conscription.quota", 2022, missing="run it") == {1: 85}
    with pytest.raises(DemoError, match="run it"):
        shared.figure("conscription.quota", 2026, missing="run it")


def test_a_second_demo_with_a_registered_name_is_refused() -> None:
    people = demo.in_order()[0]
    assert demo.register(people) is people
    with pytest.raises(ValueError, match="already registered"):
        demo.register(Demo(people.name, lambda _context: None))
