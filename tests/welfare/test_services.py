"""Rear-policy services: families, allowances within the law's amounts and limits, discharge
allowances, and the Decision 62/49 case workflow. Every refusal carries its code and leaves the
tables and the audit log as they were."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from qpdp.conscription.models import CallUpOrder
from qpdp.core.parameters import is_unverified
from qpdp.people.models import Person
from qpdp.welfare import rules, selectors, services
from qpdp.welfare.error_codes import ErrorCode
from qpdp.welfare.models import (
    BenefitCase,
    CaseDocument,
    CaseStep,
    DossierItem,
    FamilyMember,
    SoldierFamily,
    StepDeadline,
    SupportPayment,
)
from tests.civic import audited, refused
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
D = dt.date


def pay(accounts: Accounts, family: SoldierFamily, **values: Any) -> SupportPayment:
    values.setdefault("reason", "Giấy ra viện số 12")
    return services.pay_support(accounts.suoi_hoa_staff, family, **values)


def test_a_family_comes_from_a_handed_over_order(
    accounts: Accounts, soldier_order: Callable[..., CallUpOrder]
) -> None:
    order = soldier_order()
    with audited():
        family = services.register_family(accounts.suoi_hoa_staff, order)
    assert (family.soldier, family.unit, family.enlisted_on) == (
        order.person,
        order.unit,
        D(2023, 2, 15),
    )
    with refused(ErrorCode.FAMILY_EXISTS, SoldierFamily, field="handover"):
        services.register_family(accounts.suoi_hoa_staff, order)
    pending = soldier_order(handed_over=False)
    with refused(ErrorCode.HANDOVER_NOT_DONE, SoldierFamily, field="handover"):
        services.register_family(accounts.suoi_hoa_staff, pending)
    with pytest.raises(PermissionDenied):
        services.register_family(accounts.vo_cuong_staff, soldier_order())


def test_relatives(accounts: Accounts, family: SoldierFamily, father: FamilyMember) -> None:
    with refused(ErrorCode.MEMBER_TWICE, FamilyMember, field="person"):
        services.add_member(accounts.suoi_hoa_staff, family, father.person, relation="father")
    with refused(ErrorCode.MEMBER_IS_SOLDIER, FamilyMember, field="person"):
        services.add_member(accounts.suoi_hoa_staff, family, family.soldier, relation="child")


def test_a_sick_relative_is_paid_at_most_twice_a_year(
    accounts: Accounts, family: SoldierFamily, father: FamilyMember, mother: FamilyMember
) -> None:
    kind = {"kind": "sick_relative", "amount": 500_000}
    with audited():
        pay(accounts, family, member=father, paid_on=D(2023, 5, 2), **kind)
    pay(accounts, family, member=father, paid_on=D(2023, 9, 2), **kind)
    with refused(ErrorCode.YEARLY_LIMIT_REACHED, SupportPayment, field="paid_on"):
        pay(accounts, family, member=father, paid_on=D(2023, 12, 2), **kind)
    pay(accounts, family, member=mother, paid_on=D(2023, 12, 2), **kind)  # per relative
    pay(accounts, family, member=father, paid_on=D(2024, 1, 3), **kind)  # a new year


def test_a_payment_over_the_entitlement_is_refused(
    accounts: Accounts, family: SoldierFamily, father: FamilyMember
) -> None:
    with refused(ErrorCode.PAYMENT_OVER_ENTITLEMENT, SupportPayment, field="amount"):
        pay(
            accounts,
            family,
            kind="sick_relative",
            member=father,
            paid_on=D(2023, 5, 2),
            amount=500_001,
        )
    with refused(ErrorCode.PAYMENT_OVER_ENTITLEMENT, SupportPayment, field="amount"):
        pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, 5, 2), amount=3_000_001)
    assert pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, 5, 2), amount=3_000_000)


def test_house_damage_twice_a_year_per_soldier_and_a_death_once(
    accounts: Accounts, family: SoldierFamily, mother: FamilyMember
) -> None:
    for month in (3, 8):
        pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, month, 1), amount=3_000_000)
    with refused(ErrorCode.YEARLY_LIMIT_REACHED, SupportPayment):
        pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, 10, 1), amount=1_000_000)
    pay(accounts, family, kind="death", member=mother, paid_on=D(2023, 6, 1), amount=2_000_000)
    with refused(ErrorCode.PERSON_LIMIT_REACHED, SupportPayment, field="member"):
        pay(accounts, family, kind="death", member=mother, paid_on=D(2024, 6, 1), amount=2_000_000)


def test_payments_need_the_soldier_in_service_and_the_relative_named(
    accounts: Accounts, family: SoldierFamily, father: FamilyMember, make_person: Any, tree: Tree
) -> None:
    with refused(ErrorCode.NOT_IN_SERVICE, SupportPayment, field="paid_on"):
        pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, 2, 14), amount=1)
    with refused(ErrorCode.MEMBER_REQUIRED, SupportPayment, field="member"):
        pay(accounts, family, kind="sick_relative", paid_on=D(2023, 5, 2), amount=1)
    with refused(ErrorCode.REASON_REQUIRED, SupportPayment, field="reason"):
        pay(accounts, family, kind="sudden_hardship", paid_on=D(2023, 5, 2), amount=1, reason=" ")
    services.record_discharge(accounts.suoi_hoa_staff, family, discharged_on=D(2025, 2, 20))
    with refused(ErrorCode.NOT_IN_SERVICE, SupportPayment, field="paid_on"):
        pay(accounts, family, kind="sick_relative", member=father, paid_on=D(2025, 2, 21), amount=1)


def test_the_discharge_allowance_uses_the_base_salary_of_the_day(
    accounts: Accounts, family: SoldierFamily
) -> None:
    with refused(ErrorCode.DISCHARGE_BEFORE_ENLISTMENT, SoldierFamily, field="discharged_on"):
        services.record_discharge(accounts.suoi_hoa_staff, family, discharged_on=D(2023, 2, 15))
    allowance = services.discharge_allowance(family, discharged_on=D(2025, 2, 20))
    base = 2_340_000  # from 01/07/2024 (migration 0002)
    assert (allowance.service.months, allowance.service.days) == (24, 5)
    assert allowance.total == 4 * base + 6 * base
    later = services.discharge_allowance(family, discharged_on=D(2026, 7, 1))
    assert later.job_creation == 6 * 2_530_000  # the 2026 base salary


ITEMS = ("declaration", "id_copy", "village_minutes")


def receive(accounts: Accounts, tree: Tree, applicant: Person, **changes: Any) -> BenefitCase:
    values: dict[str, Any] = {
        "unit": tree.suoi_hoa,
        "scheme": "62_2011",
        "benefit": "one_time",
        "applicant": applicant,
        "coverage": "a",
        "theatre": "north",
        "service_months": 40,
        "left_on": D(1983, 1, 1),
        "received_on": D(2023, 3, 1),
        "documents": list(DossierItem.objects.filter(scheme="62_2011", code__in=ITEMS)),
    }
    values.update(changes)
    return services.receive_case(accounts.suoi_hoa_staff, **values)


@pytest.fixture
def veteran(tree: Tree, make_person: Callable[..., Person]) -> Person:
    return make_person(tree.suoi_hoa, given_name="Tiến", birth_date=D(1958, 2, 2))


@pytest.mark.usefixtures("deadlines")
def test_a_case_runs_from_receipt_to_payment(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    staff, decider = accounts.suoi_hoa_staff, accounts.city_commander
    case = receive(accounts, tree, veteran)
    assert (case.status, case.due_on) == ("received", D(2023, 3, 11))
    assert services.missing_documents(case) == []
    case = services.advance(staff, case, status="checked", on=D(2023, 3, 11))
    case = services.advance(staff, case, status="sent_up", on=D(2023, 3, 15))
    with audited(2):  # the step and the case
        case = services.advance(
            decider, case, status="approved", on=D(2023, 4, 10), decision_number="12/QĐ-BCH"
        )
    assert (case.amount, case.settled_on, case.late) == (3_700_000, D(2023, 4, 10), False)
    case = services.advance(staff, case, status="paid", on=D(2023, 4, 20))
    assert (case.status, case.paid_on, case.due_on) == ("paid", D(2023, 4, 20), None)
    steps = list(case.steps.values_list("status", "actor__username"))
    assert steps == [
        ("received", "suoihoa2022"),
        ("checked", "suoihoa2022"),
        ("sent_up", "suoihoa2022"),
        ("approved", "chihuy2022"),
        ("paid", "suoihoa2022"),
    ]


@pytest.mark.usefixtures("deadlines")
def test_a_step_out_of_order_or_back_in_time_is_refused(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    staff = accounts.suoi_hoa_staff
    case = receive(accounts, tree, veteran)
    with refused(ErrorCode.STEP_OUT_OF_ORDER, CaseStep, field="status"):
        services.advance(staff, case, status="sent_up", on=D(2023, 3, 5))
    with refused(ErrorCode.STEP_OUT_OF_ORDER, CaseStep, field="status"):
        services.advance(staff, case, status="paid", on=D(2023, 3, 5))
    with refused(ErrorCode.STEP_DATE_ORDER, CaseStep, field="on"):
        services.advance(staff, case, status="checked", on=D(2023, 2, 28))
    case.refresh_from_db()
    assert case.status == "received"


@pytest.mark.usefixtures("deadlines")
def test_approval_is_refused_with_papers_missing_or_an_amount_over_the_entitlement(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    staff, decider = accounts.suoi_hoa_staff, accounts.city_commander
    case = receive(accounts, tree, veteran, documents=[])
    services.advance(staff, case, status="checked", on=D(2023, 3, 5))
    services.advance(staff, case, status="sent_up", on=D(2023, 3, 6))
    with refused(ErrorCode.DOSSIER_INCOMPLETE, CaseStep, BenefitCase, field="status"):
        services.advance(decider, case, status="approved", on=D(2023, 4, 1), decision_number="1")
    for item in DossierItem.objects.filter(scheme="62_2011", code__in=ITEMS):
        services.add_document(staff, case, item, received_on=D(2023, 3, 20))
    with refused(ErrorCode.DOCUMENT_TWICE, CaseDocument, field="item"):
        services.add_document(staff, case, item, received_on=D(2023, 3, 20))
    with refused(ErrorCode.DECISION_NUMBER_REQUIRED, CaseStep, field="decision_number"):
        services.advance(decider, case, status="approved", on=D(2023, 4, 1))
    with refused(ErrorCode.AMOUNT_OVER_ENTITLEMENT, CaseStep, field="amount"):
        services.advance(
            decider,
            case,
            status="approved",
            on=D(2023, 4, 1),
            decision_number="1",
            amount=3_700_001,
        )
    with pytest.raises(PermissionDenied):  # the commune does not approve its own cases
        services.advance(staff, case, status="approved", on=D(2023, 4, 1), decision_number="1")
    case = services.advance(decider, case, status="approved", on=D(2023, 4, 1), decision_number="1")
    assert case.amount == 3_700_000


@pytest.mark.usefixtures("deadlines")
def test_a_returned_case_has_a_reason_and_is_checked_again(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    staff, decider = accounts.suoi_hoa_staff, accounts.city_commander
    case = receive(accounts, tree, veteran)
    services.advance(staff, case, status="checked", on=D(2023, 3, 5))
    services.advance(staff, case, status="sent_up", on=D(2023, 3, 6))
    with refused(ErrorCode.RETURN_REASON_REQUIRED, CaseStep, field="reason"):
        services.advance(decider, case, status="returned", on=D(2023, 4, 1), reason=" ")
    case = services.advance(
        decider, case, status="returned", on=D(2023, 4, 1), reason="Thiếu giấy xuất ngũ"
    )
    assert case.return_reason == "Thiếu giấy xuất ngũ"
    assert services.advance(staff, case, status="checked", on=D(2023, 4, 20)).status == "checked"


@pytest.mark.usefixtures("deadlines")
def test_late_steps_and_the_overdue_list(accounts: Accounts, tree: Tree, veteran: Person) -> None:
    staff = accounts.suoi_hoa_staff
    case = receive(accounts, tree, veteran)
    cases = BenefitCase.objects.all()
    assert list(selectors.overdue(cases, D(2023, 3, 11))) == []
    assert list(selectors.overdue(cases, D(2023, 3, 12))) == [case]
    case = services.advance(staff, case, status="checked", on=D(2023, 3, 12))  # a day late
    assert case.late and case.steps.get(status="checked").late
    assert case.due_on == D(2023, 3, 19)
    assert list(selectors.overdue(cases, D(2023, 3, 19))) == []


@pytest.mark.parametrize("scheme", ["62_2011", "49_2015"])
def test_a_fresh_install_has_provisional_deadlines_for_every_open_step(
    accounts: Accounts, tree: Tree, veteran: Person, scheme: str
) -> None:
    """Without the test's own deadlines, migration 0003's rows (marked CHƯA KIỂM CHỨNG) date each
    step, so an untouched case shows as overdue."""
    seeded = StepDeadline.objects.filter(scheme=scheme)
    assert set(seeded.values_list("status", flat=True)) == set(rules.OPEN_STATUSES)
    assert all(is_unverified(row.source) for row in seeded)
    porter = {
        "coverage": "porter",
        "theatre": "resistance",
        "service_months": 8,
        "left_on": None,
        "documents": [],
    }
    facts = {"scheme": scheme, **(porter if scheme == "49_2015" else {})}
    case = receive(accounts, tree, veteran, **facts)
    assert case.due_on == D(2023, 3, 11)  # received 01/03/2023, ten days to check
    assert list(selectors.overdue(BenefitCase.objects.all(), D(2023, 3, 12))) == [case]


def test_a_case_the_facts_do_not_support_is_refused(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    with refused(ErrorCode.NOT_ELIGIBLE, BenefitCase, field="coverage"):
        receive(accounts, tree, veteran, left_on=D(2001, 1, 1))
    with refused(ErrorCode.BENEFIT_MISMATCH, BenefitCase, field="benefit"):
        receive(accounts, tree, veteran, benefit="monthly")
    with refused(ErrorCode.BEFORE_SCHEME, BenefitCase, field="received_on"):
        receive(accounts, tree, veteran, received_on=D(2011, 12, 31))
    wrong = DossierItem.objects.filter(scheme="49_2015")[:1]
    with refused(ErrorCode.DOCUMENT_OTHER_SCHEME, BenefitCase, CaseDocument, field="item"):
        receive(accounts, tree, veteran, documents=list(wrong))


def test_decision_49_needs_the_amount_decided(
    accounts: Accounts, tree: Tree, veteran: Person
) -> None:
    staff, decider = accounts.suoi_hoa_staff, accounts.city_commander
    papers = DossierItem.objects.filter(scheme="49_2015", benefit__in=["", "one_time"])
    case = receive(
        accounts,
        tree,
        veteran,
        scheme="49_2015",
        coverage="porter",
        theatre="resistance",
        service_months=8,
        left_on=None,
        documents=list(papers),
    )
    services.advance(staff, case, status="checked", on=D(2023, 3, 5))
    services.advance(staff, case, status="sent_up", on=D(2023, 3, 6))
    with refused(ErrorCode.AMOUNT_REQUIRED, CaseStep, field="amount"):
        services.advance(decider, case, status="approved", on=D(2023, 4, 1), decision_number="9")
    case = services.advance(
        decider, case, status="approved", on=D(2023, 4, 1), decision_number="9", amount=2_000_000
    )
    assert case.amount == 2_000_000


def test_totals_by_ward(
    accounts: Accounts, tree: Tree, family: SoldierFamily, father: FamilyMember
) -> None:
    pay(
        accounts, family, kind="sick_relative", member=father, paid_on=D(2023, 5, 2), amount=500_000
    )
    services.record_visit(
        accounts.suoi_hoa_staff, family, kind="tet_gift", visited_on=D(2023, 1, 15), gift_value=1
    )
    services.record_visit(
        accounts.suoi_hoa_staff,
        family,
        kind="tet_gift",
        visited_on=D(2024, 1, 15),
        gift_value=500_000,
    )
    city, ward, other = selectors.totals(
        [tree.city, tree.suoi_hoa, tree.kinh_bac_old], D(2023, 1, 1), D(2023, 12, 31)
    )
    assert (ward.families, ward.payments, ward.paid, ward.gifts, ward.gift_value) == (
        1,
        1,
        500_000,
        1,
        1,
    )
    assert (city.families, city.paid) == (ward.families, 500_000)
    assert (other.families, other.payments) == (0, 0)
