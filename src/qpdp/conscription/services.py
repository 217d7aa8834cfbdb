"""The call-up workflow: each function validates, writes in one transaction and audits.

Views, the API and the ``qpdp`` commands call these functions; the law is asked of ``rules``.
Refusals raise ``ValidationError`` with a Vietnamese message and leave the database unchanged.
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
from django.db.models import Count, Max, Q, QuerySet
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
from qpdp.core import audit
from qpdp.core.access import (
    AnyUser,
    Role,
    check_object_writable,
    check_unit_writable,
    is_admin,
    scope_units,
)
from qpdp.core.dates import PartialDate
from qpdp.core.units import Unit, UnitKind
from qpdp.people.models import Person

POSTING_DAYS = 20  # Art. 41.4: deferral and exemption lists are posted for 20 days


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
    examination 1 November – 31 December of the year before the handover (Art. 40.5).
    """
    check_unit_writable(user, unit)
    rules.validate_handover_date(handover_date, second_call=sequence > 1)
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
    if cycle.handover_date.year != year:
        raise ValidationError(
            _("Ngày giao quân phải thuộc năm gọi nhập ngũ %(year)s.") % {"year": year}
        )
    return _create(user, cycle, unit)


def quota_levels(cycle: CallUpCycle) -> tuple[str, ...]:
    """The unit kinds quotas pass through under the cycle's regime (province → commune)."""
    return cycle.regime.quota_chain


@transaction.atomic
def assign_quota(
    user: AnyUser, cycle: CallUpCycle, unit: Unit, number: int, *, assigned_on: dt.date
) -> Quota:
    """Set (or change) the number ``unit`` must call in ``cycle``; never below what it has
    already handed over (Art. 34 sets the number; the handover is a fact that stands)."""
    check_unit_writable(user, unit)
    if unit.kind not in quota_levels(cycle):
        raise ValidationError(
            _("Theo quy định áp dụng cho đợt này, chỉ tiêu chỉ giao cho: %(levels)s.")
            % {"levels": ", ".join(str(UnitKind(k).label) for k in quota_levels(cycle))}
        )
    if number < 0:
        raise ValidationError(_("Chỉ tiêu không được âm."))
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
    """Parents whose children's quotas do not add up to the parent's own (a warning, not a refusal:
    quotas are assigned over several days)."""
    quotas = list(cycle.quotas.select_related("unit"))
    by_unit = {q.unit_id: q for q in quotas}
    totals: dict[int, int] = defaultdict(int)
    for quota in quotas:
        for ancestor_id in reversed(quota.unit.ancestor_ids()[:-1]):
            if ancestor_id in by_unit:
                totals[ancestor_id] += quota.number
                break
    return [
        QuotaMismatch(by_unit[uid].unit, by_unit[uid].number, total)
        for uid, total in totals.items()
        if total != by_unit[uid].number
    ]


# -- first registration -----------------------------------------------------------------------


def first_registration_list(year: int, units: QuerySet[Unit]) -> QuerySet[Person]:
    """Men who turn 17 in ``year`` (Art. 16.1) living in ``units`` and not yet registered."""
    return Person.objects.filter(
        residence_unit__in=units, gender="M", birth_date__year=year - 17, registration__isnull=True
    ).order_by("roster_key", "pk")


def registration_overdue(
    year: int, units: QuerySet[Unit], *, deadline: dt.date
) -> QuerySet[Person]:
    """Men of the year's list still unregistered when ``deadline`` (the April call) has passed."""
    return first_registration_list(year, units) if deadline else Person.objects.none()


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
    check_object_writable(user, person)
    unit = unit or person.residence_unit
    check_unit_writable(user, unit)
    if hasattr(person, "registration"):
        raise ValidationError(_("%(name)s đã đăng ký nghĩa vụ quân sự lần đầu.") % {"name": person})
    if registered_on < person.birth_date.replace(year=person.birth_date.year + 17, month=1, day=1):
        raise ValidationError(_("Công dân chỉ đăng ký lần đầu từ năm đủ 17 tuổi (Điều 16)."))
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
    """Record a pre-screening or examination result (Circular 105/2023 Art. 6–8)."""
    check_object_writable(user, person)
    if health_class not in range(1, 7):
        raise ValidationError(_("Phân loại sức khỏe phải từ 1 đến 6 (Thông tư 105/2023, Điều 6)."))
    if kind == HealthKind.EXAMINATION and not cycle.exam_start <= examined_on <= cycle.exam_end:
        raise ValidationError(
            _("Ngày khám phải trong thời gian khám của đợt (%(start)s – %(end)s).")
            % {"start": f"{cycle.exam_start:%d/%m/%Y}", "end": f"{cycle.exam_end:%d/%m/%Y}"}
        )
    values = {
        "examined_on": examined_on,
        "health_class": health_class,
        "drug_addicted": drug_addicted,
        "myopia_dioptres": myopia_dioptres,
        "hyperopia": hyperopia,
        "bmi": bmi,
        "notes": notes,
    }
    existing = HealthResult.objects.filter(cycle=cycle, person=person, kind=kind).first()
    if existing is not None:
        return _update(user, existing, person.residence_unit, **values)
    result = HealthResult(
        cycle=cycle, person=person, unit=person.residence_unit, kind=kind, **values
    )
    return _create(user, result, person.residence_unit)


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
    """The commune council proposes a deferral or exemption (Art. 39.2) with its ground."""
    check_object_writable(user, person)
    if not ground:
        raise ValidationError(_("Phải chọn lý do tạm hoãn hoặc miễn (điểm của Điều 41)."))
    try:
        legal = rules.ground(DecisionKind(kind), ground)
    except (KeyError, ValueError) as exc:
        raise ValidationError(
            _("Lý do “%(ground)s” không có trong Điều 41.") % {"ground": ground}
        ) from exc
    if not (
        legal.valid_from <= proposed_on
        and (legal.valid_to is None or proposed_on <= legal.valid_to)
    ):
        raise ValidationError(_("Lý do này chưa có hiệu lực vào ngày đề nghị."))
    if kind == DecisionKind.DEFERRAL and until is None:
        raise ValidationError(_("Tạm hoãn phải ghi ngày hết lý do (ví dụ ngày kết thúc khóa học)."))
    if until is not None and until <= proposed_on:
        raise ValidationError(_("Ngày hết lý do phải sau ngày đề nghị."))
    if not evidence.strip():
        raise ValidationError(_("Phải ghi giấy tờ chứng minh lý do."))
    decision = Decision(
        cycle=cycle,
        person=person,
        unit=person.residence_unit,
        kind=kind,
        ground=ground,
        evidence=evidence.strip(),
        until=until,
        higher_education=higher_education,
        proposed_on=proposed_on,
        proposed_by=user,
    )
    return _create(user, decision, person.residence_unit)


def deciding_level(cycle: CallUpCycle) -> str:
    """District People's Committee chair before 01/07/2025, provincial chair since (Art. 42.1)."""
    return UnitKind.DISTRICT if cycle.regime.has_district_level else UnitKind.PROVINCE


def check_decider(user: AnyUser, cycle: CallUpCycle, unit: Unit) -> None:
    """Only the authority the regime names (its commander account, or an administrator) decides."""
    if is_admin(user):
        return
    level = deciding_level(cycle)
    if (
        user.role != Role.COMMANDER
        or user.unit.kind != level
        or not scope_units(user).filter(pk=unit.pk).exists()
    ):
        raise PermissionDenied(
            _("Quyết định này thuộc thẩm quyền cấp %(level)s.") % {"level": UnitKind(level).label}
        )


@transaction.atomic
def decide(user: AnyUser, decision: Decision, *, decided_on: dt.date, number: str) -> Decision:
    check_decider(user, decision.cycle, decision.unit)
    if decision.decided_on is not None:
        raise ValidationError(_("Đề nghị này đã có quyết định."))
    if decided_on < decision.proposed_on:
        raise ValidationError(_("Ngày quyết định không được trước ngày đề nghị."))
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
    person: Person
    evaluation: rules.Evaluation

    @property
    def state(self) -> PoolState:
        return self.evaluation.state


def pool(cycle: CallUpCycle, units: QuerySet[Unit], *, on: dt.date) -> list[PoolEntry]:
    """Every registered man of call-up ages in ``units`` with his state on ``on`` (rules.evaluate).

    Four queries whatever the size: people, examinations, decisions, orders already handed over.
    """
    youngest = dt.date(on.year - 17, 12, 31)
    oldest = dt.date(on.year - 29, 1, 1)
    people = list(
        Person.objects.filter(
            residence_unit__in=units,
            registration__isnull=False,
            birth_date__gte=oldest,
            birth_date__lte=youngest,
        )
        .select_related("registration", "residence_unit")
        .order_by("roster_key", "pk")
    )
    ids = [p.pk for p in people]
    exams = {
        r.person_id: r
        for r in HealthResult.objects.filter(
            person_id__in=ids, kind=HealthKind.EXAMINATION, examined_on__lte=on
        ).order_by("examined_on")
    }
    decisions: dict[int, list[rules.Decision]] = defaultdict(list)
    for d in Decision.objects.filter(person_id__in=ids, decided_on__lte=on):
        rule = d.as_rule()
        if rule is not None:
            decisions[d.person_id].append(rule)
    served = dict(
        CallUpOrder.objects.filter(
            person_id__in=ids, outcome=Outcome.HANDED_OVER, handed_over_on__lte=on
        ).values_list("person_id", "handed_over_on")
    )
    rows = [
        (facts_of(p, exams.get(p.pk), served.get(p.pk)), decisions.get(p.pk, ())) for p in people
    ]
    return [PoolEntry(p, e) for p, e in zip(people, rules.evaluate_many(rows, on), strict=True)]


def facts_of(
    person: Person, exam: HealthResult | None, served_on: dt.date | None
) -> rules.PersonFacts:
    """What the rules need of a person, as plain values."""
    return rules.PersonFacts(
        gender=person.gender,
        birth=PartialDate.from_stored(person.birth_date, person.birth_precision),
        registered_on=person.registration.registered_on
        if hasattr(person, "registration")
        else None,
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


# -- council review, orders, handover ----------------------------------------------------------


@transaction.atomic
def approve_review(
    user: AnyUser, cycle: CallUpCycle, unit: Unit, *, approved_on: dt.date
) -> Review:
    """Approve a commune's lists (Art. 34.3, 42.1) and post them for 20 days (Art. 41.4)."""
    check_decider(user, cycle, unit)
    if Review.objects.filter(cycle=cycle, unit=unit).exists():
        raise ValidationError(_("Danh sách của đơn vị này đã được phê duyệt."))
    review = Review(
        cycle=cycle,
        unit=unit,
        approved_on=approved_on,
        approved_by=user,
        posted_from=approved_on,
        posted_until=approved_on + dt.timedelta(days=POSTING_DAYS),
    )
    return _create(user, review, unit)


def order_issuer(cycle: CallUpCycle, commune: Unit) -> Unit:
    """The district (lệnh gọi, before 07/2025) or the commune itself (quyết định gọi, since)."""
    if cycle.regime.has_district_level:
        district = commune.parent
        if district is None or district.kind != UnitKind.DISTRICT:
            raise ValidationError(
                _("Không xác định được cấp huyện ra lệnh gọi cho %(unit)s.") % {"unit": commune}
            )
        return district
    return commune


def next_order_number(issuer: Unit, year: int) -> int:
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
) -> CallUpOrder:
    """Issue the call-up order (decision) to a callable citizen of an approved commune list."""
    check_object_writable(user, person)
    commune = person.residence_unit
    if not Review.objects.filter(cycle=cycle, unit=commune).exists():
        raise ValidationError(
            _("Danh sách gọi nhập ngũ của %(unit)s chưa được phê duyệt.") % {"unit": commune}
        )
    entry = pool(cycle, Unit.objects.filter(pk=commune.pk), on=issued_on)
    state = next((e.evaluation for e in entry if e.person.pk == person.pk), None)
    if state is None or not state.is_callable:
        reason = (
            state.reasons[0].message if state else _("chưa đăng ký hoặc ngoài độ tuổi gọi nhập ngũ")
        )
        raise ValidationError(
            _("Không thể gọi %(name)s nhập ngũ: %(reason)s.") % {"name": person, "reason": reason}
        )
    if rules.order_is_late(cycle.handover_date, issued_on):
        raise ValidationError(
            _(
                "Lệnh gọi phải đến công dân ít nhất 15 ngày trước ngày giao quân (Điều 34): "
                "chậm nhất ngày %(day)s."
            )
            % {"day": f"{rules.latest_order_date(cycle.handover_date):%d/%m/%Y}"}
        )
    issuer = order_issuer(cycle, commune)
    year = issued_on.year
    number = number or next_order_number(issuer, year)
    if CallUpOrder.objects.filter(issuer=issuer, year=year, number=number).exists():
        raise ValidationError(
            _("Số %(number)s/%(year)s đã được dùng.") % {"number": number, "year": year}
        )
    order = CallUpOrder(
        cycle=cycle,
        person=person,
        unit=commune,
        issuer=issuer,
        year=year,
        number=number,
        issued_on=issued_on,
        report_on=cycle.handover_date,
        report_place=report_place.strip(),
        replaces=replaces,
    )
    return _create(user, order, commune)


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


# -- completion --------------------------------------------------------------------------------


def handed_over_count(cycle: CallUpCycle, units: Iterable[Unit]) -> int:
    subtree = Unit.objects.subtree_of(list(units)).values("pk")
    return CallUpOrder.objects.filter(
        cycle=cycle, unit__in=subtree, outcome=Outcome.HANDED_OVER
    ).count()


@dataclass(frozen=True, slots=True)
class Completion:
    unit: Unit
    quota: int
    handed_over: int
    party_members: int
    college_graduates: int

    @property
    def percent(self) -> Decimal | None:
        if not self.quota:
            return None
        return (Decimal(self.handed_over) * 100 / self.quota).quantize(Decimal("0.1"))


def completion(cycle: CallUpCycle, units: Sequence[Unit]) -> list[Completion]:
    """Quota, handed over and % per unit (with its subtree), in one grouped query for the orders."""
    quotas = dict(
        Quota.objects.filter(cycle=cycle, unit__in=units).values_list("unit_id", "number")
    )
    rows = (
        CallUpOrder.objects.filter(cycle=cycle, outcome=Outcome.HANDED_OVER)
        .values("unit_id")
        .annotate(n=Count("pk"), college=Count("pk", filter=Q(person__education_level__gte=14)))
    )
    per_commune = {r["unit_id"]: r for r in rows}
    communes = dict(Unit.objects.filter(pk__in=per_commune).values_list("pk", "path"))
    result = []
    for unit in units:
        inside = [cid for cid, path in communes.items() if path.startswith(unit.path)]
        result.append(
            Completion(
                unit=unit,
                quota=quotas.get(unit.pk, 0),
                handed_over=sum(per_commune[c]["n"] for c in inside),
                party_members=0,
                college_graduates=sum(per_commune[c]["college"] for c in inside),
            )
        )
    return result
