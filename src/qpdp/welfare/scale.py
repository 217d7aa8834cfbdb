"""Soldiers' families of a generated province (``qpdp seed_demo --scale``): one per man the
province's cycle handed over, in the ward that called him, from his handover day."""

from __future__ import annotations

import numpy as np
from django.utils.translation import gettext as _

from qpdp.conscription.models import CallUpOrder
from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, write_columns
from qpdp.welfare.models import SoldierFamily


def scale(context: DemoContext, cohort: Cohort) -> None:
    handovers = list(
        CallUpOrder.objects.filter(cycle__unit=cohort.province, outcome="handed_over").values_list(
            "pk", "person_id", "unit_id", "handed_over_on"
        )
    )
    columns = np.array(handovers, dtype=object).reshape(-1, 4).T
    cohort.counts[_("gia đình quân nhân")] = write_columns(
        SoldierFamily,
        {
            "handover": columns[0],
            "soldier": columns[1],
            "unit": columns[2],
            "enlisted_on": columns[3],
            "note": "",
        },
        rows=len(handovers),
    )
