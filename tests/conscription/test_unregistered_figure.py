"""Issue 12 item 8: the cycle overview, the registration page and the home page count the men
not registered with one definition (``selectors.unregistered``), shown beside the figure.

They once disagreed (72 against 71, later 88 against 86): the overview counted the men who
registered after the deadline, and the men who lived in the 2022 ward on 1 January but have
since moved out of the reader's scope, neither of whom the registration page lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.conscription import services
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person, Residence
from tests.conftest import Accounts, Tree
from tests.conscription.test_views import World, world  # noqa: F401  # the fixture

OVERVIEW = re.compile(r"(\d+) công dân chưa đăng ký nghĩa vụ quân sự lần đầu")
REGISTRATION = re.compile(r"Quá hạn đăng ký \([\d/]+\): (\d+) công dân chưa đăng ký")
DEFINITION = (
    "Người đã đăng ký muộn và người đang bị áp dụng biện pháp theo Điều 13 ngày 01/01 không tính"
)


@pytest.fixture
def late_and_gone(
    world: World,  # noqa: F811
    tree: Tree,
    accounts: Accounts,
    make_person: Callable[..., Person],
) -> None:
    """Beside the world's unregistered newcomer: a Suối Hoa man of the 2022 list who registered
    after the April deadline, and one who lived in Suối Hoa on 01/01/2022 and now lives in Hà
    Nội, outside the province."""
    born = dt.date(2005, 3, 3)
    late = make_person(tree.suoi_hoa, given_name="Muộn", birth_date=born)
    services.record_registration(
        accounts.admin, late, registered_on=dt.date(2022, 5, 10), number="2022-0099"
    )
    hanoi = Unit.objects.create(code="01", name="Hà Nội", type_label="Thành phố", kind="province")
    ward = Unit.objects.create(
        code="00004", name="Ba Đình", type_label="Phường", kind=UnitKind.COMMUNE, parent=hanoi
    )
    gone = make_person(ward, given_name="Đi", birth_date=born)
    Residence.objects.filter(person=gone).delete()
    Residence.objects.create(
        person=gone, unit=tree.suoi_hoa, valid_from=born, valid_to=dt.date(2023, 6, 30)
    )
    Residence.objects.create(person=gone, unit=ward, valid_from=dt.date(2023, 7, 1))


def _figure(pattern: re.Pattern[str], html: str) -> int:
    found = pattern.findall(html)
    assert len(found) == 1, found
    return int(found[0])


@pytest.mark.usefixtures("late_and_gone")
@pytest.mark.parametrize(
    ("account", "expected"),
    [("suoi_hoa_staff", 2), ("city_commander", 2), ("province_commander", 1)],
)
def test_the_overview_the_registration_page_and_the_home_page_count_the_same_men(
    client: Client,
    world: World,  # noqa: F811
    tree: Tree,
    accounts: Accounts,
    account: str,
    expected: int,
) -> None:
    """2022 accounts still see the man who moved away (he lived in their ward); the province's
    commander does not (he lives outside its scope). Nobody counts the late registrant."""
    client.force_login(getattr(accounts, account))
    overview = client.get(reverse("conscription:cycle", args=[world.cycle.pk])).content.decode()
    registration = client.get(
        reverse("conscription:registration", args=[world.cycle.pk, tree.suoi_hoa.pk])
    ).content.decode()

    assert _figure(OVERVIEW, overview) == _figure(REGISTRATION, registration) == expected
    assert DEFINITION in overview and DEFINITION in registration

    home = client.get(reverse("home")).content.decode()
    assert _figure(OVERVIEW, home) == expected
    assert DEFINITION in home
