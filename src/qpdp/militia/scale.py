"""The militia of a generated province (``qpdp seed_demo --scale``), column-wise.

About 1.3% of the population serves (Law on Militia and Self-Defence Forces 2019, Art. 8: men
18–45, women 18–40), each commune holding a mobile and a local company sized to its members,
all joined at the 2025 term's start by the commune chair's decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
from django.utils.translation import gettext as _

from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, write_columns
from qpdp.militia.models import Membership, MilitiaUnit

SHARE: Final = 0.013
TERM_START: Final = dt.date(2025, 7, 15)


def scale(context: DemoContext, cohort: Cohort) -> None:
    age = cohort.age_on(cohort.today)
    eligible = np.flatnonzero((age >= 18) & (age <= np.where(cohort.male, 45, 40)))
    share = min(SHARE * len(age) / max(len(eligible), 1), 1.0)
    members = eligible[cohort.rng.random(len(eligible)) < share]
    mobile = cohort.rng.random(len(members)) < 1 / 3
    units: dict[tuple[int, bool], int] = {}
    for commune in cohort.communes:
        in_commune = cohort.commune[members] == commune.pk
        for is_mobile, name, kind in ((True, "Đại đội cơ động", "mobile"),
                                      (False, "Đại đội tại chỗ", "local")):  # fmt: skip
            size = int(np.count_nonzero(in_commune & (mobile == is_mobile)))
            units[commune.pk, is_mobile] = MilitiaUnit.objects.create(
                unit=commune, name=name, level="company", force_kind=kind,
                authorised_strength=max(size, 1), established_on=TERM_START,
                established_by="commune_commander", decision_number="1/QĐ-BCH",
            ).pk  # fmt: skip
    militia_unit = np.array(
        [units[int(c), bool(m)] for c, m in zip(cohort.commune[members], mobile, strict=True)],
        dtype=np.int64,
    )
    cohort.counts[_("dân quân")] = write_columns(
        Membership,
        {
            "person": cohort.ids[members],
            "militia_unit": militia_unit,
            "post": "member",
            "volunteer": False,
            "term_start": TERM_START,
            "joined_on": TERM_START,
            "term_end": dt.date(2029, 7, 14),
            "decision_number": "8/QĐ-UBND",
            "decision_date": TERM_START,
            "decision_signer": "Chủ tịch UBND xã",
            "decided_by": "commune_chair",
        },
        rows=len(members),
    )
