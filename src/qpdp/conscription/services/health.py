"""Pre-screening and examination results (Circular 105/2023), within the cycle's window."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, HealthKind, HealthResult
from qpdp.conscription.rules.standards import HEALTH_CLASSES
from qpdp.conscription.services._common import _create, _day, _update, _writable_commune
from qpdp.core.access import AnyUser
from qpdp.people.models import Person


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
    if kind not in HealthKind.values:
        raise ValidationError(
            _("Loại kết quả phải là sơ tuyển hoặc khám tuyển."), code=ErrorCode.HEALTH_KIND
        )
    if health_class not in HEALTH_CLASSES:
        raise ValidationError(
            _("Phân loại sức khỏe phải từ 1 đến 6 (Thông tư 105/2023, Điều 6)."),
            code=ErrorCode.HEALTH_CLASS,
        )
    if kind == HealthKind.EXAMINATION and not cycle.exam_start <= examined_on <= cycle.exam_end:
        raise ValidationError(
            _("Ngày khám phải trong thời gian khám của đợt (%(start)s – %(end)s).")
            % {"start": _day(cycle.exam_start), "end": _day(cycle.exam_end)},
            code=ErrorCode.EXAM_DATE_OUTSIDE,
        )
    if kind == HealthKind.PRE_SCREENING and not cycle.list_date <= examined_on <= cycle.exam_end:
        raise ValidationError(
            _("Ngày sơ tuyển phải từ %(start)s đến hết thời gian khám (%(end)s).")
            % {"start": _day(cycle.list_date), "end": _day(cycle.exam_end)},
            code=ErrorCode.PRESCREEN_DATE_OUTSIDE,
        )
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
