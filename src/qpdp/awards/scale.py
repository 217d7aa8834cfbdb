"""Award proposals of a generated province (``qpdp seed_demo --scale``): about one adult in two
thousand proposed for a certificate of merit for local defence work this year."""

from __future__ import annotations

import datetime as dt
from typing import Final

import numpy as np
from django.utils.translation import gettext as _

from qpdp.awards.models import AwardForm, AwardProposal
from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, write_columns

SHARE: Final = 0.0005


def scale(context: DemoContext, cohort: Cohort) -> None:
    adults = np.flatnonzero(cohort.age_on(cohort.today) >= 18)
    chosen = adults[cohort.rng.random(len(adults)) < SHARE]
    year = cohort.today.year
    cohort.counts[_("đề nghị khen thưởng")] = write_columns(
        AwardProposal,
        {
            "proposer": context.account(context.admin).pk,
            "unit": cohort.commune[chosen],
            "year": year,
            "form": AwardForm.objects.get(code="giay_khen").pk,
            "field": "local_defense",
            "person": cohort.ids[chosen],
            "achievement": "Hoàn thành xuất sắc nhiệm vụ quốc phòng ở địa phương",
            "proposed_on": dt.date(year, 11, 2),
        },
        rows=len(chosen),
    )
