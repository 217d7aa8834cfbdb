"""Issue 12 item 3: an abolished unit's pages open on its last year with figures, and it is not
offered a plan for a year it does not exist in."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from qpdp.planning.figures import default_year
from qpdp.planning.models import ApprovalStatus, DataApproval

TODAY = dt.date(2026, 12, 7)


def test_the_default_year_is_this_year_or_an_abolished_units_last(tree) -> None:
    assert default_year(tree.kinh_bac, TODAY) == 2026  # in force
    assert default_year(tree.city, TODAY) == 2025  # ended 30/06/2025, nothing locked
    DataApproval.objects.create(
        unit=tree.city, year=2022, status=ApprovalStatus.LOCKED, locked_at=timezone.now()
    )
    assert default_year(tree.city, TODAY) == 2022  # its last complete figures
    assert default_year(tree.city, dt.date(2025, 3, 1)) == 2025  # still in force that day


def test_the_abolished_citys_commander_opens_on_its_locked_year_and_is_not_offered_2026(
    tree, accounts
) -> None:
    DataApproval.objects.create(
        unit=tree.city, year=2022, status=ApprovalStatus.LOCKED, locked_at=timezone.now()
    )
    client = Client()
    client.force_login(accounts.city_commander)
    plans = client.get("/ke-hoach/")
    assert plans.context["year"] == 2022
    dashboard = client.get("/tong-ket/")
    assert dashboard.context["review"].year == 2022
    later = client.get(f"/ke-hoach/?unit={tree.city.pk}&year=2026").content.decode()
    assert "Lập kế hoạch năm 2026" not in later  # the city does not exist in 2026
    assert "Lập kế hoạch năm 2022" in client.get("/ke-hoach/").content.decode()
