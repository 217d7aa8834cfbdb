"""Drill-down: the people behind a figure add up to the figure, for every indicator that has
them, in the city and in each ward."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from qpdp.core import indicators

PERIOD = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))


def test_every_count_indicator_lists_exactly_the_people_it_counts(tree, intake) -> None:
    units = [tree.city, tree.suoi_hoa, tree.kinh_bac_old, tree.ninh_xa]
    drillable = [i for i in indicators.all_indicators() if i.people is not None]
    assert {i.code for i in drillable} >= {
        "conscription.handed_over",
        "conscription.first_registrations",
        "conscription.deferrals",
    }
    checked = 0
    for indicator in drillable:
        figures = indicator(units, *PERIOD)
        for unit in units:
            people = indicator.people_behind(unit, *PERIOD)
            if str(indicator.unit_of_measure) == "%":
                continue  # a rate's people are those of its numerator
            assert people.count() == figures.get(unit.pk, 0), (indicator.code, unit)
            checked += 1
    assert checked > 0
    handed = indicators.get("conscription.handed_over").people_behind(tree.suoi_hoa, *PERIOD)
    assert sorted(p.given_name for p in handed) == ["An", "Bình"]
    assert handed.aggregate(n=Count("pk"))["n"] == 2


def test_a_figure_without_people_says_so(tree) -> None:
    quota = indicators.get("conscription.quota")
    assert quota.people is None
    with pytest.raises(ValueError, match="no list of people"):
        quota.people_behind(tree.city, *PERIOD)
