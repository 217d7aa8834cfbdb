"""Emulation and commendation rules as pure functions: who may give which form on a day, the
titles a title needs, no second award for one achievement, and the reward money. The tables
(``models.AwardAuthority``, ``TitlePrerequisite``, ``RewardRate``) are read by the services and
passed in as plain values.

Sources (domain brief §6, addendum §5): Law on Emulation and Commendation 06/2022/QH15, in
force 01/01/2024, Art. 80 (who awards) [S]; the principle that one achievement is not awarded
twice (brief §6.4) [S, article UNVERIFIED]; Decree 152/2025/NĐ-CP, in force 01/07/2025, Art. 54
(reward multiples of the base salary) [S]; Law 06/2026/QH16 (in force 01/10/2026): content
UNVERIFIED, so every power is a dated row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ART_80 = "Điều 80 Luật Thi đua, khen thưởng 2022"
ONE_ACHIEVEMENT = "Nguyên tắc khen thưởng, Luật Thi đua, khen thưởng 2022 (không khen trùng)"
REWARD_ARTICLE = "Điều 54 Nghị định 152/2025/NĐ-CP"


@dataclass(frozen=True, slots=True)
class Power:
    """A level's power to give a form between two days (``valid_to`` None: still in force)."""

    form: str
    level: str
    valid_from: dt.date
    valid_to: dt.date | None = None

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


def may_award(level: str, form: str, on: dt.date, powers: Iterable[Power]) -> bool:
    """Whether the chair of a People's Committee of ``level`` may give ``form`` on ``on``
    (Art. 80, as the dated table has it)."""
    return any(p.form == form and p.level == level and p.in_force(on) for p in powers)


def levels_for(form: str, on: dt.date, powers: Iterable[Power]) -> list[str]:
    """The levels that may give ``form`` on ``on`` (for the refusal's message)."""
    return sorted({p.level for p in powers if p.form == form and p.in_force(on)})


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """``form`` needs ``requires`` (or ``or_requires``) in each of ``years`` consecutive years
    ending with the award year."""

    form: str
    requires: str
    or_requires: str | None
    years: int


def unmet_prerequisites(
    form: str,
    year: int,
    held: Mapping[str, Iterable[int]],
    prerequisites: Iterable[Prerequisite],
) -> list[Prerequisite]:
    """The prerequisites of ``form`` the nominee does not meet, given the years in which he
    already holds each title (``held``: form → years)."""
    unmet = []
    for need in prerequisites:
        if need.form != form:
            continue
        years = set(held.get(need.requires, ()))
        if need.or_requires:
            years |= set(held.get(need.or_requires, ()))
        if not all(year - k in years for k in range(need.years)):
            unmet.append(need)
    return unmet


def awarded_twice(year: int, field: str, awarded: Iterable[tuple[int, str]]) -> bool:
    """One achievement (a nominee's year of work in one field) is awarded once
    (``ONE_ACHIEVEMENT``): ``awarded`` holds the (year, field) pairs already awarded."""
    return (year, field) in set(awarded)


def reward_amount(multiple: Decimal | None, base_salary: int) -> int | None:
    """The reward in đồng: the multiple of the base salary in force on the decision day
    (``REWARD_ARTICLE``), rounded to the đồng; None where the multiple is not known."""
    if multiple is None:
        return None
    return int((multiple * base_salary).to_integral_value(rounding=ROUND_HALF_UP))


def two_digits(count: int) -> str:
    """ "05": counts of awardees below ten are written with a leading zero, as the seed's
    review writes them ("tặng Giấy khen cho 05 tập thể, 07 cá nhân")."""
    return f"{count:02d}"
