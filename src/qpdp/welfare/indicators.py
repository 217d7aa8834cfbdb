"""Rear-policy indicators (domain brief §10.13): soldiers' families and the support paid to
them, and the Decision 62/49 cases received, settled (on time) and outstanding.

A family belongs to the commune of its soldier's call-up order; a payment to the period holding
its day; a case to the commune that received it. Each figure is one grouped query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from qpdp.core.indicators import (
    Compute,
    Indicator,
    People,
    Source,
    Value,
    kept_since,
    register,
    rows_in,
    subtree_totals,
)
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.welfare import selectors
from qpdp.welfare.models import BenefitCase, CaseStatus, CaseStep, SoldierFamily, SupportPayment

SECTION = "rear_policy"  # planning.Section.REAR_POLICY
FAMILIES = _("gia đình")
CASES = _("hồ sơ")
DONG = _("đồng")
# Kept from the first family (its soldier's enlistment) or case on: before, no figure, not 0.
KEPT = kept_since(Source(SoldierFamily, "enlisted_on"), Source(BenefitCase, "received_on"))

Rows = Callable[[dt.date, dt.date], QuerySet]


def _payments(start: dt.date, end: dt.date) -> QuerySet[SupportPayment]:
    return SupportPayment.objects.filter(paid_on__gte=start, paid_on__lte=end)


def _supported(start: dt.date, end: dt.date) -> QuerySet[SoldierFamily]:
    paid = _payments(start, end).filter(family=OuterRef("pk"))
    return SoldierFamily.objects.filter(Exists(paid))


def _received(start: dt.date, end: dt.date) -> QuerySet[BenefitCase]:
    return BenefitCase.objects.filter(received_on__gte=start, received_on__lte=end)


def _settled(start: dt.date, end: dt.date) -> QuerySet[BenefitCase]:
    return BenefitCase.objects.filter(settled_on__gte=start, settled_on__lte=end)


def _settled_on_time(start: dt.date, end: dt.date) -> QuerySet[BenefitCase]:
    """Settled with no step up to the approval taken after its deadline."""
    late = CaseStep.objects.filter(case=OuterRef("pk"), late=True).exclude(status=CaseStatus.PAID)
    return _settled(start, end).filter(~Exists(late))


def _outstanding(start: dt.date, end: dt.date) -> QuerySet[BenefitCase]:
    """Received by the period's end and not approved by then (returned cases included)."""
    return BenefitCase.objects.filter(
        Q(settled_on__isnull=True) | Q(settled_on__gt=end), received_on__lte=end
    )


def _paid_cases(start: dt.date, end: dt.date) -> QuerySet[BenefitCase]:
    return BenefitCase.objects.filter(paid_on__gte=start, paid_on__lte=end)


def _count(rows: Rows, aggregate: Any = None) -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        return subtree_totals(units, rows(start, end), aggregate=aggregate or Count("pk"))

    return compute


def _people(rows: Rows, person: str) -> People:
    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=rows_in(unit, rows(start, end)).values(person))

    return people


def _declare(code: str, label: Any, uom: Any, compute: Compute, **extra: Any) -> None:
    register(Indicator(code, label, uom, compute, section=SECTION, recorded=KEPT, **extra))


_declare(
    "welfare.families",
    _("Số gia đình quân nhân đang tại ngũ"),
    FAMILIES,
    _count(selectors.families_serving),
    people=_people(selectors.families_serving, "soldier"),
    task=_("Quản lý gia đình quân nhân tại ngũ"),
    counted=FAMILIES,
)
_declare(
    "welfare.families_supported",
    _("Số gia đình quân nhân được trợ cấp"),
    FAMILIES,
    _count(_supported),
    people=_people(_supported, "soldier"),
    task=_("Trợ cấp gia đình quân nhân theo Nghị định 27/2016/NĐ-CP"),
    counted=FAMILIES,
    verb=_("trợ cấp cho"),
)
_declare(
    "welfare.support_amount",
    _("Số tiền trợ cấp gia đình quân nhân đã chi"),
    DONG,
    lambda units, start, end: subtree_totals(
        units, _payments(start, end), path_field="family__unit__path", aggregate=Sum("amount")
    ),
)
_declare(
    "welfare.cases_received",
    _("Số hồ sơ Quyết định 49, 62 tiếp nhận"),
    CASES,
    _count(_received),
    people=_people(_received, "applicant"),
    task=_("Tiếp nhận hồ sơ chế độ theo Quyết định 49, 62 của Thủ tướng"),
    counted=CASES,
    verb=_("tiếp nhận"),
)
_declare(
    "welfare.cases_settled",
    _("Số hồ sơ Quyết định 49, 62 đã giải quyết"),
    CASES,
    _count(_settled),
    people=_people(_settled, "applicant"),
    task=_("Giải quyết hồ sơ chế độ theo Quyết định 49, 62"),
    counted=CASES,
    verb=_("giải quyết"),
)
_declare(
    "welfare.cases_settled_on_time",
    _("Số hồ sơ Quyết định 49, 62 giải quyết đúng hạn"),
    CASES,
    _count(_settled_on_time),
    people=_people(_settled_on_time, "applicant"),
)
_declare(
    "welfare.cases_outstanding",
    _("Số hồ sơ Quyết định 49, 62 chưa giải quyết cuối kỳ"),
    CASES,
    _count(_outstanding),
    better="lower",
    people=_people(_outstanding, "applicant"),
)
_declare(
    "welfare.case_amount_paid",
    _("Số tiền chế độ Quyết định 49, 62 đã chi trả"),
    DONG,
    _count(_paid_cases, Sum("amount")),
)
