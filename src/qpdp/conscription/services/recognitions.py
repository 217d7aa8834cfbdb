"""Service recognised without enlistment (Art. 4.4): the decision recorded by the citizen's ward;
from its date the pool counts him as having served (Art. 42.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpOrder, Outcome, ServiceRecognition
from qpdp.conscription.rules import RecognitionGround
from qpdp.conscription.services._common import _day
from qpdp.core import audit
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.vietnamese import clean_text
from qpdp.people.models import Person


@dataclass(frozen=True, slots=True)
class RecognitionInput:
    """A recognition decision as the page, the API and the import give it."""

    person: Person
    ground: str
    recognised_on: dt.date
    decision_number: str
    signer: str
    months_served: int | None = None


def _refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def record_recognition(user: AnyUser, data: RecognitionInput) -> ServiceRecognition:
    """Record the decision recognising ``data.person`` as having completed active service on a
    ground of Art. 4.4, with the months that ground requires; once per person, and never for a
    man already handed over to the army."""
    person = data.person
    unit = person.residence_unit
    check_unit_writable(user, unit)
    if data.ground not in RecognitionGround.values:
        raise _refuse(
            "ground",
            _("Chọn một trường hợp của khoản 4 Điều 4."),
            ErrorCode.RECOGNITION_GROUND_UNKNOWN,
        )
    ground = RecognitionGround(data.ground)
    required = rules.months_short(ground, data.months_served)
    if required is not None:
        raise _refuse(
            "months_served",
            _("Trường hợp này phải phục vụ từ đủ %(months)s tháng trở lên (%(article)s).")
            % {"months": required, "article": rules.recognition_article(ground)},
            ErrorCode.RECOGNITION_MONTHS_SHORT,
        )
    number, signer = clean_text(data.decision_number), clean_text(data.signer)
    for field, value in (("decision_number", number), ("signer", signer)):
        if not value:
            raise _refuse(
                field,
                _("Phải ghi số quyết định và người ký quyết định công nhận."),
                ErrorCode.RECOGNITION_DECISION_REQUIRED,
            )
    if ServiceRecognition.objects.filter(person=person).exists():
        raise _refuse(
            "ground",
            _("%(name)s đã được công nhận hoàn thành nghĩa vụ quân sự tại ngũ.") % {"name": person},
            ErrorCode.RECOGNITION_EXISTS,
        )
    served = (
        CallUpOrder.objects.filter(person=person, outcome=Outcome.HANDED_OVER)
        .order_by("handed_over_on")
        .values_list("handed_over_on", flat=True)
        .first()
    )
    if served is not None:
        raise _refuse(
            "ground",
            _("%(name)s đã nhập ngũ ngày %(day)s: không công nhận thay thời gian tại ngũ.")
            % {"name": person, "day": _day(served)},
            ErrorCode.RECOGNITION_AFTER_SERVICE,
        )
    recognition = ServiceRecognition(
        person=person,
        unit=unit,
        ground=ground,
        months_served=data.months_served,
        recognised_on=data.recognised_on,
        decision_number=number,
        signer=signer,
    )
    return audit.create_audited(user, recognition, unit)
