"""Demo call-up cycles on the database ``qpdp seed_demo`` builds, written through the services.

Two cycles, as the seed's review reports them and as today's law runs them:

- **2022** (handover 15/02/2022, three-tier regime): the city of Bắc Ninh (256) receives 85 and
  splits it over its 19 wards; the wards register, examine, propose a few deferrals and
  exemptions with their grounds; each ward's council reviews its lists and the city's council
  proposes them (Art. 36.3: passed by more than half of all members); the city commander
  (standing for the district chair) decides them and approves each ward's list; the city
  military command issues the "lệnh gọi nhập ngũ"; everyone reports: 85/85, 100%. The men
  who turned 17 in 2022 make their first registration in April 2022 (one per ward is left
  unregistered, for the overdue list).
- **2026** (handover 27/02/2026, two-tier regime): the province (24) gives the five new wards
  their numbers; registrations and examinations are done, each ward's council reviews its lists
  and the provincial council proposes them, the province commander (standing for the provincial
  chair) decides and approves, each ward's chair has issued decisions for about
  two thirds of its number, and the handover is recorded for most of those: a cycle in progress.

Everything goes through ``conscription.services`` (so the law's checks run and the audit log is
written); choices are deterministic (people in identity-number order), so two databases seeded
alike get the same cycles. A cycle that already exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from qpdp.conscription import services
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    HealthResult,
    Quota,
    Registration,
)
from qpdp.conscription.rules import CouncilStep, DecisionKind
from qpdp.conscription.scale import scale
from qpdp.core.access import User
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.management.cli import percent, refusal
from qpdp.core.units import Unit, UnitKind
from qpdp.people.choices import BirthPrecision, EducationLevel
from qpdp.people.models import Person, Residence

RECEIVING_UNIT = "Quân khu 1"
QUOTA = "conscription.quota"
HANDED_OVER = "conscription.handed_over"
"""Indicator codes of the figures ``share`` gives later demos."""

CITY_QUOTA_2022 = 85
WARD_QUOTAS_2026 = (26, 18, 14, 10, 10)
"""The numbers of the new wards (``DemoContext.new_ward_codes``: Kinh Bắc, Vũ Ninh, Võ Cường,
Nam Sơn, Hạp Lĩnh), 78 in all: the province's number for the demo wards; the other communes of
the province have no demo population."""


@dataclass(frozen=True)
class Plan:
    """One cycle's dates and the shape of the work done in each ward."""

    year: int
    handover: dt.date
    owner_quota_on: dt.date
    ward_quota_on: dt.date
    exam_from: dt.date
    proposed_on: dt.date
    decided_on: dt.date
    approved_on: dt.date
    issued_on: dt.date


PLAN_2022 = Plan(
    year=2022,
    handover=dt.date(2022, 2, 15),
    owner_quota_on=dt.date(2021, 10, 15),
    ward_quota_on=dt.date(2021, 10, 20),
    exam_from=dt.date(2021, 11, 8),
    proposed_on=dt.date(2021, 12, 20),
    decided_on=dt.date(2022, 1, 5),
    approved_on=dt.date(2022, 1, 10),
    issued_on=dt.date(2022, 1, 25),
)
PLAN_2026 = Plan(
    year=2026,
    handover=dt.date(2026, 2, 27),
    owner_quota_on=dt.date(2025, 10, 15),
    ward_quota_on=dt.date(2025, 10, 20),
    exam_from=dt.date(2025, 11, 10),
    proposed_on=dt.date(2025, 12, 22),
    decided_on=dt.date(2026, 1, 6),
    approved_on=dt.date(2026, 1, 12),
    issued_on=dt.date(2026, 1, 28),
)


@dataclass
class Summary:
    """What a run did, for the command's report."""

    cycle: CallUpCycle | None = None
    created: bool = False
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


# -- lookups -----------------------------------------------------------------------------------


def ward_quotas_2026(context: DemoContext) -> dict[str, int]:
    """Ward code → the 2026 number the province gives it."""
    return dict(zip(context.new_ward_codes, WARD_QUOTAS_2026, strict=True))


def _existing(unit: Unit, year: int) -> CallUpCycle | None:
    return CallUpCycle.objects.filter(unit=unit, year=year, sequence=1).first()


def _candidates(
    wards: Sequence[Unit], on: dt.date, *, exclude: Q | None = None
) -> dict[int, list[Person]]:
    """Men of each ward (residence on ``on``), aged 18 to 25 on ``on`` with a full birth date and
    grade 8 or more (Art. 30; Circular 148/2018 Art. 4.4), in identity-number order."""
    born_after = dt.date(on.year - 26, on.month, on.day)
    born_by = dt.date(on.year - 18, on.month, on.day) - dt.timedelta(days=1)
    people = Person.objects.filter(
        gender="M",
        birth_precision=BirthPrecision.DAY,
        birth_date__gt=born_after,
        birth_date__lte=born_by,
        education_level__gte=8,
    )
    if exclude is not None:
        people = people.exclude(exclude)
    rows = (
        Residence.objects.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            unit__in=wards,
            person__in=people,
        )
        .select_related("person")
        .order_by("person__id_number", "person_id")
    )
    by_ward: dict[int, list[Person]] = defaultdict(list)
    seen: set[int] = set()
    for row in rows:
        if row.person_id not in seen:
            seen.add(row.person_id)
            by_ward[row.unit_id].append(row.person)
    return by_ward


def _first_wards(people: Sequence[Person]) -> dict[int, Unit]:
    """Each person's earliest ward in the registry (where a registration made before the
    residence history began is filed)."""
    first: dict[int, Unit] = {}
    rows = (
        Residence.objects.filter(person__in=[p.pk for p in people])
        .select_related("unit")
        .order_by("person_id", "valid_from")
    )
    for row in rows:
        first.setdefault(row.person_id, row.unit)
    return first


# -- steps -------------------------------------------------------------------------------------


def _register(
    user: User,
    person: Person,
    *,
    on: dt.date,
    history_start: dt.date,
    first_ward: Unit | None = None,
) -> None:
    """First registration (Art. 16) if the person has none; dated in April of the year he
    turned 17, or ``on``. Before the residence history starts the ward is given explicitly."""
    if Registration.objects.filter(person=person).exists():
        return
    unit = first_ward if on < history_start else None
    services.record_registration(
        user,
        person,
        registered_on=on,
        number=f"{on.year}/{person.pk:06d}",
        place="Ban Chỉ huy quân sự phường",
        unit=unit,
    )


def registration_day(person: Person) -> dt.date:
    return dt.date(person.birth_date.year + 17, 4, 15)


EXAM_CALL_LEAD_DAYS = 20
"""The demo's calls to examination reach each man 20 days ahead (the law asks 15, Art. 40.3)."""


def examine(
    user: User, cycle: CallUpCycle, person: Person, *, on: dt.date, health_class: int
) -> None:
    bmi = Decimal("19.5") + Decimal(person.pk % 50) / 10  # 19.5–24.4: within 18.0–29.9
    services.record_health(
        user,
        cycle,
        person,
        kind=HealthKind.EXAMINATION,
        examined_on=on,
        health_class=health_class,
        bmi=bmi,
    )


def _defer_or_exempt(
    officer: User,
    decider: User,
    cycle: CallUpCycle,
    person: Person,
    plan: Plan,
    ward: Unit,
    *,
    kind: str,
    number: str,
) -> None:
    if kind == DecisionKind.EXEMPTION:
        ground, until, higher = "c", None, False
        evidence = f"Giấy chứng nhận thương binh hạng hai của cha, xác nhận của UBND {ward}"
    elif (person.education_level or 0) >= EducationLevel.VOCATIONAL:
        ground, until, higher = "g", dt.date(plan.year + 2, 6, 30), True
        evidence = "Giấy xác nhận đang học đại học hệ chính quy của nhà trường"
    else:
        ground, until, higher = "b", dt.date(plan.year + 1, 1, 31), False
        evidence = f"Xác nhận của UBND {ward} là lao động duy nhất nuôi mẹ già ốm đau"
    decision = services.propose_decision(
        officer,
        cycle,
        person,
        kind=kind,
        ground=ground,
        evidence=evidence,
        proposed_on=plan.proposed_on,
        until=until,
        higher_education=higher,
    )
    services.decide(decider, decision, decided_on=plan.decided_on, number=number)


def _prepare_ward(
    officer: User,
    decider: User,
    cycle: CallUpCycle,
    plan: Plan,
    ward: Unit,
    people: Sequence[Person],
    *,
    index: int,
    called: int,
    first_wards: dict[int, Unit],
    history_start: dt.date,
    summary: Summary,
    decision_numbers: Callable[[], str],
) -> list[Person]:
    """Register and examine ``called`` + 1 (reserve) callable men and one unfit; defer one in
    every second ward and exempt one in every sixth. Returns the callable men, best first."""
    wanted = called + 2 + (index % 2 == 0) + (index % 6 == 0)
    if len(people) < wanted:
        raise DemoError(
            f"{ward} chỉ có {len(people)} công dân nam trong độ tuổi gọi nhập ngũ, cần {wanted}: "
            "hãy chạy “qpdp seed_demo” với nhiều công dân hơn."
        )
    chosen = list(people[:wanted])
    for person in chosen:
        _register(
            officer,
            person,
            on=registration_day(person),
            history_start=history_start,
            first_ward=first_wards.get(person.pk),
        )
        summary.counts["registrations"] += 1
    callable_ = chosen[: called + 1]
    rest = chosen[called + 1 :]
    examined = [
        (person, plan.exam_from + dt.timedelta(days=offset % 20), 1 + offset % 3)
        for offset, person in enumerate(callable_)
    ] + [(rest[0], plan.exam_from, 4)]
    for person, day, health_class in examined:
        services.record_exam_call(
            officer,
            cycle,
            person,
            kind=HealthKind.EXAMINATION,
            exam_on=day,
            delivered_on=day - dt.timedelta(days=EXAM_CALL_LEAD_DAYS),
        )
        examine(officer, cycle, person, on=day, health_class=health_class)
        summary.counts["examinations"] += 1
    last_exam = max(day for _person, day, _class in examined)
    services.post_results(officer, cycle, ward, posted_on=last_exam + dt.timedelta(days=5))
    rest = rest[1:]
    if index % 2 == 0:
        _defer_or_exempt(
            officer,
            decider,
            cycle,
            rest.pop(0),
            plan,
            ward,
            kind=DecisionKind.DEFERRAL,
            number=decision_numbers(),
        )
        summary.counts["deferrals"] += 1
    if index % 6 == 0:
        _defer_or_exempt(
            officer,
            decider,
            cycle,
            rest.pop(0),
            plan,
            ward,
            kind=DecisionKind.EXEMPTION,
            number=decision_numbers(),
        )
        summary.counts["exemptions"] += 1
    _council_proposes(officer, decider, cycle, ward, plan)
    services.approve_review(decider, cycle, ward, approved_on=plan.approved_on)
    return callable_


def _council_proposes(
    officer: User, decider: User, cycle: CallUpCycle, ward: Unit, plan: Plan
) -> None:
    """The ward's council reviews its lists (9 members, 8 for), then the council of the cycle's
    unit (the city's in 2022, the province's in 2026) proposes them (13 members, 11 for): both
    pass (Art. 36.3), before the chair approves (Art. 34.3)."""
    services.record_meeting(
        officer,
        cycle,
        services.MeetingInput(
            step=CouncilStep.REVIEW,
            unit=ward,
            held_on=plan.approved_on - dt.timedelta(days=4),
            members_total=9,
            members_present=8,
            votes_for=8,
            votes_against=0,
            resolution_number=f"01/NQ-HĐNVQS-{ward.code}",
            content="Thông qua danh sách gọi nhập ngũ, dự bị, tạm hoãn, miễn gọi nhập ngũ.",
        ),
    )
    services.record_meeting(
        decider,
        cycle,
        services.MeetingInput(
            step=CouncilStep.PROPOSAL,
            unit=cycle.unit,
            held_on=plan.approved_on - dt.timedelta(days=2),
            members_total=13,
            members_present=12,
            votes_for=11,
            votes_against=1,
            resolution_number=f"02/NQ-HĐNVQS-{ward.code}",
            content=f"Đề nghị phê duyệt danh sách gọi nhập ngũ của {ward.label}.",
            communes=[ward],
        ),
    )


def _numbers(symbol: str) -> Callable[[], str]:
    counter = iter(range(1, 10_000))
    return lambda: f"{next(counter)}/{symbol}"


# -- the two cycles ----------------------------------------------------------------------------


@transaction.atomic
def build_2022(context: DemoContext, *, first_registration_gap: int = 1) -> Summary:
    """The 2022 intake of the city of Bắc Ninh, complete: 85/85 handed over."""
    plan = PLAN_2022
    city = context.unit(context.city_code, UnitKind.DISTRICT, plan.handover)
    summary = Summary(cycle=_existing(city, plan.year))
    if summary.cycle is not None:
        return summary
    commander = context.account(context.city_commander)
    wards = list(
        Unit.objects.filter(parent=city, kind=UnitKind.COMMUNE)
        .valid_on(plan.handover)
        .order_by("code")
    )
    if len(wards) != 19:
        raise DemoError(f"Cần 19 phường của TP Bắc Ninh năm 2022, tìm thấy {len(wards)}.")
    cycle = services.create_cycle(commander, unit=city, year=plan.year, handover_date=plan.handover)
    summary.cycle, summary.created = cycle, True
    services.assign_quota(commander, cycle, city, CITY_QUOTA_2022, assigned_on=plan.owner_quota_on)
    base, extra = divmod(CITY_QUOTA_2022, len(wards))
    quotas = {w.pk: base + (i < extra) for i, w in enumerate(wards)}
    for ward in wards:
        services.assign_quota(
            commander, cycle, ward, quotas[ward.pk], assigned_on=plan.ward_quota_on
        )
    candidates = _candidates(wards, plan.issued_on)
    everyone = [p for people in candidates.values() for p in people]
    first_wards = _first_wards(everyone)
    numbers = _numbers("QĐ-UBND")
    for index, ward in enumerate(wards):
        callable_ = _prepare_ward(
            commander,
            commander,
            cycle,
            plan,
            ward,
            candidates.get(ward.pk, []),
            index=index,
            called=quotas[ward.pk],
            first_wards=first_wards,
            history_start=context.history_start,
            summary=summary,
            decision_numbers=numbers,
        )
        place = f"Sân vận động {ward.type_label.lower()} {ward.name}"
        for person in callable_[: quotas[ward.pk]]:
            order = services.issue_order(
                commander, cycle, person, issued_on=plan.issued_on, report_place=place
            )
            summary.counts["orders"] += 1
            order = services.record_delivery(
                commander, order, delivered_on=plan.issued_on + dt.timedelta(days=1)
            )
            summary.counts["delivered"] += 1
            services.record_handover(
                commander,
                order,
                handed_over=True,
                on=plan.handover,
                receiving_unit=RECEIVING_UNIT,
            )
            summary.counts["handed_over"] += 1
    summary.counts["first_registrations"] += _first_registrations_2022(
        context, commander, wards, gap=first_registration_gap
    )
    return summary


def _first_registrations_2022(
    context: DemoContext, user: User, wards: Sequence[Unit], *, gap: int
) -> int:
    """Men who turned 17 in 2022 register in April 2022 (Art. 16), but ``gap`` per ward."""
    on = dt.date(2022, 4, 15)
    rows = (
        Residence.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
            valid_from__lte=on,
            unit__in=wards,
            person__gender="M",
            person__birth_date__year=2005,
            person__registration__isnull=True,
        )
        .select_related("person")
        .order_by("unit__code", "person__id_number")
    )
    by_ward: dict[int, list[Person]] = defaultdict(list)
    for row in rows:
        by_ward[row.unit_id].append(row.person)
    count = 0
    for people in by_ward.values():
        for day, person in enumerate(people[gap:]):
            _register(
                user,
                person,
                on=on + dt.timedelta(days=day % 10),
                history_start=context.history_start,
            )
            count += 1
    return count


@transaction.atomic
def build_2026(context: DemoContext) -> Summary:
    """The 2026 intake of the province for the five new wards, in progress."""
    plan = PLAN_2026
    province = context.unit(context.province_code, UnitKind.PROVINCE, plan.handover)
    summary = Summary(cycle=_existing(province, plan.year))
    if summary.cycle is not None:
        return summary
    commander = context.account(context.province_commander)
    quotas = ward_quotas_2026(context)
    wards = [context.unit(code, UnitKind.COMMUNE, plan.handover) for code in quotas]
    cycle = services.create_cycle(
        commander, unit=province, year=plan.year, handover_date=plan.handover
    )
    summary.cycle, summary.created = cycle, True
    services.assign_quota(
        commander, cycle, province, sum(quotas.values()), assigned_on=plan.owner_quota_on
    )
    for ward in wards:
        services.assign_quota(
            commander, cycle, ward, quotas[ward.code], assigned_on=plan.ward_quota_on
        )
    touched = (
        Q(pk__in=CallUpOrder.objects.values("person_id"))
        | Q(pk__in=Decision.objects.values("person_id"))
        | Q(pk__in=HealthResult.objects.values("person_id"))
    )
    candidates = _candidates(wards, plan.issued_on, exclude=touched)
    everyone = [p for people in candidates.values() for p in people]
    first_wards = _first_wards(everyone)
    numbers = _numbers("QĐ-UBND")
    for index, ward in enumerate(wards):
        quota = quotas[ward.code]
        callable_ = _prepare_ward(
            commander,
            commander,
            cycle,
            plan,
            ward,
            candidates.get(ward.pk, []),
            index=index,
            called=quota,
            first_wards=first_wards,
            history_start=context.history_start,
            summary=summary,
            decision_numbers=numbers,
        )
        place = f"Nhà văn hóa {ward.type_label.lower()} {ward.name}"
        ordered = [
            services.issue_order(
                commander, cycle, person, issued_on=plan.issued_on, report_place=place
            )
            for person in callable_[: quota * 2 // 3]
        ]
        summary.counts["orders"] += len(ordered)
        ordered[:-1] = [  # the last order of each ward not yet delivered
            services.record_delivery(
                commander, order, delivered_on=plan.issued_on + dt.timedelta(days=2)
            )
            for order in ordered[:-1]
        ]
        summary.counts["delivered"] += len(ordered) - 1
        recorded = ordered[: len(ordered) - 1 - index % 2]  # the last one or two not yet entered
        for position, order in enumerate(recorded):
            failed = index == 1 and position == 0
            services.record_handover(
                commander,
                order,
                handed_over=not failed,
                on=plan.handover,
                receiving_unit="" if failed else RECEIVING_UNIT,
                failure_reason="Đang điều trị tại bệnh viện, có giấy xác nhận" if failed else "",
            )
            summary.counts["failed" if failed else "handed_over"] += 1
    return summary


COUNTS = (
    ("registrations", "đăng ký NVQS"),
    ("first_registrations", "đăng ký lần đầu tuổi 17"),
    ("examinations", "kết quả khám"),
    ("deferrals", "tạm hoãn"),
    ("exemptions", "miễn"),
    ("orders", "lệnh/quyết định gọi"),
    ("delivered", "đã giao lệnh/quyết định cho công dân"),
    ("handed_over", "đã giao quân"),
    ("failed", "không có mặt"),
)


def seed(context: DemoContext) -> None:
    """Both cycles (``only``: "2022" or "2026" for one), each created only if it does not exist
    yet, with a report of what was done."""
    builders = {"2022": build_2022, "2026": build_2026}
    only = context.options.get("only")
    if only:
        builders = {only: builders[only]}
    for year, build in builders.items():
        started = time.perf_counter()
        try:
            summary = build(context)
        except (ValidationError, PermissionDenied) as exc:
            raise DemoError(f"Dữ liệu mẫu năm {year} bị từ chối: {refusal(exc)}") from exc
        cycle = summary.cycle
        assert cycle is not None
        if not summary.created:
            context.write(f"Đợt tuyển quân năm {year} (số {cycle.pk}) đã có; không tạo lại.")
            continue
        done = ", ".join(
            f"{summary.counts[key]} {label}" for key, label in COUNTS if summary.counts[key]
        )
        context.success(
            f"Đã tạo đợt tuyển quân năm {year} (mã đợt {cycle.pk}, {cycle.unit}) trong "
            f"{time.perf_counter() - started:.1f} giây: {done}."
        )
        if Quota.objects.filter(cycle=cycle, unit=cycle.unit).exists():
            row = services.completion(cycle, [cycle.unit])[0]
            context.write(
                f"  {cycle.unit}: chỉ tiêu {row.quota}, đã giao {row.handed_over}, "
                f"đạt {percent(row.percent)}."
            )


def share(context: DemoContext) -> None:
    """The quotas (every unit of the cycle) and the handover count (the cycle's unit) of each
    demo cycle that exists, for demos that plan against them."""
    owners = (
        (PLAN_2022, context.unit(context.city_code, UnitKind.DISTRICT, PLAN_2022.handover)),
        (
            PLAN_2026,
            context.unit(context.province_code, UnitKind.PROVINCE, PLAN_2026.handover),
        ),
    )
    for plan, owner in owners:
        cycle = _existing(owner, plan.year)
        if cycle is None:
            continue
        quotas = Quota.objects.filter(cycle=cycle).values_list("unit_id", "number")
        context.figures[(QUOTA, plan.year)] = dict(quotas)
        done = services.completion(cycle, [owner])[0]
        context.figures[(HANDED_OVER, plan.year)] = {owner.pk: done.handed_over}


register(Demo("conscription", seed, after=("people",), share=share, scale=scale))
