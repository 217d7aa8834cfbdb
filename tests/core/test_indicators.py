"""The indicator registry and the military-service indicators over the unit tree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count

from qpdp.conscription import services
from qpdp.conscription.models import HealthKind, Registration
from qpdp.conscription.rules import DecisionKind
from qpdp.core import indicators
from qpdp.core.indicators import (
    Indicator,
    Source,
    kept_since,
    outermost,
    roll_up,
    subtree_totals,
)
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person
from tests.conscription.council import council_proposes

YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
CONSCRIPTION = {
    "conscription.quota",
    "conscription.handed_over",
    "conscription.completion",
    "conscription.first_registrations",
    "conscription.handed_over_health_1_2",
    "conscription.handed_over_graduates",
    "conscription.handed_over_party_members",
    "conscription.deferrals",
    "conscription.exemptions",
}


# -- registry ----------------------------------------------------------------------------------


def test_apps_declare_their_indicators_and_the_registry_finds_them() -> None:
    codes = {i.code for i in indicators.all_indicators()}
    assert codes >= CONSCRIPTION
    quota = indicators.get("conscription.quota")
    assert str(quota.label) == "Chỉ tiêu gọi công dân nhập ngũ"
    assert str(quota.unit_of_measure) == "người"
    assert indicators.get("conscription.completion").target_code == "conscription.completion"
    assert indicators.get("conscription.deferrals").better == "lower"
    with pytest.raises(KeyError):
        indicators.get("no.such.indicator")


def test_register_refuses_a_second_indicator_with_the_same_code() -> None:
    def nothing(units, start, end):  # type: ignore[no-untyped-def]
        return {}

    throwaway = Indicator("test.throwaway", "Thử", "người", nothing)
    try:
        indicators.register(throwaway)
        indicators.register(throwaway)  # the same declaration imported twice is harmless
        with pytest.raises(ValueError, match="already registered"):
            indicators.register(Indicator("test.throwaway", "Khác", "người", nothing))
        assert indicators.get("test.throwaway") is throwaway
    finally:
        indicators.unregister("test.throwaway")
    with pytest.raises(ValueError):
        Indicator("test.bad", "Thử", "người", nothing, better="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        throwaway(units=[], period_start=dt.date(2022, 2, 1), period_end=dt.date(2022, 1, 1))


def test_roll_up_counts_each_unit_subtree(tree) -> None:
    per_path = {tree.suoi_hoa.path: 2, tree.kinh_bac_old.path: 1, tree.kinh_bac.path: 5}
    units = [tree.old_province, tree.city, tree.suoi_hoa, tree.ninh_xa, tree.province]
    totals = roll_up(units, per_path)
    assert totals == {
        tree.old_province.pk: 3,
        tree.city.pk: 3,
        tree.suoi_hoa.pk: 2,
        tree.ninh_xa.pk: 0,
        tree.province.pk: 5,
    }
    assert outermost([tree.suoi_hoa, tree.city, tree.old_province]) == [tree.old_province]


def test_subtree_totals_is_one_grouped_query(tree, make_person, django_assert_num_queries) -> None:
    make_person(tree.suoi_hoa)
    make_person(tree.suoi_hoa)
    make_person(tree.kinh_bac)
    units = [tree.old_province, tree.city, tree.suoi_hoa, tree.province, tree.kinh_bac]
    with django_assert_num_queries(1):
        totals = subtree_totals(
            units, Person.objects.all(), path_field="residence_unit__path", aggregate=Count("pk")
        )
    assert totals == {
        tree.old_province.pk: 2,
        tree.city.pk: 2,
        tree.suoi_hoa.pk: 2,
        tree.province.pk: 1,
        tree.kinh_bac.pk: 1,
    }


# -- the 2022 intake in miniature ----------------------------------------------------------------


@pytest.fixture
def intake(tree, accounts, make_person):
    """City quota 3 (Suối Hoa 2, old Kinh Bắc 1); Suối Hoa hands over 2 (one a graduate, one of
    health class 3), old Kinh Bắc's man is called but not yet handed over; one deferral decided
    and one still proposed in old Kinh Bắc, one exemption in Suối Hoa; two first registrations
    at 17 in 2022 and one late registration at 18 that does not count."""
    officer = accounts.city_commander
    cycle = services.create_cycle(
        officer, unit=tree.city, year=2022, handover_date=dt.date(2022, 2, 15)
    )
    services.assign_quota(officer, cycle, tree.city, 3, assigned_on=dt.date(2021, 10, 15))
    services.assign_quota(officer, cycle, tree.suoi_hoa, 2, assigned_on=dt.date(2021, 10, 20))
    services.assign_quota(officer, cycle, tree.kinh_bac_old, 1, assigned_on=dt.date(2021, 10, 20))

    def recruit(ward, name, *, health_class, education=12):  # type: ignore[no-untyped-def]
        person = make_person(
            ward,
            given_name=name,
            birth_date=dt.date(2001, 6, 1),
            education_level=education,
            party_member=education >= 14,  # the graduate is also a party member
        )
        services.record_registration(
            officer, person, registered_on=dt.date(2018, 4, 15), number=f"2018/{name}"
        )
        services.record_health(
            officer,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            examined_on=dt.date(2021, 11, 20),
            health_class=health_class,
        )
        return person

    a = recruit(tree.suoi_hoa, "An", health_class=1, education=15)
    b = recruit(tree.suoi_hoa, "Bình", health_class=3)
    c = recruit(tree.kinh_bac_old, "Chiến", health_class=2)
    for name, ward, kind, ground in (
        ("Dương", tree.kinh_bac_old, DecisionKind.DEFERRAL, "b"),
        ("Đức", tree.kinh_bac_old, DecisionKind.DEFERRAL, "b"),
        ("Giang", tree.suoi_hoa, DecisionKind.EXEMPTION, "c"),
    ):
        person = make_person(ward, given_name=name, birth_date=dt.date(2002, 1, 1))
        decision = services.propose_decision(
            officer,
            cycle,
            person,
            kind=kind,
            ground=ground,
            evidence="Xác nhận của Ủy ban nhân dân phường",
            proposed_on=dt.date(2021, 12, 20),
            until=dt.date(2023, 1, 31) if kind == DecisionKind.DEFERRAL else None,
        )
        if name != "Đức":
            services.decide(officer, decision, decided_on=dt.date(2022, 1, 5), number=f"{name}/QĐ")
    for ward in (tree.suoi_hoa, tree.kinh_bac_old):
        council_proposes(officer, cycle, ward, dt.date(2022, 1, 10))
        services.approve_review(officer, cycle, ward, approved_on=dt.date(2022, 1, 10))
    for person in (a, b, c):
        order = services.issue_order(
            officer, cycle, person, issued_on=dt.date(2022, 1, 25), report_place="Sân vận động"
        )
        order = services.record_delivery(officer, order, delivered_on=order.issued_on)
        if person is not c:
            services.record_handover(
                officer, order, handed_over=True, on=dt.date(2022, 2, 15), receiving_unit="QK1"
            )
    for name, born in (("Hải", dt.date(2005, 3, 1)), ("Hùng", dt.date(2005, 9, 9))):
        person = make_person(tree.suoi_hoa, given_name=name, birth_date=born)
        services.record_registration(
            officer, person, registered_on=dt.date(2022, 4, 15), number=f"2022/{name}"
        )
    late = make_person(tree.kinh_bac_old, given_name="Khoa", birth_date=dt.date(2004, 2, 2))
    services.record_registration(
        officer, late, registered_on=dt.date(2022, 4, 15), number="2022/Khoa"
    )
    return cycle


def test_figures_of_a_small_intake(tree, intake) -> None:
    units = [tree.old_province, tree.city, tree.suoi_hoa, tree.kinh_bac_old, tree.ninh_xa]
    figures = indicators.compute_all(units, *YEAR, codes=sorted(CONSCRIPTION))

    def row(code: str) -> list[object]:
        return [figures[code].get(u.pk) for u in units]

    assert row("conscription.quota") == [3, 3, 2, 1, 0]
    assert row("conscription.handed_over") == [2, 2, 2, 0, 0]
    assert row("conscription.completion") == [
        Decimal("66.7"),
        Decimal("66.7"),
        Decimal("100.0"),
        Decimal("0.0"),
        None,  # no quota: not applicable
    ]
    assert row("conscription.handed_over_health_1_2") == [1, 1, 1, 0, 0]
    assert row("conscription.handed_over_graduates") == [1, 1, 1, 0, 0]
    assert row("conscription.handed_over_party_members") == [1, 1, 1, 0, 0]
    assert row("conscription.deferrals") == [1, 1, 0, 1, 0]  # the undecided proposal: no
    assert row("conscription.exemptions") == [1, 1, 1, 0, 0]
    assert row("conscription.first_registrations") == [2, 2, 2, 0, 0]


def test_the_period_is_the_handover_year(tree, intake) -> None:
    units = [tree.city, tree.suoi_hoa]
    later = indicators.compute_all(units, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert later["conscription.quota"] == {}  # no cycle in 2023: no figure, not a quota of 0
    assert later["conscription.handed_over"] == {}
    assert later["conscription.completion"] == {}
    assert later["conscription.first_registrations"] == {tree.city.pk: 0, tree.suoi_hoa.pk: 0}
    first_quarter = indicators.compute_all(units, dt.date(2022, 1, 1), dt.date(2022, 3, 31))
    assert first_quarter["conscription.handed_over"][tree.city.pk] == 2
    assert first_quarter["conscription.first_registrations"][tree.city.pk] == 0  # April


def test_a_year_without_a_cycle_or_an_earlier_registration_has_no_figure(tree, intake) -> None:
    units = [tree.city, tree.suoi_hoa]
    before = indicators.compute_all(units, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    registered = "conscription.first_registrations"  # kept since the 2018 registrations
    assert before[registered] == {tree.city.pk: 0, tree.suoi_hoa.pk: 0}
    assert all(before[code] == {} for code in CONSCRIPTION - {registered})  # not 0
    earliest = indicators.compute_all(units, dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert all(earliest[code] == {} for code in CONSCRIPTION)


def test_an_indicator_leaves_out_the_units_its_registry_does_not_record(tree) -> None:
    def zeros(units, start, end):
        return dict.fromkeys((u.pk for u in units), 0)

    kept = Indicator(
        "test.kept", "thử", "người", zeros, recorded=lambda units, start, end: {tree.city.pk}
    )
    assert kept([tree.city, tree.suoi_hoa], *YEAR) == {tree.city.pk: 0}
    assert Indicator("test.all", "thử", "người", zeros)([tree.suoi_hoa], *YEAR) == {
        tree.suoi_hoa.pk: 0
    }


def test_kept_since_counts_a_unit_from_its_first_record_on(tree, intake) -> None:
    recorded = kept_since(Source(Registration, "registered_on"))
    units = [tree.city, tree.suoi_hoa, tree.ninh_xa]
    day = dt.date(2018, 4, 15)  # the intake's recruits registered
    assert recorded(units, day, day) == {tree.city.pk, tree.suoi_hoa.pk}
    assert recorded(units, dt.date(2030, 1, 1), dt.date(2030, 12, 31)) == {
        tree.city.pk,
        tree.suoi_hoa.pk,
    }
    earlier = day - dt.timedelta(days=1)
    assert recorded(units, earlier, earlier) == set()


def test_query_count_does_not_grow_with_the_number_of_units(
    tree, intake, django_assert_max_num_queries
) -> None:
    declared = indicators.all_indicators()
    budget = 2 * len(declared)  # one grouped query each; a rate reads its two parts
    few = [tree.city, tree.suoi_hoa]
    with django_assert_max_num_queries(budget):
        small = indicators.compute_all(few, *YEAR)
    many = [
        Unit(
            code=f"9{i:04d}",
            name=f"Phường thử {i}",
            type_label="Phường",
            kind=UnitKind.COMMUNE,
            parent=tree.city,
        )
        for i in range(40)
    ]
    for unit in many:
        unit.save()
    everyone = [tree.old_province, tree.city, tree.suoi_hoa, tree.kinh_bac_old, *many]
    with django_assert_max_num_queries(budget):
        large = indicators.compute_all(everyone, *YEAR)
    for code in CONSCRIPTION:
        assert large[code].get(tree.city.pk) == small[code].get(tree.city.pk)
        assert all(large[code].get(u.pk, 0) == 0 for u in many)
