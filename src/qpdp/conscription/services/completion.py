"""How far each unit has come: handed over against its quota (Art. 34.3, 35)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from qpdp.conscription.models import CallUpCycle, CallUpOrder, Outcome, Quota
from qpdp.core.units import Unit
from qpdp.people.choices import EducationLevel


def handed_over_count(cycle: CallUpCycle, units: Iterable[Unit]) -> int:
    subtree = Unit.objects.subtree_of(list(units)).values("pk")
    return CallUpOrder.objects.filter(
        cycle=cycle, unit__in=subtree, outcome=Outcome.HANDED_OVER
    ).count()


@dataclass(frozen=True, slots=True)
class Completion:
    """A unit's quota and what was handed over in its subtree (indicator 1 of the brief:
    handed over ÷ number assigned, Art. 34.3 and 35)."""

    unit: Unit
    quota: int
    handed_over: int
    failed_to_report: int
    college_graduates: int
    party_members: int

    @property
    def percent(self) -> Decimal | None:
        if not self.quota:
            return None
        return (Decimal(self.handed_over) * 100 / self.quota).quantize(Decimal("0.1"))


def completion(cycle: CallUpCycle, units: Sequence[Unit]) -> list[Completion]:
    """Quota, handed over and % per unit (with its subtree), in three queries."""
    quotas = dict(
        Quota.objects.filter(cycle=cycle, unit__in=units).values_list("unit_id", "number")
    )
    rows = (
        CallUpOrder.objects.filter(cycle=cycle, outcome__in=(Outcome.HANDED_OVER, Outcome.FAILED))
        .values("unit_id")
        .annotate(
            n=Count("pk", filter=Q(outcome=Outcome.HANDED_OVER)),
            failed=Count("pk", filter=Q(outcome=Outcome.FAILED)),
            party=Count("pk", filter=Q(outcome=Outcome.HANDED_OVER, person__party_member=True)),
            college=Count(
                "pk",
                filter=Q(
                    outcome=Outcome.HANDED_OVER, person__education_level__gte=EducationLevel.COLLEGE
                ),
            ),
        )
    )
    per_commune = {r["unit_id"]: r for r in rows}
    communes = dict(Unit.objects.filter(pk__in=per_commune).values_list("pk", "path"))
    result = []
    for unit in units:
        inside = [per_commune[c] for c, path in communes.items() if path.startswith(unit.path)]
        result.append(
            Completion(
                unit=unit,
                quota=quotas.get(unit.pk, 0),
                handed_over=sum(r["n"] for r in inside),
                failed_to_report=sum(r["failed"] for r in inside),
                college_graduates=sum(r["college"] for r in inside),
                party_members=sum(r["party"] for r in inside),
            )
        )
    return result
