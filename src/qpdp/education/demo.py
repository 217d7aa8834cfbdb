"""Demo defense education on the Bắc Ninh demo, written through the services.

- **2022, the old city of Bắc Ninh (256)**: each of the 19 wards records its post holders
  (chairman and Party secretary in group 3, officials and the military commander in group 4,
  residential-group heads, heads of mass organisations, one post outside the list whose group
  the officer set by hand) and its plan; the province runs a group-3 course, the city council
  two group-4 courses and one for residential-group heads and mass-organisation heads; most
  attendees pass and get a numbered certificate, a few fail, and the mass-organisation heads of
  the last six wards are not sent (their plan is not met, and they are due).
- **2026, the five new wards**: post holders since 01/07/2025, a plan each, and one group-4
  course run by each ward's council (commune level since the 2025 reform).

The refresh interval is the demo province's setting (5 years): no text sets one (UNVERIFIED).
Choices are deterministic (people in identity-number order); what exists is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from qpdp.core.access import User
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.units import Unit, UnitKind
from qpdp.education import services
from qpdp.education.models import (
    Attendance,
    Course,
    EducationPlan,
    Official,
    Post,
    RefreshPeriod,
    Result,
    TargetGroup,
)
from qpdp.education.scale import scale
from qpdp.people.selectors import residents

REFRESH_YEARS = 5
REFRESH_SOURCE = (
    "Giá trị mẫu của bản demo (tỉnh tự quy định): chưa có văn bản quy định thời hạn bồi dưỡng "
    "lại (CHƯA KIỂM CHỨNG, tài liệu nghiệp vụ bổ sung §3.4)"
)
# Posts each ward records, how many holders, and (for a post outside the list) the group set by
# hand.
POSTS: tuple[tuple[str, int, str | None], ...] = (
    ("Chủ tịch Ủy ban nhân dân xã, phường", 1, None),
    ("Bí thư Đảng ủy xã, phường", 1, None),
    ("Chỉ huy trưởng Ban Chỉ huy quân sự xã, phường", 1, None),
    ("Công chức xã, phường", 2, None),
    ("Tổ trưởng tổ dân phố", 3, None),
    ("Chi hội trưởng Hội Cựu chiến binh thôn, tổ dân phố", 2, None),
    ("Trưởng ban bảo vệ dân phố", 1, "4"),
)
NOT_SENT_FROM = 13  # wards from this index (by code) send no mass-organisation heads in 2022


def _groups() -> dict[str, TargetGroup]:
    return {g.code: g for g in TargetGroup.objects.all()}


def _refresh_periods(groups: dict[str, TargetGroup]) -> None:
    for code in ("3", "4", "village_head", "mass_org_head"):
        RefreshPeriod.objects.get_or_create(
            group=groups[code],
            valid_from=dt.date(2016, 1, 1),
            defaults={"years": REFRESH_YEARS, "source": REFRESH_SOURCE},
        )


def _officials(
    user: User, ward: Unit, started_on: dt.date, groups: dict[str, TargetGroup]
) -> list[Official]:
    """The ward's post holders: adults aged 30 to 60 on ``started_on``."""
    posts = {p.name: p for p in Post.objects.all()}
    born_to = started_on.replace(year=started_on.year - 30)
    born_from = started_on.replace(year=started_on.year - 60)
    people = residents(ward, started_on, born_from=born_from, born_to=born_to)
    needed = sum(count for _name, count, _group in POSTS)
    if len(people) < needed:
        raise DemoError(f"{ward.label} không đủ công dân để làm cán bộ mẫu.")
    holders = iter(people)
    made = []
    for name, count, by_hand in POSTS:
        for _ in range(count):
            post = posts.get(name)
            made.append(
                services.record_official(
                    user,
                    person=next(holders),
                    unit=ward,
                    started_on=started_on,
                    post=post,
                    title="" if post is not None else name,
                    group=groups[by_hand] if by_hand else None,
                )
            )
    return made


def _course(
    user: User,
    owner: Unit,
    group: TargetGroup,
    code: str,
    name: str,
    days: tuple[dt.date, dt.date],
    place: str,
    organiser: str,
) -> Course:
    return services.create_course(
        user,
        unit=owner,
        group=group,
        code=code,
        name=name,
        place=place,
        starts_on=days[0],
        ends_on=days[1],
        organiser=organiser,
    )


def _attend(
    user: User, course: Course, holders: Sequence[Official], *, failing: int = 0
) -> list[Attendance]:
    """Put ``holders`` on the course and record results after it ends: the last ``failing``
    fail, the others pass with numbered certificates (Giỏi, Khá, Đạt in turn)."""
    results = (Result.EXCELLENT, Result.GOOD, Result.PASSED, Result.GOOD)
    made = []
    for index, holder in enumerate(holders):
        attendance = services.add_attendee(user, course, holder.person, unit=holder.unit)
        fails = index >= len(holders) - failing
        result = Result.FAILED if fails else results[index % len(results)]
        number = "" if fails else f"{course.code}/{index + 1:03d}"
        made.append(
            services.record_result(
                user,
                attendance,
                result=result,
                certificate_number=number,
                today=course.ends_on,
            )
        )
    return made


def _plan(user: User, owner: Unit, year: int, lines: dict[TargetGroup, int]) -> None:
    services.create_plan(user, unit=owner, year=year, lines=lines)


@transaction.atomic
def seed_2022(context: DemoContext) -> None:
    """The old city's 2022 (see the module docstring)."""
    on = dt.date(2022, 6, 1)
    city = context.unit(context.city_code, UnitKind.DISTRICT, on)
    if EducationPlan.objects.filter(unit=city, year=2022).exists():
        context.write("Bồi dưỡng kiến thức QPAN năm 2022 của TP Bắc Ninh đã có; không tạo lại.")
        return
    admin, commander = context.account(context.admin), context.account(context.city_commander)
    groups = _groups()
    wards = context.city_wards(on)
    if len(wards) != 19:
        raise DemoError(f"Cần 19 phường của TP Bắc Ninh năm 2022, tìm thấy {len(wards)}.")
    holders: dict[str, list[Official]] = {code: [] for code in groups}
    for ward in wards:
        staff = context.staff_of(ward, commander)
        made = _officials(staff, ward, dt.date(2021, 7, 1), groups)
        for official in made:
            holders[official.group.code].append(official)
        _plan(
            staff,
            ward,
            2022,
            {
                groups["4"]: 4,
                groups["village_head"]: 3,
                groups["mass_org_head"]: 2,
            },
        )
    _plan(commander, city, 2022, {groups["3"]: 2 * len(wards)})
    province = city.parent
    assert province is not None
    group3 = _course(
        admin,
        province,
        groups["3"],
        "ĐT3-01/2022",
        "Lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3 năm 2022",
        (dt.date(2022, 5, 9), dt.date(2022, 5, 20)),
        "Trường Quân sự tỉnh Bắc Ninh",
        "Bộ Chỉ huy quân sự tỉnh",
    )
    _attend(admin, group3, holders["3"], failing=1)
    group4 = holders["4"]
    first = _course(
        commander,
        city,
        groups["4"],
        "ĐT4-01/2022",
        "Lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4, đợt 1",
        (dt.date(2022, 6, 6), dt.date(2022, 6, 9)),
        "Hội trường Ủy ban nhân dân thành phố",
        "Ban Chỉ huy quân sự thành phố",
    )
    half = len(group4) // 2
    _attend(commander, first, group4[:half])
    second = _course(
        commander,
        city,
        groups["4"],
        "ĐT4-02/2022",
        "Lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4, đợt 2",
        (dt.date(2022, 9, 12), dt.date(2022, 9, 15)),
        "Hội trường Ủy ban nhân dân thành phố",
        "Ban Chỉ huy quân sự thành phố",
    )
    _attend(commander, second, group4[half:], failing=2)
    heads = _course(
        commander,
        city,
        groups["village_head"],
        "TDP-01/2022",
        "Lớp bồi dưỡng kiến thức quốc phòng và an ninh cho tổ trưởng tổ dân phố",
        (dt.date(2022, 10, 17), dt.date(2022, 10, 20)),
        "Hội trường Ủy ban nhân dân thành phố",
        "Ban Chỉ huy quân sự thành phố",
    )
    _attend(commander, heads, holders["village_head"])
    mass = _course(
        commander,
        city,
        groups["mass_org_head"],
        "ĐT-01/2022",
        "Lớp bồi dưỡng kiến thức quốc phòng và an ninh cho người đứng đầu đoàn thể",
        (dt.date(2022, 11, 7), dt.date(2022, 11, 10)),
        "Hội trường Ủy ban nhân dân thành phố",
        "Ban Chỉ huy quân sự thành phố",
    )
    sent = [h for h in holders["mass_org_head"] if wards.index(h.unit) < NOT_SENT_FROM]
    _attend(commander, mass, sent)
    context.success(
        f"Đã tạo bồi dưỡng kiến thức QPAN năm 2022 của {city.label}: "
        f"{Official.objects.filter(unit__in=wards).count()} cán bộ, 5 lớp, "
        f"{Attendance.objects.filter(course__code__endswith='/2022').count()} lượt học viên."
    )


@transaction.atomic
def seed_2026(context: DemoContext) -> None:
    """The five new wards' 2026 (see the module docstring)."""
    on = dt.date(2026, 3, 1)
    wards = [context.unit(code, UnitKind.COMMUNE, on) for code in context.new_ward_codes]
    if EducationPlan.objects.filter(unit__in=wards, year=2026).exists():
        context.write("Bồi dưỡng kiến thức QPAN năm 2026 của các phường mới đã có; không tạo lại.")
        return
    admin = context.account(context.admin)
    groups = _groups()
    courses = 0
    for index, ward in enumerate(wards):
        staff = context.staff_of(ward, admin)
        made = _officials(staff, ward, dt.date(2025, 7, 1), groups)
        _plan(staff, ward, 2026, {groups["4"]: 4, groups["village_head"]: 3})
        course = _course(
            staff,
            ward,
            groups["4"],
            f"ĐT4-01/2026-{ward.code}",
            f"Lớp bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4, {ward.label}",
            (dt.date(2026, 4, 6 + index), dt.date(2026, 4, 9 + index)),
            f"Hội trường Ủy ban nhân dân {ward.label.lower()}",
            f"Ban Chỉ huy quân sự {ward.label.lower()}",
        )
        _attend(staff, course, [o for o in made if o.group.code == "4"], failing=index % 2)
        courses += 1
    context.success(f"Đã tạo bồi dưỡng kiến thức QPAN năm 2026 của {courses} phường mới.")


def seed(context: DemoContext) -> None:
    """Defense education of the demo: 2022 for the old city 256, 2026 for the new wards.

    Builds on the ``people`` demo (units, people, the accounts ``quantri``, ``chihuy.tpbacninh``
    and the ward staff) and the migrations' target groups and posts.
    """
    _refresh_periods(_groups())
    seed_2022(context)
    seed_2026(context)


register(Demo("education", seed, after=("people",), scale=scale))
