"""Militia duty of one person: the ages (Art. 8.1), the term and its extension (Art. 8.2), and the
flags on a member who is past either.

Law on Militia and Self-Defense Forces 48/2019/QH14, in force 01/07/2020; Law 98/2025/QH15
rewrote only Art. 8.3 (who extends), so 8.1 and 8.2 hold from 2020. Ages follow the shared
conventions of ``qpdp.core.ages`` (29 February, partial birth dates): a member is enrolled or
extended only when the rule holds for every day his birth date may mean.

Design decisions (not law, pinned by tests):

- A term of N years starting on day D ends on the day before the N-th anniversary of D.
- Nobody serves past the Art. 8.1 age, so the term ends at the end of the age limit when that
  comes first ("không quá độ tuổi quy định tại khoản 1").
- Where the birth date is partial, the end of the age limit is taken from the earliest day it
  may mean: a date the person has certainly not passed the limit by.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from qpdp.core.ages import (
    AgeCheck,
    BirthDate,
    age_window_check,
    anniversary,
    last_day_of_age,
    latest_birth_reaching,
)
from qpdp.core.dated import row_on
from qpdp.militia.error_codes import ErrorCode

from .base import MILITIA_LAW, Breach, Flag, Text
from .organisation import ForceKind

_ONE_DAY = timedelta(days=1)
MALE = "M"
FEMALE = "F"


@dataclass(frozen=True, slots=True)
class DutyAges:
    """Ages of militia duty in peacetime, by gender; volunteers may stay longer."""

    valid_from: date
    valid_to: date | None
    min_age: int
    max_age: dict[str, int]
    volunteer_max_age: dict[str, int]
    article: Text


DUTY_AGES: tuple[DutyAges, ...] = (
    DutyAges(
        MILITIA_LAW,
        None,
        18,
        {MALE: 45, FEMALE: 40},
        {MALE: 50, FEMALE: 45},
        _("khoản 1 Điều 8 Luật Dân quân tự vệ 2019"),
    ),
)
"""Art. 8.1: men from the 18th birthday to the end of age 45, women to the end of age 40;
volunteers to the end of age 50 (men) or 45 (women)."""


@dataclass(frozen=True, slots=True)
class Terms:
    """Length of the term by kind of force, and how far it may be extended."""

    valid_from: date
    valid_to: date | None
    years: dict[str, int]
    extension_years: int
    extended_further: frozenset[str]
    article: Text


TERMS: tuple[Terms, ...] = (
    Terms(
        MILITIA_LAW,
        None,
        {kind: 2 if kind == ForceKind.STANDING else 4 for kind in ForceKind},
        2,
        frozenset({ForceKind.MARITIME}),
        _("khoản 2 Điều 8 Luật Dân quân tự vệ 2019"),
    ),
)
"""Art. 8.2: 4 years for local, mobile, maritime and the specialised kinds, 2 years for standing
militia; extended by at most 2 years, further for maritime militia, self-defense and unit
commanders, never past the Art. 8.1 ages."""


def duty_ages(on: date) -> DutyAges:
    return row_on(DUTY_AGES, on)


def terms(on: date) -> Terms:
    return row_on(TERMS, on)


def age_limit(gender: str, on: date, *, volunteer: bool) -> int:
    """The last age of duty: 45/40, or 50/45 for a volunteer (Art. 8.1)."""
    ages = duty_ages(on)
    return (ages.volunteer_max_age if volunteer else ages.max_age)[gender]


def duty_age_check(birth: BirthDate, gender: str, on: date, *, volunteer: bool) -> AgeCheck:
    """Where ``on`` falls against the duty ages for this birth date and gender (Art. 8.1)."""
    ages = duty_ages(on)
    return age_window_check(
        birth,
        latest_birth_reaching(ages.min_age, on).toordinal(),
        latest_birth_reaching(age_limit(gender, on, volunteer=volunteer) + 1, on).toordinal(),
    )


def eligibility_breach(
    birth: BirthDate, gender: str, on: date, *, volunteer: bool
) -> Breach | None:
    """Why a person may not start militia duty on ``on`` by age, or None (Art. 8.1)."""
    ages = duty_ages(on)
    check = duty_age_check(birth, gender, on, volunteer=volunteer)
    if check is AgeCheck.WITHIN:
        return None
    limit = age_limit(gender, on, volunteer=volunteer)
    if check is AgeCheck.UNDER:
        return Breach(
            ErrorCode.UNDER_AGE,
            _("Ngày %(day)s công dân chưa đủ %(age)s tuổi")
            % {"day": f"{on:%d/%m/%Y}", "age": ages.min_age},
            ages.article,
            "person",
        )
    if check is AgeCheck.UNCERTAIN:
        return Breach(
            ErrorCode.AGE_UNCERTAIN,
            _(
                "Ngày sinh chỉ ghi tháng hoặc năm nên không xác định được công dân có trong độ "
                "tuổi thực hiện nghĩa vụ (từ đủ %(min)s đến hết %(max)s tuổi) hay không; hãy "
                "bổ sung ngày sinh đầy đủ"
            )
            % {"min": ages.min_age, "max": limit},
            ages.article,
            "person",
        )
    if volunteer:
        return Breach(
            ErrorCode.OVER_VOLUNTEER_AGE,
            _("Công dân đã quá %(age)s tuổi, quá độ tuổi được tình nguyện tham gia")
            % {"age": limit},
            ages.article,
            "person",
        )
    return Breach(
        ErrorCode.OVER_AGE,
        _(
            "Công dân đã quá %(age)s tuổi; chỉ được tham gia nếu tự nguyện, đến hết %(volunteer)s "
            "tuổi"
        )
        % {"age": limit, "volunteer": age_limit(gender, on, volunteer=True)},
        ages.article,
        "person",
    )


def age_limit_end(birth: BirthDate, gender: str, on: date, *, volunteer: bool) -> date:
    """The last day of duty age, from the earliest day a partial birth date may mean."""
    return last_day_of_age(birth.earliest, age_limit(gender, on, volunteer=volunteer))


def nominal_term_end(kind: str, term_start: date) -> date:
    """The last day of the Art. 8.2 term: the day before the 4th (standing: 2nd) anniversary."""
    return anniversary(term_start, terms(term_start).years[kind]) - _ONE_DAY


def term_end(
    kind: str, term_start: date, birth: BirthDate, gender: str, *, volunteer: bool
) -> date:
    """The term's last day: the Art. 8.2 term, cut at the end of the Art. 8.1 age."""
    limit = age_limit_end(birth, gender, term_start, volunteer=volunteer)
    return min(nominal_term_end(kind, term_start), limit)


def extension_ceiling(
    kind: str,
    term_start: date,
    term_last_day: date,
    birth: BirthDate,
    gender: str,
    *,
    volunteer: bool,
    self_defense: bool,
    commander: bool,
) -> date:
    """The latest day a term may be extended to (Art. 8.2): two years past its end, or for
    maritime militia, self-defense and unit commanders, as far as the age limit (never past it)."""
    rule = terms(term_start)
    limit = age_limit_end(birth, gender, term_start, volunteer=volunteer)
    if kind in rule.extended_further or self_defense or commander:
        return limit
    return min(anniversary(term_last_day + _ONE_DAY, rule.extension_years) - _ONE_DAY, limit)


def extension_breach(
    kind: str,
    term_start: date,
    term_last_day: date,
    current_end: date,
    until: date,
    birth: BirthDate,
    gender: str,
    *,
    volunteer: bool,
    self_defense: bool,
    commander: bool,
) -> Breach | None:
    """Why extending a term to ``until`` is unlawful, or None (Art. 8.2)."""
    rule = terms(term_start)
    ages = duty_ages(term_start)
    if until <= current_end:
        return Breach(
            ErrorCode.EXTENSION_NOT_LATER,
            _("Ngày kéo dài phải sau ngày hết thời hạn hiện tại %(day)s")
            % {"day": f"{current_end:%d/%m/%Y}"},
            rule.article,
            "until",
        )
    limit = age_limit_end(birth, gender, term_start, volunteer=volunteer)
    if until > limit:
        return Breach(
            ErrorCode.EXTENSION_PAST_AGE,
            _("Không được kéo dài quá độ tuổi thực hiện nghĩa vụ (hết ngày %(day)s)")
            % {"day": f"{limit:%d/%m/%Y}"},
            ages.article,
            "until",
        )
    ceiling = extension_ceiling(
        kind,
        term_start,
        term_last_day,
        birth,
        gender,
        volunteer=volunteer,
        self_defense=self_defense,
        commander=commander,
    )
    if until > ceiling:
        return Breach(
            ErrorCode.EXTENSION_TOO_LONG,
            _(
                "Chỉ được kéo dài không quá %(years)s năm, đến hết ngày %(day)s; kéo dài thêm chỉ "
                "áp dụng cho dân quân biển, tự vệ và chỉ huy đơn vị"
            )
            % {"years": rule.extension_years, "day": f"{ceiling:%d/%m/%Y}"},
            rule.article,
            "until",
        )
    return None


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the flags need of one member: plain values, no ORM."""

    birth: BirthDate
    gender: str
    kind: str
    term_start: date
    term_end: date
    extended_until: date | None
    volunteer: bool


PAST_TERM = "past_term"
PAST_AGE = "past_age"
AGE_UNCERTAIN = "age_uncertain"


def flags(facts: MemberFacts, on: date) -> list[Flag]:
    """Conditions of a serving member the officer should act on, seen on ``on``: past the term
    (complete or extend, Art. 8.2, 13.1), past the age (release, Art. 8.1), age unknown."""
    found: list[Flag] = []
    end = facts.extended_until or facts.term_end
    if on > end:
        found.append(
            Flag(
                PAST_TERM,
                _("Đã hết thời hạn thực hiện nghĩa vụ ngày %(day)s") % {"day": f"{end:%d/%m/%Y}"},
                terms(facts.term_start).article,
            )
        )
    check = duty_age_check(facts.birth, facts.gender, on, volunteer=facts.volunteer)
    limit = age_limit(facts.gender, on, volunteer=facts.volunteer)
    if check is AgeCheck.OVER:
        found.append(
            Flag(PAST_AGE, _("Đã quá %(age)s tuổi") % {"age": limit}, duty_ages(on).article)
        )
    elif check is AgeCheck.UNCERTAIN:
        found.append(
            Flag(
                AGE_UNCERTAIN,
                _("Ngày sinh không đầy đủ, chưa xác định được còn trong độ tuổi hay không"),
                duty_ages(on).article,
            )
        )
    return found


def service_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` inclusive (a month counts once its last day is
    served): 01/03/2024–28/02/2026 is 24 months. For Art. 4.4.a (24 months of standing militia)."""
    if end < start:
        return 0
    day_after = end + _ONE_DAY
    months = (day_after.year - start.year) * 12 + day_after.month - start.month
    if _add_months(start, months) > day_after:
        months -= 1
    return months


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it has no such day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
