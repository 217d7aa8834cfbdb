"""The reserve law as pure functions: every class boundary of Art. 24, age groups (Art. 26), the
age limit (Art. 25), assignment ages (Reserve Law Art. 17.2), speciality (Art. 16.1), the spare
headcount (Art. 15.2), registration days (Art. 45), transfer out (Art. 29) and drills."""

from __future__ import annotations

from datetime import date

import pytest

from qpdp.core.dates import PartialDate
from qpdp.reserves import rules
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.rules import (
    AgeGroup,
    Category,
    DrillKind,
    ServiceHistory,
    TransferAuthority,
    TransferReason,
    UnitRole,
)

YOUNG = PartialDate(2004, 5, 20)  # 22 in 2026: still of call-up age
ON = date(2026, 6, 1)


def decide(
    gender: str = "M", birth: PartialDate = YOUNG, **history: object
) -> rules.CategoryGround:
    return rules.decide_category(ServiceHistory(**history), gender, birth, ON)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("history", "category", "code"),
    [
        ({"active_service_months": 6}, Category.ONE, "1a"),
        ({"active_service_months": 24}, Category.ONE, "1a"),
        ({"active_service_months": 5}, Category.TWO, "2a"),
        ({"active_service_months": 1, "served_in_combat": True}, Category.ONE, "1b"),
        ({"police_months": 20}, Category.ONE, "1c"),
        ({"police_months": 11}, Category.TWO, "2c"),
        ({"police_months": 1}, Category.TWO, "2c"),
        ({"professional_soldier": True}, Category.ONE, "1d"),
        ({"defence_worker_converted": True}, Category.ONE, "1dd"),
        ({"defence_worker": True}, Category.TWO, "2b"),
        ({"standing_militia_completed": True}, Category.ONE, "1e"),
        ({"militia_training_months": 3}, Category.ONE, "1e"),
        ({"militia_training_months": 2, "defence_worker": True}, Category.TWO, "2b"),
        ({"reserve_training_months": 6}, Category.ONE, "1g"),
        ({"reserve_training_months": 5, "defence_worker": True}, Category.TWO, "2b"),
        ({"commune_police_months": 36}, Category.ONE, "1h"),
        ({"commune_police_months": 35, "defence_worker": True}, Category.TWO, "2b"),
    ],
)
def test_article_24_gives_the_class_of_each_service_history(
    history: dict[str, object], category: Category, code: str
) -> None:
    ground = decide(**history)
    assert (ground.category, ground.code) == (category, code)
    assert "Điều 24 Luật Nghĩa vụ quân sự" in str(ground.article)


@pytest.mark.parametrize("months", [12, 15, 19])
def test_police_service_of_12_to_under_20_months_is_left_to_the_officer(months: int) -> None:
    ground = decide(police_months=months)
    assert ground is rules.POLICE_GAP and ground.category is None


def test_a_woman_registered_for_military_service_is_class_two() -> None:
    assert decide("F").code == "2dd"
    assert decide("F", active_service_months=6).code == "1a"
    assert decide("F", police_months=15).code == "2dd"  # the police gap is about men


@pytest.mark.parametrize(
    ("birth", "studied", "code"),
    [
        (PartialDate(2000, 6, 1), False, "2d"),  # 26 on 1 June 2026: past the call-up age
        (PartialDate(2000, 6, 2), False, "not_subject"),  # still 25
        (PartialDate(2000, 6, 1), True, "not_subject"),  # deferred to study: callable to 27
        (PartialDate(1998, 6, 1), True, "2d"),
        (PartialDate(2000), False, "not_subject"),  # 25 or 26: no guess
    ],
)
def test_a_man_who_never_served_is_class_two_only_past_the_call_up_age(
    birth: PartialDate, studied: bool, code: str
) -> None:
    ground = rules.decide_category(ServiceHistory(), "M", birth, ON, studied_after_deferral=studied)
    assert ground.code == code


@pytest.mark.parametrize(
    ("gender", "birth", "on", "group"),
    [
        ("M", PartialDate(1990, 6, 1), date(2026, 5, 31), AgeGroup.A),  # the last day of 35
        ("M", PartialDate(1990, 6, 1), date(2026, 6, 1), AgeGroup.B),  # 36
        ("M", PartialDate(1980, 6, 1), date(2026, 5, 31), AgeGroup.B),  # the last day of 45
        ("M", PartialDate(1980, 6, 1), date(2026, 6, 1), rules.PAST_LIMIT),  # 46
        ("F", PartialDate(1995, 6, 1), date(2026, 5, 31), AgeGroup.A),  # the last day of 30
        ("F", PartialDate(1995, 6, 1), date(2026, 6, 1), AgeGroup.B),
        ("F", PartialDate(1985, 6, 1), date(2026, 5, 31), AgeGroup.B),  # the last day of 40
        ("F", PartialDate(1985, 6, 1), date(2026, 6, 1), rules.PAST_LIMIT),
        ("M", PartialDate(1990), date(2026, 6, 1), rules.UNCERTAIN),  # 35 or 36
        ("M", PartialDate(1990), date(2027, 1, 1), AgeGroup.B),
    ],
)
def test_age_groups_a_and_b_and_the_reserve_age_limit(
    gender: str, birth: PartialDate, on: date, group: str
) -> None:
    assert rules.age_group(birth, gender, on) == group


def _assign(
    role: str,
    gender: str,
    birth: PartialDate,
    *,
    soldier: str = "Bộ binh",
    unit: str = "Bộ binh",
    reason: str = "",
) -> list[ErrorCode]:
    breaches = rules.assignment_breaches(
        role,
        gender,
        birth,
        ON,
        soldier_speciality=soldier,
        unit_speciality=unit,
        override_reason=reason,
    )
    return [ErrorCode(b.code) for b in breaches]


@pytest.mark.parametrize(
    ("role", "gender", "birth", "codes"),
    [
        (UnitRole.COMBAT, "M", PartialDate(1990, 6, 2), []),  # the last day of 35
        (UnitRole.COMBAT, "M", PartialDate(1990, 6, 1), [ErrorCode.OVER_ASSIGNMENT_AGE]),
        (UnitRole.COMBAT_SUPPORT, "M", PartialDate(1980, 6, 2), []),  # the last day of 45
        (UnitRole.COMBAT_SUPPORT, "M", PartialDate(1980, 6, 1), [ErrorCode.OVER_ASSIGNMENT_AGE]),
        (UnitRole.COMBAT_SUPPORT, "F", PartialDate(1985, 6, 2), []),  # the last day of 40
        (UnitRole.COMBAT_SUPPORT, "F", PartialDate(1985, 6, 1), [ErrorCode.OVER_ASSIGNMENT_AGE]),
        (UnitRole.COMBAT, "M", PartialDate(1990), [ErrorCode.AGE_UNCERTAIN]),
    ],
)
def test_article_17_2_bounds_the_age_of_assignment(
    role: str, gender: str, birth: PartialDate, codes: list[ErrorCode]
) -> None:
    assert _assign(role, gender, birth) == codes


def test_another_speciality_needs_the_reason_for_the_nearest_one() -> None:
    young = PartialDate(2000, 1, 1)
    assert _assign(UnitRole.COMBAT, "M", young, soldier="bo binh ") == []  # folded alike
    assert _assign(UnitRole.COMBAT, "M", young, soldier="Trinh sát") == [
        ErrorCode.SPECIALITY_MISMATCH
    ]
    assert _assign(UnitRole.COMBAT, "M", young, soldier="", reason="") == [
        ErrorCode.SPECIALITY_MISMATCH
    ]
    assert _assign(UnitRole.COMBAT, "M", young, soldier="Trinh sát", reason="Gần nhất") == []
    # the age is never overridden
    old = PartialDate(1980, 1, 1)
    assert _assign(UnitRole.COMBAT, "M", old, reason="Gần nhất") == [ErrorCode.OVER_ASSIGNMENT_AGE]


@pytest.mark.parametrize(("strength", "ceiling"), [(30, 34), (20, 23), (10, 11), (1, 1)])
def test_a_unit_takes_at_most_15_percent_over_its_strength(strength: int, ceiling: int) -> None:
    assert rules.assignment_ceiling(strength) == ceiling


@pytest.mark.parametrize(
    ("discharged", "deadline"),
    [
        (date(2026, 3, 5), date(2026, 3, 26)),  # a Thursday: three weeks of working days
        (date(2026, 3, 6), date(2026, 3, 27)),  # a Friday
        (date(2026, 3, 7), date(2026, 3, 27)),  # a Saturday counts from Monday
    ],
)
def test_registration_is_due_within_15_working_days(discharged: date, deadline: date) -> None:
    assert rules.registration_deadline(discharged) == deadline


def test_a_late_registration_and_a_soldier_past_the_limit_are_flagged() -> None:
    birth = PartialDate(1980, 6, 1)
    on_time = rules.soldier_flags(
        birth, "M", date(2026, 5, 31), date(2026, 3, 26), date(2026, 3, 5)
    )
    assert on_time == []
    late = rules.soldier_flags(birth, "M", date(2026, 6, 1), date(2026, 3, 27), date(2026, 3, 5))
    assert [f.code for f in late] == [rules.PAST_AGE, rules.LATE_REGISTRATION]
    assert "Điều 45" in str(late[1]) and "Điều 25" in str(late[0])


@pytest.mark.parametrize(
    ("on", "authority", "code"),
    [
        (date(2025, 6, 30), TransferAuthority.DISTRICT_COMMANDER, None),
        (
            date(2025, 6, 30),
            TransferAuthority.AREA_DEFENSE_COMMANDER,
            ErrorCode.AUTHORITY_NOT_NAMED,
        ),
        (date(2025, 7, 1), TransferAuthority.AREA_DEFENSE_COMMANDER, None),
        (date(2025, 7, 1), TransferAuthority.DISTRICT_COMMANDER, ErrorCode.AUTHORITY_NOT_NAMED),
    ],
)
def test_article_29_names_who_transfers_out_by_date(
    on: date, authority: str, code: ErrorCode | None
) -> None:
    old = PartialDate(1970, 1, 1)
    breach = rules.transfer_breach(TransferReason.AGE_LIMIT, authority, old, "M", on, "")
    assert (breach and breach.code) == code


def test_a_transfer_for_age_waits_for_the_end_of_the_limit() -> None:
    area = TransferAuthority.AREA_DEFENSE_COMMANDER
    birth = PartialDate(1980, 6, 1)
    early = rules.transfer_breach(TransferReason.AGE_LIMIT, area, birth, "M", date(2026, 5, 31), "")
    assert early is not None and early.code == ErrorCode.NOT_AT_AGE_LIMIT
    assert (
        rules.transfer_breach(TransferReason.AGE_LIMIT, area, birth, "M", date(2026, 6, 1), "")
        is None
    )
    unfit = rules.transfer_breach(TransferReason.UNFIT, area, birth, "M", date(2026, 1, 1), " ")
    assert unfit is not None and unfit.code == ErrorCode.EVIDENCE_REQUIRED
    assert (
        rules.transfer_breach(TransferReason.UNFIT, area, birth, "M", date(2026, 1, 1), "KL")
        is None
    )


@pytest.mark.parametrize(
    ("kind", "days", "code"),
    [
        (DrillKind.READINESS_CHECK, 7, None),
        (DrillKind.READINESS_CHECK, 8, ErrorCode.READINESS_CHECK_TOO_LONG),
        (DrillKind.CONCENTRATED_TRAINING, 30, None),
    ],
)
def test_a_readiness_check_lasts_at_most_seven_days(
    kind: str, days: int, code: ErrorCode | None
) -> None:
    start = date(2026, 9, 14)
    breach = rules.drill_breach(kind, start, date.fromordinal(start.toordinal() + days - 1))
    assert (breach and breach.code) == code


def test_an_excuse_needs_a_confirmation() -> None:
    assert rules.excuse_breach("", "") is None
    assert rules.excuse_breach("illness", "UBND phường") is None
    breach = rules.excuse_breach("illness", "  ")
    assert breach is not None and breach.code == ErrorCode.EXCUSE_UNCONFIRMED
    assert "điểm b khoản 4 Điều 22" in str(breach)
