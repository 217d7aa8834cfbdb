"""The reserve of a generated province (``qpdp seed_demo --scale``), column-wise.

About 1.5% of the population, men aged 22–45 outside the militia, is registered as category-1
reserve soldiers in their commune; each commune has an infantry platoon that takes the first
thirty of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
from django.utils.translation import gettext as _

from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, ranks, write_columns
from qpdp.imports.writer import allocate_ids
from qpdp.militia.models import Membership
from qpdp.reserves.models import Assignment, ReserveSoldier, ReserveUnit

SHARE: Final = 0.015
PLATOON: Final = 30


def scale(context: DemoContext, cohort: Cohort) -> None:
    age = cohort.age_on(cohort.today)
    militia = Membership.objects.filter(militia_unit__unit__in=cohort.communes).values_list(
        "person_id", flat=True
    )
    eligible = np.flatnonzero(
        cohort.male & (age >= 22) & (age <= 45) & ~np.isin(cohort.ids, np.fromiter(militia, int))
    )
    share = min(SHARE * len(age) / max(len(eligible), 1), 1.0)
    soldiers = eligible[cohort.rng.random(len(eligible)) < share]
    ids = np.array(allocate_ids(ReserveSoldier, len(soldiers)), dtype=np.int64)
    communes = cohort.commune[soldiers]
    cohort.counts[_("quân nhân dự bị")] = write_columns(
        ReserveSoldier,
        {
            "id": ids,
            "person": cohort.ids[soldiers],
            "unit": communes,
            "registered_on": dt.date(2025, 7, 10),
            "category": "1",
            "category_ground": "1a",
            "speciality": "Bộ binh",
            "rank": "binh_nhat",
            "active_service_months": 24,
        },
        rows=len(soldiers),
    )
    platoons = {
        commune.pk: ReserveUnit.objects.create(
            unit=commune, name="Trung đội bộ binh", level="platoon", role="combat",
            speciality="Bộ binh", authorised_strength=PLATOON, established_on=dt.date(2025, 8, 1),
        ).pk
        for commune in cohort.communes
    }  # fmt: skip
    assigned = ranks(communes) < PLATOON
    cohort.counts[_("quân nhân dự bị được sắp xếp")] = write_columns(
        Assignment,
        {
            "soldier": ids[assigned],
            "reserve_unit": np.array([platoons[int(c)] for c in communes[assigned]], np.int64),
            "assigned_on": dt.date(2025, 9, 1),
            "speciality_matched": True,
        },
        rows=int(assigned.sum()),
    )
