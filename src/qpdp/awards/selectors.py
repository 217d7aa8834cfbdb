"""Read-only queries of the awards registry: what a unit awarded in a year, as the year-end
review writes it ("… tặng Giấy khen cho 05 tập thể, 07 cá nhân")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from qpdp.awards import rules
from qpdp.awards.models import AwardField, AwardProposal, ProposalStatus
from qpdp.core.units import Unit


@dataclass(frozen=True, slots=True)
class FormCount:
    """How many collectives and individuals one form was given to."""

    form: str
    collectives: int
    individuals: int


def awarded_by(unit: Unit, year: int, field: str | None = None) -> list[FormCount]:
    """The awards given by decisions of ``unit``'s People's Committee signed in ``year`` (one
    field, or all), per form in the forms' order: one grouped query."""
    rows = AwardProposal.objects.filter(
        status=ProposalStatus.AWARDED,
        decision__authority=unit,
        decision__signed_on__year=year,
    )
    if field is not None:
        rows = rows.filter(field=field)
    grouped = (
        rows.values("form__name", "form__order")
        .annotate(
            collectives=Count("pk", filter=Q(collective__isnull=False)),
            individuals=Count("pk", filter=Q(person__isnull=False)),
        )
        .order_by("form__order", "form__name")
    )
    return [FormCount(r["form__name"], r["collectives"], r["individuals"]) for r in grouped]


def review_paragraph(unit: Unit, year: int, field: str | None = AwardField.LOCAL_DEFENSE) -> str:
    """The review's awards sentence, written from the decisions: "Ủy ban nhân dân thành phố tặng
    Giấy khen cho 05 tập thể, 07 cá nhân có thành tích trong công tác quân sự, quốc phòng địa
    phương." Empty when the unit awarded nothing that year."""
    parts = []
    for row in awarded_by(unit, year, field):
        who = [
            f"{rules.two_digits(count)} {noun}"
            for count, noun in ((row.collectives, "tập thể"), (row.individuals, "cá nhân"))
            if count
        ]
        parts.append(f"{row.form} cho {', '.join(who)}")
    if not parts:
        return ""
    kind = unit.type_label.strip().lower() or "đơn vị"
    subject = f"Ủy ban nhân dân {kind}"
    achievement = (
        f" có thành tích trong {AwardField(field).label.lower()}" if field is not None else ""
    )
    return f"{subject} tặng {'; '.join(parts)}{achievement}."
