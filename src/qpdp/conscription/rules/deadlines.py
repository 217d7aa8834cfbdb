"""Deadlines of the call-up procedure, computed from dates the caller passes.

Periods in days are counted the Civil Code way: the day of the event is not counted, the period
runs from the next day (Civil Code 2015 Art. 147; the brief does not cover it, so this counting
is a documented convention). "Within 20 days of X" therefore ends at the close of X + 20 days,
and "delivered 15 days before D" means on D − 15 days at the latest.

Each function cites the article in the 2025 text; the pre-2025 article numbers are on the
``Regime`` of the day (``regime_on(day).exam_window_article`` and so on).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.error_codes import ErrorCode

from .regime import regime_on

CALL_NOTICE_DAYS = 15
"""Art. 34.6 (call-up) and Art. 40.3 (pre-screening, examination): delivered 15 days before."""
POSTING_DAYS = 20
"""Art. 40.6 (results within 20 days) and Art. 41.4 (lists posted for 20 days)."""
EXAM_WINDOW_START = (11, 1)
EXAM_WINDOW_END = (12, 31)
"""Art. 40.5: examinations from 1 November to 31 December each year."""
HANDOVER_MONTHS = frozenset({2, 3})
"""Art. 33: once a year, in February or March."""


def latest_order_date(handover: date) -> date:
    """Last day the call-up order may reach the citizen for a handover on ``handover``.

    Law on Military Service 2015 as amended, Art. 34.6 (the same clause and 15 days before
    01/07/2025, when the order was the district's "lệnh gọi nhập ngũ").
    """
    return handover - timedelta(days=CALL_NOTICE_DAYS)


def order_is_late(handover: date, delivered_on: date) -> bool:
    """Whether a call-up order delivered on ``delivered_on`` missed the Art. 34.6 notice."""
    return delivered_on > latest_order_date(handover)


def order_overdue(handover: date, on: date, delivered_on: date | None = None) -> bool:
    """Whether, seen on ``on``, the order is late: delivered late, or still undelivered past the
    last day (Art. 34.6). Lets a dashboard flag orders before the handover day arrives."""
    if delivered_on is not None:
        return order_is_late(handover, delivered_on)
    return on > latest_order_date(handover)


def latest_exam_call_date(exam_day: date) -> date:
    """Last day the call to pre-screening or examination may reach the citizen.

    Art. 40.3 (Art. 40.2 before 01/07/2025): delivered 15 days before the examination.
    """
    return exam_day - timedelta(days=CALL_NOTICE_DAYS)


def exam_call_is_late(exam_day: date, delivered_on: date) -> bool:
    """Whether a call to an examination on ``exam_day`` missed the Art. 40.3 notice."""
    return delivered_on > latest_exam_call_date(exam_day)


def exam_window(year: int) -> tuple[date, date]:
    """The health examination window of ``year``, both days included (Art. 40.5; 40.4 before
    01/07/2025). A second call's window is set by the Prime Minister and is not computed."""
    return date(year, *EXAM_WINDOW_START), date(year, *EXAM_WINDOW_END)


def in_exam_window(day: date) -> bool:
    """Whether ``day`` falls in the annual examination window (Art. 40.5)."""
    start, end = exam_window(day.year)
    return start <= day <= end


def exam_season_start(on: date) -> date:
    """First day of the latest examination season begun by ``on`` (Art. 40.5).

    An examination serves the call-up that follows it; once the next season opens on
    1 November, last season's result no longer describes the citizen (a design convention).
    """
    year = on.year if (on.month, on.day) >= EXAM_WINDOW_START else on.year - 1
    return date(year, *EXAM_WINDOW_START)


def validate_exam_period(call_up_year: int, start: date, end: date) -> None:
    """Refuse examination days outside 1 November – 31 December of the year before the call-up.

    Art. 40.5 (Art. 40.4 before 01/07/2025): the examination runs from 1 November to
    31 December each year and serves the call-up in February or March that follows. A second
    call's period is set by the Prime Minister: the caller does not ask this of it.
    """
    first, last = exam_window(call_up_year - 1)
    if first <= start <= end <= last:
        return
    raise ValidationError(
        _(
            "Thời gian khám sức khỏe (%(start)s – %(end)s) phải trong khoảng %(first)s – "
            "%(last)s (khoản 5 Điều 40 Luật Nghĩa vụ quân sự: từ ngày 01 tháng 11 đến ngày 31 "
            "tháng 12 năm trước năm gọi nhập ngũ)."
        )
        % {
            "start": f"{start:%d/%m/%Y}",
            "end": f"{end:%d/%m/%Y}",
            "first": f"{first:%d/%m/%Y}",
            "last": f"{last:%d/%m/%Y}",
        },
        code=ErrorCode.EXAM_PERIOD_OUTSIDE_LAW,
    )


def results_posting_deadline(results_on: date) -> date:
    """Last day to publish pre-screening and health-class results made on ``results_on``.

    Art. 40.6 (Art. 40.5 before 01/07/2025): on the portal and the commune notice board within
    20 days.
    """
    return results_on + timedelta(days=POSTING_DAYS)


def results_posting_overdue(results_on: date, on: date, posted_on: date | None = None) -> bool:
    """Whether the Art. 40.6 posting is late, seen on ``on``."""
    deadline = results_posting_deadline(results_on)
    return (posted_on if posted_on is not None else on) > deadline


def deferral_list_posting_end(posted_on: date) -> date:
    """Last day the deferral and exemption lists must stay posted (Art. 41.4: for 20 days)."""
    return posted_on + timedelta(days=POSTING_DAYS)


def deferral_list_posting_deadline(signed_on: date) -> date | None:
    """Last day to post the lists after the provincial chair signs them, or ``None`` where no
    such deadline existed (before 01/07/2025).

    Circular 148/2018 Art. 5.4 as amended by Circular 68/2025 [S]: within 20 days of signing.
    """
    days = regime_on(signed_on).deferral_list_posting_days_after_signing
    return None if days is None else signed_on + timedelta(days=days)


def validate_handover_date(day: date, *, second_call: bool = False, adjusted: bool = False) -> None:
    """Refuse a handover outside February and March.

    Art. 33: the call-up is once a year in February or March; a second call (defence or security
    needs) and a locality's adjustment after a disaster or dangerous epidemic are the lawful
    exceptions, which the caller states explicitly (an adjustment with its reason).
    """
    if second_call or adjusted or day.month in HANDOVER_MONTHS:
        return
    raise ValidationError(
        _(
            "Ngày giao, nhận quân %(day)s không trong tháng Hai hoặc tháng Ba (Điều 33 Luật Nghĩa "
            "vụ quân sự): chỉ được khi là lần gọi thứ hai, hoặc địa phương được điều chỉnh thời "
            "gian do thảm họa thiên tai, dịch bệnh nguy hiểm, và phải ghi lý do điều chỉnh."
        )
        % {"day": f"{day:%d/%m/%Y}"},
        code=ErrorCode.HANDOVER_MONTH,
    )
