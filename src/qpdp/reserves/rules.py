"""The law of reserve NCOs and soldiers as pure functions: no ORM, dates passed in.

Sources: Law on Military Service 2015 as amended (Art. 24 classes, Art. 25 age limit, Art. 26
age groups, Art. 27 training and readiness checks, Art. 29 transfer out, Art. 45 registration
after discharge) and Law on the Mobilisation Reserve Force 53/2019/QH14 (Art. 15.2 spare
headcount, Art. 16.1 speciality, Art. 17.2 assignment ages, Art. 22.4.b excuses), as amended by
Law 98/2025/QH15 (which did not touch Art. 15–17 or Art. 24–26).

Conventions (not law, pinned by tests): ages use ``qpdp.core.ages`` (a partial birth date decides
nothing it cannot decide for every day it may mean); "không quá 35 tuổi" is read as "to the end
of age 35"; working days are Monday to Friday (public holidays are not in the data, so a
deadline may come a holiday or two early: the officer is warned sooner, never later).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from qpdp.conscription.rules.ages import (
    CALL_UP_MAX_AGE,
    CALL_UP_MAX_AGE_AFTER_STUDY,
    FEMALE_RESERVE_AGE_LIMIT,
    MALE_RESERVE_AGE_LIMIT,
)
from qpdp.core.ages import BirthDate, certainly_past, last_day_of_age, latest_birth_reaching
from qpdp.core.breaches import Breach, Flag, Text
from qpdp.core.dated import row_on
from qpdp.core.vietnamese import fold
from qpdp.reserves.error_codes import ErrorCode

MALE = "M"
FEMALE = "F"
REFORM = date(2025, 7, 1)
MILITARY_SERVICE_LAW = date(2016, 1, 1)
RESERVE_LAW = date(2020, 7, 1)
"""Law on the Mobilisation Reserve Force 53/2019/QH14 takes effect."""


class Category(TextChoices):
    ONE = "1", _("Hạng một")
    TWO = "2", _("Hạng hai")


class AgeGroup(TextChoices):
    A = "A", _("Nhóm A")
    B = "B", _("Nhóm B")


class Rank(TextChoices):
    """Ranks of NCOs and soldiers (Art. 8)."""

    MASTER_SERGEANT = "thuong_si", _("Thượng sĩ")
    SERGEANT = "trung_si", _("Trung sĩ")
    CORPORAL = "ha_si", _("Hạ sĩ")
    PRIVATE_FIRST_CLASS = "binh_nhat", _("Binh nhất")
    PRIVATE = "binh_nhi", _("Binh nhì")


class UnitRole(TextChoices):
    """Art. 17.2 sets different ages for the two."""

    COMBAT = "combat", _("Đơn vị chiến đấu")
    COMBAT_SUPPORT = "support", _("Đơn vị bảo đảm chiến đấu")


class UnitLevel(TextChoices):
    SQUAD = "squad", _("Tiểu đội")
    PLATOON = "platoon", _("Trung đội")
    COMPANY = "company", _("Đại đội")
    BATTALION = "battalion", _("Tiểu đoàn")


class TransferReason(TextChoices):
    """Art. 29: out of the reserve at the age limit or on losing fitness."""

    AGE_LIMIT = "age_limit", _("Hết độ tuổi phục vụ trong ngạch dự bị")
    UNFIT = "unfit", _("Không còn đủ sức khỏe")


class TransferAuthority(TextChoices):
    DISTRICT_COMMANDER = "district_commander", _("Chỉ huy trưởng Ban Chỉ huy quân sự cấp huyện")
    AREA_DEFENSE_COMMANDER = (
        "area_defense_commander",
        _("Chỉ huy trưởng Ban chỉ huy phòng thủ khu vực"),
    )


class DrillKind(TextChoices):
    CONCENTRATED_TRAINING = "training", _("Huấn luyện tập trung")
    READINESS_CHECK = "readiness", _("Kiểm tra sẵn sàng động viên, sẵn sàng chiến đấu")


class Excuse(TextChoices):
    """Art. 22.4.b Reserve Law: the valid reasons for not reporting."""

    ILLNESS = "illness", _("Ốm đau")
    FAMILY_HARDSHIP = "hardship", _("Gia đình gặp khó khăn đột xuất")


# -- classes (Art. 24) ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceHistory:
    """What Art. 24 classifies by: months and kinds of earlier service, as plain values."""

    active_service_months: int = 0
    served_in_combat: bool = False
    police_months: int = 0
    commune_police_months: int = 0
    professional_soldier: bool = False
    defence_worker: bool = False
    defence_worker_converted: bool = False
    standing_militia_completed: bool = False
    militia_training_months: int = 0
    reserve_training_months: int = 0


@dataclass(frozen=True, slots=True)
class CategoryGround:
    category: Category | None
    code: str
    title: Text
    article: Text


def _one(letter: str, title: Text) -> CategoryGround:
    code = "dd" if letter == "đ" else letter
    return CategoryGround(
        Category.ONE,
        f"1{code}",
        title,
        _("điểm %(letter)s khoản 2 Điều 24 Luật Nghĩa vụ quân sự") % {"letter": letter},
    )


def _two(letter: str, title: Text) -> CategoryGround:
    code = "dd" if letter == "đ" else letter
    return CategoryGround(
        Category.TWO,
        f"2{code}",
        title,
        _("điểm %(letter)s khoản 3 Điều 24 Luật Nghĩa vụ quân sự") % {"letter": letter},
    )


CLASS_ONE_MONTHS = 6
"""Art. 24.2.a: discharged after 6 months or more of active service."""
POLICE_CLASS_ONE_MONTHS = 20
POLICE_CLASS_TWO_MONTHS = 12
"""Art. 24.2.c / 24.3.c: out of the police after 20 months or more (class one), under 12 (two)."""
MILITIA_TRAINING_MONTHS = 3
"""Art. 24.2.e: core militia with 3 months or more of concentrated training."""
RESERVE_TRAINING_MONTHS = 6
"""Art. 24.2.g: class-two soldiers with 6 months or more of concentrated training."""
COMMUNE_POLICE_MONTHS = 36
"""Art. 24.2.h: 36 continuous months in the commune police."""

POLICE_GAP = CategoryGround(
    None,
    "police_gap",
    _(
        "Thôi phục vụ trong Công an nhân dân từ đủ 12 tháng đến dưới 20 tháng: Luật không quy định "
        "hạng; Ban Chỉ huy quân sự phải quyết định và ghi lý do"
    ),
    _("điểm c khoản 2, điểm c khoản 3 Điều 24 Luật Nghĩa vụ quân sự"),
)
NOT_SUBJECT = CategoryGround(
    None,
    "not_subject",
    _(
        "Không thuộc diện quân nhân dự bị theo Điều 24: nam chưa phục vụ tại ngũ còn trong độ "
        "tuổi gọi nhập ngũ thì thuộc diện gọi nhập ngũ"
    ),
    _("Điều 24 Luật Nghĩa vụ quân sự"),
)


CLASS_ONE = {
    "a": _one("a", _("Xuất ngũ sau khi phục vụ tại ngũ đủ 6 tháng trở lên")),
    "b": _one("b", _("Xuất ngũ sau khi đã tham gia chiến đấu")),
    "c": _one("c", _("Thôi phục vụ trong Công an nhân dân sau đủ 20 tháng trở lên")),
    "d": _one("d", _("Thôi phục vụ quân nhân chuyên nghiệp")),
    "đ": _one("đ", _("Công nhân, viên chức quốc phòng chuyển từ hạ sĩ quan, binh sĩ, thôi việc")),
    "e": _one(
        "e",
        _(
            "Hoàn thành nghĩa vụ dân quân thường trực, hoặc dân quân nòng cốt đã được huấn "
            "luyện tập trung đủ 3 tháng trở lên"
        ),
    ),
    "g": _one("g", _("Binh sĩ dự bị hạng hai đã qua huấn luyện tập trung đủ 6 tháng")),
    "h": _one("h", _("Phục vụ trong Công an xã liên tục đủ 36 tháng trở lên")),
}
"""Art. 24.2, by letter."""
CLASS_TWO = {
    "a": _two("a", _("Xuất ngũ khi phục vụ tại ngũ dưới 6 tháng")),
    "b": _two("b", _("Công nhân, viên chức quốc phòng thôi việc")),
    "c": _two("c", _("Thôi phục vụ trong Công an nhân dân dưới 12 tháng")),
    "đ": _two("đ", _("Nữ đã đăng ký nghĩa vụ quân sự")),
    "d": _two("d", _("Nam hết độ tuổi gọi nhập ngũ chưa phục vụ tại ngũ")),
}
"""Art. 24.3, by letter."""
CATEGORY_GROUNDS = {g.code: g for g in (*CLASS_ONE.values(), *CLASS_TWO.values())}
"""Ground codes ("1a" … "2dd") as stored on a soldier, with their articles."""


def decide_category(
    history: ServiceHistory,
    gender: str,
    birth: BirthDate,
    on: date,
    *,
    studied_after_deferral: bool = False,
) -> CategoryGround:
    """The class Art. 24 gives a reserve NCO or soldier, with the ground; ``category`` is None
    for the police gap (12 to under 20 months: the Ban CHQS decides, never a guess) and for a
    person Art. 24 does not cover. Class-one grounds are tried first, in the law's order."""
    h = history
    man = gender == MALE
    if h.active_service_months >= CLASS_ONE_MONTHS:
        return CLASS_ONE["a"]
    if h.served_in_combat:
        return CLASS_ONE["b"]
    if man and h.police_months >= POLICE_CLASS_ONE_MONTHS:
        return CLASS_ONE["c"]
    if man and h.professional_soldier:
        return CLASS_ONE["d"]
    if man and h.defence_worker_converted:
        return CLASS_ONE["đ"]
    if h.standing_militia_completed or h.militia_training_months >= MILITIA_TRAINING_MONTHS:
        return CLASS_ONE["e"]
    if h.reserve_training_months >= RESERVE_TRAINING_MONTHS:
        return CLASS_ONE["g"]
    if h.commune_police_months >= COMMUNE_POLICE_MONTHS:
        return CLASS_ONE["h"]
    if man and POLICE_CLASS_TWO_MONTHS <= h.police_months < POLICE_CLASS_ONE_MONTHS:
        return POLICE_GAP
    if man and 0 < h.active_service_months < CLASS_ONE_MONTHS:
        return CLASS_TWO["a"]
    if h.defence_worker:
        return CLASS_TWO["b"]
    if man and 0 < h.police_months < POLICE_CLASS_TWO_MONTHS:
        return CLASS_TWO["c"]
    if gender == FEMALE:
        return CLASS_TWO["đ"]
    last_call_up_age = CALL_UP_MAX_AGE_AFTER_STUDY if studied_after_deferral else CALL_UP_MAX_AGE
    if man and certainly_past(birth, last_call_up_age, on):
        return CLASS_TWO["d"]
    return NOT_SUBJECT


# -- ages (Art. 25, 26, 17.2) -----------------------------------------------------------------


def reserve_age_limit(gender: str) -> int:
    """Art. 25: reserve service of NCOs and soldiers to the end of age 45 (men), 40 (women)."""
    return MALE_RESERVE_AGE_LIMIT if gender == MALE else FEMALE_RESERVE_AGE_LIMIT


RESERVE_AGE_ARTICLE = _("Điều 25 Luật Nghĩa vụ quân sự")
AGE_GROUP_A_LAST = {MALE: 35, FEMALE: 30}
"""Art. 26: group A to the end of 35 (men) or 30 (women); group B above it to the age limit."""
AGE_GROUP_ARTICLE = _("Điều 26 Luật Nghĩa vụ quân sự")
PAST_LIMIT = "past_limit"
UNCERTAIN = "uncertain"


def age_group(birth: BirthDate, gender: str, on: date) -> str:
    """``AgeGroup.A`` or ``.B`` on ``on`` (Art. 26), ``PAST_LIMIT`` past the Art. 25 age, or
    ``UNCERTAIN`` when the partial birth date straddles a boundary."""
    limit = reserve_age_limit(gender)
    if certainly_past(birth, limit, on):
        return PAST_LIMIT
    if not certainly_within(birth, limit, on):
        return UNCERTAIN
    last_a = AGE_GROUP_A_LAST[gender]
    if certainly_within(birth, last_a, on):
        return AgeGroup.A
    if certainly_past(birth, last_a, on):
        return AgeGroup.B
    return UNCERTAIN


def certainly_within(birth: BirthDate, last_age: int, on: date) -> bool:
    """Whether the person is certainly no older than the end of ``last_age`` on ``on``."""
    return birth.earliest > latest_birth_reaching(last_age + 1, on)


@dataclass(frozen=True, slots=True)
class AssignmentAges:
    valid_from: date
    valid_to: date | None
    combat: int
    support: dict[str, int]
    article: Text


ASSIGNMENT_AGES: tuple[AssignmentAges, ...] = (
    AssignmentAges(
        RESERVE_LAW,
        None,
        35,
        {MALE: 45, FEMALE: 40},
        _("khoản 2 Điều 17 Luật Lực lượng dự bị động viên"),
    ),
)
"""Reserve Law Art. 17.2 (in force 01/07/2020, not amended in 2025): NCOs and soldiers assigned to
combat units not over 35; to combat-support units not over 45, women not over 40."""


def assignment_age_limit(role: str, gender: str, on: date) -> int:
    rule = row_on(ASSIGNMENT_AGES, on)
    return rule.combat if role == UnitRole.COMBAT else rule.support[gender]


def assignment_breaches(
    role: str,
    gender: str,
    birth: BirthDate,
    on: date,
    *,
    soldier_speciality: str,
    unit_speciality: str,
    override_reason: str,
) -> list[Breach]:
    """What stops assigning this soldier to a unit of ``role`` and speciality on ``on``: the
    Art. 17.2 age (never overridden), and a speciality other than the unit's without the reason
    for choosing the nearest one recorded (Art. 16.1)."""
    rule = row_on(ASSIGNMENT_AGES, on)
    limit = assignment_age_limit(role, gender, on)
    found: list[Breach] = []
    if certainly_past(birth, limit, on):
        found.append(
            Breach(
                ErrorCode.OVER_ASSIGNMENT_AGE,
                _("Quân nhân đã quá %(age)s tuổi, không được sắp xếp vào %(role)s")
                % {"age": limit, "role": UnitRole(role).label.lower()},
                rule.article,
                "soldier",
            )
        )
    elif not certainly_within(birth, limit, on):
        found.append(
            Breach(
                ErrorCode.AGE_UNCERTAIN,
                _(
                    "Ngày sinh không đầy đủ nên không xác định được quân nhân còn trong độ tuổi "
                    "sắp xếp (đến hết %(age)s tuổi); hãy bổ sung ngày sinh"
                )
                % {"age": limit},
                rule.article,
                "soldier",
            )
        )
    if not speciality_matches(soldier_speciality, unit_speciality) and not override_reason.strip():
        found.append(
            Breach(
                ErrorCode.SPECIALITY_MISMATCH,
                _(
                    "Chuyên nghiệp quân sự “%(soldier)s” khác của đơn vị (“%(unit)s”): chỉ được "
                    "sắp xếp chuyên nghiệp gần nhất và phải ghi lý do"
                )
                % {"soldier": soldier_speciality or "—", "unit": unit_speciality},
                _("khoản 1 Điều 16 Luật Lực lượng dự bị động viên"),
                "override_reason",
            )
        )
    return found


def speciality_matches(soldier: str, unit: str) -> bool:
    """Same speciality, whatever the case, accents or spacing the register wrote it with."""
    return bool(soldier.strip()) and fold(soldier) == fold(unit)


SPARE_SHARE = 15
"""Reserve Law Art. 15.2: a reserve unit keeps 10–15% spare headcount above its establishment,
so assignments stop at 115% of the authorised strength."""
SPARE_ARTICLE = _("khoản 2 Điều 15 Luật Lực lượng dự bị động viên")


def assignment_ceiling(authorised_strength: int) -> int:
    return authorised_strength + authorised_strength * SPARE_SHARE // 100


# -- registration and transfer out (Art. 45, 29) ----------------------------------------------

REGISTRATION_WORKING_DAYS = 15
"""Art. 45: register for the reserve within 15 working days of returning from discharge."""
REGISTRATION_ARTICLE = _("Điều 45 Luật Nghĩa vụ quân sự")


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day (Monday–Friday) after ``start`` (the calendar's last day at
    the most)."""
    day = start
    remaining = days
    while remaining and day < date.max:
        day += timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


def registration_deadline(discharged_on: date) -> date:
    return add_working_days(discharged_on, REGISTRATION_WORKING_DAYS)


@dataclass(frozen=True, slots=True)
class TransferRule:
    valid_from: date
    valid_to: date | None
    authority: TransferAuthority
    article: Text


TRANSFER_RULES: tuple[TransferRule, ...] = (
    TransferRule(
        MILITARY_SERVICE_LAW,
        REFORM - timedelta(days=1),
        TransferAuthority.DISTRICT_COMMANDER,
        _("Điều 29 Luật Nghĩa vụ quân sự 2015"),
    ),
    TransferRule(
        REFORM,
        None,
        TransferAuthority.AREA_DEFENSE_COMMANDER,
        _("Điều 29 Luật Nghĩa vụ quân sự, sửa đổi bởi Luật số 98/2025/QH15"),
    ),
)
"""Art. 29: the district commander decided transfers out until 30/06/2025; the area defense
command (BCH PTKV) since 01/07/2025."""


def transfer_breach(
    reason: str, authority: str, birth: BirthDate, gender: str, on: date, evidence: str
) -> Breach | None:
    """Why a transfer out of the reserve on ``on`` is unlawful, or None (Art. 25, 29)."""
    rule = row_on(TRANSFER_RULES, on)
    if authority != rule.authority:
        return Breach(
            ErrorCode.AUTHORITY_NOT_NAMED,
            _("Ngày %(day)s thẩm quyền quyết định giải ngạch thuộc %(named)s")
            % {"day": f"{on:%d/%m/%Y}", "named": rule.authority.label},
            rule.article,
            "decided_by",
        )
    if reason == TransferReason.AGE_LIMIT:
        limit = reserve_age_limit(gender)
        if not certainly_past(birth, limit, on):
            return Breach(
                ErrorCode.NOT_AT_AGE_LIMIT,
                _("Ngày %(day)s quân nhân chưa hết %(age)s tuổi")
                % {"day": f"{on:%d/%m/%Y}", "age": limit},
                RESERVE_AGE_ARTICLE,
                "on",
            )
    elif not evidence.strip():
        return Breach(
            ErrorCode.EVIDENCE_REQUIRED,
            _("Giải ngạch vì sức khỏe phải ghi kết luận khám sức khỏe"),
            rule.article,
            "evidence",
        )
    return None


PAST_AGE = "past_age"
LATE_REGISTRATION = "late_registration"


def soldier_flags(
    birth: BirthDate, gender: str, on: date, registered_on: date, discharged_on: date | None
) -> list[Flag]:
    """What the officer should act on for a soldier still in the reserve on ``on``: past the age
    limit (transfer out, Art. 25, 29), registered later than 15 working days after discharge."""
    found: list[Flag] = []
    limit = reserve_age_limit(gender)
    if certainly_past(birth, limit, on):
        end = last_day_of_age(birth.latest, limit)
        found.append(
            Flag(
                PAST_AGE,
                _("Đã hết %(age)s tuổi ngày %(day)s, phải giải ngạch")
                % {"age": limit, "day": f"{end:%d/%m/%Y}"},
                RESERVE_AGE_ARTICLE,
            )
        )
    if discharged_on is not None and registered_on > registration_deadline(discharged_on):
        found.append(
            Flag(
                LATE_REGISTRATION,
                _("Đăng ký ngày %(day)s, quá hạn 15 ngày làm việc kể từ ngày xuất ngũ %(out)s")
                % {"day": f"{registered_on:%d/%m/%Y}", "out": f"{discharged_on:%d/%m/%Y}"},
                REGISTRATION_ARTICLE,
            )
        )
    return found


# -- readiness (Art. 27.1, Reserve Law Art. 22.4.b) -------------------------------------------

READINESS_CHECK_MAX_DAYS = 7
"""Law on Military Service Art. 27.1: between trainings, a readiness check lasts at most 7 days."""
READINESS_ARTICLE = _("khoản 1 Điều 27 Luật Nghĩa vụ quân sự")
EXCUSE_ARTICLE = _("điểm b khoản 4 Điều 22 Luật Lực lượng dự bị động viên")


def drill_breach(kind: str, starts_on: date, ends_on: date) -> Breach | None:
    if ends_on < starts_on:
        return Breach(
            ErrorCode.DATES_OUT_OF_ORDER,
            _("Ngày kết thúc không được trước ngày bắt đầu"),
            READINESS_ARTICLE,
            "ends_on",
        )
    days = (ends_on - starts_on).days + 1
    if kind == DrillKind.READINESS_CHECK and days > READINESS_CHECK_MAX_DAYS:
        return Breach(
            ErrorCode.READINESS_CHECK_TOO_LONG,
            _("Kiểm tra sẵn sàng động viên, sẵn sàng chiến đấu không quá %(max)s ngày (%(days)s)")
            % {"max": READINESS_CHECK_MAX_DAYS, "days": days},
            READINESS_ARTICLE,
            "ends_on",
        )
    return None


def excuse_breach(excuse: str, confirmed_by: str) -> Breach | None:
    """An absence is excused only for illness or sudden family hardship, confirmed by the
    commune People's Committee or the employer (Reserve Law Art. 22.4.b)."""
    if excuse and not confirmed_by.strip():
        return Breach(
            ErrorCode.EXCUSE_UNCONFIRMED,
            _("Lý do vắng mặt phải có xác nhận của Ủy ban nhân dân cấp xã hoặc nơi làm việc"),
            EXCUSE_ARTICLE,
            "confirmed_by",
        )
    return None
