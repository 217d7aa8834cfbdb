"""The call-up workflow: each function validates, writes in one transaction and audits.

Views, the API and the ``qpdp`` commands call these functions; the law is asked of ``rules``.
Refusals raise ``ValidationError`` (or ``PermissionDenied``) with a Vietnamese message before
anything is written, so a refused call leaves the database unchanged.

A cycle runs in the units in force on its handover date, under the regime of that date
(``rules.cycle_regime``): the 2023 cycle belongs to the city and its 2022 wards, the 2026 cycle to
the province and the new wards. A person's records of a cycle belong to the ward he lived in then
(``cycle_commune``), so a 2023 record stays with Suối Hoa after the 2025 merger.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from qpdp.conscription import rules
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    HealthResult,
    Outcome,
    Quota,
    Registration,
    Review,
)
from qpdp.conscription.rules import DecisionKind, PoolState
from qpdp.conscription.rules.ages import (
    CALL_UP_MAX_AGE_AFTER_STUDY,
    MALE_REGISTRATION_AGE,
    latest_birth_reaching,
)
from qpdp.conscription.rules.grounds import STUDY_GROUND
from qpdp.conscription.rules.standards import HEALTH_CLASSES
from qpdp.core import audit
from qpdp.core.access import (
    AnyUser,
    Role,
    User,
    check_object_writable,
    check_unit_writable,
    is_admin,
    scope_units,
)
from qpdp.core.dates import PartialDate
from qpdp.core.identity import MALE
from qpdp.core.units import Unit, UnitKind
from qpdp.people.choices import EducationLevel
from qpdp.people.models import Person, Residence

LIVE_OUTCOMES = (Outcome.PENDING, Outcome.HANDED_OVER)
"""Orders that fill a quota: a failed or cancelled order leaves its place to a replacement."""


def _create(user: AnyUser, obj: Any, unit: Unit) -> Any:
    obj.full_clean()
    obj.save()
    audit.record(user, audit.Action.CREATE, obj, after=audit.snapshot(obj), unit=unit)
    return obj


def _update(user: AnyUser, obj: Any, unit: Unit, **changes: Any) -> Any:
    before = audit.snapshot(obj)
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    audit.record(
        user, audit.Action.UPDATE, obj, before=before, after=audit.snapshot(obj), unit=unit
    )
    return obj


def _account(user: AnyUser) -> User:
    """The signed-in account a record names as its author (the checks before refuse others)."""
    if not isinstance(user, User):
        raise PermissionDenied(_("Cần đăng nhập để ghi dữ liệu."))
    return user


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


# -- territory ---------------------------------------------------------------------------------


def _check_in_cycle(cycle: CallUpCycle, unit: Unit) -> None:
    """Refuse a unit outside the cycle's territory or not in force on its handover date."""
    inside = unit.path.startswith(cycle.unit.path) and unit.is_valid_on(cycle.handover_date)
    if not inside:
        raise ValidationError(
            _("%(unit)s không thuộc địa bàn của đợt tuyển quân năm %(year)s (%(owner)s).")
            % {"unit": unit.label, "year": cycle.year, "owner": cycle.unit.label}
        )


def _residents(units: QuerySet[Unit], day: dt.date) -> Q:
    """People registered in ``units`` now, or who lived in one of them on ``day`` if it has since
    ended: a 2022 ward keeps the men who lived in it, though the registry now places them in the
    ward it was merged into."""
    lived = Residence.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        person=OuterRef("pk"),
        unit__in=units.filter(valid_to__isnull=False).values("pk"),
    )
    return Q(residence_unit__in=units.values("pk")) | Q(Exists(lived))


def commune_on(person: Person, day: dt.date) -> Unit:
    """The commune the person lived in on ``day``, among the units in force that day."""
    if person.residence_unit.is_valid_on(day):
        return person.residence_unit
    residence = (
        Residence.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            person=person,
            unit__in=Unit.objects.valid_on(day).values("pk"),
        )
        .select_related("unit")
        .order_by("-valid_from")
        .first()
    )
    if residence is None:
        raise ValidationError(
            _("Không xác định được xã, phường nơi %(name)s cư trú ngày %(day)s.")
            % {"name": person, "day": _day(day)}
        )
    return residence.unit


def cycle_commune(cycle: CallUpCycle, person: Person) -> Unit:
    """The ward a person's records of ``cycle`` belong to: where he lived on the handover date,
    which fixes the units of the cycle as ``cycle_regime`` fixes its law."""
    return commune_on(person, cycle.handover_date)


# -- cycles and quotas ------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    user: AnyUser,
    *,
    unit: Unit,
    year: int,
    handover_date: dt.date,
    sequence: int = 1,
    list_date: dt.date | None = None,
    registration_date: dt.date | None = None,
    exam_start: dt.date | None = None,
    exam_end: dt.date | None = None,
) -> CallUpCycle:
    """A cycle run by ``unit`` (the city before 07/2025, the province since) for ``year``.

    Default dates follow the law: list on 1 January, registration in April (Art. 16), health
    examination 1 November – 31 December of the year before the handover (Art. 40.5); the
    handover is in February or March unless this is a second call (Art. 33).
    """
    check_unit_writable(user, unit)
    if handover_date.year != year:
        raise ValidationError(
            _("Ngày giao quân phải thuộc năm gọi nhập ngũ %(year)s.") % {"year": year}
        )
    try:
        regime = rules.cycle_regime(handover_date)
    except rules.NoRuleInForce as exc:
        raise ValidationError(
            _("Ngày giao quân trước ngày Luật Nghĩa vụ quân sự 2015 có hiệu lực (01/01/2016).")
        ) from exc
    rules.validate_handover_date(handover_date, second_call=sequence > 1)
    owners = regime.quota_chain[:-1]
    if unit.kind not in owners or not unit.is_valid_on(handover_date):
        raise ValidationError(
            _(
                "Đợt tuyển quân năm %(year)s do đơn vị cấp %(levels)s còn hiệu lực vào ngày giao "
                "quân chủ trì (Điều 34 Luật Nghĩa vụ quân sự)."
            )
            % {"year": year, "levels": ", ".join(str(UnitKind(k).label) for k in owners)}
        )
    exam_from, exam_to = rules.exam_window(year - 1)
    cycle = CallUpCycle(
        unit=unit,
        year=year,
        sequence=sequence,
        handover_date=handover_date,
        list_date=list_date or dt.date(year - 1, 1, 1),
        registration_date=registration_date or dt.date(year - 1, 4, 1),
        exam_start=exam_start or exam_from,
        exam_end=exam_end or exam_to,
    )
    return _create(user, cycle, unit)


def quota_levels(cycle: CallUpCycle) -> tuple[str, ...]:
    """The unit kinds quotas pass through in this cycle, from its owner down (Art. 34.3):
    district → commune for a city's cycle before 07/2025, province → commune since."""
    chain = cycle.regime.quota_chain
    kind = cycle.unit.kind
    return chain[chain.index(kind) :] if kind in chain else chain


def _quota_parent(unit: Unit, levels: Sequence[str], units: dict[int, Unit]) -> Unit | None:
    """The ancestor one level up the cycle's chain (a ward's district, or its province since
    07/2025); ``units`` holds the ancestors by id."""
    index = levels.index(unit.kind) if unit.kind in levels else 0
    if index == 0:
        return None
    for ancestor_id in reversed(unit.ancestor_ids()[:-1]):
        ancestor = units.get(ancestor_id)
        if ancestor is not None and ancestor.kind == levels[index - 1]:
            return ancestor
    return None


@transaction.atomic
def assign_quota(
    user: AnyUser, cycle: CallUpCycle, unit: Unit, number: int, *, assigned_on: dt.date
) -> Quota:
    """Set (or change) the number ``unit`` must call in ``cycle``.

    Top-down (Art. 34.3): the owner first, then each level from its parent's quota. Never below
    what the unit has already handed over: the handover is a fact that stands.
    """
    check_unit_writable(user, unit)
    levels = quota_levels(cycle)
    if unit.kind not in levels:
        raise ValidationError(
            _("Theo quy định áp dụng cho đợt này, chỉ tiêu chỉ giao cho: %(levels)s.")
            % {"levels": ", ".join(str(UnitKind(k).label) for k in levels)}
        )
    _check_in_cycle(cycle, unit)
    if number < 0:
        raise ValidationError(_("Chỉ tiêu không được âm."))
    ancestors = {u.pk: u for u in unit.ancestors()}
    parent = _quota_parent(unit, levels, ancestors)
    if parent is not None and not Quota.objects.filter(cycle=cycle, unit=parent).exists():
        raise ValidationError(
            _("Phải giao chỉ tiêu cho %(parent)s trước khi giao cho %(unit)s.")
            % {"parent": parent.label, "unit": unit.label}
        )
    handed = handed_over_count(cycle, [unit])
    if number < handed:
        raise ValidationError(
            _("Chỉ tiêu %(number)s thấp hơn số đã giao quân (%(handed)s).")
            % {"number": number, "handed": handed}
        )
    existing = Quota.objects.filter(cycle=cycle, unit=unit).first()
    if existing is not None:
        return _update(user, existing, unit, number=number, assigned_on=assigned_on)
    return _create(
        user, Quota(cycle=cycle, unit=unit, number=number, assigned_on=assigned_on), unit
    )


@dataclass(frozen=True, slots=True)
class QuotaMismatch:
    """A parent whose quota differs from its children's total: shown as a warning."""

    parent: Unit
    parent_number: int
    children_total: int

    def __str__(self) -> str:
        return _(
            "Tổng chỉ tiêu giao cho các đơn vị thuộc %(unit)s là %(children)s, khác chỉ tiêu "
            "được giao %(parent)s."
        ) % {
            "unit": self.parent.label,
            "children": self.children_total,
            "parent": self.parent_number,
        }


def quota_mismatches(cycle: CallUpCycle) -> list[QuotaMismatch]:
    """Units whose quota differs from the sum of their children's one level down the chain
    (a warning, not a refusal: quotas are assigned over several days). A unit above the commune
    level with no child quota yet counts its children as 0."""
    levels = quota_levels(cycle)
    quotas = list(cycle.quotas.select_related("unit").order_by("unit__path"))
    ancestor_ids = {pk for quota in quotas for pk in quota.unit.ancestor_ids()}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ancestor_ids)}
    totals = {q.unit_id: 0 for q in quotas if q.unit.kind != levels[-1]}
    for quota in quotas:
        parent = _quota_parent(quota.unit, levels, units)
        if parent is not None and parent.pk in totals:
            totals[parent.pk] += quota.number
    return [
        QuotaMismatch(quota.unit, quota.number, totals[quota.unit_id])
        for quota in quotas
        if quota.unit_id in totals and totals[quota.unit_id] != quota.number
    ]


# -- first registration -----------------------------------------------------------------------


def _cohort(year: int, units: QuerySet[Unit]) -> QuerySet[Person]:
    """Men who turn 17 in ``year`` (Art. 16.1) and lived in ``units`` on the list's 1 January."""
    return Person.objects.filter(
        _residents(units, dt.date(year, 1, 1)),
        gender=MALE,
        birth_date__year=year - MALE_REGISTRATION_AGE,
    ).order_by("roster_key", "pk")


def first_registration_list(year: int, units: QuerySet[Unit]) -> QuerySet[Person]:
    """The January list (Art. 16.1): men who turn 17 in ``year`` living in ``units``, not yet
    registered. Women of the listed professions register voluntarily and the registry does not
    hold professions, so none is listed."""
    return _cohort(year, units).filter(registration__isnull=True)


def registration_overdue(
    year: int, units: QuerySet[Unit], *, deadline: dt.date, on: dt.date | None = None
) -> QuerySet[Person]:
    """Men of the year's list with no registration by ``deadline``, the day the commune chair's
    April call set (Art. 16.2); not complying with that call is evasion (Art. 3.8).

    Seen on ``on``, nobody is overdue until the deadline has passed. A man who registered late
    stays on the list (his registration shows the date); ``None`` means the deadline has passed.
    """
    if on is not None and on <= deadline:
        return Person.objects.none()
    return (
        _cohort(year, units)
        .exclude(registration__registered_on__lte=deadline)
        .select_related("registration")
    )


@transaction.atomic
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
    if unit is None:
        unit = commune_on(person, registered_on)
    elif not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền ghi dữ liệu cho công dân này."))
    check_unit_writable(user, unit)
    if not unit.is_valid_on(registered_on):
        raise ValidationError(
            _("%(unit)s không còn hoặc chưa có hiệu lực vào ngày %(day)s.")
            % {"unit": unit.label, "day": _day(registered_on)}
        )
    if Registration.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s đã đăng ký nghĩa vụ quân sự lần đầu.") % {"name": person})
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
            % {"day": _day(registered_on), "name": person}
        )
    if not number.strip():
        raise ValidationError(_("Phải ghi số đăng ký."))
    registration = Registration(
        person=person,
        unit=unit,
        registered_on=registered_on,
        number=number.strip(),
        place=place.strip(),
    )
    return _create(user, registration, unit)


# -- health ------------------------------------------------------------------------------------


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
    commune = cycle_commune(cycle, person)
    check_unit_writable(user, commune)
    _check_in_cycle(cycle, commune)
    if kind not in HealthKind.values:
        raise ValidationError(_("Loại kết quả phải là sơ tuyển hoặc khám tuyển."))
    if health_class not in HEALTH_CLASSES:
        raise ValidationError(_("Phân loại sức khỏe phải từ 1 đến 6 (Thông tư 105/2023, Điều 6)."))
    if kind == HealthKind.EXAMINATION and not cycle.exam_start <= examined_on <= cycle.exam_end:
        raise ValidationError(
            _("Ngày khám phải trong thời gian khám của đợt (%(start)s – %(end)s).")
            % {"start": _day(cycle.exam_start), "end": _day(cycle.exam_end)}
        )
    if kind == HealthKind.PRE_SCREENING and not cycle.list_date <= examined_on <= cycle.exam_end:
        raise ValidationError(
            _("Ngày sơ tuyển phải từ %(start)s đến hết thời gian khám (%(end)s).")
            % {"start": _day(cycle.list_date), "end": _day(cycle.exam_end)}
        )
    if myopia_dioptres is not None and myopia_dioptres < 0:
        raise ValidationError(_("Độ cận thị ghi bằng số đi-ốp không âm (ví dụ 2,0 cho −2,0 D)."))
    if bmi is not None and bmi <= 0:
        raise ValidationError(_("Chỉ số BMI phải lớn hơn 0."))
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


# -- deferral and exemption ----------------------------------------------------------------


@transaction.atomic
def propose_decision(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    kind: str,
    ground: str,
    evidence: str,
    proposed_on: dt.date,
    until: dt.date | None = None,
    higher_education: bool = False,
) -> Decision:
    """The commune council proposes a deferral or exemption (Art. 39.2) on a ground of Art. 41
    in force that day, with its evidence and, for a deferral, the day the ground ends (Art. 41.3:
    he is called once it ends)."""
    commune = cycle_commune(cycle, person)
    check_unit_writable(user, commune)
    _check_in_cycle(cycle, commune)
    if kind not in DecisionKind.values:
        raise ValidationError(_("Phải chọn tạm hoãn hoặc miễn gọi nhập ngũ."))
    decision_kind = DecisionKind(kind)
    if not ground:
        raise ValidationError(_("Phải chọn lý do tạm hoãn hoặc miễn (điểm của Điều 41)."))
    try:
        legal = rules.ground(decision_kind, ground)
    except KeyError as exc:
        raise ValidationError(
            _("Lý do “%(ground)s” không có trong Điều 41.") % {"ground": ground}
        ) from exc
    if legal not in rules.grounds_in_force(decision_kind, proposed_on):
        raise ValidationError(
            _("Lý do tại %(article)s chưa có hiệu lực vào ngày đề nghị %(day)s.")
            % {"article": legal.article, "day": _day(proposed_on)}
        )
    if decision_kind is DecisionKind.DEFERRAL and until is None:
        raise ValidationError(_("Tạm hoãn phải ghi ngày hết lý do (ví dụ ngày kết thúc khóa học)."))
    if until is not None and until <= proposed_on:
        raise ValidationError(_("Ngày hết lý do phải sau ngày đề nghị."))
    if higher_education and (decision_kind is not DecisionKind.DEFERRAL or ground != STUDY_GROUND):
        raise ValidationError(
            _("Chỉ tạm hoãn theo điểm g (đang học) mới ghi là học cao đẳng, đại học.")
        )
    if not evidence.strip():
        raise ValidationError(_("Phải ghi giấy tờ chứng minh lý do."))
    if Decision.objects.filter(cycle=cycle, person=person, decided_on__isnull=True).exists():
        raise ValidationError(
            _("%(name)s đã có đề nghị đang chờ quyết định trong đợt này.") % {"name": person}
        )
    decision = Decision(
        cycle=cycle,
        person=person,
        unit=commune,
        kind=kind,
        ground=ground,
        evidence=evidence.strip(),
        until=until,
        higher_education=higher_education,
        proposed_on=proposed_on,
        proposed_by=_account(user),
    )
    return _create(user, decision, commune)


def deciding_level(cycle: CallUpCycle) -> str:
    """District People's Committee chair before 01/07/2025, provincial chair since (Art. 42.1)."""
    return UnitKind.DISTRICT if cycle.regime.has_district_level else UnitKind.PROVINCE


def check_decider(user: AnyUser, cycle: CallUpCycle, unit: Unit) -> None:
    """Only the authority the regime names decides deferrals and exemptions (Art. 42.1) and
    approves the call-up lists (Art. 34.3): the commander account of that level over ``unit``
    stands for it, or an administrator entering a signed paper decision."""
    if is_admin(user):
        return
    allowed = (
        isinstance(user, User)
        and user.role == Role.COMMANDER
        and user.unit is not None
        and user.unit.kind == deciding_level(cycle)
        and scope_units(user).filter(pk=unit.pk).exists()
    )
    if not allowed:
        raise PermissionDenied(
            _("Việc này thuộc thẩm quyền của %(authority)s (Điều 42 Luật Nghĩa vụ quân sự).")
            % {"authority": cycle.regime.deferral_decided_by}
        )


@transaction.atomic
def decide(user: AnyUser, decision: Decision, *, decided_on: dt.date, number: str) -> Decision:
    """The regime's authority signs a proposed deferral or exemption (Art. 42.1)."""
    check_decider(user, decision.cycle, decision.unit)
    if decision.decided_on is not None:
        raise ValidationError(_("Đề nghị này đã có quyết định."))
    if decided_on < decision.proposed_on:
        raise ValidationError(_("Ngày quyết định không được trước ngày đề nghị."))
    if decision.until is not None and decision.until < decided_on:
        raise ValidationError(_("Lý do tạm hoãn đã hết trước ngày quyết định."))
    if not number.strip():
        raise ValidationError(_("Phải ghi số quyết định."))
    return _update(
        user,
        decision,
        decision.unit,
        decided_on=decided_on,
        decided_by=user,
        decision_number=number.strip(),
    )


# -- the pool ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """A person of the pool with his evaluation (state, reasons, articles) on the pool's date."""

    person: Person
    evaluation: rules.Evaluation

    @property
    def state(self) -> PoolState:
        return self.evaluation.state


def pool(
    cycle: CallUpCycle,
    units: QuerySet[Unit],
    *,
    on: dt.date,
    min_grade: int = rules.MIN_EDUCATION_GRADE,
) -> list[PoolEntry]:
    """Every registered citizen of ``units`` (within the cycle) who may be of call-up age on
    ``on``, with his state (``rules.evaluate``); ``min_grade`` is 7 where permitted (Circular
    148/2018 Art. 4.4).

    The birth-date window only saves reading people no rule could place in the pool: anyone
    registered (from the year he turns 17) and possibly not past 27 (Art. 30) is read, and the
    rules say whether he is under age, over age or in between. Four queries whatever the size.
    """
    oldest = latest_birth_reaching(CALL_UP_MAX_AGE_AFTER_STUDY + 1, on)
    territory = units.filter(pk__in=cycle.unit.subtree().values("pk"))
    people = Person.objects.filter(
        _residents(territory, on),
        registration__isnull=False,
        birth_date__gte=dt.date(oldest.year, 1, 1),
        birth_date__lte=dt.date(on.year - MALE_REGISTRATION_AGE, 12, 31),
    )
    return _evaluate(people, on, min_grade)


def state_of(
    person: Person, on: dt.date, *, min_grade: int = rules.MIN_EDUCATION_GRADE
) -> rules.Evaluation:
    """One person's state on ``on``, from the same records as ``pool``."""
    return _evaluate(Person.objects.filter(pk=person.pk), on, min_grade)[0].evaluation


# What a pool page shows of a person; loading only these keeps a province's pool in seconds
# (full model rows with their registration and unit cost three instances per person).
_POOL_PERSON_FIELDS = (
    "pk", "full_name", "birth_date", "birth_precision", "gender", "education_level", "address",
    "residence_unit",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Exam:
    health_class: int
    examined_on: dt.date
    drug_addicted: bool
    myopia_dioptres: Decimal | None
    hyperopia: bool
    bmi: Decimal | None


def _evaluate(people_qs: QuerySet[Person], on: dt.date, min_grade: int) -> list[PoolEntry]:
    """Evaluate ``people_qs`` in four queries; related rows are matched by subquery, not by a
    list of ids, which a province's pool would push past the database's parameter limit."""
    people = list(
        people_qs.only(*_POOL_PERSON_FIELDS)
        .annotate(registered_on=F("registration__registered_on"))
        .order_by("roster_key", "pk")
    )
    ids = people_qs.values("pk")
    exams: dict[int, _Exam] = {
        row[0]: _Exam(*row[1:])
        for row in HealthResult.objects.filter(
            person__in=ids, kind=HealthKind.EXAMINATION, examined_on__lte=on
        )
        .order_by("examined_on", "pk")
        .values_list(
            "person_id",
            "health_class",
            "examined_on",
            "drug_addicted",
            "myopia_dioptres",
            "hyperopia",
            "bmi",
        )
    }
    decisions: dict[int, list[rules.Decision]] = defaultdict(list)
    for d in Decision.objects.filter(person__in=ids, decided_on__lte=on):
        rule = d.as_rule()
        if rule is not None:
            decisions[d.person_id].append(rule)
    served = dict(
        CallUpOrder.objects.filter(
            person__in=ids, outcome=Outcome.HANDED_OVER, handed_over_on__lte=on
        ).values_list("person_id", "handed_over_on")
    )
    rows = [
        (
            facts_of(p, p.registered_on, exams.get(p.pk), served.get(p.pk)),
            decisions.get(p.pk, ()),
        )
        for p in people
    ]
    evaluations = rules.evaluate_many(rows, on, min_grade=min_grade)
    return [PoolEntry(p, e) for p, e in zip(people, evaluations, strict=True)]


def facts_of(
    person: Person,
    registered_on: dt.date | None,
    exam: _Exam | HealthResult | None,
    served_on: dt.date | None,
) -> rules.PersonFacts:
    """What the rules need of a person, as plain values."""
    return rules.PersonFacts(
        gender=person.gender,
        birth=PartialDate.from_stored(person.birth_date, person.birth_precision),
        registered_on=registered_on,
        health_class=exam.health_class if exam else None,
        health_exam_on=exam.examined_on if exam else None,
        drug_addicted=bool(exam and exam.drug_addicted),
        myopia_dioptres=float(exam.myopia_dioptres)
        if exam and exam.myopia_dioptres is not None
        else None,
        hyperopia=bool(exam and exam.hyperopia),
        bmi=float(exam.bmi) if exam and exam.bmi is not None else None,
        education_grade=min(person.education_level, 12)
        if person.education_level is not None
        else None,
        in_service_from=served_on,
    )


def reserve_list(cycle: CallUpCycle, units: QuerySet[Unit], *, on: dt.date) -> list[PoolEntry]:
    """The callable remainder: callable on ``on`` and without a live order in this cycle; a
    failed report is replaced from it."""
    ordered = set(
        CallUpOrder.objects.filter(cycle=cycle)
        .exclude(outcome=Outcome.CANCELLED)
        .values_list("person_id", flat=True)
    )
    return [
        entry
        for entry in pool(cycle, units, on=on)
        if entry.evaluation.is_callable and entry.person.pk not in ordered
    ]


# -- council review, orders, handover ----------------------------------------------------------


@transaction.atomic
def approve_review(
    user: AnyUser,
    cycle: CallUpCycle,
    unit: Unit,
    *,
    approved_on: dt.date,
    posted_from: dt.date | None = None,
) -> Review:
    """Approve a commune's lists (Art. 34.3, 42.1) and post them for 20 days (Art. 41.4).

    Since 07/2025 posting starts within 20 days of the signature (Circular 148/2018 Art. 5.4 as
    amended by Circular 68/2025); ``posted_from`` defaults to the day of approval.
    """
    check_decider(user, cycle, unit)
    _check_in_cycle(cycle, unit)
    if unit.kind != UnitKind.COMMUNE:
        raise ValidationError(_("Danh sách được xét duyệt theo từng xã, phường."))
    if Review.objects.filter(cycle=cycle, unit=unit).exists():
        raise ValidationError(_("Danh sách của đơn vị này đã được phê duyệt."))
    posted_from = posted_from or approved_on
    if posted_from < approved_on:
        raise ValidationError(_("Không thể niêm yết trước ngày phê duyệt."))
    deadline = rules.deferral_list_posting_deadline(approved_on)
    if deadline is not None and posted_from > deadline:
        raise ValidationError(
            _("Danh sách phải được niêm yết chậm nhất ngày %(day)s (%(article)s).")
            % {"day": _day(deadline), "article": cycle.regime.deferral_list_posting_article}
        )
    review = Review(
        cycle=cycle,
        unit=unit,
        approved_on=approved_on,
        approved_by=_account(user),
        posted_from=posted_from,
        posted_until=rules.deferral_list_posting_end(posted_from),
    )
    return _create(user, review, unit)


def order_issuer(cycle: CallUpCycle, commune: Unit) -> Unit:
    """The district (lệnh gọi, before 07/2025) or the commune itself (quyết định gọi, since):
    Art. 34.6 in each text."""
    if cycle.regime.has_district_level:
        district = commune.parent
        if district is None or district.kind != UnitKind.DISTRICT:
            raise ValidationError(
                _("Không xác định được cấp huyện ra lệnh gọi cho %(unit)s.")
                % {"unit": commune.label}
            )
        return district
    return commune


def next_order_number(issuer: Unit, year: int) -> int:
    """Orders are numbered per issuing body and calendar year."""
    last = CallUpOrder.objects.filter(issuer=issuer, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def issue_order(
    user: AnyUser,
    cycle: CallUpCycle,
    person: Person,
    *,
    issued_on: dt.date,
    report_place: str,
    number: int | None = None,
    replaces: CallUpOrder | None = None,
    report_on: dt.date | None = None,
) -> CallUpOrder:
    """Issue the call-up order (decision) to a citizen callable on ``issued_on`` on his ward's
    approved list; it reaches him at least 15 days before ``report_on``, the handover date
    unless a replacement reports later (Art. 34.6). Only an account that may write for the
    issuing body signs it: the district before 07/2025, the ward since."""
    commune = cycle_commune(cycle, person)
    _check_in_cycle(cycle, commune)
    issuer = order_issuer(cycle, commune)
    check_unit_writable(user, commune)
    check_unit_writable(user, issuer)
    review = Review.objects.filter(cycle=cycle, unit=commune).first()
    if review is None:
        raise ValidationError(
            _("Danh sách gọi nhập ngũ của %(unit)s chưa được phê duyệt.") % {"unit": commune.label}
        )
    if issued_on < review.approved_on:
        raise ValidationError(
            _("Không thể ký lệnh gọi trước ngày phê duyệt danh sách (%(day)s).")
            % {"day": _day(review.approved_on)}
        )
    report_on = report_on or cycle.handover_date
    if report_on < cycle.handover_date:
        raise ValidationError(
            _("Ngày có mặt không được trước ngày giao quân của đợt (%(day)s).")
            % {"day": _day(cycle.handover_date)}
        )
    if replaces is not None:
        _check_replaceable(cycle, replaces, commune)
    if not report_place.strip():
        raise ValidationError(_("Phải ghi địa điểm có mặt."))
    evaluation = state_of(person, issued_on)
    if not evaluation.is_callable:
        raise ValidationError(
            _("Không thể gọi %(name)s nhập ngũ: %(reason)s (%(article)s).")
            % {
                "name": person,
                "reason": evaluation.reasons[0].message,
                "article": evaluation.reasons[0].article,
            }
        )
    if rules.order_is_late(report_on, issued_on):
        raise ValidationError(
            _(
                "%(document)s phải đến công dân ít nhất 15 ngày trước ngày có mặt (%(article)s): "
                "chậm nhất ngày %(day)s."
            )
            % {
                "document": cycle.regime.call_up_document,
                "article": cycle.regime.call_up_notice_article,
                "day": _day(rules.latest_order_date(report_on)),
            }
        )
    if (
        CallUpOrder.objects.filter(cycle=cycle, person=person)
        .exclude(outcome=Outcome.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            _("%(name)s đã có lệnh gọi nhập ngũ trong đợt này.") % {"name": person}
        )
    year = issued_on.year
    if number is None:
        number = next_order_number(issuer, year)
    if number < 1:
        raise ValidationError(_("Số lệnh gọi phải từ 1 trở lên."))
    if CallUpOrder.objects.filter(issuer=issuer, year=year, number=number).exists():
        raise ValidationError(
            _("Số %(number)s/%(year)s của %(issuer)s đã được dùng.")
            % {"number": number, "year": year, "issuer": issuer.label}
        )
    order = CallUpOrder(
        cycle=cycle,
        person=person,
        unit=commune,
        issuer=issuer,
        year=year,
        number=number,
        issued_on=issued_on,
        report_on=report_on,
        report_place=report_place.strip(),
        replaces=replaces,
    )
    return _create(user, order, commune)


def _check_replaceable(cycle: CallUpCycle, failed: CallUpOrder, commune: Unit) -> None:
    """A replacement fills the place of a citizen of the same ward and cycle who did not
    report, once."""
    if failed.cycle_id != cycle.pk or failed.outcome != Outcome.FAILED:
        raise ValidationError(_("Chỉ gọi thay cho người không có mặt trong cùng đợt."))
    if failed.unit_id != commune.pk:
        raise ValidationError(
            _("Người gọi thay phải thuộc %(unit)s như người không có mặt.")
            % {"unit": failed.unit.label}
        )
    if CallUpOrder.objects.filter(replaces=failed).exclude(outcome=Outcome.CANCELLED).exists():
        raise ValidationError(_("Đã gọi người thay cho lệnh này."))


def issue_replacement(
    user: AnyUser,
    failed: CallUpOrder,
    person: Person,
    *,
    issued_on: dt.date,
    report_on: dt.date,
    report_place: str,
    number: int | None = None,
) -> CallUpOrder:
    """Call a citizen of the reserve list (``reserve_list``) in place of one who failed to
    report; the new order keeps the 15-day notice to its own date (Art. 34.6)."""
    return issue_order(
        user,
        failed.cycle,
        person,
        issued_on=issued_on,
        report_place=report_place,
        number=number,
        replaces=failed,
        report_on=report_on,
    )


@transaction.atomic
def record_handover(
    user: AnyUser,
    order: CallUpOrder,
    *,
    handed_over: bool,
    on: dt.date,
    receiving_unit: str = "",
    failure_reason: str = "",
) -> CallUpOrder:
    """Record the outcome at the handover (Art. 35): handed to a unit, or absent with the reason
    (Art. 35.5 requires it confirmed)."""
    check_object_writable(user, order)
    if order.outcome != Outcome.PENDING:
        raise ValidationError(_("Lệnh gọi này đã có kết quả giao quân."))
    if on < order.issued_on:
        raise ValidationError(_("Ngày giao quân không được trước ngày ký lệnh gọi."))
    if handed_over and not receiving_unit.strip():
        raise ValidationError(_("Phải ghi đơn vị nhận quân."))
    if not handed_over and not failure_reason.strip():
        raise ValidationError(_("Phải ghi lý do công dân không có mặt."))
    return _update(
        user,
        order,
        order.unit,
        outcome=Outcome.HANDED_OVER if handed_over else Outcome.FAILED,
        handed_over_on=on if handed_over else None,
        receiving_unit=receiving_unit.strip(),
        failure_reason=failure_reason.strip(),
    )


# -- deadlines ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverdueStep:
    """A step of the cycle past the day the law (or the order) set for it."""

    unit: Unit
    deadline: dt.date
    message: str


def overdue_steps(cycle: CallUpCycle, *, on: dt.date) -> list[OverdueStep]:
    """Seen on ``on``: wards still short of orders for their quota after the last day an order
    may reach the citizen (Art. 34.6), and orders whose reporting day passed with no outcome."""
    steps: list[OverdueStep] = []
    last_day = rules.latest_order_date(cycle.handover_date)
    if rules.order_overdue(cycle.handover_date, on):
        issued = dict(
            CallUpOrder.objects.filter(cycle=cycle, outcome__in=LIVE_OUTCOMES)
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
        quotas = Quota.objects.filter(cycle=cycle, unit__kind=UnitKind.COMMUNE)
        for quota in quotas.select_related("unit").order_by("unit__path"):
            count = issued.get(quota.unit_id, 0)
            if count < quota.number:
                steps.append(
                    OverdueStep(
                        quota.unit,
                        last_day,
                        _("Mới có %(count)s/%(quota)s lệnh gọi; hạn chót ngày %(day)s.")
                        % {"count": count, "quota": quota.number, "day": _day(last_day)},
                    )
                )
    pending = CallUpOrder.objects.filter(cycle=cycle, outcome=Outcome.PENDING, report_on__lt=on)
    for order in pending.select_related("unit", "person").order_by("report_on", "pk"):
        steps.append(
            OverdueStep(
                order.unit,
                order.report_on,
                _("Chưa ghi kết quả giao quân của lệnh số %(number)s/%(year)s (%(name)s).")
                % {"number": order.number, "year": order.year, "name": order.person},
            )
        )
    return steps


# -- completion --------------------------------------------------------------------------------


def handed_over_count(cycle: CallUpCycle, units: Iterable[Unit]) -> int:
    subtree = Unit.objects.subtree_of(list(units)).values("pk")
    return CallUpOrder.objects.filter(
        cycle=cycle, unit__in=subtree, outcome=Outcome.HANDED_OVER
    ).count()


@dataclass(frozen=True, slots=True)
class Completion:
    """A unit's quota and what was handed over in its subtree (indicator 1 of the brief:
    handed over ÷ number assigned, Art. 34.3 and 35)."""

    unit: Unit
    quota: int
    handed_over: int
    failed_to_report: int
    college_graduates: int
    party_members: int

    @property
    def percent(self) -> Decimal | None:
        if not self.quota:
            return None
        return (Decimal(self.handed_over) * 100 / self.quota).quantize(Decimal("0.1"))


def completion(cycle: CallUpCycle, units: Sequence[Unit]) -> list[Completion]:
    """Quota, handed over and % per unit (with its subtree), in three queries."""
    quotas = dict(
        Quota.objects.filter(cycle=cycle, unit__in=units).values_list("unit_id", "number")
    )
    rows = (
        CallUpOrder.objects.filter(cycle=cycle, outcome__in=(Outcome.HANDED_OVER, Outcome.FAILED))
        .values("unit_id")
        .annotate(
            n=Count("pk", filter=Q(outcome=Outcome.HANDED_OVER)),
            failed=Count("pk", filter=Q(outcome=Outcome.FAILED)),
            party=Count("pk", filter=Q(outcome=Outcome.HANDED_OVER, person__party_member=True)),
            college=Count(
                "pk",
                filter=Q(
                    outcome=Outcome.HANDED_OVER, person__education_level__gte=EducationLevel.COLLEGE
                ),
            ),
        )
    )
    per_commune = {r["unit_id"]: r for r in rows}
    communes = dict(Unit.objects.filter(pk__in=per_commune).values_list("pk", "path"))
    result = []
    for unit in units:
        inside = [per_commune[c] for c, path in communes.items() if path.startswith(unit.path)]
        result.append(
            Completion(
                unit=unit,
                quota=quotas.get(unit.pk, 0),
                handed_over=sum(r["n"] for r in inside),
                failed_to_report=sum(r["failed"] for r in inside),
                college_graduates=sum(r["college"] for r in inside),
                party_members=sum(r["party"] for r in inside),
            )
        )
    return result
