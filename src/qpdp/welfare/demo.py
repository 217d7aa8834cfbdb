"""Demo rear policy on the Bắc Ninh demo, written through the services.

- **2022, the old city of Bắc Ninh (256)**: the families of the 85 citizens handed over on
  15/02/2022, each with two relatives; allowances under Decree 27/2016 (house damage, sick
  relatives, one of them twice, a death), a visit on 27 July to every family and Tết gifts in
  January 2023; the soldiers are discharged on 26/02/2024. Decision 62/2011 and 49/2015 cases
  received in the wards, all settled and paid but one returned with a reason and one left at
  "checked" past its deadline (overdue).
- **2026, the five new wards**: the families of the citizens handed over on 27/02/2026, some
  allowances, and cases at every stage (received, checked, sent up, approved, returned, paid);
  on 30/11/2026 exactly one of them is overdue (left at "checked" since 13/10/2026).

Step deadlines are the demo province's setting (no text found: UNVERIFIED). Relatives and
applicants are chosen among the ward's residents by age, in identity-number order; nobody
applies twice; what exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from qpdp.conscription.models import CallUpOrder, Outcome
from qpdp.core.access import User
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.units import Unit, UnitKind
from qpdp.people.selectors import residents
from qpdp.welfare import services
from qpdp.welfare.models import (
    BenefitCase,
    CaseStatus,
    DossierItem,
    Relation,
    Scheme,
    SoldierFamily,
    StepDeadline,
    SupportKind,
    VisitKind,
)
from qpdp.welfare.scale import scale

DEADLINE_SOURCE = (
    "Giá trị mẫu của bản demo (tỉnh tự quy định): chưa tìm thấy văn bản quy định thời hạn "
    "từng bước (CHƯA KIỂM CHỨNG)"
)
DEADLINES = {
    CaseStatus.RECEIVED: 10,
    CaseStatus.CHECKED: 7,
    CaseStatus.SENT_UP: 30,
    CaseStatus.RETURNED: 30,
    CaseStatus.APPROVED: 30,
}
DISCHARGE_2022 = dt.date(2024, 2, 26)

# (scheme, benefit, coverage, theatre, months served, left on, died on)
Case = tuple[str, str, str, str, int, dt.date | None, dt.date | None]
CASES: tuple[Case, ...] = (
    ("62_2011", "one_time", "a", "north", 40, dt.date(1982, 6, 1), None),
    ("62_2011", "one_time", "a", "south_west", 30, dt.date(1980, 3, 1), None),
    ("62_2011", "monthly", "a", "cambodia", 190, dt.date(1995, 9, 1), None),
    ("62_2011", "one_time", "d", "north", 24, None, None),
    ("49_2015", "one_time", "porter", "resistance", 8, None, None),
    ("62_2011", "one_time", "dd", "laos", 18, None, None),
    ("62_2011", "one_time", "a", "north", 26, dt.date(1984, 12, 1), None),
    ("62_2011", "one_time", "c", "north", 36, None, None),
)
# The stage each case reaches: in 2022 (a closed year) all are settled but one returned and
# one left overdue; in 2026 (the year under way) every stage is represented.
STAGES_2022 = ("paid", "paid", "paid", "paid", "paid", "paid", "returned", "overdue")
RECEIVED_2022 = tuple(dt.date(2022, 3, 7) + dt.timedelta(days=3 * i) for i in range(len(CASES)))
STAGES_2026 = ("paid", "approved", "sent_up", "checked", "received", "returned", "overdue", "paid")
RECEIVED_2026 = tuple(
    dt.date(2026, month, day)
    for month, day in ((9, 1), (9, 27), (10, 24), (11, 19), (11, 25), (10, 2), (10, 1), (9, 4))
)
"""Chosen so that on 30/11/2026 each open case's step is within its deadline but the one left
at "checked" since 13/10/2026 (``_walk``'s steps: checked +5 days, sent up +8, returned +30,
approved +35, paid +45; the overdue one checked at +12)."""


def _deadlines() -> None:
    for scheme in Scheme.values:
        for status, days in DEADLINES.items():
            StepDeadline.objects.get_or_create(
                scheme=scheme,
                status=status,
                valid_from=dt.date(2012, 1, 1),
                defaults={"days": days, "source": DEADLINE_SOURCE},
            )


def _families(user_for: dict[int, User], orders: Sequence[CallUpOrder]) -> list[SoldierFamily]:
    """A family per handed-over order, with the soldier's father and mother played by two
    residents of his ward aged 42 to 62."""
    families = []
    used: set[int] = set()
    for order in orders:
        user = user_for[order.unit_id]
        family = services.register_family(user, order)
        on = order.handed_over_on or order.issued_on
        parents = residents(
            order.unit,
            on,
            born_from=dt.date(on.year - 62, 1, 1),
            born_to=dt.date(on.year - 42, 12, 31),
            exclude=used,
        )
        fathers = [p for p in parents if p.gender == "M"][:1]
        mothers = [p for p in parents if p.gender == "F"][:1]
        for person, relation in ((fathers, Relation.FATHER), (mothers, Relation.MOTHER)):
            if person:
                services.add_member(user, family, person[0], relation=relation)
                used.add(person[0].pk)
        families.append(family)
    return families


def _support(
    user_for: dict[int, User], families: Sequence[SoldierFamily], year: int, *, tet_gifts: bool
) -> None:
    """Allowances for a few families, a visit on 27 July, and (``tet_gifts``) Tết gifts the
    next January."""
    for index, family in enumerate(families):
        user = user_for[family.unit_id]
        members = list(family.members.order_by("pk"))
        if index % 25 == 0:
            services.pay_support(
                user,
                family,
                kind=SupportKind.SUDDEN_HARDSHIP,
                paid_on=dt.date(year, 8, 10),
                amount=3_000_000,
                reason="Nhà bị tốc mái do bão; có xác nhận của Ủy ban nhân dân phường",
            )
        sick_days = [dt.date(year, 5, 20)] if index % 12 == 3 else []
        if index % 24 == 3:
            sick_days.append(dt.date(year, 10, 5))  # the second (and last) grant of the year
        for day in sick_days if members else []:
            services.pay_support(
                user,
                family,
                kind=SupportKind.SICK_RELATIVE,
                member=members[0],
                paid_on=day,
                amount=500_000,
                reason="Điều trị nội trú trên 7 ngày; có giấy ra viện",
            )
        if index == 7 and len(members) > 1:
            services.pay_support(
                user,
                family,
                kind=SupportKind.DEATH,
                member=members[1],
                paid_on=dt.date(year, 11, 2),
                amount=2_000_000,
                reason="Thân nhân từ trần; có trích lục khai tử",
            )
        if dt.date(year, 7, 27) >= family.enlisted_on:
            services.record_visit(
                user,
                family,
                kind=VisitKind.VISIT,
                visited_on=dt.date(year, 7, 27),
                gift_value=300_000,
                note="Thăm hỏi nhân ngày Thương binh - Liệt sĩ",
            )
        if not tet_gifts:
            continue
        services.record_visit(
            user,
            family,
            kind=VisitKind.TET_GIFT,
            visited_on=dt.date(year + 1, 1, 15),
            gift_value=500_000,
            note="Tặng quà Tết Nguyên đán",
        )


def _cases(
    wards: Sequence[Unit],
    staff_for: dict[int, User],
    decider: User,
    received: Sequence[dt.date],
    stages: Sequence[str],
) -> int:
    """One case per entry of ``CASES``, spread over the wards, each taken to its stage; nobody
    applies twice."""
    exclude = set(BenefitCase.objects.values_list("applicant_id", flat=True))
    items = {(i.scheme, i.code): i for i in DossierItem.objects.filter(active=True)}
    made = 0
    for index, ((scheme, benefit, coverage, theatre, months, left, died), stage, day) in enumerate(
        zip(CASES, stages, received, strict=True)
    ):
        ward = wards[index % len(wards)]
        staff = staff_for[ward.pk]
        people = residents(
            ward,
            day,
            born_from=dt.date(1935, 1, 1),
            born_to=dt.date(1962, 12, 31),
            exclude=exclude,
            gender="M",
        )
        if not people:
            continue
        applicant = people[0]
        exclude.add(applicant.pk)
        papers = [
            item
            for (item_scheme, code), item in items.items()
            if item_scheme == scheme
            and item.benefit in ("", benefit)
            and (item.required or stage == "paid")
        ]
        if stage == "returned":  # the village minutes are missing: returned to complete them
            papers = [p for p in papers if not p.code.endswith("village_minutes")]
        case = services.receive_case(
            staff,
            unit=ward,
            scheme=scheme,
            benefit=benefit,
            applicant=applicant,
            coverage=coverage,
            theatre=theatre,
            service_months=months,
            received_on=day,
            left_on=left,
            died_on=died,
            documents=papers,
        )
        made += 1
        _walk(case, stage, day, staff, decider)
    return made


def _walk(case: BenefitCase, stage: str, day: dt.date, staff: User, decider: User) -> None:
    """Take a received case through the workflow to ``stage``."""
    if stage == "received":
        return
    if stage == "overdue":  # checked, then left past the deadline to send it up
        services.advance(staff, case, status=CaseStatus.CHECKED, on=day + dt.timedelta(days=12))
        return
    services.advance(staff, case, status=CaseStatus.CHECKED, on=day + dt.timedelta(days=5))
    if stage == "checked":
        return
    services.advance(staff, case, status=CaseStatus.SENT_UP, on=day + dt.timedelta(days=8))
    if stage == "sent_up":
        return
    if stage == "returned":
        services.advance(
            decider,
            case,
            status=CaseStatus.RETURNED,
            on=day + dt.timedelta(days=30),
            reason="Thiếu biên bản họp liên tịch tổ dân phố",
        )
        return
    services.advance(
        decider,
        case,
        status=CaseStatus.APPROVED,
        on=day + dt.timedelta(days=35),
        decision_number=f"{case.pk:03d}/QĐ-BCH",
        amount=_porter_amount(case),
    )
    if stage == "paid":
        services.advance(staff, case, status=CaseStatus.PAID, on=day + dt.timedelta(days=45))


def _porter_amount(case: BenefitCase) -> int | None:
    """Decision 49/2015's amounts are UNVERIFIED: the demo's decision states one by hand."""
    return 2_500_000 if case.scheme == Scheme.DECISION_49 else None


def _handed_over(wards: Sequence[Unit], year: int) -> list[CallUpOrder]:
    return list(
        CallUpOrder.objects.filter(unit__in=wards, cycle__year=year, outcome=Outcome.HANDED_OVER)
        .select_related("unit", "person")
        .order_by("unit__code", "number")
    )


@transaction.atomic
def seed_2022(context: DemoContext) -> None:
    wards = context.city_wards(dt.date(2022, 6, 1))
    orders = _handed_over(wards, 2022)
    if not orders:
        raise DemoError("Chưa có đợt giao quân năm 2022: hãy chạy “qpdp seed_callup_demo”.")
    if SoldierFamily.objects.filter(handover__in=orders).exists():
        context.write("Chính sách hậu phương năm 2022 của TP Bắc Ninh đã có; không tạo lại.")
        return
    commander = context.account(context.city_commander)
    staff_for = {w.pk: context.staff_of(w, commander) for w in wards}
    families = _families(staff_for, orders)
    _support(staff_for, families, 2022, tet_gifts=True)
    for family in families:
        services.record_discharge(staff_for[family.unit_id], family, discharged_on=DISCHARGE_2022)
    cases = _cases(wards, staff_for, commander, RECEIVED_2022, STAGES_2022)
    context.success(
        f"Đã tạo chính sách hậu phương năm 2022: {len(families)} gia đình quân nhân, "
        f"{cases} hồ sơ Quyết định 49, 62."
    )


@transaction.atomic
def seed_2026(context: DemoContext) -> None:
    on = dt.date(2026, 3, 1)
    wards = [context.unit(code, UnitKind.COMMUNE, on) for code in context.new_ward_codes]
    orders = _handed_over(wards, 2026)
    if (
        SoldierFamily.objects.filter(handover__in=orders).exists()
        or BenefitCase.objects.filter(unit__in=wards).exists()
    ):
        context.write("Chính sách hậu phương năm 2026 của các phường mới đã có; không tạo lại.")
        return
    admin = context.account(context.admin)
    staff_for = {w.pk: context.staff_of(w, admin) for w in wards}
    families = _families(staff_for, orders)
    _support(staff_for, families, 2026, tet_gifts=False)
    cases = _cases(
        wards, staff_for, context.account(context.province_commander), RECEIVED_2026, STAGES_2026
    )
    context.success(
        f"Đã tạo chính sách hậu phương năm 2026: {len(families)} gia đình quân nhân, "
        f"{cases} hồ sơ Quyết định 49, 62."
    )


def seed(context: DemoContext) -> None:
    """Rear policy of the demo: 2022 for the old city 256, 2026 for the new wards.

    Builds on the ``people`` demo (units, people, accounts) and the ``conscription`` demo (the
    handed-over call-up orders of 2022 and 2026); the migrations' amounts and checklists.
    """
    _deadlines()
    seed_2022(context)
    seed_2026(context)


register(Demo("welfare", seed, after=("people", "conscription"), scale=scale))
