"""Art. 13 measures: recorded by the ward that keeps the citizen's file, read by the pool, the
call-up order and first registration, which refuse a citizen while a measure lasts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import BarringMeasure
from qpdp.conscription.rules import MeasureKind
from qpdp.conscription.services._common import _day
from qpdp.core import audit
from qpdp.core.access import AnyUser, check_object_writable, check_unit_writable
from qpdp.core.vietnamese import clean_text
from qpdp.people.models import Person


@dataclass(frozen=True, slots=True)
class MeasureInput:
    """A measure as the page, the API and the import give it."""

    person: Person
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    document_number: str
    document_date: dt.date
    note: str = ""


def _refuse(field: str, message: str, code: ErrorCode) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def overlapping(first: dt.date, last: dt.date | None) -> Q:
    """Measures in force on some day from ``first`` to ``last`` (``None``: with no end)."""
    covers = Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    return covers if last is None else covers & Q(starts_on__lte=last)


def measures_over(people: QuerySet[Person], first: dt.date, last: dt.date | None) -> QuerySet:
    """The measures of ``people`` in force on some day from ``first`` to ``last``, matched by
    subquery (a ward's pool is too many ids for a parameter list)."""
    return BarringMeasure.objects.filter(overlapping(first, last), person__in=people.values("pk"))


def check_not_barred(person: Person, first: dt.date, last: dt.date, field: str) -> None:
    """Refuse ``person`` if a measure lasts on a day from ``first`` to ``last`` (Art. 13.1),
    naming the measure, its document and its end."""
    people = Person.objects.filter(pk=person.pk)
    measure = measures_over(people, first, last).order_by("starts_on", "pk").first()
    if measure is None:
        return
    kind = MeasureKind(measure.kind)
    until = (
        _("đến ngày %(day)s") % {"day": _day(measure.ends_on)}
        if measure.ends_on is not None
        else _("chưa có ngày kết thúc")
    )
    raise _refuse(
        field,
        _(
            "%(name)s đang thuộc diện không đăng ký, không gọi nhập ngũ: %(measure)s (văn bản số "
            "%(number)s ngày %(date)s, từ ngày %(start)s, %(until)s) — %(article)s."
        )
        % {
            "name": person,
            "measure": kind.label.lower(),
            "number": measure.document_number,
            "date": _day(measure.document_date),
            "start": _day(measure.starts_on),
            "until": until,
            "article": rules.measure_article(kind),
        },
        ErrorCode.BARRED_BY_MEASURE,
    )


@transaction.atomic
def record_measure(user: AnyUser, data: MeasureInput) -> BarringMeasure:
    """Record an Art. 13 measure against a citizen of the user's scope, kept by the ward he lives
    in; an open end means it lasts until the ward records its end (``end_measure``)."""
    person = data.person
    unit = person.residence_unit
    check_unit_writable(user, unit)
    if data.kind not in MeasureKind.values:
        raise _refuse("kind", _("Chọn một biện pháp của Điều 13."), ErrorCode.MEASURE_KIND_UNKNOWN)
    _check_period(data.starts_on, data.ends_on)
    number = clean_text(data.document_number)
    if not number:
        raise _refuse(
            "document_number",
            _("Phải ghi số văn bản áp dụng biện pháp."),
            ErrorCode.MEASURE_DOCUMENT_REQUIRED,
        )
    same = BarringMeasure.objects.filter(
        overlapping(data.starts_on, data.ends_on), person=person, kind=data.kind
    )
    if same.exists():
        raise _refuse(
            "starts_on",
            _("%(name)s đã có biện pháp này trong khoảng thời gian đó.") % {"name": person},
            ErrorCode.MEASURE_OVERLAPS,
        )
    measure = BarringMeasure(
        person=person,
        unit=unit,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        document_number=number,
        document_date=data.document_date,
        note=clean_text(data.note),
    )
    return audit.create_audited(user, measure, unit)


def _check_period(starts_on: dt.date, ends_on: dt.date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise _refuse(
            "ends_on",
            _("Ngày kết thúc không được trước ngày bắt đầu (%(day)s).") % {"day": _day(starts_on)},
            ErrorCode.MEASURE_ENDS_BEFORE_START,
        )


@transaction.atomic
def end_measure(user: AnyUser, measure: BarringMeasure, ends_on: dt.date) -> BarringMeasure:
    """Record the last day of a measure (the charge dropped, the sentence served): from the next
    day the citizen is registered and may be called (Art. 13.2)."""
    check_object_writable(user, measure)
    _check_period(measure.starts_on, ends_on)
    return audit.update_audited(user, measure, measure.unit, {"ends_on": ends_on})
