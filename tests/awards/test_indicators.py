"""Award figures: proposals, decisions, collectives and individuals awarded, by form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from qpdp.awards import services
from qpdp.awards.models import AwardForm
from qpdp.core import indicators
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_award_figures_by_form(
    accounts: Accounts, tree: Tree, make_person: Callable[..., Person]
) -> None:
    user = accounts.city_commander
    form = AwardForm.objects.get(code="giay_khen")
    common = {
        "year": 2022,
        "form": form,
        "field": "local_defense",
        "achievement": "Thành tích",
        "proposed_on": dt.date(2022, 12, 1),
    }
    ward = services.propose(user, proposer=tree.city, collective=tree.suoi_hoa, **common)
    person = make_person(tree.suoi_hoa, birth_date=dt.date(1980, 1, 1))
    individual = services.propose(user, proposer=tree.suoi_hoa, person=person, **common)
    services.propose(user, proposer=tree.city, collective=tree.kinh_bac_old, **common)
    for proposal in (ward, individual):
        services.review(user, proposal, agreed=True, reviewed_on=dt.date(2022, 12, 5))
    services.issue_decision(
        user,
        authority=tree.city,
        number="125/QĐ-UBND",
        year=2022,
        signed_on=dt.date(2022, 12, 28),
        form=form,
        field="local_defense",
        proposals=[ward, individual],
    )
    units = [tree.city, tree.suoi_hoa, tree.kinh_bac_old]
    figures = indicators.compute_all(units, *YEAR, codes=None)
    city, suoi_hoa, kinh_bac = (u.pk for u in units)
    assert figures["awards.proposals"] == {city: 3, suoi_hoa: 2, kinh_bac: 1}
    assert figures["awards.decisions"] == {city: 1, suoi_hoa: 0, kinh_bac: 0}
    assert figures["awards.collectives"] == {city: 1, suoi_hoa: 1, kinh_bac: 0}
    assert figures["awards.individuals.giay_khen"] == {city: 1, suoi_hoa: 1, kinh_bac: 0}
    assert figures["awards.individuals.lao_dong_tien_tien"][city] == 0
    behind = indicators.get("awards.individuals").people_behind(tree.city, *YEAR)
    assert list(behind) == [person]
