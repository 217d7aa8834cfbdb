"""Active service and discharge (xuất ngũ): the time served, counted from the handover (Law on
Military Service 2015 as amended, Art. 22), and the two kinds of discharge (Art. 43).

Art. 43 is not quoted in the domain brief (only Art. 44.3 and 45 are, [V]); the two kinds below
follow the Law's structure (43.1: at the end of the term of Art. 21; 43.2: before it, on the
grounds the article lists) and are UNVERIFIED beyond that. The grounds of an early discharge are
therefore not a list: the officer writes the reason from the unit's decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.error_codes import ErrorCode
from qpdp.core.breaches import Breach

from .states import Text

ACTIVE_SERVICE_MONTHS = 24
"""Art. 21.1: the peacetime term of active service of NCOs and soldiers."""
SERVICE_START_ARTICLE = _("Điều 22 Luật Nghĩa vụ quân sự")


class DischargeKind(TextChoices):
    """Art. 43: discharge at the end of the term, or before it."""

    COMPLETED = "completed", _("Hết thời hạn phục vụ tại ngũ")
    EARLY = "early", _("Trước thời hạn")


DISCHARGE_ARTICLES: dict[DischargeKind, Text] = {
    DischargeKind.COMPLETED: _("khoản 1 Điều 43 Luật Nghĩa vụ quân sự"),
    DischargeKind.EARLY: _("khoản 2 Điều 43 Luật Nghĩa vụ quân sự"),
}


@dataclass(frozen=True, slots=True)
class Service:
    """Time served: whole months and the days beyond them."""

    months: int
    days: int


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, last)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def service_length(enlisted_on: dt.date, discharged_on: dt.date) -> Service:
    """Whole months from the handover (the first day of service, Art. 22) to the discharge, and
    the days beyond them: 15/02/2024 to 15/02/2026 is 24 months. Time the law does not count
    (desertion, prison: Art. 22) is not in the registry, so it is not subtracted."""
    months = (discharged_on.year - enlisted_on.year) * 12 + discharged_on.month - enlisted_on.month
    if add_months(enlisted_on, months) > discharged_on:
        months -= 1
    months = max(months, 0)
    return Service(months, (discharged_on - add_months(enlisted_on, months)).days)


def discharge_breach(
    kind: str, handed_over_on: dt.date, discharged_on: dt.date, reason: str
) -> Breach | None:
    """Why a discharge on ``discharged_on`` of a soldier handed over on ``handed_over_on`` cannot
    be recorded, or None: service starts on the handover day (Art. 22), so the discharge comes
    after it; an early discharge (Art. 43.2) names its reason."""
    if kind not in DischargeKind.values:
        return Breach(
            ErrorCode.DISCHARGE_KIND_UNKNOWN,
            _("Chọn xuất ngũ khi hết thời hạn hoặc xuất ngũ trước thời hạn"),
            _("Điều 43 Luật Nghĩa vụ quân sự"),
            "kind",
        )
    if discharged_on <= handed_over_on:
        return Breach(
            ErrorCode.DISCHARGE_BEFORE_HANDOVER,
            _("Ngày xuất ngũ phải sau ngày giao quân %(day)s")
            % {"day": f"{handed_over_on:%d/%m/%Y}"},
            SERVICE_START_ARTICLE,
            "discharged_on",
        )
    if kind == DischargeKind.EARLY and not reason.strip():
        return Breach(
            ErrorCode.DISCHARGE_REASON_REQUIRED,
            _("Xuất ngũ trước thời hạn phải ghi lý do theo quyết định của đơn vị"),
            DISCHARGE_ARTICLES[DischargeKind.EARLY],
            "reason",
        )
    return None
