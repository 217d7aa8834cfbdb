"""The militia.* and reserves.* indicators: each figure equals the people behind it, counts every
unit's whole subtree (an enterprise's self-defense in its ward and the province), takes one
grouped query however many units are asked, and reaches the year-end review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qpdp.core import indicators
from qpdp.core.units import Unit
from qpdp.militia import services
from qpdp.militia.models import Membership, MilitiaUnit
from qpdp.militia.rules import EndReason, ForceKind, Level
from qpdp.people.models import Person
from qpdp.planning.figures import year_figures
from qpdp.reserves import services as reserves
from qpdp.reserves.rules import DrillKind, Excuse, ServiceHistory, UnitRole
from tests.conftest import Accounts, Tree

from .conftest import make_unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def forces(
    tree: Tree, accounts: Accounts, enterprise: Unit, make_person: Callable[..., Person]
) -> MilitiaUnit:
    """Kinh Bắc: a platoon of 4 (one a party member, one released), an enterprise squad of 2;
    Võ Cường: a platoon of 1; 2026 training with one trainee short; three reserve soldiers, two
    assigned (one off speciality), a readiness check with one reported of two."""
    user = accounts.province_commander
    day = dt.date(2026, 3, 2)

    def enrol(unit: MilitiaUnit, person: Person) -> Membership:
        return services.enrol_member(
            user,
            unit,
            person,
            joined_on=day,
            decision_number="1",
            decision_date=day,
            decision_signer="Chủ tịch",
        )

    kb = make_unit(user, tree.kinh_bac, authorised_strength=10)
    vc = make_unit(user, tree.vo_cuong, authorised_strength=10)
    squad = make_unit(
        user, enterprise, name="Trung đội tự vệ", level=Level.PLATOON, authorised_strength=5
    )
    people = [
        make_person(
            tree.kinh_bac, given_name=name, birth_date=dt.date(2000, 1, n), party_member=n == 1
        )
        for n, name in enumerate(("An", "Bình", "Cường", "Dũng"), start=1)
    ]
    members = [enrol(kb, p) for p in people]
    for p in (
        make_person(tree.kinh_bac, given_name="Thợ"),
        make_person(tree.kinh_bac, given_name="Máy"),
    ):
        enrol(squad, p)
    enrol(vc, make_person(tree.vo_cuong, given_name="Vượng"))
    services.end_membership(
        user,
        members[3],
        reason=EndReason.RELEASED,
        ground="d",
        on=dt.date(2026, 8, 1),
        decision_number="2",
        decision_date=dt.date(2026, 7, 25),
    )
    plan = services.create_training_plan(
        user,
        tree.kinh_bac,
        year=2026,
        force_kind=ForceKind.MOBILE,
        starts_on=dt.date(2026, 5, 4),
        ends_on=dt.date(2026, 5, 22),
    )
    services.enrol_trainees(user, plan)
    for n, attendance in enumerate(plan.attendances.order_by("pk")):
        services.record_attendance(user, attendance, attendance.required_days - (n == 0))

    unit = reserves.create_reserve_unit(
        user,
        tree.kinh_bac,
        name="Trung đội 1",
        level="platoon",
        role=UnitRole.COMBAT,
        speciality="Bộ binh",
        authorised_strength=4,
        established_on=dt.date(2025, 8, 1),
    )
    soldiers = [
        reserves.register_soldier(
            user,
            make_person(tree.kinh_bac, given_name=name, birth_date=dt.date(1999, 1, 1)),
            tree.kinh_bac,
            registered_on=dt.date(2025, 8, 1),
            history=history,
            speciality=speciality,
        )
        for name, history, speciality in (
            ("Hải", ServiceHistory(active_service_months=24), "Bộ binh"),
            ("Sát", ServiceHistory(active_service_months=24), "Trinh sát"),
            ("Khôi", ServiceHistory(active_service_months=3), "Bộ binh"),
        )
    ]
    reserves.assign_soldier(user, soldiers[0], unit, assigned_on=dt.date(2025, 9, 1))
    reserves.assign_soldier(
        user, soldiers[1], unit, assigned_on=dt.date(2025, 9, 1), override_reason="Gần nhất"
    )
    drill = reserves.create_drill(
        user,
        tree.kinh_bac,
        kind=DrillKind.READINESS_CHECK,
        name="Kiểm tra",
        starts_on=dt.date(2026, 9, 15),
        ends_on=dt.date(2026, 9, 17),
        report_by=dt.datetime(2026, 9, 15, 7, 30, tzinfo=VN),
        place="Sân",
        reserve_unit=unit,
    )
    reserves.summon_unit(user, drill, summoned_on=dt.date(2026, 9, 1))
    first, second = drill.summonses.order_by("pk")
    reserves.record_report(user, first, reported_at=dt.datetime(2026, 9, 15, 7, tzinfo=VN))
    reserves.record_report(user, second, excuse=Excuse.ILLNESS, confirmed_by="UBND phường")
    return squad


EXPECTED = {
    # Kinh Bắc (with its enterprise), Võ Cường, the province
    "militia.core_members": (5, 1, 6),
    "militia.party_members": (1, 0, 1),
    "militia.authorised_strength": (15, 10, 25),
    "militia.staffing": (Decimal("33.3"), Decimal("10.0"), Decimal("24.0")),
    "militia.training_completion": (Decimal("75.0"), None, Decimal("75.0")),
    # Võ Cường keeps no reserve register: no figure, not 0
    "reserves.category_one": (2, None, 2),
    "reserves.category_two": (1, None, 1),
    "reserves.assigned": (2, None, 2),
    "reserves.authorised_strength": (4, None, 4),
    "reserves.staffing": (Decimal("50.0"), None, Decimal("50.0")),
    "reserves.speciality_match": (Decimal("50.0"), None, Decimal("50.0")),
    "reserves.drill_turnout": (Decimal("50.0"), None, Decimal("50.0")),
}


def test_each_figure_counts_the_whole_subtree(forces: object, tree: Tree) -> None:
    units = [tree.kinh_bac, tree.vo_cuong, tree.province]
    figures = indicators.compute_all(units, START, END, codes=list(EXPECTED))
    for code, expected in EXPECTED.items():
        got = tuple(figures[code].get(u.pk) for u in units)
        assert got == expected, code


def test_the_people_behind_a_figure_add_up_to_it(forces: object, tree: Tree) -> None:
    for indicator in indicators.all_indicators():
        if not indicator.code.startswith(("militia.", "reserves.")) or indicator.people is None:
            continue
        if str(indicator.unit_of_measure).strip() == "%":
            continue
        for unit in (tree.kinh_bac, tree.vo_cuong, tree.province):
            figure = indicator([unit], START, END).get(unit.pk, 0)
            assert indicator.people_behind(unit, START, END).count() == figure, indicator.code


def test_the_core_share_is_a_rate_of_the_population(forces: object, tree: Tree) -> None:
    share = indicators.get("militia.core_share")([tree.kinh_bac], START, END)[tree.kinh_bac.pk]
    residents = Person.objects.filter(residence_unit=tree.kinh_bac).count()
    assert share == (Decimal(5 * 100) / residents).quantize(Decimal("0.01"))


def test_two_queries_per_indicator_whatever_the_number_of_units(forces: object, tree: Tree) -> None:
    units = list(Unit.objects.all())
    for code in (
        "militia.core_members",
        "militia.core_share",
        "militia.staffing",
        "militia.training_completion",
        "reserves.staffing",
        "reserves.drill_turnout",
    ):
        indicator = indicators.get(code)
        with CaptureQueriesContext(connection) as queries:
            indicator(units, START, END)
        assert len(queries) <= 1 + 2, code  # the figure; which units keep the register


def test_the_year_end_review_reads_the_militia_and_reserve_sections(
    forces: object, tree: Tree
) -> None:
    rows = {row.code: row for row in year_figures(tree.kinh_bac, 2026).rows}
    assert rows["militia.core_members"].value == 5
    assert rows["reserves.drill_turnout"].value == Decimal("50.0")
    sections = {
        indicators.get(code).section for code in rows if code.startswith(("militia.", "reserves."))
    }
    assert sections == {"militia", "reserves"}
