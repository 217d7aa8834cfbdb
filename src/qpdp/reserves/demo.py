"""Demo reserve forces of the five new wards, written through ``reserves.services``.

Needs before it: the unit catalogue and the people and accounts of ``qpdp seed_demo``; run after
``militia.demo`` (it leaves out the militia's members, as an assigned reservist may not serve in
the militia, Militia Law Art. 11.2.c) and, if present, after the call-up demo (it leaves out
anyone handed over to the army).

What it builds: in each new ward, reserve soldiers registered after the merger (10/07/2025) with
the class the law gives their service history (Military Service Law Art. 24): discharged soldiers
(class one), men past call-up age who never served and women registered for military service
(class two), two soldiers discharged in 2026 (one registered late, to show the flag), one man
transferred out at the age limit (Art. 25, 29). Kinh Bắc builds an infantry platoon (a combat
unit: soldiers to 35, Reserve Law Art. 17.2) and the province a transport platoon (combat
support: to 45, women to 40); soldiers are assigned by speciality, two reconnaissance soldiers
to the infantry platoon with the reason recorded (Art. 16.1). In 2026 the infantry platoon has
a three-day readiness check (Art. 27.1) with one soldier excused (Art. 22.4.b) and one absent,
and the transport platoon a concentrated training.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from qpdp.core.access import User
from qpdp.core.demo import Demo, DemoContext, register
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.people.choices import BirthPrecision, Gender
from qpdp.people.models import Person
from qpdp.reserves import services
from qpdp.reserves.models import ReserveSoldier, ReserveUnit
from qpdp.reserves.rules import (
    DrillKind,
    Excuse,
    Rank,
    ServiceHistory,
    TransferAuthority,
    TransferReason,
    UnitLevel,
    UnitRole,
)
from qpdp.reserves.scale import scale

BUILDING_WARD = "09187"
INFANTRY = "Bộ binh"
RECONNAISSANCE = "Trinh sát"
DRIVER = "Lái xe"
NURSE = "Y tá"
REGISTERED = dt.date(2025, 7, 10)
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def seed(context: DemoContext) -> None:
    """Build the demo reserve (see the module docstring) on the people demo's wards; after the
    militia demo, whose members it leaves alone (reserve duty exempts from militia duty)."""
    with transaction.atomic():
        user = context.account(context.province_commander)
        province = context.unit(context.province_code, UnitKind.PROVINCE, REFORM_DATE)
        wards = context.wards(province, REFORM_DATE)
        if ReserveSoldier.objects.filter(unit__in=wards).exists():
            context.write("Lực lượng dự bị động viên mẫu đã có; không tạo lại.")
            return
        taken: set[int] = set()
        infantry: list[ReserveSoldier] = []
        scouts: list[ReserveSoldier] = []
        support: list[ReserveSoldier] = []
        for ward in wards:
            registered = _register_ward(user, ward, taken)
            infantry += registered["infantry"]
            scouts += registered["scouts"]
            support += registered["support"]
        builder = next(w for w in wards if w.code == BUILDING_WARD)
        platoon = services.create_reserve_unit(
            user,
            builder,
            name="Trung đội 1, Đại đội bộ binh 2, Tiểu đoàn 4 (dự bị động viên)",
            level=UnitLevel.PLATOON,
            role=UnitRole.COMBAT,
            speciality=INFANTRY,
            authorised_strength=30,
            established_on=dt.date(2025, 8, 1),
        )
        transport = services.create_reserve_unit(
            user,
            province,
            name="Trung đội vận tải 3 (dự bị động viên)",
            level=UnitLevel.PLATOON,
            role=UnitRole.COMBAT_SUPPORT,
            speciality=DRIVER,
            authorised_strength=20,
            established_on=dt.date(2025, 8, 1),
        )
        assigned_on = dt.date(2025, 9, 5)
        ready = [soldier for soldier in infantry if soldier.registered_on <= assigned_on]
        for soldier in ready[:30]:
            services.assign_soldier(user, soldier, platoon, assigned_on=assigned_on)
        for soldier in scouts[:2]:
            services.assign_soldier(
                user,
                soldier,
                platoon,
                assigned_on=assigned_on,
                override_reason="Không còn quân nhân bộ binh; trinh sát là chuyên nghiệp gần nhất",
            )
        for soldier in support[:20]:
            reason = "" if soldier.speciality == DRIVER else "Y tá bảo đảm quân y cho trung đội"
            services.assign_soldier(
                user, soldier, transport, assigned_on=assigned_on, override_reason=reason
            )
        _readiness_check(user, builder, platoon)
        _training(user, province, transport)
    soldiers = ReserveSoldier.objects.count()
    context.success(
        f"Đã tạo {soldiers} quân nhân dự bị, {ReserveUnit.objects.count()} đơn vị dự bị động viên,"
        " 1 đợt kiểm tra sẵn sàng động viên, 1 đợt huấn luyện tập trung."
    )


def _people(
    ward: Unit, *, youngest: int, oldest: int, count: int, taken: set[int], gender: str
) -> list[Person]:
    """Residents of ``ward`` aged ``youngest``–``oldest`` on the registration day, never in the
    militia nor handed over to the army, in identity-number order."""
    on = REGISTERED
    people: QuerySet[Person] = (
        Person.objects.filter(
            residence_unit=ward,
            gender=gender,
            birth_precision=BirthPrecision.DAY,
            birth_date__gt=dt.date(on.year - oldest - 1, on.month, on.day),
            birth_date__lte=dt.date(on.year - youngest, on.month, on.day),
            militia_memberships__isnull=True,
        )
        .exclude(pk__in=taken)
        .exclude(callup_orders__outcome="handed_over")
        .order_by("id_number")
    )
    chosen = list(people[:count])
    taken.update(p.pk for p in chosen)
    return chosen


def _register(
    user: User,
    people: Sequence[Person],
    ward: Unit,
    history: ServiceHistory,
    *,
    speciality: str,
    rank: str = "",
    registered_on: dt.date = REGISTERED,
    discharged_on: dt.date | None = None,
) -> list[ReserveSoldier]:
    return [
        services.register_soldier(
            user,
            person,
            ward,
            registered_on=registered_on,
            discharged_on=discharged_on,
            history=history,
            speciality=speciality,
            rank=rank,
        )
        for person in people
    ]


def _register_ward(user: User, ward: Unit, taken: set[int]) -> dict[str, list[ReserveSoldier]]:
    served = ServiceHistory(active_service_months=24)
    men = Gender.MALE
    infantry = _register(
        user,
        _people(ward, youngest=23, oldest=33, count=6, taken=taken, gender=men),
        ward,
        served,
        speciality=INFANTRY,
        rank=Rank.CORPORAL,
    )
    scouts = _register(
        user,
        _people(ward, youngest=23, oldest=33, count=1, taken=taken, gender=men),
        ward,
        served,
        speciality=RECONNAISSANCE,
        rank=Rank.PRIVATE_FIRST_CLASS,
    )
    discharged = dt.date(2026, 3, 5)
    for registered_on in (dt.date(2026, 3, 16), dt.date(2026, 4, 20)):
        infantry += _register(
            user,
            _people(ward, youngest=21, oldest=22, count=1, taken=taken, gender=men),
            ward,
            served,
            speciality=INFANTRY,
            rank=Rank.PRIVATE_FIRST_CLASS,
            registered_on=registered_on,
            discharged_on=discharged,
        )
    drivers = _register(
        user,
        _people(ward, youngest=36, oldest=43, count=3, taken=taken, gender=men),
        ward,
        ServiceHistory(),
        speciality=DRIVER,
    )
    nurses = _register(
        user,
        _people(ward, youngest=25, oldest=38, count=1, taken=taken, gender=Gender.FEMALE),
        ward,
        ServiceHistory(),
        speciality=NURSE,
    )
    veteran = _register(
        user,
        _people(ward, youngest=45, oldest=45, count=1, taken=taken, gender=men),
        ward,
        served,
        speciality=INFANTRY,
        rank=Rank.SERGEANT,
    )
    for soldier in veteran:
        services.transfer_out(
            user,
            soldier,
            on=dt.date(2026, 7, 15),
            reason=TransferReason.AGE_LIMIT,
            decided_by=TransferAuthority.AREA_DEFENSE_COMMANDER,
            decision_number=f"21/QĐ-BCH-{ward.code}",
        )
    return {"infantry": infantry, "scouts": scouts, "support": [*drivers, *nurses]}


def _readiness_check(user: User, ward: Unit, platoon: ReserveUnit) -> None:
    start = dt.date(2026, 9, 15)
    drill = services.create_drill(
        user,
        ward,
        kind=DrillKind.READINESS_CHECK,
        name="Kiểm tra sẵn sàng động viên năm 2026",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
        report_by=dt.datetime(2026, 9, 15, 7, 30, tzinfo=VIETNAM),
        place="Sân vận động phường Kinh Bắc",
        reserve_unit=platoon,
    )
    services.summon_unit(user, drill, summoned_on=dt.date(2026, 9, 1))
    # the building ward's own soldiers first, so its turnout shows the excused and the absent
    summonses = sorted(
        drill.summonses.select_related("soldier"),
        key=lambda s: (s.soldier.unit_id != ward.pk, s.pk),
    )
    for index, summons in enumerate(summonses):
        if index == 0:
            services.record_report(
                user, summons, excuse=Excuse.ILLNESS, confirmed_by="UBND phường Kinh Bắc"
            )
        elif index == 1:
            continue  # absent without a valid reason
        else:
            reported = dt.datetime(2026, 9, 15, 7, 0, tzinfo=VIETNAM) + dt.timedelta(minutes=index)
            services.record_report(user, summons, reported_at=reported)


def _training(user: User, province: Unit, transport: ReserveUnit) -> None:
    start = dt.date(2026, 10, 5)
    drill = services.create_drill(
        user,
        province,
        kind=DrillKind.CONCENTRATED_TRAINING,
        name="Huấn luyện tập trung trung đội vận tải năm 2026",
        starts_on=start,
        ends_on=start + dt.timedelta(days=11),
        report_by=dt.datetime(2026, 10, 5, 7, 0, tzinfo=VIETNAM),
        place="Trung tâm huấn luyện dự bị động viên tỉnh",
        reserve_unit=transport,
    )
    services.summon_unit(user, drill, summoned_on=dt.date(2026, 9, 20))
    for summons in drill.summonses.order_by("pk"):
        services.record_report(
            user, summons, reported_at=dt.datetime(2026, 10, 5, 6, 45, tzinfo=VIETNAM)
        )


register(Demo("reserves", seed, after=("people", "militia"), scale=scale))
