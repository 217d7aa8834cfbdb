"""``qpdp seed_demo --scale``: the province's population and its registries, at a tiny size.

Runs on the database the suite runs on (SQLite, or PostgreSQL with ``QPDP_DATABASE_URL``), so
both write paths of ``core.bulk`` (executemany, COPY) are exercised.
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from qpdp.conscription.models import CallUpOrder, HealthResult, Quota, Registration
from qpdp.core.scale import Cohort
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.core.vietnamese import full_name_of, name_search_key, roster_key
from qpdp.education.models import Official
from qpdp.militia.models import Membership
from qpdp.people.models import Person, Residence
from qpdp.people.scale import generate
from qpdp.reserves.models import Assignment, ReserveSoldier
from qpdp.welfare.models import SoldierFamily

PEOPLE = 4000
TODAY = dt.date(2026, 12, 7)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def ages(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_same_seed_draws_the_same_people_and_another_seed_others() -> None:
    def draw(seed: int) -> dict[str, np.ndarray]:
        serials = np.zeros(800, np.int64)
        return generate(
            np.random.default_rng(seed), 500, today=TODAY, id_prefix="024", serials=serials
        )

    first, again, other = draw(1), draw(1), draw(2)
    assert all(np.array_equal(first[key], again[key]) for key in first)
    assert not np.array_equal(first["id_number"], other["id_number"])


def test_chunks_drawn_in_turn_never_repeat_an_identity_number() -> None:
    serials = np.zeros(800, np.int64)
    numbers = [
        generate(np.random.default_rng(chunk), 3000, today=TODAY, id_prefix="024", serials=serials)[
            "id_number"
        ]
        for chunk in range(3)
    ]
    joined = np.concatenate(numbers)
    assert len(set(joined.tolist())) == len(joined) == 9000
    assert all(len(number) == 12 and number.startswith("024") for number in joined.tolist())


def test_age_on_counts_birthdays() -> None:
    born = np.array(["2008-12-07", "2008-12-08", "2000-02-29"], dtype="datetime64[D]")
    cohort = Cohort(
        province=Unit(), communes=[], today=TODAY, rng=np.random.default_rng(0),
        ids=np.arange(3), commune=np.zeros(3), male=np.ones(3, bool), born=born,
        chain=np.zeros(3, np.int64), chain_units=np.zeros((1, 1), np.int64),
        chain_from=np.zeros((1, 1), "datetime64[D]"), chain_to=np.zeros((1, 1), "datetime64[D]"),
    )  # fmt: skip
    assert cohort.age_on(TODAY).tolist() == [18, 17, 26]


def indexes() -> dict[str, object]:
    """Every index and constraint of the people and residence tables, as the database has it."""
    with connection.cursor() as cursor:
        return {
            table: connection.introspection.get_constraints(cursor, table)
            for table in (Person._meta.db_table, Residence._meta.db_table)
        }


def test_the_province_scale_writes_people_keys_and_registries_in_proportion(db: None) -> None:
    before = indexes()
    out = run("seed_demo", "--scale", "province", "--people", str(PEOPLE), "--seed", "5")

    assert "100%  4.000/4.000 công dân" in out
    assert out.count("công dân,") >= 2  # the bar is printed as the people are written
    assert "Tỉnh Bắc Ninh: 4.000 công dân" in out
    assert indexes() == before  # dropped for the load (PostgreSQL), built again as they were
    assert "Đã tạo chỉ mục" in out
    province = Unit.objects.get(code="24", kind=UnitKind.PROVINCE, valid_from=REFORM_DATE)
    communes = Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).valid_on(REFORM_DATE)
    people = Person.objects.filter(residence_unit__in=communes)
    assert people.count() == Person.objects.count() == PEOPLE
    assert people.values("residence_unit").distinct().count() > communes.count() // 2

    for person in people:
        parts = (person.family_name, person.middle_name, person.given_name)
        assert person.full_name == full_name_of(*parts)
        assert person.search_key == name_search_key(*parts)
        assert bytes(person.roster_key) == roster_key(*parts)
        assert person.id_number.startswith("024") and len(person.id_number) == 12
    assert people.filter(gender="M").count() / PEOPLE == pytest.approx(0.5, abs=0.05)

    current = Residence.objects.filter(valid_to__isnull=True)
    assert current.count() == PEOPLE
    assert not current.exclude(unit=F("person__residence_unit")).exists()
    assert Residence.objects.filter(valid_to__isnull=False).exists()  # pre-reform wards

    registered = Registration.objects.select_related("person")
    assert registered.count() > PEOPLE * 0.05
    assert {r.person.gender for r in registered} == {"M"}
    today = timezone.localdate()
    assert all(17 <= ages(r.person.birth_date, today) <= 27 for r in registered)
    orders = CallUpOrder.objects.all()
    assert 0 < orders.count() < registered.count() * 0.1
    assert HealthResult.objects.filter(person__in=orders.values("person")).count() == orders.count()
    assert sum(Quota.objects.values_list("number", flat=True)) == orders.count()
    assert SoldierFamily.objects.count() == orders.filter(outcome="handed_over").count()
    numbers = orders.values("issuer", "number").annotate(n=Count("pk")).filter(n__gt=1)
    assert not numbers.exists()

    militia = Membership.objects.count()
    assert PEOPLE * 0.008 < militia < PEOPLE * 0.02
    reserve = ReserveSoldier.objects.select_related("person")
    assert PEOPLE * 0.008 < reserve.count() < PEOPLE * 0.025
    assert {s.person.gender for s in reserve} == {"M"}
    assert not reserve.filter(person__in=Membership.objects.values("person")).exists()
    assert 0 < Assignment.objects.count() <= reserve.count()
    assert Official.objects.exists()

    again = run("seed_demo", "--scale", "province", "--people", str(PEOPLE))
    assert "đã có" in again
    assert Person.objects.count() == PEOPLE


def test_the_national_scale_needs_every_province(db: None) -> None:
    run("load_units", "--province", "24")
    with pytest.raises(CommandError, match="1 trên 34 tỉnh"):
        run("seed_demo", "--scale", "national", "--people", "100")
    assert not Person.objects.exists()
