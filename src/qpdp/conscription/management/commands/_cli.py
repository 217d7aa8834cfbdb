"""Parsing the ``qpdp callup_*`` commands share beyond ``core.management.cli``: cycles and
percentages."""

from __future__ import annotations

from django.core.management.base import CommandError

from qpdp.conscription.models import CallUpCycle


def get_cycle(cycle_id: int) -> CallUpCycle:
    cycle = CallUpCycle.objects.select_related("unit").filter(pk=cycle_id).first()
    if cycle is None:
        raise CommandError(f"Không có đợt tuyển quân số {cycle_id}.")
    return cycle


def percent(value: object) -> str:
    """12.5 → "12,5%" (Vietnamese decimal comma); None → "—"."""
    if value is None:
        return "—"
    return f"{value}%".replace(".", ",")
