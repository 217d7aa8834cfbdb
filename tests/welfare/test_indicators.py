"""Rear-policy figures: families, support paid, cases received, settled (on time) and
outstanding; the people behind a figure add up to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.core import indicators
from qpdp.people.models import Person
from qpdp.welfare import services
from qpdp.welfare.models import BenefitCase, DossierItem, FamilyMember, SoldierFamily
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
D = dt.date
YEAR = (D(2023, 1, 1), D(2023, 12, 31))


@pytest.mark.usefixtures("deadlines")
def test_the_rear_policy_figures(
    accounts: Accounts,
    tree: Tree,
    family: SoldierFamily,
    father: FamilyMember,
    make_person: Callable[..., Person],
) -> None:
    staff, decider = accounts.suoi_hoa_staff, accounts.city_commander
    services.pay_support(
        staff,
        family,
        kind="sick_relative",
        member=father,
        paid_on=D(2023, 5, 2),
        amount=500_000,
        reason="Giấy ra viện",
    )
    services.pay_support(
        staff, family, kind="sudden_hardship", paid_on=D(2023, 8, 2), amount=3_000_000, reason="Bão"
    )

    def case(received: dt.date) -> BenefitCase:
        veteran = make_person(tree.suoi_hoa, birth_date=D(1958, 1, 1))
        return services.receive_case(
            staff,
            unit=tree.suoi_hoa,
            scheme="62_2011",
            benefit="one_time",
            applicant=veteran,
            coverage="d",
            theatre="north",
            service_months=30,
            received_on=received,
        )

    papers = list(DossierItem.objects.filter(scheme="62_2011", required=True, benefit=""))
    on_time, late, waiting = case(D(2023, 3, 1)), case(D(2023, 3, 1)), case(D(2023, 11, 1))
    for item_case, checked in ((on_time, D(2023, 3, 5)), (late, D(2023, 3, 20))):
        for item in papers:
            services.add_document(staff, item_case, item, received_on=D(2023, 3, 1))
        services.advance(staff, item_case, status="checked", on=checked)
        services.advance(staff, item_case, status="sent_up", on=checked)
        services.advance(
            decider, item_case, status="approved", on=D(2023, 4, 1), decision_number="1"
        )
    services.advance(staff, on_time, status="paid", on=D(2023, 4, 10))
    units = [tree.city, tree.suoi_hoa, tree.kinh_bac_old]
    figures = indicators.compute_all(units, *YEAR, codes=None)
    ward = tree.suoi_hoa.pk
    expected = {
        "welfare.families": 1,
        "welfare.families_supported": 1,
        "welfare.support_amount": 3_500_000,
        "welfare.cases_received": 3,
        "welfare.cases_settled": 2,
        "welfare.cases_settled_on_time": 1,
        "welfare.cases_outstanding": 1,
        "welfare.case_amount_paid": 3_300_000,
    }
    assert {code: figures[code][ward] for code in expected} == expected
    assert {code: figures[code][tree.city.pk] for code in expected} == expected
    assert all(tree.kinh_bac_old.pk not in figures[code] for code in expected)  # kept no register
    for code in ("welfare.families", "welfare.cases_received", "welfare.cases_outstanding"):
        people = indicators.get(code).people_behind(tree.city, *YEAR)
        assert people.count() == figures[code][tree.city.pk], code
    assert list(indicators.get("welfare.cases_outstanding").people_behind(tree.city, *YEAR)) == [
        waiting.applicant
    ]
