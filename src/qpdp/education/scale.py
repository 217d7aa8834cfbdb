"""Defence-education officials of a generated province (``qpdp seed_demo --scale``).

One resident in two thousand, aged 30–60 (about ten per commune at the province's size), holds
a commune post of target group 4 (the group communes convene) since the communes of 01/07/2025
began.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from django.utils.translation import gettext as _

from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, write_columns
from qpdp.core.units import REFORM_DATE
from qpdp.education.models import Official, TargetGroup

SHARE: Final = 0.0005


def scale(context: DemoContext, cohort: Cohort) -> None:
    age = cohort.age_on(cohort.today)
    eligible = np.flatnonzero((age >= 30) & (age <= 60))
    share = min(SHARE * len(age) / max(len(eligible), 1), 1.0)
    chosen = eligible[cohort.rng.random(len(eligible)) < share]
    cohort.counts[_("cán bộ thuộc đối tượng bồi dưỡng")] = write_columns(
        Official,
        {
            "person": cohort.ids[chosen],
            "unit": cohort.commune[chosen],
            "title": "Cán bộ Ủy ban nhân dân xã",
            "group": TargetGroup.objects.get(code="4").pk,
            "started_on": REFORM_DATE,
        },
        rows=len(chosen),
    )
