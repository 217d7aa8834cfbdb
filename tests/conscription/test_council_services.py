"""Council meetings through the services (Art. 34.3, 36–39): scope, levels by the date of the
act, votes that add up, and the approval that needs a passed proposal."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qpdp.conscription import services
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.models import CallUpCycle, CouncilMeeting, Review
from qpdp.conscription.rules import CouncilStep
from qpdp.core.audit import Action, AuditEntry
from tests.conftest import Accounts, Tree
from tests.conscription.conftest import Scenario, one_audit_entry, unchanged
from tests.conscription.council import propose, proposing_council, review


def minutes(scenario: Scenario, **changes: object) -> services.MeetingInput:
    base = services.MeetingInput(
        step=CouncilStep.REVIEW,
        unit=scenario.ward,
        held_on=scenario.approved_on,
        members_total=7,
        members_present=6,
        votes_for=4,
        votes_against=2,
        content="Thông qua danh sách gọi nhập ngũ.",
        resolution_number="01/NQ-HĐNVQS",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def code_of(exc: pytest.ExceptionInfo[ValidationError]) -> str | None:
    return exc.value.code


def test_a_ward_records_its_councils_review_audited_with_its_unit(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    with one_audit_entry(Action.CREATE):
        meeting = services.record_meeting(scenario.staff, cycle, minutes(scenario))
    assert meeting.passed  # 4 of 7
    assert list(meeting.communes.all()) == [scenario.ward]
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry is not None and entry.unit == scenario.ward
    assert entry.changes["communes"] == [None, [scenario.ward.label]]


def test_a_failed_vote_is_recorded_as_failed(scenario: Scenario, cycle: CallUpCycle) -> None:
    meeting = services.record_meeting(
        scenario.staff, cycle, minutes(scenario, votes_for=3, votes_against=3)
    )
    assert not meeting.passed


def test_another_wards_account_may_not_record_the_wards_council(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_meeting(scenario.other_staff, cycle, minutes(scenario))


def test_a_ward_may_not_record_the_proposing_council(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    data = minutes(
        scenario,
        step=CouncilStep.PROPOSAL,
        unit=proposing_council(scenario.ward, scenario.approved_on),
        communes=[scenario.ward],
    )
    with unchanged(), pytest.raises(PermissionDenied):
        services.record_meeting(scenario.staff, cycle, data)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"members_present": 8}, ErrorCode.COUNCIL_PRESENT_OVER_TOTAL),
        ({"votes_for": 5, "votes_against": 2}, ErrorCode.COUNCIL_VOTES_OVER_PRESENT),
        (
            {"members_total": 0, "members_present": 0, "votes_for": 0, "votes_against": 0},
            ErrorCode.COUNCIL_MEMBERS_REQUIRED,
        ),
        ({"content": "  "}, ErrorCode.COUNCIL_CONTENT_REQUIRED),
    ],
)
def test_minutes_that_do_not_add_up_are_refused(
    scenario: Scenario, cycle: CallUpCycle, changes: dict[str, object], code: str
) -> None:
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.record_meeting(scenario.staff, cycle, minutes(scenario, **changes))
    assert code_of(refused) == code


def test_the_constraints_refuse_votes_over_the_members_present(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    meeting = services.record_meeting(scenario.staff, cycle, minutes(scenario))
    meeting.votes_against = 3  # 4 + 3 > 6 present
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.error_dict["__all__"][0].code == ErrorCode.COUNCIL_VOTES_OVER_PRESENT
    assert "không được nhiều hơn số thành viên có mặt" in str(refused.value)


def test_only_a_commune_council_reviews_a_communes_lists(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    data = minutes(scenario, unit=proposing_council(scenario.ward, scenario.approved_on))
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.record_meeting(scenario.decider, cycle, data)
    assert code_of(refused) == ErrorCode.COUNCIL_REVIEW_NOT_COMMUNE


def test_a_commune_council_does_not_propose_to_the_chair(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    data = minutes(scenario, step=CouncilStep.PROPOSAL, communes=[scenario.ward])
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.record_meeting(scenario.decider, cycle, data)
    assert code_of(refused) == ErrorCode.COUNCIL_NOT_PROPOSING


def test_a_proposal_needs_the_communes_passed_review_first(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    day = scenario.approved_on
    with unchanged(), pytest.raises(ValidationError) as refused:
        propose(scenario.decider, cycle, scenario.ward, day)
    assert code_of(refused) == ErrorCode.COUNCIL_COMMUNE_REVIEW_MISSING
    review(scenario.staff, cycle, scenario.ward, day, votes_for=3)  # failed: 3 of 7
    with unchanged(), pytest.raises(ValidationError) as refused:
        propose(scenario.decider, cycle, scenario.ward, day)
    assert code_of(refused) == ErrorCode.COUNCIL_COMMUNE_REVIEW_MISSING
    review(scenario.staff, cycle, scenario.ward, day, votes_for=4)
    assert propose(scenario.decider, cycle, scenario.ward, day).passed


def test_a_proposal_names_only_communes_of_its_councils_territory(
    tree: Tree, accounts: Accounts
) -> None:
    cycle = services.create_cycle(
        accounts.province_commander,
        unit=tree.province,
        year=2026,
        handover_date=dt.date(2026, 2, 25),
    )
    day = dt.date(2026, 1, 5)
    with unchanged(), pytest.raises(ValidationError) as refused:
        propose(accounts.admin, cycle, tree.suoi_hoa, day, council=tree.province)
    assert code_of(refused) == ErrorCode.COUNCIL_COMMUNE_OUTSIDE  # a ward of the old province


def test_no_district_council_meets_after_june_2025(tree: Tree, accounts: Accounts) -> None:
    cycle = services.create_cycle(
        accounts.city_commander, unit=tree.city, year=2025, handover_date=dt.date(2025, 2, 20)
    )
    data = services.MeetingInput(
        step=CouncilStep.PROPOSAL,
        unit=tree.city,
        held_on=dt.date(2025, 7, 2),
        members_total=7,
        members_present=7,
        votes_for=7,
        votes_against=0,
        content="Đề nghị phê duyệt.",
        communes=[tree.suoi_hoa],
    )
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.record_meeting(accounts.admin, cycle, data)
    assert code_of(refused) == ErrorCode.COUNCIL_NOT_IN_FORCE
    assert "Điều 38 đã bãi bỏ" in refused.value.messages[0]


# -- the approval ------------------------------------------------------------------------------


def test_an_approval_without_a_council_proposal_is_refused(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    review(scenario.staff, cycle, scenario.ward, scenario.approved_on)  # the ward's alone
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.approve_review(
            scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
        )
    assert code_of(refused) == ErrorCode.COUNCIL_PROPOSAL_MISSING
    level = "cấp huyện" if scenario.year < 2025 else "cấp tỉnh"
    assert f"Chưa có nghị quyết của Hội đồng nghĩa vụ quân sự {level}" in refused.value.messages[0]
    assert scenario.ward.label in refused.value.messages[0]


def test_an_approval_on_a_failed_proposal_is_refused_until_a_passed_one(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    day = scenario.approved_on
    review(scenario.staff, cycle, scenario.ward, day)
    propose(scenario.decider, cycle, scenario.ward, day, votes_for=4)  # 4 of 8: not passed
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.approve_review(scenario.decider, cycle, scenario.ward, approved_on=day)
    assert code_of(refused) == ErrorCode.COUNCIL_PROPOSAL_NOT_PASSED
    assert "4/8 thành viên tán thành, cần ít nhất 5" in refused.value.messages[0]
    propose(scenario.decider, cycle, scenario.ward, day, votes_for=5)
    review_ = services.approve_review(scenario.decider, cycle, scenario.ward, approved_on=day)
    assert Review.objects.filter(pk=review_.pk).exists()


def test_a_proposal_after_the_approval_date_does_not_count(
    scenario: Scenario, cycle: CallUpCycle
) -> None:
    later = scenario.approved_on + dt.timedelta(days=1)
    review(scenario.staff, cycle, scenario.ward, later)
    propose(scenario.decider, cycle, scenario.ward, later)
    with unchanged(), pytest.raises(ValidationError) as refused:
        services.approve_review(
            scenario.decider, cycle, scenario.ward, approved_on=scenario.approved_on
        )
    assert code_of(refused) == ErrorCode.COUNCIL_PROPOSAL_MISSING


def test_the_date_of_the_approval_decides_which_councils_proposal_counts(
    tree: Tree, accounts: Accounts
) -> None:
    """A district council's proposal of June 2025 serves a district chair's approval signed
    before 01/07/2025, not a provincial chair's signed after: the provincial council proposes."""
    cycle = services.create_cycle(
        accounts.city_commander, unit=tree.city, year=2025, handover_date=dt.date(2025, 2, 20)
    )
    june = dt.date(2025, 6, 20)
    review(accounts.admin, cycle, tree.suoi_hoa, june)
    propose(accounts.admin, cycle, tree.suoi_hoa, june, council=tree.city)
    services.check_council_proposal(cycle, tree.suoi_hoa, dt.date(2025, 6, 30))
    with pytest.raises(ValidationError) as refused:
        services.check_council_proposal(cycle, tree.suoi_hoa, dt.date(2025, 7, 1))
    assert code_of(refused) == ErrorCode.COUNCIL_PROPOSAL_MISSING
    assert "cấp tỉnh" in refused.value.messages[0]
    assert CouncilMeeting.objects.count() == 2
