"""Call-up records for a generated province (``qpdp seed_demo --scale``), column-wise.

Every man aged 17–27 has his first registration (April of the year he turned 17, in the ward
of that day); the year's cycle examines about a tenth of the registered men aged 18–25 on the
handover day and calls up about 3% of them (fit, class 1–3), each ward issuing numbered orders
to its residents of the handover day, 97% handed over; each ward's quota is what it called.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.utils.translation import gettext as _

from qpdp.conscription.models import CallUpCycle, CallUpOrder, HealthResult, Quota, Registration
from qpdp.core.demo import DemoContext
from qpdp.core.scale import Cohort, ranks, write_columns


def scale(context: DemoContext, cohort: Cohort) -> None:
    rng, today = cohort.rng, cohort.today
    men = np.flatnonzero(cohort.male)
    turned_17 = cohort.born[men].astype("datetime64[Y]").astype(np.int64) + 1970 + 17
    registered_on = ((turned_17 - 1970) * 12 + 3).astype("datetime64[M]").astype("datetime64[D]")
    age = cohort.age_on(today)[men]
    registered = (age >= 17) & (age <= 27) & (registered_on <= np.datetime64(today))
    rows, days = men[registered], registered_on[registered]
    numbers = np.strings.add(
        np.strings.add(turned_17[registered].astype(str), "/"),
        np.strings.zfill(cohort.ids[rows].astype(str), 8),
    )
    cohort.counts[_("đăng ký nghĩa vụ quân sự")] = write_columns(
        Registration,
        {
            "person": cohort.ids[rows],
            "unit": cohort.unit_on(days, rows),
            "registered_on": days,
            "place": "Ban Chỉ huy quân sự xã",
            "number": numbers,
        },
        rows=len(rows),
    )
    year = today.year
    handover = dt.date(year, 2, 25)
    cycle, _created = CallUpCycle.objects.get_or_create(
        unit=cohort.province,
        year=year,
        sequence=1,
        defaults={
            "list_date": dt.date(year - 1, 9, 1),
            "registration_date": dt.date(year - 1, 9, 1),
            "exam_start": dt.date(year - 1, 11, 1),
            "exam_end": dt.date(year - 1, 12, 31),
            "handover_date": handover,
        },
    )
    on_handover = cohort.age_on(handover)[rows]
    examined = rows[(on_handover >= 18) & (on_handover <= 25) & (rng.random(len(rows)) < 0.1)]
    health = rng.integers(1, 7, len(examined))
    exam_day = np.full(len(examined), np.datetime64(dt.date(year - 1, 12, 2)))
    cohort.counts[_("kết quả khám sức khỏe")] = write_columns(
        HealthResult,
        {
            "cycle": cycle.pk,
            "person": cohort.ids[examined],
            "unit": cohort.unit_on(exam_day, examined),
            "kind": "exam",
            "examined_on": exam_day,
            "health_class": health,
            "drug_addicted": False,
            "hyperopia": False,
            "notes": "",
        },
        rows=len(examined),
    )
    called = examined[(health <= 3) & (rng.random(len(examined)) < 0.5)]
    ward = cohort.unit_on(np.full(len(called), np.datetime64(handover)), called)
    handed = rng.random(len(called)) < 0.97
    cohort.counts[_("lệnh gọi nhập ngũ")] = write_columns(
        CallUpOrder,
        {
            "cycle": cycle.pk,
            "person": cohort.ids[called],
            "unit": ward,
            "issuer": ward,
            "year": year,
            "number": ranks(ward) + 1,
            "issued_on": dt.date(year, 1, 28),
            "delivered_on": dt.date(year, 2, 2),
            "report_on": handover,
            "report_place": "Sân vận động xã",
            "outcome": np.where(handed, "handed_over", "pending").astype(object),
            "handed_over_on": np.where(handed, np.datetime64(handover), np.datetime64("NaT", "D")),
            "receiving_unit": np.where(handed, "Quân khu 1", "").astype(object),
            "failure_reason": "",
        },
        rows=len(called),
    )
    communes = np.array([c.pk for c in cohort.communes], dtype=np.int64)
    quotas = np.array([np.count_nonzero(ward == pk) for pk in communes], dtype=np.int64)
    write_columns(
        Quota,
        {
            "cycle": cycle.pk,
            "unit": communes,
            "number": quotas,
            "assigned_on": dt.date(year - 1, 10, 20),
        },
        rows=len(communes),
    )
