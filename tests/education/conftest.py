"""Defense education fixtures: the seeded groups and posts, the 2022 ward and city of the shared
tree with their accounts, and a course of the city's council."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.core.access import Role, User
from qpdp.education import services
from qpdp.education.models import Course, Official, Post, RefreshPeriod, TargetGroup
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree


@pytest.fixture
def groups(db: None) -> dict[str, TargetGroup]:
    return {g.code: g for g in TargetGroup.objects.all()}


@pytest.fixture
def posts(db: None) -> dict[str, Post]:
    return {p.name: p for p in Post.objects.all()}


@pytest.fixture
def refresh(groups: dict[str, TargetGroup]) -> None:
    """A five-year refresh interval for group 4 from 2016 (the province's setting)."""
    RefreshPeriod.objects.create(
        group=groups["4"], years=5, valid_from=dt.date(2016, 1, 1), source="Thử nghiệm"
    )


@pytest.fixture
def kinh_bac_2022_staff(tree: Tree, make_user: Callable[..., User]) -> User:
    return make_user(Role.STAFF, tree.kinh_bac_old, "kinhbac2022")


@pytest.fixture
def course(accounts: Accounts, tree: Tree, groups: dict[str, TargetGroup]) -> Course:
    """The city council's group-4 course of June 2022."""
    return services.create_course(
        accounts.city_commander,
        unit=tree.city,
        group=groups["4"],
        code="ĐT4-01/2022",
        name="Lớp bồi dưỡng đối tượng 4",
        place="Hội trường thành phố",
        starts_on=dt.date(2022, 6, 6),
        ends_on=dt.date(2022, 6, 9),
    )


@pytest.fixture
def official_maker(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person], posts: dict[str, Post]
) -> Callable[..., Official]:
    """A post holder of Suối Hoa (2022) since 01/07/2021, group 4 by default."""

    def make(post: str = "Công chức xã, phường", person: Person | None = None) -> Official:
        return services.record_official(
            accounts.suoi_hoa_staff,
            person=person or make_person(tree.suoi_hoa, birth_date=dt.date(1980, 3, 1)),
            unit=tree.suoi_hoa,
            started_on=dt.date(2021, 7, 1),
            post=posts[post],
        )

    return make
