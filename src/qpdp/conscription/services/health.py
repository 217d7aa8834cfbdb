"""Pre-screening and examination: the call delivered to each citizen (Art. 40.3), the results
(Circular 105/2023) within the cycle's window, and their posting ward by ward (Art. 40.6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import (
    CallUpCycle,
    ExamCall,
    HealthKind,
    HealthResult,
    ResultsPosting,
)
from qpdp.conscription.rules.standards import HEALTH_CLASSES
from qpdp.conscription.services._common import (
    _check_in_cycle,
    _create,
    _day,
    _update,
    _writable_commune,
)
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person


def _check_kind(kind: str) -> None:
    if kind not in HealthKind.values:
        raise ValidationError(
            _("Loại kết quả phải là sơ tuyển hoặc khám tuyển."), code=ErrorCode.HEALTH_KIND
        )


def _check_exam_day(cycle: CallUpCycle, kind: str, day: dt.date) -> None:
    """The examination falls in the cycle's window (Art. 40.5); pre-screening before its end."""
    if kind == HealthKind.EXAMINATION and not cycle.exam_start <= day <= cycle.exam_end:
        raise ValidationError(
            _("Ngày khám phải trong thời gian khám của đợt (%(start)s – %(end)s).")
            % {"start": _day(cycle.exam_start), "end": _day(cycle.exam_end)},
            code=ErrorCode.EXAM_DATE_OUTSIDE,
        )
    if kind == HealthKind.PRE_SCREENING and not cycle.list_date <= day <= cycle.exam_end:
        raise ValidationError(
            _("Ngày sơ tuyển phải từ %(start)s đến hết thời gian khám (%(end)s).")
            % {"start": _day(cycle.list_date), "end": _day(cycle.exam_end)},
            code=ErrorCode.PRESCREEN_DATE_OUTSIDE,
        )


@transaction.atomic
def record_exam_call(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    kind: str,
    exam_on: dt.date,
    delivered_on: dt.date,
) -> ExamCall:
    """Record (or correct) the call to pre-screening or examination as delivered to the
    citizen: it reaches him at least 15 days before the day it names (Art. 40.3)."""
    commune = _writable_commune(user, cycle, person)
    _check_kind(kind)
    _check_exam_day(cycle, kind, exam_on)
    if rules.exam_call_is_late(exam_on, delivered_on):
        raise ValidationError(
            _(
                "Giấy gọi giao cho công dân ngày %(day)s, khám ngày %(exam)s: phải giao ít nhất "
                "15 ngày trước ngày khám, chậm nhất ngày %(last)s (%(article)s)."
            )
            % {
                "day": _day(delivered_on),
                "exam": _day(exam_on),
                "last": _day(rules.latest_exam_call_date(exam_on)),
                "article": cycle.regime.exam_call_notice_article,
            },
            code=ErrorCode.EXAM_CALL_NOTICE_LATE,
        )
    existing = ExamCall.objects.filter(cycle=cycle, person=person, kind=kind).first()
    if existing is not None:
        return _update(user, existing, commune, exam_on=exam_on, delivered_on=delivered_on)
    call = ExamCall(
        cycle=cycle,
        person=person,
        unit=commune,
        kind=kind,
        exam_on=exam_on,
        delivered_on=delivered_on,
    )
    return _create(user, call, commune)


@transaction.atomic
def post_results(
    user: AnyUser, cycle: CallUpCycle, unit: Unit, *, posted_on: dt.date
) -> ResultsPosting:
    """Record (or correct) the day a ward's examination results were posted: at the commune
    office and on its portal within 20 days of its last examination (Art. 40.6)."""
    check_unit_writable(user, unit)
    _check_in_cycle(cycle, unit)
    if unit.kind != UnitKind.COMMUNE:
        raise ValidationError(
            _("Kết quả khám sức khỏe được niêm yết theo từng xã, phường."),
            code=ErrorCode.RESULTS_NOT_COMMUNE,
        )
    last = HealthResult.objects.filter(
        cycle=cycle, unit=unit, kind=HealthKind.EXAMINATION
    ).aggregate(last=Max("examined_on"))["last"]
    if last is None:
        raise ValidationError(
            _("%(unit)s chưa có kết quả khám sức khỏe của đợt để niêm yết.") % {"unit": unit.label},
            code=ErrorCode.RESULTS_NONE,
        )
    if posted_on < last:
        raise ValidationError(
            _("Ngày niêm yết (%(day)s) không được trước ngày khám cuối cùng (%(last)s).")
            % {"day": _day(posted_on), "last": _day(last)},
            code=ErrorCode.RESULTS_POSTED_BEFORE_EXAM,
        )
    deadline = rules.results_posting_deadline(last)
    if posted_on > deadline:
        raise ValidationError(
            _(
                "Kết quả khám ngày %(last)s phải niêm yết trong 20 ngày, chậm nhất ngày "
                "%(deadline)s (%(article)s); ngày niêm yết %(day)s đã quá hạn."
            )
            % {
                "last": _day(last),
                "deadline": _day(deadline),
                "article": cycle.regime.results_posting_article,
                "day": _day(posted_on),
            },
            code=ErrorCode.RESULTS_POSTING_LATE,
        )
    existing = ResultsPosting.objects.filter(cycle=cycle, unit=unit).first()
    if existing is not None:
        return _update(user, existing, unit, posted_on=posted_on)
    return _create(user, ResultsPosting(cycle=cycle, unit=unit, posted_on=posted_on), unit)


@transaction.atomic
def record_health(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    kind: str,
    examined_on: dt.date,
    health_class: int,
    drug_addicted: bool = False,
    myopia_dioptres: Decimal | None = None,
    hyperopia: bool = False,
    bmi: Decimal | None = None,
    notes: str = "",
) -> HealthResult:
    """Record (or correct) a pre-screening or examination result (Circular 105/2023 Art. 6–8).

    The examination falls in the cycle's window (Art. 40.5); pre-screening comes before its end.
    """
    commune = _writable_commune(user, cycle, person)
    _check_kind(kind)
    if health_class not in HEALTH_CLASSES:
        raise ValidationError(
            _("Phân loại sức khỏe phải từ 1 đến 6 (Thông tư 105/2023, Điều 6)."),
            code=ErrorCode.HEALTH_CLASS,
        )
    _check_exam_day(cycle, kind, examined_on)
    if myopia_dioptres is not None and myopia_dioptres < 0:
        raise ValidationError(
            _("Độ cận thị ghi bằng số đi-ốp không âm (ví dụ 2,0 cho −2,0 D)."),
            code=ErrorCode.MYOPIA_NEGATIVE,
        )
    if bmi is not None and bmi <= 0:
        raise ValidationError(_("Chỉ số BMI phải lớn hơn 0."), code=ErrorCode.BMI_NOT_POSITIVE)
    values = {
        "examined_on": examined_on,
        "health_class": health_class,
        "drug_addicted": drug_addicted,
        "myopia_dioptres": myopia_dioptres,
        "hyperopia": hyperopia,
        "bmi": bmi,
        "notes": notes.strip(),
    }
    existing = HealthResult.objects.filter(cycle=cycle, person=person, kind=kind).first()
    if existing is not None:
        return _update(user, existing, commune, **values)
    result = HealthResult(cycle=cycle, person=person, unit=commune, kind=kind, **values)
    return _create(user, result, commune)
