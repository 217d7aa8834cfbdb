"""Deterministic demo population for the Bắc Ninh demo city (pure: no database, no settings).

Names are written in Vietnamese order (family, middle, given) with family names in their real
proportions (GSO-derived estimates as published in `name-variants`; northern usage: Hoàng and Vũ
rather than the southern Huỳnh and Võ), which Faker's vi_VN gets wrong on both counts.
Birth dates give every later module its cohorts: 17-year-olds, 18–27, 18–45. ``people.demo``
writes them into the demo city; the import benchmark writes them into files.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qpdp.people.choices import BirthPrecision, EducationLevel, Gender

# Share of the population, per cent; the remainder is spread over the rarer names.
FAMILY_NAMES: Sequence[tuple[str, float]] = (
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 5.1), ("Vũ", 3.9),
    ("Phan", 2.5), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Ngô", 1.3), ("Dương", 1.0),
    ("Đào", 0.9), ("Đinh", 0.8), ("Lý", 0.5), ("Trịnh", 0.6), ("Hà", 0.5), ("Lương", 0.4),
    ("Mai", 0.4), ("Tạ", 0.3), ("Chu", 0.3), ("Nghiêm", 0.2), ("Cao", 0.4), ("Lưu", 0.3),
    ("Vương", 0.2), ("Kiều", 0.2), ("Quách", 0.1), ("Khúc", 0.1), ("Âu Dương", 0.02),
)  # fmt: skip
MALE_MIDDLE = (
    "Văn",
    "Văn",
    "Văn",
    "Đức",
    "Minh",
    "Quang",
    "Hữu",
    "Thành",
    "Xuân",
    "Tiến",
    "Mạnh",
    "Ngọc",
    "Duy",
    "Công",
    "Trọng",
    "Hoàng",
    "Anh",
    "Gia",
    "Đình",
    "Bá",
)
FEMALE_MIDDLE = (
    "Thị",
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Minh",
    "Phương",
    "Khánh",
    "Bảo",
    "Hồng",
    "Lan",
    "Kim",
    "Diệu",
    "Mai",
)
MALE_GIVEN = (
    "An",
    "Anh",
    "Bách",
    "Bình",
    "Cường",
    "Chiến",
    "Công",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Đức",
    "Giang",
    "Hải",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Ánh",
    "Ân",
    "Ước",
)
FEMALE_GIVEN = (
    "An",
    "Anh",
    "Ánh",
    "Chi",
    "Diệp",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Hường",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Ly",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Quỳnh",
    "Tâm",
    "Thảo",
    "Thơm",
    "Thu",
    "Thủy",
    "Trang",
    "Tuyết",
    "Uyên",
    "Vân",
    "Yến",
    "Ơn",
    "Út",
)
OCCUPATIONS = (
    "Học sinh",
    "Sinh viên",
    "Công nhân",
    "Nông dân",
    "Kinh doanh tự do",
    "Công chức",
    "Viên chức",
    "Lao động tự do",
    "Nội trợ",
    "Hưu trí",
)
WORKPLACES = (
    "KCN Quế Võ",
    "KCN Yên Phong",
    "KCN VSIP Bắc Ninh",
    "Trường THPT Hàn Thuyên",
    "Trường THPT Lý Thái Tổ",
    "Đại học Kinh Bắc",
    "Chợ Nhớn",
    "UBND phường",
)
STREETS = (
    "Ngô Gia Tự",
    "Nguyễn Trãi",
    "Lý Thái Tổ",
    "Trần Hưng Đạo",
    "Hoàng Quốc Việt",
    "Kinh Dương Vương",
    "Lê Thái Tổ",
    "Nguyễn Văn Cừ",
    "Huyền Quang",
    "Bình Than",
)
OTHER_BIRTH_PROVINCES = ("024", "001", "030", "034", "036", "026", "019")
PHONE_PREFIXES = (
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: dt.date
    birth_precision: str
    id_number: str
    education_level: int | None
    occupation: str
    workplace: str
    address: str
    phone: str
    party_member: bool


def _age_years(rng: random.Random) -> int:
    """Ages 0–85 with a bulge at 15–45 (call-up, militia and reserve cohorts)."""
    band = rng.random()
    if band < 0.10:
        return rng.randint(15, 17)
    if band < 0.55:
        return rng.randint(18, 45)
    if band < 0.75:
        return rng.randint(0, 14)
    return rng.randint(46, 85)


def _education(age: int, rng: random.Random) -> int | None:
    if age < 6:
        return None
    if age < 18:
        return min(age - 6, 12)
    roll = rng.random()
    if roll < 0.05:
        return rng.randint(5, 7)
    if roll < 0.25:
        return 9
    if roll < 0.60:
        return 12
    return rng.choice(
        (
            EducationLevel.VOCATIONAL,
            EducationLevel.COLLEGE,
            EducationLevel.UNIVERSITY,
            EducationLevel.UNIVERSITY,
            EducationLevel.POSTGRADUATE,
        )
    )


def id_number_for(province: str, gender: str, birth_year: int, serial: int) -> str:
    century_gender = 2 * ((birth_year - 1900) // 100) + (0 if gender == Gender.MALE else 1)
    return f"{province}{century_gender}{birth_year % 100:02d}{serial:06d}"


def people(count: int, *, seed: int, today: dt.date) -> Iterator[DemoPerson]:
    rng = random.Random(seed)
    names, weights = zip(*FAMILY_NAMES, strict=True)
    serials: set[tuple[str, str, int, int]] = set()
    for _ in range(count):
        gender = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
        age = _age_years(rng)
        born = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        precision = BirthPrecision.DAY
        if age > 55 and rng.random() < 0.08:
            precision = BirthPrecision.YEAR
            born = dt.date(born.year, 1, 1)
        elif age > 45 and rng.random() < 0.05:
            precision = BirthPrecision.MONTH
            born = born.replace(day=1)
        province = "027" if rng.random() < 0.85 else rng.choice(OTHER_BIRTH_PROVINCES)
        while True:
            serial = rng.randint(0, 999_999)
            key = (province, gender, born.year, serial)
            if key not in serials:
                serials.add(key)
                break
        middle = rng.choice(MALE_MIDDLE if gender == Gender.MALE else FEMALE_MIDDLE)
        given = rng.choice(MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN)
        occupation = (
            "Học sinh"
            if 6 <= age < 18
            else ""
            if age < 6
            else "Hưu trí"
            if age > 62
            else rng.choice(OCCUPATIONS[1:9])
        )
        yield DemoPerson(
            family_name=rng.choices(names, weights)[0],
            middle_name=middle,
            given_name=given,
            gender=gender,
            birth_date=born,
            birth_precision=precision,
            id_number=id_number_for(province, gender, born.year, serial),
            education_level=_education(age, rng),
            occupation=occupation,
            workplace=rng.choice(WORKPLACES) if occupation and occupation != "Hưu trí" else "",
            address=f"Số {rng.randint(1, 250)} {rng.choice(STREETS)}",
            party_member=age >= 18 and rng.random() < (0.04 if age < 30 else 0.09),
            phone=(rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}")
            if age >= 16
            else "",
        )
