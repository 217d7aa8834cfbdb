"""The stored pool states (``pool_store``, issue 15): a ward's stored pool equals the pool the
rules compute, after every write path that changes what they read, in both regimes; bulk writes
drop it; the page reads it, says when it was computed and corrects a state it finds wrong."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from qpdp.conscription import services
from qpdp.conscription.models import (
    CallUpCycle,
    HealthKind,
    PoolSnapshot,
    PoolStanding,
)
from qpdp.conscription.rules import DischargeKind, MeasureKind, PoolState, RecognitionGround
from qpdp.conscription.services import DischargeInput, pool_store
from qpdp.conscription.services.pool import pool_rows
from qpdp.core.access import unit_tree_changed
from qpdp.core.bulk import bulk_writes
from qpdp.imports import services as import_services
from qpdp.people import services as people_services
from qpdp.people.models import Person
from qpdp.planning import generation
from tests.conftest import TODAY, Accounts
from tests.conscription.conftest import Scenario
from tests.conscription.test_services import delivered, order_for
from tests.imports.test_services import write_xlsx

MakePerson = Callable[..., Person]


def stored_states(cycle: CallUpCycle, ward: Any) -> list[tuple[int, str]]:
    """The stored pool's people and states in its order; its kept counts must agree."""
    stored = PoolSnapshot.objects.get(cycle=cycle, unit=ward)
    states = list(pool_store.standings(stored).values_list("person_id", "state"))
    assert pool_store.counts(stored) == Counter(PoolState(state) for _pk, state in states)
    return states


def live_states(cycle: CallUpCycle, ward: Any, on: dt.date) -> list[tuple[int, str]]:
    rows = pool_rows(cycle, type(ward).objects.filter(pk=ward.pk), on=on)
    return [(row.pk, row.state.value) for row in rows]


def state_of(cycle: CallUpCycle, ward: Any, person: Person) -> str | None:
    return dict(stored_states(cycle, ward)).get(person.pk)


@pytest.fixture
def on(scenario: Scenario) -> dt.date:
    """The stored pools' day: a month after the handover, after every act of the cycle."""
    return scenario.handover + dt.timedelta(days=30)


@pytest.fixture
def stored(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, on: dt.date
) -> list[Person]:
    """Three callable men in the ward and one in the other ward, both wards' pools stored."""
    men = [callable_man(given_name=name) for name in ("An", "Bình", "Cường")]
    men.append(callable_man(given_name="Dũng", unit=scenario.other_ward))
    for ward in (scenario.ward, scenario.other_ward):
        pool_store.build(cycle, ward, on)
    return men


def test_a_stored_pool_holds_the_states_and_order_the_rules_give(
    scenario: Scenario, cycle: CallUpCycle, stored: list[Person], on: dt.date
) -> None:
    assert stored_states(cycle, scenario.ward) == live_states(cycle, scenario.ward, on)
    assert [pk for pk, _state in stored_states(cycle, scenario.ward)] == [p.pk for p in stored[:3]]
    assert stored_states(cycle, scenario.other_ward) == [(stored[3].pk, PoolState.CALLABLE)]


def _register(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    return fx["register"](fx["make_person"](s.ward, given_name="Em", birth_date=s.born))


def _examine(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    services.record_health(
        s.staff, cycle, men[0], kind=HealthKind.EXAMINATION, examined_on=s.exam_day,
        health_class=5,
    )  # fmt: skip
    return men[0]


def _defer(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    fx["decided"](men[0])
    return men[0]


def _measure(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    services.record_measure(
        s.staff,
        services.MeasureInput(
            men[0], MeasureKind.PROSECUTION, dt.date(s.year - 1, 6, 1), None, "12/QĐ-VKS",
            dt.date(s.year - 1, 6, 1), "",
        ),
    )  # fmt: skip
    return men[0]


def _end_measure(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    measure = services.record_measure(
        s.staff,
        services.MeasureInput(
            men[0], MeasureKind.PROSECUTION, dt.date(s.year - 1, 6, 1), None, "12/QĐ-VKS",
            dt.date(s.year - 1, 6, 1), "",
        ),
    )  # fmt: skip
    assert state_of(cycle, s.ward, men[0]) == PoolState.INELIGIBLE
    services.end_measure(s.staff, measure, dt.date(s.year - 1, 7, 1))
    return men[0]


def _recognise(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    services.record_recognition(
        s.staff,
        services.RecognitionInput(
            men[0], RecognitionGround.COMMUNE_POLICE, s.proposed_on, "45/QĐ-BCH",
            "Chỉ huy trưởng Bộ Chỉ huy quân sự tỉnh", months_served=36,
        ),
    )  # fmt: skip
    return men[0]


def _volunteer(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    woman = fx["register"](
        fx["make_person"](s.ward, gender="F", given_name="Lan", birth_date=s.born),
        s.born.replace(year=s.born.year + 19),
    )
    cycle.calls_women = True
    cycle.save()
    pool_store.build(cycle, s.ward, fx["on"])
    services.record_volunteering(s.staff, cycle, woman, applied_on=s.proposed_on)
    return woman


def _hand_over(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    fx["request"].getfixturevalue("approved")
    order = delivered(s, order_for(s, cycle, men[0]))
    services.record_handover(
        s.order_signer, order, handed_over=True, on=s.handover, receiving_unit="E1"
    )
    return men[0]


def _discharge(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    fx["request"].getfixturevalue("approved")
    order = delivered(s, order_for(s, cycle, men[0]))
    order = services.record_handover(
        s.order_signer, order, handed_over=True, on=s.handover, receiving_unit="E1"
    )
    day = s.handover + dt.timedelta(days=1)
    services.record_discharge(
        s.order_signer,
        order,
        DischargeInput(
            discharged_on=day, kind=DischargeKind.EARLY, reason="Không đủ sức khỏe",
            decision_number="25/QĐ-XN", decision_date=day,
        ),
    )  # fmt: skip
    return men[0]


def _rebirth(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    person = men[0]
    person.birth_date = dt.date(s.year - 30, 1, 1)  # past the call-up age
    person.save()
    return person


def _move(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    person = men[0]
    people_services.move_residence(person, s.other_ward, on=s.exam_day)
    person.residence_unit = s.other_ward
    person.save()
    return person


def _delete(s: Scenario, cycle: CallUpCycle, men: list[Person], **fx: Any) -> Person:
    person = fx["make_person"](s.ward, given_name="Phúc", birth_date=s.born)
    person = fx["register"](person)
    pool_store.build(cycle, s.ward, fx["on"])
    people_services.delete_person(fx["accounts"].admin, person)
    return person


WRITES = {
    "registration": _register,
    "examination": _examine,
    "decision": _defer,
    "measure": _measure,
    "measure_ended": _end_measure,
    "recognition": _recognise,
    "volunteering": _volunteer,
    "handover": _hand_over,
    "discharge": _discharge,
    "person_edited": _rebirth,
    "residence_moved": _move,
    "person_deleted": _delete,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_path_refreshes_the_stored_pools(
    request: pytest.FixtureRequest,
    scenario: Scenario,
    cycle: CallUpCycle,
    stored: list[Person],
    on: dt.date,
    register: MakePerson,
    make_person: MakePerson,
    decided: Callable[..., Any],
    accounts: Accounts,
    write: str,
) -> None:
    before = {ward.pk: stored_states(cycle, ward) for ward in (scenario.ward, scenario.other_ward)}
    person = WRITES[write](
        scenario, cycle, stored, request=request, register=register, make_person=make_person,
        decided=decided, accounts=accounts, on=on,
    )  # fmt: skip
    for ward in (scenario.ward, scenario.other_ward):
        assert stored_states(cycle, ward) == live_states(cycle, ward, on), ward
    after = {ward.pk: stored_states(cycle, ward) for ward in (scenario.ward, scenario.other_ward)}
    if write != "measure_ended":  # ended before the pool's day: the man is callable again
        assert after != before or write == "person_deleted"  # the write changed the pool
    if write == "person_deleted":
        assert state_of(cycle, scenario.ward, person) is None


def test_a_refused_write_leaves_the_stored_pool_as_it_was(
    scenario: Scenario, cycle: CallUpCycle, stored: list[Person]
) -> None:
    before = stored_states(cycle, scenario.ward)
    with pytest.raises(Exception):  # noqa: B017  # any refusal: the ward is not his
        services.record_health(
            scenario.other_staff, cycle, stored[0], kind=HealthKind.EXAMINATION,
            examined_on=scenario.exam_day, health_class=5,
        )  # fmt: skip
    assert stored_states(cycle, scenario.ward) == before


def test_bulk_writes_drop_the_stored_pools_and_refresh_nothing_meanwhile(
    scenario: Scenario, cycle: CallUpCycle, stored: list[Person]
) -> None:
    with bulk_writes():
        person = stored[0]
        person.birth_date = dt.date(scenario.year - 30, 1, 1)
        person.save()
        assert state_of(cycle, scenario.ward, person) == PoolState.CALLABLE  # not refreshed yet
    assert not PoolSnapshot.objects.exists()
    assert not PoolStanding.objects.exists()


def test_a_change_of_the_unit_tree_drops_the_stored_pools(
    scenario: Scenario, cycle: CallUpCycle, stored: list[Person]
) -> None:
    unit_tree_changed()
    assert not PoolSnapshot.objects.exists()


def test_a_snapshot_of_another_day_is_replaced(
    scenario: Scenario, cycle: CallUpCycle, stored: list[Person], on: dt.date
) -> None:
    first = PoolSnapshot.objects.get(cycle=cycle, unit=scenario.ward)
    again = pool_store.snapshot(cycle, scenario.ward, on)
    later = pool_store.snapshot(cycle, scenario.ward, on - dt.timedelta(days=1))
    assert again.pk == first.pk
    assert later.pk != first.pk and later.on == on - dt.timedelta(days=1)
    assert PoolSnapshot.objects.filter(cycle=cycle, unit=scenario.ward).count() == 1


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture
def pool_url(scenario: Scenario, cycle: CallUpCycle) -> str:
    return reverse("conscription:pool", args=[cycle.pk, scenario.ward.pk])


@pytest.fixture
def page_day(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """The pages' today: the last day orders may be delivered, the pool's default day then."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: scenario.last_order_day)
    return scenario.last_order_day


def test_the_page_reads_the_stored_pool_and_says_when_it_was_computed(
    client: Client,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    pool_url: str,
    page_day: dt.date,
) -> None:
    men = [callable_man(given_name=name) for name in ("An", "Bình")]
    client.force_login(scenario.staff)
    response = client.get(pool_url)
    assert response.status_code == 200
    stored = PoolSnapshot.objects.get(cycle=cycle, unit=scenario.ward)
    body = response.content.decode()
    assert f"Trạng thái tính lúc {stored.refreshed_at.astimezone():%H:%M %d/%m/%Y}" in body
    assert "Đủ điều kiện gọi nhập ngũ: <b>2</b>" in body
    assert all(man.full_name in body for man in men)
    other_day = client.get(pool_url, {"on": f"{page_day - dt.timedelta(days=3):%d/%m/%Y}"})
    assert "Trạng thái tính trực tiếp" in other_day.content.decode()
    assert PoolSnapshot.objects.get(cycle=cycle, unit=scenario.ward).on == page_day


def test_the_page_corrects_a_stored_state_the_rules_contradict(
    client: Client,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    pool_url: str,
    page_day: dt.date,
) -> None:
    man = callable_man(given_name="An")
    pool_store.build(cycle, scenario.ward, page_day)
    PoolStanding.objects.filter(person=man).update(state=PoolState.DEFERRED)  # a missed write
    client.force_login(scenario.staff)
    body = client.get(pool_url).content.decode()
    assert "Đủ điều kiện gọi nhập ngũ" in body
    assert state_of(cycle, scenario.ward, man) == PoolState.CALLABLE


def test_the_state_filter_pages_through_the_stored_pool(
    client: Client,
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    decided: Callable[..., Any],
    pool_url: str,
    page_day: dt.date,
) -> None:
    an, binh = callable_man(given_name="An"), callable_man(given_name="Bình")
    decided(binh)
    client.force_login(scenario.staff)
    body = client.get(pool_url, {"state": PoolState.DEFERRED.value}).content.decode()
    assert binh.full_name in body and an.full_name not in body


@pytest.mark.parametrize("scenario", ["2026"], indirect=True)
def test_an_import_and_its_undo_drop_the_stored_pools(
    tmp_path: Path,
    settings: Any,
    scenario: Scenario,
    cycle: CallUpCycle,
    stored: list[Person],
) -> None:
    """An import writes through COPY, without the model signals: the ward's pool is rebuilt
    from the imported registrations by the next page."""
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = [[1, "Nguyễn Văn Nam", "15/03/2005", "Nam", "027205000201", "10/04/2026", "ĐK-001"]]
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Ngày ĐK", "Số đăng ký"]
    path = write_xlsx(tmp_path / "dk.xlsx", rows, header)
    source = import_services.ImportSource("registration", path, scenario.ward, today=TODAY)
    run = import_services.preview(scenario.staff, source)
    assert (run.created_count, run.rejected_count) == (1, 0)
    import_services.commit(scenario.staff, run, "all", today=TODAY)
    assert not PoolSnapshot.objects.exists()
    on = scenario.handover + dt.timedelta(days=30)
    rebuilt = pool_store.snapshot(cycle, scenario.ward, on)
    nam = Person.objects.get(id_number="027205000201")
    assert stored_states(cycle, scenario.ward) == live_states(cycle, scenario.ward, on)
    assert rebuilt.standings.filter(person=nam).exists()
    import_services.undo(scenario.staff, run)
    assert not PoolSnapshot.objects.exists()


def test_building_a_stored_pool_leaves_the_stored_figures_current(
    scenario: Scenario, cycle: CallUpCycle, callable_man: MakePerson, on: dt.date
) -> None:
    """A stored pool is derived data: building it on a page view is no write to what the
    year-end figures read (their generation does not move)."""
    callable_man(given_name="An")
    before = generation.current_generation()
    pool_store.build(cycle, scenario.ward, on)
    assert generation.current_generation() == before


# -- the nightly build ----------------------------------------------------------------------------


def test_the_nightly_build_stores_todays_pool_of_every_ward_of_a_running_cycle(
    scenario: Scenario,
    cycle: CallUpCycle,
    callable_man: MakePerson,
    page_day: dt.date,
) -> None:
    man = callable_man(given_name="An")
    out = io.StringIO()

    call_command("build_pools", stdout=out)

    built = {s.unit_id: s for s in PoolSnapshot.objects.filter(cycle=cycle)}
    assert scenario.ward.pk in built and scenario.other_ward.pk in built
    assert {s.on for s in built.values()} == {page_day}
    assert stored_states(cycle, scenario.ward) == live_states(cycle, scenario.ward, page_day)
    assert state_of(cycle, scenario.ward, man) is not None
    assert "Đã tính" in out.getvalue() and str(scenario.ward) in out.getvalue()


def test_the_nightly_build_leaves_a_finished_cycle_as_it_was(
    scenario: Scenario, cycle: CallUpCycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    after = scenario.last_order_day + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: after)
    out = io.StringIO()

    call_command("build_pools", stdout=out)

    assert not PoolSnapshot.objects.filter(cycle=cycle).exists()
    assert "không cần tính" in out.getvalue()
