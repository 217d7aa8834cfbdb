"""Emulation and commendation indicators (domain brief §10.15): proposals made, decisions
signed, and collectives and individuals awarded, in all and by form.

A proposal belongs to the unit of its nominee (the collective, or the proposing unit of an
individual) and the period holding its day; a decision to its authority; an award to the
nominee's unit and the period holding the decision's day. Forms are data; the forms reported
one by one are ``REPORTED_FORMS`` (codes seeded by migration 0002).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db.models import Count, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from qpdp.awards.models import AwardDecision, AwardProposal, ProposalStatus
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

# Kept from the first proposal or decision on: before, no figure rather than 0.
KEPT = kept_since(
    Source(AwardProposal, "proposed_on"), Source(AwardDecision, "signed_on", "authority__path")
)
COLLECTIVES = _("tập thể")
INDIVIDUALS = _("cá nhân")
REPORTED_FORMS = {
    "giay_khen": (_("Giấy khen"), True, True),
    "bang_khen_tinh": (_("Bằng khen của Chủ tịch UBND tỉnh"), True, True),
    "lao_dong_tien_tien": (_("Lao động tiên tiến"), False, True),
    "chien_si_tien_tien": (_("Chiến sĩ tiên tiến"), False, True),
    "chien_si_thi_dua_co_so": (_("Chiến sĩ thi đua cơ sở"), False, True),
}

Rows = Callable[[dt.date, dt.date], QuerySet]


def _proposals(start: dt.date, end: dt.date) -> QuerySet[AwardProposal]:
    return AwardProposal.objects.filter(proposed_on__gte=start, proposed_on__lte=end)


def _decisions(start: dt.date, end: dt.date) -> QuerySet[AwardDecision]:
    return AwardDecision.objects.filter(signed_on__gte=start, signed_on__lte=end)


def _awarded(collective: bool, form: str | None = None) -> Rows:
    def rows(start: dt.date, end: dt.date) -> QuerySet[AwardProposal]:
        found = AwardProposal.objects.filter(
            status=ProposalStatus.AWARDED,
            decision__signed_on__gte=start,
            decision__signed_on__lte=end,
            collective__isnull=not collective,
        )
        return found if form is None else found.filter(form__code=form)

    return rows


def _count(rows: Rows, path_field: str = "unit__path") -> Compute:
    def compute(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[int, Value]:
        return subtree_totals(units, rows(start, end), path_field=path_field, aggregate=Count("pk"))

    return compute


def _people(rows: Rows) -> People:
    def people(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Person]:
        return Person.objects.filter(pk__in=rows_in(unit, rows(start, end)).values("person"))

    return people


register(
    Indicator(
        "awards.proposals",
        _("Số đề nghị khen thưởng"),
        _("đề nghị"),
        _count(_proposals),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "awards.decisions",
        _("Số quyết định khen thưởng"),
        _("quyết định"),
        _count(_decisions, "authority__path"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "awards.collectives",
        _("Số tập thể được khen thưởng"),
        COLLECTIVES,
        _count(_awarded(collective=True)),
        task=_("Khen thưởng tập thể có thành tích"),
        counted=COLLECTIVES,
        verb=_("khen thưởng"),
        recorded=KEPT,
    )
)
register(
    Indicator(
        "awards.individuals",
        _("Số cá nhân được khen thưởng"),
        INDIVIDUALS,
        _count(_awarded(collective=False)),
        people=_people(_awarded(collective=False)),
        task=_("Khen thưởng cá nhân có thành tích"),
        counted=INDIVIDUALS,
        verb=_("khen thưởng"),
        recorded=KEPT,
    )
)
for code, (name, collectives, individuals) in REPORTED_FORMS.items():
    if collectives:
        register(
            Indicator(
                f"awards.collectives.{code}",
                format_lazy(_("Số tập thể được tặng {form}"), form=name),
                COLLECTIVES,
                _count(_awarded(collective=True, form=code)),
                recorded=KEPT,
            )
        )
    if individuals:
        register(
            Indicator(
                f"awards.individuals.{code}",
                format_lazy(_("Số cá nhân được tặng {form}"), form=name),
                INDIVIDUALS,
                _count(_awarded(collective=False, form=code)),
                people=_people(_awarded(collective=False, form=code)),
                recorded=KEPT,
            )
        )
