"""Finished years come from stored figures that equal the live computation, are computed again
after a write to what the indicators read, and cost the dashboard a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from qpdp.conscription import services as callup
from qpdp.core import indicators
from qpdp.core.bulk import insert_rows
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.planning import figures, generation, stored
from qpdp.planning.models import FigureInputs, StoredFigure, Target
from tests.planning.conftest import hand_over_the_last

YEARS = [2021, 2022, 2023, 2024, 2025]


def commit() -> None:
    """What a commit runs after the writes so far (a test's transaction never commits): the
    generation counts them and this connection reads stored figures again."""
    generation.bump()


@pytest.fixture
def after_the_reform(tree, accounts, intake, make_person) -> Person:  # type: ignore[no-untyped-def]
    """A first registration in new Kinh Bắc in August 2025, after the 1 July reform: its 2025
    figure spans old wards (to 30 June) and the new ward (from 1 July)."""
    person = make_person(tree.kinh_bac, given_name="Dũng", birth_date=dt.date(2008, 3, 1))
    callup.record_registration(
        accounts.province_commander, person, registered_on=dt.date(2025, 8, 10), number="2025/1"
    )
    return person


def test_a_finished_year_is_stored_as_the_live_computation_gives_it(tree, intake) -> None:
    commit()
    first = stored.history(tree.city, [2022])[2022]

    assert first.values == figures.territory_figures(tree.city, [2022])[2022]
    assert first.values["conscription.handed_over"] == 2
    assert first.locked_at is None and first.computed_at is not None
    assert StoredFigure.objects.filter(unit=tree.city, year=2022).count() == len(first.values)
    again = stored.history(tree.city, [2022])[2022]
    assert again == first  # read back, with the time it was computed


def test_stored_figures_across_the_reform_equal_the_live_ones(
    tree, after_the_reform, django_assert_num_queries
) -> None:
    live = figures.territory_figures(tree.kinh_bac, YEARS)
    assert live[2025]["conscription.first_registrations"] == 1
    assert live[2022]["conscription.handed_over"] == 2  # the 2022 wards merged into it

    commit()
    computed = stored.history(tree.kinh_bac, YEARS)  # computed and stored on the way
    with django_assert_num_queries(2):  # the locks, the stored figures
        read = stored.history(tree.kinh_bac, YEARS)

    assert {y: p.values for y, p in computed.items()} == live
    assert {y: p.values for y, p in read.items()} == live


def test_the_command_stores_every_unit_as_each_would_be_computed_alone(
    tree, after_the_reform
) -> None:
    units = [tree.kinh_bac, tree.vo_cuong, tree.province, tree.city, tree.suoi_hoa]

    commit()
    assert stored.store_years(units, YEARS) == len(units) * len(YEARS)

    for unit in units:
        kept = {y: p.values for y, p in stored.history(Unit.objects.get(pk=unit.pk), YEARS).items()}
        assert kept == figures.territory_figures(unit, YEARS), unit


def test_a_registry_write_makes_the_stored_year_computed_again(
    tree, accounts, intake, django_capture_on_commit_callbacks
) -> None:
    commit()
    before = stored.history(tree.city, [2022])[2022]
    assert before.values["conscription.handed_over"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        hand_over_the_last(accounts.city_commander, intake)

    after = stored.history(tree.city, [2022])[2022]
    assert after.values["conscription.handed_over"] == 3
    assert after.values == figures.territory_figures(tree.city, [2022])[2022]
    assert after.computed_at is not None and before.computed_at is not None
    assert after.computed_at > before.computed_at


def test_a_bulk_insert_counts_as_a_write(tree, intake, django_capture_on_commit_callbacks) -> None:
    commit()
    stored.history(tree.city, [2022])
    counted = generation.current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        insert_rows(Target, ("unit", "year", "indicator_code", "value"), [])  # not an input
    assert generation.current_generation() == counted
    with django_capture_on_commit_callbacks(execute=True):
        insert_rows(Person, ("family_name",), [])  # the people registry, without signals
    assert generation.current_generation() == counted + 1


def test_a_write_not_yet_committed_leaves_the_stored_year_for_the_next_reader(
    tree, accounts, intake
) -> None:
    """The writing connection sees its own rows at once (computed live, not read); a figure
    stored before the write commits carries the older generation and is not used after it."""
    commit()
    before = stored.history(tree.city, [2022])[2022]
    hand_over_the_last(accounts.city_commander, intake)  # inside the test's transaction

    assert generation.uncommitted_writes()
    assert stored.history(tree.city, [2022])[2022].values["conscription.handed_over"] == 3
    year = {row.code: row.value for row in figures.year_figures(tree.city, 2022).rows}
    assert year["conscription.handed_over"] == 3  # not a cached figure either
    commit()
    after = stored.history(tree.city, [2022])[2022]
    assert after.values["conscription.handed_over"] == 3
    assert after.computed_at is not None and before.computed_at is not None
    assert after.computed_at > before.computed_at


def test_the_counter_row_is_made_by_the_first_write(db) -> None:
    assert generation.current_generation() == 0
    generation.bump()
    generation.bump()
    assert FigureInputs.objects.get().generation == 2


def test_the_dashboard_says_when_each_earlier_year_was_computed(
    tree, accounts, after_the_reform
) -> None:
    client = Client()
    client.force_login(accounts.province_commander)

    commit()
    html = client.get(reverse("review:dashboard"), {"unit": tree.kinh_bac.pk, "year": 2026})

    assert "năm 2022 tính theo dữ liệu lúc" in html.content.decode()


def queries_of(call: Callable[[], Any]) -> int:
    """The statements ``call`` sends to the database (a request empties Django's query log as
    it starts, so the log cannot count a request)."""
    sent: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    return len(sent)


def test_the_dashboards_queries_do_not_grow_with_years_or_data(
    tree, accounts, intake, make_person
) -> None:
    """With the earlier years stored, a dashboard costs the same whatever the registries hold
    (more people and records, another cycle): the year shown is read from the cache of its
    generation, the four earlier years in two queries; a page computing its year adds one
    grouped query per indicator and registry, never one per earlier year."""
    client = Client()
    client.force_login(accounts.province_commander)
    query = {"unit": tree.kinh_bac.pk, "year": 2026}

    def dashboard() -> None:
        assert client.get(reverse("review:dashboard"), query).status_code == 200

    commit()
    dashboard()  # stores the earlier years
    small = queries_of(dashboard)
    for n in range(20):
        make_person(tree.kinh_bac, given_name=f"Thêm {n}")
    cycle = callup.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    for unit in (tree.province, tree.kinh_bac):
        callup.assign_quota(
            accounts.province_commander, cycle, unit, 5, assigned_on=dt.date(2025, 10, 20)
        )
    commit()
    dashboard()
    larger = queries_of(dashboard)

    declared = indicators.all_indicators()
    registries = len({i.recorded for i in declared if i.recorded is not None})
    assert small <= 40
    assert len(declared) + 2 * registries > 40  # so computing a year could not pass
    assert larger == small


def test_the_command_stores_the_four_years_before_the_one_asked(tree, intake) -> None:
    commit()
    out = io.StringIO()

    call_command("store_figures", "--year", "2026", stdout=out)

    assert set(StoredFigure.objects.values_list("year", flat=True)) == {2022, 2023, 2024, 2025}
    assert StoredFigure.objects.filter(unit=tree.kinh_bac, year=2022).exists()  # in force 2026
    assert not StoredFigure.objects.filter(unit=tree.city).exists()  # abolished in 2025
    kept = stored.history(tree.kinh_bac, [2022])[2022].values
    assert kept == figures.territory_figures(tree.kinh_bac, [2022])[2022]
    assert "2022–2025" in out.getvalue()
