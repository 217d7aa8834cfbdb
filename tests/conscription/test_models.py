"""The call-up tables guard themselves: constraints hold even for a write that skips the services,
and ``full_clean`` turns them into Vietnamese messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from qpdp.conscription import rules
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    HealthResult,
    Outcome,
    Quota,
    Review,
)
from qpdp.core.access import User
from qpdp.people.models import Person
from tests.conftest import Accounts, Tree

HANDOVER = dt.date(2026, 2, 25)


@pytest.fixture
def cycle(tree: Tree) -> CallUpCycle:
    return CallUpCycle.objects.create(
        unit=tree.province,
        year=2026,
        list_date=dt.date(2025, 1, 1),
        registration_date=dt.date(2025, 4, 1),
        exam_start=dt.date(2025, 11, 1),
        exam_end=dt.date(2025, 12, 31),
        handover_date=HANDOVER,
    )


@pytest.fixture
def person(tree: Tree, make_person: Callable[..., Person]) -> Person:
    return make_person(tree.kinh_bac, birth_date=dt.date(2005, 5, 17))


@pytest.fixture
def user(accounts: Accounts) -> User:
    return accounts.province_commander


def decision(cycle: CallUpCycle, person: Person, user: User, **fields: Any) -> Decision:
    values: dict[str, Any] = {
        "cycle": cycle,
        "person": person,
        "unit": person.residence_unit,
        "kind": "deferral",
        "ground": "g",
        "evidence": "Giấy xác nhận",
        "until": dt.date(2028, 6, 30),
        "proposed_on": dt.date(2025, 12, 5),
        "proposed_by": user,
    }
    values.update(fields)
    return Decision(**values)


def order(cycle: CallUpCycle, person: Person, **fields: Any) -> CallUpOrder:
    values: dict[str, Any] = {
        "cycle": cycle,
        "person": person,
        "unit": person.residence_unit,
        "issuer": person.residence_unit,
        "year": 2026,
        "number": 1,
        "issued_on": dt.date(2026, 1, 20),
        "report_on": HANDOVER,
        "report_place": "Sân vận động",
    }
    values.update(fields)
    return CallUpOrder(**values)


def refused_by_database(obj: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


@pytest.mark.parametrize(
    ("handover", "regime", "document"),
    [
        (dt.date(2023, 2, 15), "2016", "Lệnh gọi nhập ngũ"),
        (dt.date(2025, 3, 1), "2016", "Lệnh gọi nhập ngũ"),
        (dt.date(2026, 2, 25), "2025", "Quyết định gọi nhập ngũ"),
    ],
)
def test_a_cycle_runs_under_the_regime_of_its_handover_date(
    cycle: CallUpCycle, handover: dt.date, regime: str, document: str
) -> None:
    cycle.handover_date = handover
    assert cycle.regime.code == regime
    assert str(cycle.regime.call_up_document) == document


def test_a_cycle_reads_as_its_year_and_call(cycle: CallUpCycle) -> None:
    assert str(cycle) == "Tuyển quân năm 2026"
    cycle.sequence = 2
    assert str(cycle) == "Tuyển quân năm 2026 (đợt 2)"


@pytest.mark.parametrize(
    "field, value",
    [
        ("registration_date", dt.date(2024, 12, 31)),
        ("exam_end", dt.date(2025, 10, 31)),
        ("handover_date", dt.date(2025, 12, 31)),
    ],
)
def test_cycle_dates_out_of_order_are_refused(
    cycle: CallUpCycle, field: str, value: dt.date
) -> None:
    setattr(cycle, field, value)
    with pytest.raises(ValidationError, match="theo thứ tự"):
        cycle.full_clean()
    refused_by_database(cycle)


def test_a_unit_has_one_quota_per_cycle(cycle: CallUpCycle, tree: Tree) -> None:
    Quota.objects.create(cycle=cycle, unit=tree.kinh_bac, number=3, assigned_on=HANDOVER)
    duplicate = Quota(cycle=cycle, unit=tree.kinh_bac, number=4, assigned_on=HANDOVER)
    with pytest.raises(ValidationError, match="đã được giao chỉ tiêu"):
        duplicate.full_clean()
    refused_by_database(duplicate)


@pytest.mark.parametrize("health_class", [0, 7])
def test_the_database_refuses_a_health_class_outside_1_to_6(
    cycle: CallUpCycle, person: Person, health_class: int
) -> None:
    result = HealthResult(
        cycle=cycle,
        person=person,
        unit=person.residence_unit,
        kind=HealthKind.EXAMINATION,
        examined_on=dt.date(2025, 11, 20),
        health_class=health_class,
    )
    with pytest.raises(ValidationError, match="từ 1 đến 6"):
        result.full_clean()
    refused_by_database(result)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ground": ""}, "không được để trắng"),
        ({"until": None}, "Tạm hoãn phải có ngày hết lý do"),
        ({"until": dt.date(2025, 12, 5)}, "Ngày hết lý do phải sau ngày đề nghị"),
        ({"decided_on": dt.date(2025, 12, 4)}, "không trước ngày đề nghị"),
        ({"decided_on": dt.date(2025, 12, 20), "until": dt.date(2025, 12, 10)}, "trước ngày"),
        ({"kind": "exemption", "ground": "a", "until": None, "higher_education": True}, "điểm g"),
    ],
    ids=[
        "no ground",
        "deferral without end",
        "ends when proposed",
        "decided before proposed",
        "ended before decided",
        "college on an exemption",
    ],
)
def test_the_database_refuses_an_unlawful_decision(
    cycle: CallUpCycle, person: Person, user: User, fields: dict[str, Any], message: str
) -> None:
    if "decided_on" in fields:
        fields["decided_by"] = user
    record = decision(cycle, person, user, **fields)
    with pytest.raises(ValidationError, match=message):
        record.full_clean()
    refused_by_database(record)


def test_a_proposal_counts_for_nothing_until_decided(
    cycle: CallUpCycle, person: Person, user: User
) -> None:
    record = decision(cycle, person, user, higher_education=True)
    assert record.as_rule() is None
    record.decided_on = dt.date(2025, 12, 20)
    record.decided_by = user
    assert record.as_rule() == rules.Decision(
        rules.DecisionKind.DEFERRAL,
        "g",
        dt.date(2025, 12, 20),
        until=dt.date(2028, 6, 30),
        higher_education=True,
    )


def test_an_order_number_is_unique_per_issuer_and_year(
    cycle: CallUpCycle, person: Person, make_person: Callable[..., Person], tree: Tree
) -> None:
    order(cycle, person).save()
    other = make_person(tree.kinh_bac, birth_date=dt.date(2005, 6, 1))
    duplicate = order(cycle, other)
    with pytest.raises(ValidationError, match="Số lệnh này đã được dùng"):
        duplicate.full_clean()
    refused_by_database(duplicate)
    order(cycle, other, year=2027).save()


def test_a_citizen_has_one_live_order_per_cycle(cycle: CallUpCycle, person: Person) -> None:
    first = order(cycle, person)
    first.save()
    second = order(cycle, person, number=2)
    with pytest.raises(ValidationError, match="đã có lệnh gọi"):
        second.full_clean()
    refused_by_database(second)
    first.outcome = Outcome.CANCELLED
    first.save()
    second.save()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"number": 0}, "từ 1 trở lên"),
        ({"report_on": dt.date(2026, 1, 19)}, "Ngày có mặt"),
        (
            {"outcome": Outcome.HANDED_OVER, "handed_over_on": dt.date(2026, 1, 19)},
            "trước ngày ký",
        ),
    ],
)
def test_the_database_refuses_an_impossible_order(
    cycle: CallUpCycle, person: Person, fields: dict[str, Any], message: str
) -> None:
    record = order(cycle, person, **fields)
    with pytest.raises(ValidationError, match=message):
        record.full_clean()
    refused_by_database(record)


def test_a_commune_list_is_approved_once_and_posted_after_approval(
    cycle: CallUpCycle, tree: Tree, user: User
) -> None:
    day = dt.date(2026, 1, 5)
    values: dict[str, Any] = {
        "cycle": cycle,
        "unit": tree.kinh_bac,
        "approved_on": day,
        "approved_by": user,
        "posted_from": day,
        "posted_until": day + dt.timedelta(days=20),
    }
    early = Review(**{**values, "posted_from": day - dt.timedelta(days=1)})
    with pytest.raises(ValidationError, match="sau ngày phê duyệt"):
        early.full_clean()
    refused_by_database(early)
    Review.objects.create(**values)
    duplicate = Review(**values)
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        duplicate.full_clean()
    refused_by_database(duplicate)
