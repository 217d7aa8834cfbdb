"""Every indicator reads the large tables through an index (PostgreSQL): the year's figures
for a province and its communes, and the earlier years the dashboard stores."""

from __future__ import annotations

import datetime as dt

from qpdp.core import indicators
from qpdp.planning import figures, stored
from tests.plans import no_sequential_scan, postgresql_only

pytestmark = postgresql_only


def test_every_indicator_of_a_year_uses_an_index(tree, intake) -> None:
    units = [tree.city, *figures.children_in_year(tree.city, 2022)]

    with no_sequential_scan():
        indicators.compute_all(units, dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_storing_the_earlier_years_uses_an_index(tree, intake) -> None:
    with no_sequential_scan():
        stored.store_years([tree.kinh_bac, tree.province], [2022, 2025])
        stored.history(tree.kinh_bac, [2022, 2025])
