"""The militia law as pure functions: every age, term, extension, training and authority
boundary, with the article each answer cites."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpdp.core.ages import AgeCheck
from qpdp.core.dates import PartialDate
from qpdp.militia import rules
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.rules import (
    DecisionAuthority,
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    NoRuleInForce,
)

BORN = PartialDate(2004, 5, 20)
LEAP = PartialDate(2004, 2, 29)


def code(breach: rules.Breach | None) -> ErrorCode | None:
    return None if breach is None else ErrorCode(breach.code)


# -- ages (Art. 8.1) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gender", "volunteer", "on", "expected"),
    [
        ("M", False, date(2022, 5, 19), ErrorCode.UNDER_AGE),  # the day before the 18th birthday
        ("M", False, date(2022, 5, 20), None),  # the 18th birthday
        ("M", False, date(2050, 5, 19), None),  # the last day of age 45
        ("M", False, date(2050, 5, 20), ErrorCode.OVER_AGE),  # the 46th birthday
        ("M", True, date(2050, 5, 20), None),  # a volunteer stays to the end of 50
        ("M", True, date(2055, 5, 19), None),
        ("M", True, date(2055, 5, 20), ErrorCode.OVER_VOLUNTEER_AGE),
        ("F", False, date(2045, 5, 19), None),  # a woman to the end of 40
        ("F", False, date(2045, 5, 20), ErrorCode.OVER_AGE),
        ("F", True, date(2050, 5, 19), None),  # a woman volunteer to the end of 45
        ("F", True, date(2050, 5, 20), ErrorCode.OVER_VOLUNTEER_AGE),
    ],
)
def test_duty_ages_run_from_the_18th_birthday_to_the_end_of_the_limit(
    gender: str, volunteer: bool, on: date, expected: ErrorCode | None
) -> None:
    breach = rules.eligibility_breach(BORN, gender, on, volunteer=volunteer)
    assert code(breach) is expected
    if breach is not None:
        assert "khoản 1 Điều 8 Luật Dân quân tự vệ" in str(breach)
        assert breach.field == "person"


def test_a_man_born_on_29_february_comes_of_age_on_1_march_in_a_common_year() -> None:
    assert code(rules.eligibility_breach(LEAP, "M", date(2022, 2, 28), volunteer=False)) is (
        ErrorCode.UNDER_AGE
    )
    assert rules.eligibility_breach(LEAP, "M", date(2022, 3, 1), volunteer=False) is None
    # and his duty age ends on 28 February of the year he would turn 46
    assert rules.eligibility_breach(LEAP, "M", date(2050, 2, 28), volunteer=False) is None
    assert code(rules.eligibility_breach(LEAP, "M", date(2050, 3, 1), volunteer=False)) is (
        ErrorCode.OVER_AGE
    )


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (PartialDate(2008), date(2026, 6, 1), ErrorCode.AGE_UNCERTAIN),  # 17 or 18
        (PartialDate(2008), date(2027, 1, 1), None),  # 18 whatever the day
        (PartialDate(2008, 6), date(2026, 6, 15), ErrorCode.AGE_UNCERTAIN),
        (PartialDate(2008, 6), date(2026, 7, 1), None),
        (PartialDate(1980), date(2025, 12, 31), None),  # 45 whatever the day
        (PartialDate(1980), date(2026, 6, 1), ErrorCode.AGE_UNCERTAIN),  # 45 or 46
        (PartialDate(1980), date(2027, 1, 1), ErrorCode.OVER_AGE),
    ],
)
def test_a_partial_birth_date_decides_only_what_it_decides_for_every_day(
    birth: PartialDate, on: date, expected: ErrorCode | None
) -> None:
    assert code(rules.eligibility_breach(birth, "M", on, volunteer=False)) is expected


def test_there_is_no_militia_rule_before_the_2019_law() -> None:
    with pytest.raises(NoRuleInForce):
        rules.eligibility_breach(BORN, "M", date(2020, 6, 30), volunteer=False)


# -- term (Art. 8.2) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (ForceKind.MOBILE, date(2025, 8, 1), date(2029, 7, 31)),
        (ForceKind.LOCAL, date(2025, 8, 1), date(2029, 7, 31)),
        (ForceKind.MARITIME, date(2025, 8, 1), date(2029, 7, 31)),
        (ForceKind.MEDICAL, date(2025, 8, 1), date(2029, 7, 31)),
        (ForceKind.STANDING, date(2025, 8, 1), date(2027, 7, 31)),
        (ForceKind.MOBILE, date(2024, 2, 29), date(2028, 2, 28)),  # from a leap day
        (ForceKind.STANDING, date(2024, 2, 29), date(2026, 2, 28)),
    ],
)
def test_the_term_is_four_years_and_two_for_standing_militia(
    kind: str, start: date, end: date
) -> None:
    assert rules.nominal_term_end(kind, start) == end
    assert rules.term_end(kind, start, BORN, "M", volunteer=False) == end


def test_the_term_stops_at_the_end_of_the_duty_age() -> None:
    older = PartialDate(1982, 3, 10)  # 45 ends on 9 March 2028
    assert rules.term_end(ForceKind.MOBILE, date(2025, 8, 1), older, "M", volunteer=False) == (
        date(2028, 3, 9)
    )
    assert rules.term_end(ForceKind.MOBILE, date(2025, 8, 1), older, "M", volunteer=True) == (
        date(2029, 7, 31)
    )
    woman = PartialDate(1987, 3, 10)  # 40 ends on 9 March 2028
    assert rules.term_end(ForceKind.LOCAL, date(2025, 8, 1), woman, "F", volunteer=False) == (
        date(2028, 3, 9)
    )


# -- extension (Art. 8.2) ---------------------------------------------------------------------

START = date(2025, 8, 1)
END = date(2029, 7, 31)


def _extend(
    until: date,
    *,
    kind: str = ForceKind.MOBILE,
    birth: PartialDate = BORN,
    gender: str = "M",
    self_defense: bool = False,
    commander: bool = False,
) -> rules.Breach | None:
    return rules.extension_breach(
        kind,
        START,
        END,
        END,
        until,
        birth,
        gender,
        volunteer=False,
        self_defense=self_defense,
        commander=commander,
    )


def test_a_term_may_be_extended_by_two_years_at_most() -> None:
    assert _extend(date(2031, 7, 31)) is None
    assert code(_extend(date(2031, 8, 1))) is ErrorCode.EXTENSION_TOO_LONG
    assert code(_extend(END)) is ErrorCode.EXTENSION_NOT_LATER


@pytest.mark.parametrize(
    ("options"),
    [
        {"kind": ForceKind.MARITIME},
        {"self_defense": True},
        {"commander": True},
    ],
)
def test_maritime_self_defense_and_commanders_go_further_but_never_past_the_age(
    options: dict[str, object],
) -> None:
    birth = PartialDate(1995, 5, 20)  # 45 ends on 19 May 2041
    assert _extend(date(2035, 1, 1), birth=birth, **options) is None  # type: ignore[arg-type]
    assert _extend(date(2041, 5, 19), birth=birth, **options) is None  # type: ignore[arg-type]
    breach = _extend(date(2041, 5, 20), birth=birth, **options)  # type: ignore[arg-type]
    assert code(breach) is ErrorCode.EXTENSION_PAST_AGE
    assert "khoản 1 Điều 8" in str(breach)


def test_no_extension_passes_the_age_even_within_two_years() -> None:
    birth = PartialDate(1985, 1, 10)  # 45 ends on 9 January 2031
    assert _extend(date(2031, 1, 9), birth=birth) is None
    assert code(_extend(date(2031, 1, 10), birth=birth)) is ErrorCode.EXTENSION_PAST_AGE


@given(
    birth=st.dates(date(1976, 1, 1), date(2007, 12, 31)),
    start=st.dates(date(2020, 7, 1), date(2035, 12, 31)),
    kind=st.sampled_from(list(ForceKind)),
    further=st.booleans(),
)
def test_the_ceiling_of_an_extension_never_passes_the_age(
    birth: date, start: date, kind: str, further: bool
) -> None:
    born = PartialDate.of(birth)
    end = rules.term_end(kind, start, born, "M", volunteer=False)
    ceiling = rules.extension_ceiling(
        kind, start, end, born, "M", volunteer=False, self_defense=further, commander=False
    )
    assert ceiling <= rules.age_limit_end(born, "M", start, volunteer=False)
    assert end <= rules.nominal_term_end(kind, start)


# -- flags ------------------------------------------------------------------------------------


def test_flags_say_past_term_and_past_age_with_their_articles() -> None:
    facts = rules.MemberFacts(
        birth=PartialDate(1980, 1, 10),
        gender="M",
        kind=ForceKind.MOBILE,
        term_start=date(2022, 3, 1),
        term_end=date(2026, 1, 9),
        extended_until=None,
        volunteer=False,
    )
    assert rules.flags(facts, date(2026, 1, 9)) == []
    flagged = rules.flags(facts, date(2026, 1, 10))
    assert [f.code for f in flagged] == [rules.PAST_TERM, rules.PAST_AGE]
    assert "khoản 2 Điều 8" in str(flagged[0]) and "khoản 1 Điều 8" in str(flagged[1])
    extended = dataclasses.replace(facts, extended_until=date(2026, 6, 30))
    assert [f.code for f in rules.flags(extended, date(2026, 3, 1))] == [rules.PAST_AGE]


def test_a_partial_birth_date_is_flagged_when_the_age_is_in_doubt() -> None:
    facts = rules.MemberFacts(
        birth=PartialDate(1980),
        gender="M",
        kind=ForceKind.LOCAL,
        term_start=date(2024, 1, 1),
        term_end=date(2027, 12, 31),
        extended_until=None,
        volunteer=False,
    )
    assert [f.code for f in rules.flags(facts, date(2026, 6, 1))] == [rules.AGE_UNCERTAIN]


# -- months of service (Military Service Law Art. 4.4.a) --------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 3, 1), date(2026, 2, 28), 24),
        (date(2024, 3, 1), date(2026, 2, 27), 23),
        (date(2024, 3, 15), date(2026, 3, 14), 24),
        (date(2024, 3, 15), date(2026, 3, 13), 23),
        (date(2024, 3, 15), date(2024, 3, 14), 0),
        (date(2025, 1, 1), date(2025, 1, 31), 1),
    ],
)
def test_service_months_count_whole_months_served(start: date, end: date, months: int) -> None:
    assert rules.service_months(start, end) == months


# -- training (Art. 28.1) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "first", "days"),
    [
        (ForceKind.MOBILE, True, 15),
        (ForceKind.MOBILE, False, 12),
        (ForceKind.MARITIME, False, 12),
        (ForceKind.AIR_DEFENSE, False, 12),
        (ForceKind.MEDICAL, False, 12),
        (ForceKind.LOCAL, True, 15),
        (ForceKind.LOCAL, False, 7),
        (ForceKind.STANDING, True, 60),
        (ForceKind.STANDING, False, 60),
    ],
)
def test_training_days_follow_article_28(kind: str, first: bool, days: int) -> None:
    assert rules.training_days(kind, first_year=first, on=date(2026, 5, 1)) == days
    assert "khoản 1 Điều 28" in str(rules.training_article(date(2026, 5, 1)))


# -- who sets up a unit (Art. 15, 22 as amended in 2025) --------------------------------------

AFTER = date(2025, 7, 1)
BEFORE = date(2025, 6, 30)
P, C, ORG, D = (
    EstablishingAuthority.PROVINCE_COMMANDER,
    EstablishingAuthority.COMMUNE_COMMANDER,
    EstablishingAuthority.ORGANISATION_COMMANDER,
    EstablishingAuthority.DISTRICT_COMMANDER,
)


@pytest.mark.parametrize(
    ("kind", "level", "self_defense", "named"),
    [
        (ForceKind.MOBILE, Level.PLATOON, False, [P]),
        (ForceKind.LOCAL, Level.PLATOON, False, [C]),
        (ForceKind.LOCAL, Level.SQUAD, False, [C]),
        (ForceKind.LOCAL, Level.CELL, False, [C]),
        (ForceKind.STANDING, Level.SQUAD, False, [P]),
        (ForceKind.STANDING, Level.PLATOON, False, [P]),
        (ForceKind.MARITIME, Level.SQUAD, False, [C]),
        (ForceKind.MARITIME, Level.PLATOON, False, [P]),
        (ForceKind.ARTILLERY, Level.CREW, False, [P]),
        (ForceKind.AIR_DEFENSE, Level.PLATOON, False, [P]),
        (ForceKind.RECONNAISSANCE, Level.SQUAD, False, [C]),
        (ForceKind.MEDICAL, Level.CELL, False, [C]),
        (ForceKind.AIR_DEFENSE, Level.COMPANY, False, [P]),
        (ForceKind.STANDING, Level.FLOTILLA, False, [P]),
        (ForceKind.LOCAL, Level.COMPANY, True, [P]),
        (ForceKind.LOCAL, Level.PLATOON, True, [P]),
        (ForceKind.LOCAL, Level.SQUAD, True, [ORG]),
        (ForceKind.MOBILE, Level.SQUAD, False, []),  # a commune's mobile force is a platoon
        (ForceKind.AIR_DEFENSE, Level.SQUAD, False, []),
    ],
)
def test_the_2025_text_names_who_sets_up_each_unit(
    kind: str, level: str, self_defense: bool, named: list[EstablishingAuthority]
) -> None:
    assert rules.establishing_authorities(kind, level, self_defense, AFTER) == named


def test_a_level_the_law_does_not_name_is_refused_with_the_article() -> None:
    breach = rules.establishment_breach(C, ForceKind.MOBILE, Level.PLATOON, False, AFTER)
    assert code(breach) is ErrorCode.AUTHORITY_NOT_NAMED
    assert breach is not None and breach.field == "established_by"
    assert "Luật số 98/2025/QH15" in str(breach)
    assert "Bộ Chỉ huy quân sự cấp tỉnh" in str(breach)
    district = rules.establishment_breach(D, ForceKind.LOCAL, Level.SQUAD, False, AFTER)
    assert code(district) is ErrorCode.AUTHORITY_NOT_NAMED  # no district since 07/2025
    nobody = rules.establishment_breach(P, ForceKind.MOBILE, Level.SQUAD, False, AFTER)
    assert code(nobody) is ErrorCode.LEVEL_NOT_FOR_KIND


def test_before_the_reform_every_level_of_the_three_tiers_is_accepted() -> None:
    for authority in EstablishingAuthority:
        breach = rules.establishment_breach(
            authority, ForceKind.MOBILE, Level.PLATOON, False, BEFORE
        )
        assert breach is None


def test_since_2025_the_commune_chair_or_the_head_of_the_organisation_decides() -> None:
    assert rules.decider_breach(DecisionAuthority.COMMUNE_CHAIR, False, AFTER) is None
    assert rules.decider_breach(DecisionAuthority.ORGANISATION_HEAD, True, AFTER) is None
    assert code(rules.decider_breach(DecisionAuthority.DISTRICT_CHAIR, False, AFTER)) is (
        ErrorCode.DECIDER_NOT_NAMED
    )
    assert code(rules.decider_breach(DecisionAuthority.COMMUNE_CHAIR, True, AFTER)) is (
        ErrorCode.DECIDER_NOT_NAMED
    )
    assert rules.decider_breach(DecisionAuthority.DISTRICT_CHAIR, False, BEFORE) is None


# -- grounds (Art. 11, 12) --------------------------------------------------------------------


def test_the_grounds_are_the_letters_of_articles_11_and_12() -> None:
    assert sorted(rules.DEFERRAL_GROUNDS) == ["a", "b", "c", "d", "dd", "e", "g", "h"]
    assert sorted(rules.EXEMPTION_GROUNDS) == ["a", "b", "c", "d", "dd"]
    assert sorted(rules.RELEASE_GROUNDS) == ["a", "b", "c", "d", "dd"]
    assert sorted(rules.REMOVAL_GROUNDS) == ["a", "b", "c", "d", "dd", "e"]
    ground = rules.duty_ground(DutyDecisionKind.EXEMPTION, "dd")
    assert ground.letter == "đ" and "điểm đ khoản 2 Điều 11" in str(ground.article)
    assert "khoản 1 Điều 12" in str(rules.end_ground(EndReason.RELEASED, "d").article)
    with pytest.raises(KeyError):
        rules.duty_ground(DutyDecisionKind.DEFERRAL, "i")


@pytest.mark.parametrize(
    ("kind", "ground", "allowed"),
    [
        (DutyDecisionKind.DEFERRAL, "a", False),
        (DutyDecisionKind.DEFERRAL, "b", False),
        (DutyDecisionKind.DEFERRAL, "c", True),
        (DutyDecisionKind.DEFERRAL, "e", True),
        (DutyDecisionKind.DEFERRAL, "g", True),
        (DutyDecisionKind.DEFERRAL, "h", False),
        (DutyDecisionKind.EXEMPTION, "a", True),
        (DutyDecisionKind.EXEMPTION, "b", True),
        (DutyDecisionKind.EXEMPTION, "c", False),
        (DutyDecisionKind.EXEMPTION, "d", True),
        (DutyDecisionKind.EXEMPTION, "dd", False),
    ],
)
def test_only_the_article_11_3_grounds_may_volunteer(kind: str, ground: str, allowed: bool) -> None:
    assert rules.may_volunteer(kind, ground) is allowed


def test_the_age_check_is_the_shared_one() -> None:
    assert rules.duty_age_check(BORN, "M", date(2026, 1, 1), volunteer=False) is AgeCheck.WITHIN
