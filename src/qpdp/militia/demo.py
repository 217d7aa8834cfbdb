"""Demo militia of the Bắc Ninh demo city, written through ``militia.services`` (so the law's
checks run and the audit log is written).

Needs before it: the unit catalogue and the people and accounts of ``qpdp seed_demo`` (the 19
wards of 2022 under the city 256, the five new wards of province 24 since 07/2025, the province
commander's account). It does not need the call-up demo, but leaves out anyone it handed over.

What it builds, as the law runs it:

- **2022 wards** (three-tier law): a mobile militia platoon in each of the 19 wards, its members
  enrolled 01/03/2021 for the four-year term, trained in 2022; they complete their term on
  01/03/2025 and the platoons are dissolved at the merger (01/07/2025).
- **New wards** (since 01/07/2025): in each of the five, a mobile platoon set up by the
  provincial commander and two local squads set up by the ward's commander (Art. 22 as amended),
  enrolled 01/08/2025 and trained in 2025; a standing squad in Kinh Bắc (a ward key to defense);
  two enterprises with a self-defense squad each; a few deferrals and exemptions (Art. 11); a
  member released on being called up (Art. 12.1.d); a new intake in March 2026; the 2026
  training plans (Art. 28.1: 15 days in the first year, then 12 or 7; 60 for standing militia)
  with nearly everyone trained in full; and the 2026 target of core militia to population.

Choices are deterministic (people in identity-number order); units that exist are left alone,
so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet

from qpdp.core.access import User
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.militia import services
from qpdp.militia.models import Attendance, Membership, MilitiaUnit, TrainingPlan
from qpdp.militia.rules import (
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
)
from qpdp.militia.scale import scale
from qpdp.people.choices import BirthPrecision, Gender
from qpdp.people.models import Person
from qpdp.planning.services import TargetChanges, set_targets

KEY_WARD = "09187"
"""New Kinh Bắc: the ward the demo treats as key to defense (standing squad, Art. 15.2)."""
ENTERPRISES = (
    ("09187", "DN-01", "Công ty cổ phần May mặc Kinh Bắc"),
    ("09190", "DN-02", "Công ty TNHH Linh kiện điện tử Võ Cường"),
)
MOBILE_STRENGTH = 31  # a platoon leader and three squads of ten: a configurable figure
OLD_STRENGTH = 15  # the 2022 wards' smaller platoons
SQUAD_STRENGTH = 10
OLD_ROSTER = 12
NEW_ROSTER = 26
LOCAL_ROSTER = 8
STANDING_ROSTER = 8
SELF_DEFENSE_ROSTER = 9
CORE_SHARE_TARGET = Decimal("1.20")
"""A 2026 target of core militia per population for the new wards: the law fixes none."""


def seed(context: DemoContext) -> None:
    """Build the demo militia (see the module docstring) on the people demo's wards."""
    with transaction.atomic():
        user = context.account(context.province_commander)
        city = context.unit(context.city_code, UnitKind.DISTRICT, dt.date(2022, 6, 1))
        province = context.unit(context.province_code, UnitKind.PROVINCE, REFORM_DATE)
        old_wards = context.wards(city, dt.date(2022, 6, 1))
        new_wards = context.wards(province, REFORM_DATE)
        if MilitiaUnit.objects.filter(unit__in=new_wards).exists():
            context.write("Dân quân tự vệ mẫu đã có; không tạo lại.")
            return
        taken: set[int] = set()
        for ward in old_wards:
            _old_platoon(user, ward, taken)
        for ward in new_wards:
            _new_ward(user, ward, taken)
        for code, suffix, name in ENTERPRISES:
            ward = next(w for w in new_wards if w.code == code)
            _enterprise(user, ward, suffix, name, taken)
        set_targets(
            user,
            TargetChanges(
                province,
                2026,
                {(ward.pk, "militia.core_share"): CORE_SHARE_TARGET for ward in new_wards},
            ),
        )
    units = MilitiaUnit.objects.count()
    members = Membership.objects.values("person").distinct().count()
    trained = Attendance.objects.filter(plan__year=2026).count()
    context.success(
        f"Đã tạo {units} đơn vị dân quân tự vệ, {members} dân quân tự vệ, "
        f"{trained} lượt huấn luyện năm 2026."
    )


# -- lookups -----------------------------------------------------------------------------------


def _people(
    lived_in: Unit,
    on: dt.date,
    *,
    youngest: int,
    oldest: int,
    count: int,
    taken: set[int],
    gender: str = Gender.MALE,
) -> list[Person]:
    """People of ``gender`` who lived in ``lived_in`` on ``on``, aged ``youngest``–``oldest`` then
    with a full birth date, never chosen before nor handed over to the army, by identity number."""
    born_after = dt.date(on.year - oldest - 1, on.month, on.day)
    born_by = dt.date(on.year - youngest, on.month, on.day)
    lived: Q = Q(residence_unit=lived_in)
    if lived_in.valid_to is not None:
        lived = Q(residences__unit=lived_in, residences__valid_from__lte=on)
    people: QuerySet[Person] = (
        Person.objects.filter(
            lived,
            gender=gender,
            birth_precision=BirthPrecision.DAY,
            birth_date__gt=born_after,
            birth_date__lte=born_by,
        )
        .exclude(pk__in=taken)
        .exclude(callup_orders__outcome="handed_over")
        .select_related("residence_unit")
        .distinct()
        .order_by("id_number")
    )
    chosen = list(people[:count])
    if len(chosen) < count:
        raise DemoError(
            f"{lived_in} có {len(chosen)} người phù hợp, cần {count}: hãy tạo thêm dân cư mẫu."
        )
    taken.update(p.pk for p in chosen)
    return chosen


def _enrol(
    user: User,
    militia_unit: MilitiaUnit,
    people: Sequence[Person],
    *,
    on: dt.date,
    number: str,
    signer: str,
    commander: bool = True,
) -> None:
    for index, person in enumerate(people):
        post = Post.COMMANDER if commander and index == 0 else Post.MEMBER
        if commander and index == 1:
            post = Post.DEPUTY
        services.enrol_member(
            user,
            militia_unit,
            person,
            joined_on=on,
            decision_number=number,
            decision_date=on - dt.timedelta(days=7),
            decision_signer=signer,
            post=post,
        )


def _train(
    user: User,
    keeper: Unit,
    kind: str,
    year: int,
    start: dt.date,
    end: dt.date,
    *,
    short_every: int = 0,
) -> TrainingPlan:
    """A plan, its trainees, and their days: all in full, but every ``short_every``-th trainee
    misses two days."""
    plan = services.create_training_plan(
        user, keeper, year=year, force_kind=kind, starts_on=start, ends_on=end, place="Thao trường"
    )
    services.enrol_trainees(user, plan)
    for index, attendance in enumerate(plan.attendances.order_by("pk"), start=1):
        short = short_every and index % short_every == 0
        days = attendance.required_days - (2 if short else 0)
        services.record_attendance(user, attendance, days)
    return plan


def _chair(ward: Unit) -> str:
    return f"Chủ tịch UBND phường {ward.name}"


# -- the 2022 wards ----------------------------------------------------------------------------


def _old_platoon(user: User, ward: Unit, taken: set[int]) -> None:
    joined = dt.date(2021, 3, 1)
    platoon = services.create_unit(
        user,
        unit=ward,
        name=f"Trung đội dân quân cơ động phường {ward.name}",
        level=Level.PLATOON,
        force_kind=ForceKind.MOBILE,
        authorised_strength=OLD_STRENGTH,
        established_on=dt.date(2021, 1, 15),
        established_by=EstablishingAuthority.DISTRICT_COMMANDER,
        decision_number=f"{ward.code}/QĐ-BCH",
        decision_signer="Chỉ huy trưởng Ban CHQS thành phố Bắc Ninh",
    )
    people = _people(ward, joined, youngest=19, oldest=30, count=OLD_ROSTER, taken=taken)
    _enrol(user, platoon, people, on=joined, number=f"12/QĐ-UBND-{ward.code}", signer=_chair(ward))
    _train(user, ward, ForceKind.MOBILE, 2022, dt.date(2022, 4, 4), dt.date(2022, 4, 22))
    for membership in platoon.memberships.order_by("pk"):
        services.end_membership(
            user,
            membership,
            reason=EndReason.COMPLETED,
            on=dt.date(2025, 3, 1),
            decision_number=f"25/QĐ-UBND-{ward.code}",
            decision_date=dt.date(2025, 2, 25),
        )
    services.dissolve_unit(user, platoon, on=REFORM_DATE)


# -- the new wards -----------------------------------------------------------------------------


def _new_ward(user: User, ward: Unit, taken: set[int]) -> None:
    joined = dt.date(2025, 8, 1)
    platoon = services.create_unit(
        user,
        unit=ward,
        name=f"Trung đội dân quân cơ động phường {ward.name}",
        level=Level.PLATOON,
        force_kind=ForceKind.MOBILE,
        authorised_strength=MOBILE_STRENGTH,
        established_on=dt.date(2025, 7, 15),
        established_by=EstablishingAuthority.PROVINCE_COMMANDER,
        decision_number=f"{ward.code}/QĐ-BCHQS",
        decision_signer="Chỉ huy trưởng Bộ CHQS tỉnh Bắc Ninh",
    )
    number = f"08/QĐ-UBND-{ward.code}"
    mobile = _people(ward, joined, youngest=19, oldest=28, count=NEW_ROSTER, taken=taken)
    _enrol(user, platoon, mobile, on=joined, number=number, signer=_chair(ward))
    squads = [
        services.create_unit(
            user,
            unit=ward,
            name=f"Tiểu đội dân quân tại chỗ tổ dân phố số {n}",
            level=Level.SQUAD,
            force_kind=ForceKind.LOCAL,
            authorised_strength=SQUAD_STRENGTH,
            established_on=dt.date(2025, 7, 20),
            established_by=EstablishingAuthority.COMMUNE_COMMANDER,
            decision_number=f"{n}/QĐ-BCH-{ward.code}",
            decision_signer=f"Chỉ huy trưởng Ban CHQS phường {ward.name}",
        )
        for n in (1, 2)
    ]
    for squad in squads:
        men = _people(ward, joined, youngest=20, oldest=44, count=LOCAL_ROSTER - 2, taken=taken)
        women = _people(
            ward, joined, youngest=20, oldest=39, count=2, taken=taken, gender=Gender.FEMALE
        )
        _enrol(user, squad, [*men, *women], on=joined, number=number, signer=_chair(ward))
    if ward.code == KEY_WARD:
        _standing_squad(user, ward, taken)
    _duty_decisions(user, ward, taken)
    _train(user, ward, ForceKind.MOBILE, 2025, dt.date(2025, 9, 8), dt.date(2025, 9, 26))
    _train(user, ward, ForceKind.LOCAL, 2025, dt.date(2025, 10, 6), dt.date(2025, 10, 24))
    called_up = platoon.memberships.filter(post=Post.MEMBER).order_by("pk").last()
    assert called_up is not None
    services.end_membership(
        user,
        called_up,
        reason=EndReason.RELEASED,
        ground="d",
        on=dt.date(2026, 2, 27),
        decision_number=f"03/QĐ-UBND-{ward.code}",
        decision_date=dt.date(2026, 2, 20),
    )
    intake = _people(ward, dt.date(2026, 3, 16), youngest=19, oldest=25, count=3, taken=taken)
    _enrol(
        user,
        platoon,
        intake,
        on=dt.date(2026, 3, 16),
        number=f"15/QĐ-UBND-{ward.code}",
        signer=_chair(ward),
        commander=False,
    )
    _train(
        user, ward, ForceKind.MOBILE, 2026, dt.date(2026, 5, 4), dt.date(2026, 5, 22), short_every=9
    )
    _train(user, ward, ForceKind.LOCAL, 2026, dt.date(2026, 6, 1), dt.date(2026, 6, 19))


def _standing_squad(user: User, ward: Unit, taken: set[int]) -> None:
    squad = services.create_unit(
        user,
        unit=ward,
        name=f"Tiểu đội dân quân thường trực phường {ward.name}",
        level=Level.SQUAD,
        force_kind=ForceKind.STANDING,
        authorised_strength=SQUAD_STRENGTH,
        established_on=dt.date(2025, 8, 15),
        established_by=EstablishingAuthority.PROVINCE_COMMANDER,
        decision_number="45/QĐ-BCHQS",
        decision_signer="Chỉ huy trưởng Bộ CHQS tỉnh Bắc Ninh",
    )
    joined = dt.date(2025, 9, 1)
    people = _people(ward, joined, youngest=19, oldest=26, count=STANDING_ROSTER, taken=taken)
    _enrol(user, squad, people, on=joined, number="10/QĐ-UBND", signer=_chair(ward))
    _train(user, ward, ForceKind.STANDING, 2026, dt.date(2026, 3, 2), dt.date(2026, 11, 27))


def _duty_decisions(user: User, ward: Unit, taken: set[int]) -> None:
    """A student deferred (Art. 11.1.h) and a cipher worker exempt (Art. 11.2.đ) per ward."""
    on = dt.date(2025, 7, 25)
    student, cipher = _people(ward, on, youngest=18, oldest=22, count=2, taken=taken)
    services.record_duty_decision(
        user,
        student,
        ward,
        kind=DutyDecisionKind.DEFERRAL,
        ground="h",
        evidence="Giấy xác nhận sinh viên Đại học Kinh Bắc",
        decided_on=on,
        until=dt.date(2028, 6, 30),
        number=f"09/QĐ-UBND-{ward.code}",
        signer=_chair(ward),
    )
    services.record_duty_decision(
        user,
        cipher,
        ward,
        kind=DutyDecisionKind.EXEMPTION,
        ground="dd",
        evidence="Xác nhận của cơ quan cơ yếu",
        decided_on=on,
        number=f"10/QĐ-UBND-{ward.code}",
        signer=_chair(ward),
    )


def _enterprise(user: User, ward: Unit, suffix: str, name: str, taken: set[int]) -> None:
    """A host organisation under its ward with a self-defense squad set up by its own military
    command, trained by the enterprise in 2026."""
    host = Unit(
        code=f"{ward.code}-{suffix}",
        name=name,
        kind=UnitKind.ORGANISATION,
        parent=ward,
        valid_from=dt.date(2025, 7, 1),
        source="demo",
    )
    host.save()
    squad = services.create_unit(
        user,
        unit=host,
        name=f"Tiểu đội tự vệ {name}",
        level=Level.SQUAD,
        force_kind=ForceKind.LOCAL,
        authorised_strength=SQUAD_STRENGTH,
        established_on=dt.date(2025, 9, 1),
        established_by=EstablishingAuthority.ORGANISATION_COMMANDER,
        decision_number=f"01/QĐ-{suffix}",
        decision_signer=f"Chỉ huy trưởng Ban CHQS {name}",
    )
    joined = dt.date(2025, 9, 15)
    workers = _people(ward, joined, youngest=20, oldest=40, count=SELF_DEFENSE_ROSTER, taken=taken)
    _enrol(user, squad, workers, on=joined, number=f"05/QĐ-{suffix}", signer=f"Giám đốc {name}")
    _train(user, host, ForceKind.LOCAL, 2026, dt.date(2026, 7, 6), dt.date(2026, 7, 24))


register(Demo("militia", seed, after=("people",), scale=scale))
