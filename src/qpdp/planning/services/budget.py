"""Budget lines of a plan: what each area was planned to cost and what was spent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from qpdp.core.access import AnyUser
from qpdp.core.indicators import percentage
from qpdp.planning.models import BudgetLine, Plan
from qpdp.planning.services._common import check_writer, cleaned, create, delete, update

FIELDS = ("section", "description", "planned", "spent")


@dataclass(frozen=True, slots=True)
class BudgetTotals:
    planned: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def share_spent(self) -> Decimal | None:
        """Spent as a per cent of planned, to one decimal (None without a plan)."""
        return percentage(self.spent, self.planned)


def totals(plan: Plan) -> BudgetTotals:
    sums = plan.budget_lines.aggregate(planned=Sum("planned"), spent=Sum("spent"))
    return BudgetTotals(sums["planned"] or Decimal(0), sums["spent"] or Decimal(0))


@transaction.atomic
def add_budget_line(user: AnyUser, plan: Plan, data: Mapping[str, Any]) -> BudgetLine:
    check_writer(user, plan.unit)
    values = {k: v for k, v in cleaned(data).items() if k in FIELDS}
    return create(user, BudgetLine(plan=plan, **values), plan.unit)


@transaction.atomic
def update_budget_line(user: AnyUser, line: BudgetLine, data: Mapping[str, Any]) -> BudgetLine:
    check_writer(user, line.plan.unit)
    values = {k: v for k, v in cleaned(data).items() if k in FIELDS}
    return update(user, line, line.plan.unit, values)


@transaction.atomic
def delete_budget_line(user: AnyUser, line: BudgetLine) -> None:
    check_writer(user, line.plan.unit)
    delete(user, line, line.plan.unit)
