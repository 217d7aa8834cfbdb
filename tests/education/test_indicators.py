"""Defense education figures: planned against trained by group and the certificate share, one
grouped query each, and the people behind a figure add up to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.core import indicators
from qpdp.education import services
from qpdp.education.models import Course, Official, TargetGroup
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def finish(accounts: Accounts, course: Course, holders: list[Official], results: list[str]) -> None:
    for holder, result in zip(holders, results, strict=True):
        attendance = services.add_attendee(accounts.city_commander, course, holder.person)
        services.record_result(
            accounts.city_commander, attendance, result=result, today=course.ends_on
        )


@pytest.mark.usefixtures("refresh")
def test_trained_against_planned_and_the_certificate_share(
    accounts: Accounts,
    tree: Tree,
    groups: dict[str, TargetGroup],
    course: Course,
    official_maker: Callable[..., Official],
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    services.create_plan(
        accounts.suoi_hoa_staff, unit=tree.suoi_hoa, year=2022, lines={groups["4"]: 3}
    )
    holders = [official_maker() for _ in range(4)]
    finish(accounts, course, holders[:3], ["passed", "good", "failed"])
    units = [tree.city, tree.suoi_hoa, tree.kinh_bac_old]
    codes = ["education.planned.4", "education.trained.4", "education.certified_share.4"]
    figures = indicators.compute_all(units, *YEAR, codes=codes)
    city, ward, _other = (u.pk for u in units)
    # old Kinh Bắc ran no course and sent nobody: no figure, not 0
    assert figures["education.planned.4"] == {city: 3, ward: 3}
    assert figures["education.trained.4"] == {city: 2, ward: 2}
    assert figures["education.certified_share.4"] == {city: 50, ward: 50}  # 2 of 4 holders
    assert indicators.get("education.trained.4").target_code == "education.planned.4"
    trained = indicators.get("education.trained").people_behind(tree.suoi_hoa, *YEAR)
    assert (
        trained.count()
        == indicators.compute_all(units, *YEAR, codes=["education.trained"])["education.trained"][
            ward
        ]
    )
    certified = indicators.get("education.certified_share.4").people_behind(tree.city, *YEAR)
    assert set(certified) == {holders[0].person, holders[1].person}


def test_a_certificate_lapses_after_the_refresh_interval(
    accounts: Accounts,
    tree: Tree,
    groups: dict[str, TargetGroup],
    official_maker: Callable[..., Official],
) -> None:
    from qpdp.education.models import RefreshPeriod

    RefreshPeriod.objects.create(
        group=groups["4"], years=1, valid_from=dt.date(2016, 1, 1), source="T"
    )
    old = services.create_course(
        accounts.city_commander,
        unit=tree.city,
        group=groups["4"],
        code="ĐT4-2021",
        name="Lớp 2021",
        place="Hội trường",
        starts_on=dt.date(2021, 3, 1),
        ends_on=dt.date(2021, 3, 4),
    )
    holder = official_maker()
    finish(accounts, old, [holder], ["passed"])
    share = indicators.get("education.certified_share.4")
    assert share([tree.suoi_hoa], dt.date(2021, 1, 1), dt.date(2021, 12, 31)) == {
        tree.suoi_hoa.pk: 100
    }
    assert share([tree.suoi_hoa], *YEAR) == {tree.suoi_hoa.pk: 0}  # lapsed on 04/03/2022


def test_the_seeded_refresh_period_lapses_a_certificate_after_five_years(
    accounts: Accounts,
    tree: Tree,
    groups: dict[str, TargetGroup],
    official_maker: Callable[..., Official],
) -> None:
    """No refresh row of the test's own: a fresh install's provisional five years (migration
    0003, marked CHƯA KIỂM CHỨNG) apply to every group."""
    from qpdp.core.parameters import is_unverified
    from qpdp.education import selectors
    from qpdp.education.models import RefreshPeriod

    seeded = RefreshPeriod.objects.filter(valid_from=dt.date(2014, 1, 1))
    assert seeded.count() == TargetGroup.objects.count()
    assert all(row.years == 5 and is_unverified(row.source) for row in seeded)
    course = services.create_course(
        accounts.city_commander,
        unit=tree.city,
        group=groups["4"],
        code="ĐT4-2017",
        name="Lớp 2017",
        place="Hội trường",
        starts_on=dt.date(2017, 6, 1),
        ends_on=dt.date(2017, 6, 4),
    )
    holder = official_maker()  # in office since 01/07/2021
    finish(accounts, course, [holder], ["passed"])
    officials = Official.objects.filter(pk=holder.pk)
    assert not selectors.due(officials, dt.date(2022, 6, 3)).exists()
    assert list(selectors.due(officials, dt.date(2022, 6, 4))) == [holder]  # lapsed that day
