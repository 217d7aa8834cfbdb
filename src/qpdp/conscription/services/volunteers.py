"""Volunteering for a cycle: a woman (Art. 6.2) or a deferred or exempt man (Art. 41.3) applies
and is then considered for selection; the pool reads the application."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, Volunteering
from qpdp.conscription.services._common import _create, _day, _writable_commune
from qpdp.core.access import AnyUser
from qpdp.core.vietnamese import clean_text
from qpdp.people.models import Person


@transaction.atomic
def record_volunteering(
    user: AnyUser, cycle: CallUpCycle, person: Person, *, applied_on: dt.date, note: str = ""
) -> Volunteering:
    """Record a citizen's application to serve in ``cycle``, kept by his ward of the cycle; once
    per cycle and no later than the handover."""
    commune = _writable_commune(user, cycle, person)
    if applied_on > cycle.handover_date:
        raise ValidationError(
            {
                "applied_on": ValidationError(
                    _("Đơn tình nguyện phải có trước ngày giao quân %(day)s.")
                    % {"day": _day(cycle.handover_date)},
                    code=ErrorCode.VOLUNTEERING_AFTER_HANDOVER,
                )
            }
        )
    if Volunteering.objects.filter(cycle=cycle, person=person).exists():
        raise ValidationError(
            _("%(name)s đã có đơn tình nguyện trong đợt này.") % {"name": person},
            code=ErrorCode.VOLUNTEERING_EXISTS,
        )
    volunteering = Volunteering(
        cycle=cycle, person=person, unit=commune, applied_on=applied_on, note=clean_text(note)
    )
    return _create(user, volunteering, commune)
