"""First registration (Art. 16): the January list, the overdue and the record itself."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import Registration
from qpdp.conscription.rules.ages import MALE_REGISTRATION_AGE
from qpdp.conscription.services._common import _create, _day, _residents, commune_on
from qpdp.conscription.services.measures import check_not_barred, measures_over
from qpdp.core.access import AnyUser, check_unit_writable
from qpdp.core.dates import PartialDate
from qpdp.core.identity import MALE
from qpdp.core.units import Unit
from qpdp.people.models import Person


def _cohort(year: int, units: QuerySet[Unit]) -> QuerySet[Person]:
    """Men who turn 17 in ``year`` (Art. 16.1) and lived in ``units`` on the list's 1 January."""
    return Person.objects.filter(
        _residents(units, dt.date(year, 1, 1)),
        gender=MALE,
        birth_date__year=year - MALE_REGISTRATION_AGE,
    ).order_by("roster_key", "pk")


def _barred_on(people: QuerySet[Person], day: dt.date) -> QuerySet[Person]:
    """``people`` without those an Art. 13 measure bars from registering on ``day``."""
    return people.exclude(pk__in=measures_over(people, day, day).values("person_id"))


def first_registration_list(year: int, units: QuerySet[Unit]) -> QuerySet[Person]:
    """The January list (Art. 16.1): men who turn 17 in ``year`` living in ``units``, not yet
    registered, and not barred by an Art. 13 measure on 1 January (they register once it ends,
    Art. 13.2). Women of the listed professions register voluntarily and the registry does not
    hold professions, so none is listed."""
    return _barred_on(_cohort(year, units).filter(registration__isnull=True), dt.date(year, 1, 1))


@transaction.atomic
def check_registration(
    user: AnyUser, person: Person, *, registered_on: dt.date, unit: Unit | None = None
) -> Unit:
    """Refuse a first registration the law or the map does not allow on ``registered_on``
    (an Art. 13 measure that day among them, named); returns the unit it is recorded at. The
    bulk page's confirmation step runs it too, so it never promises a registration number the
    save would then refuse."""
    if unit is None:
        unit = commune_on(person, registered_on)
    elif not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền ghi dữ liệu cho công dân này."))
    check_unit_writable(user, unit)
    if not unit.is_valid_on(registered_on):
        raise ValidationError(
            _("%(unit)s không còn hoặc chưa có hiệu lực vào ngày %(day)s.")
            % {"unit": unit.label, "day": _day(registered_on)},
            code=ErrorCode.UNIT_NOT_IN_FORCE,
        )
    if Registration.objects.filter(person=person).exists():
        raise ValidationError(
            _("%(name)s đã đăng ký nghĩa vụ quân sự lần đầu.") % {"name": person},
            code=ErrorCode.ALREADY_REGISTERED,
        )
    check_not_barred(person, registered_on, registered_on, "registered_on")
    facts = rules.PersonFacts(
        gender=person.gender,
        birth=PartialDate.from_stored(person.birth_date, person.birth_precision),
        listed_profession=True,
    )
    if not rules.registration_subject(facts, registered_on):
        raise ValidationError(
            _(
                "Ngày %(day)s %(name)s chưa hoặc không còn thuộc diện đăng ký nghĩa vụ quân sự: "
                "nam đăng ký từ năm đủ 17 tuổi, nữ từ đủ 18 tuổi (Điều 12, Điều 16 Luật Nghĩa vụ "
                "quân sự)."
            )
            % {"day": _day(registered_on), "name": person},
            code=ErrorCode.NOT_REGISTRABLE,
        )
    return unit


def record_registration(
    user: AnyUser,
    person: Person,
    *,
    registered_on: dt.date,
    number: str,
    place: str = "",
    unit: Unit | None = None,
) -> Registration:
    """Record the first registration (Art. 16), once in a lifetime, at the commune where the
    citizen lives unless ``unit`` (an organisation's military command, Art. 15) is given.

    Men register from 1 January of the year they turn 17, women from 18 (Art. 12); recording a
    woman's registration asserts she holds one of the listed professions (Decree 14/2016).
    """
    unit = check_registration(user, person, registered_on=registered_on, unit=unit)
    if not number.strip():
        raise ValidationError(
            _("Phải ghi số đăng ký."), code=ErrorCode.REGISTRATION_NUMBER_REQUIRED
        )
    registration = Registration(
        person=person,
        unit=unit,
        registered_on=registered_on,
        number=number.strip(),
        place=place.strip(),
    )
    return _create(user, registration, unit)
