"""The target page: a unit and its children against every target the registry measures, set
top-down by the commander in one form (``services.set_targets`` refuses over-sharing)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from qpdp.core.access import can_write, is_commander
from qpdp.core.units import Unit
from qpdp.planning import services
from qpdp.planning.figures import children_in_year, targets_for
from qpdp.planning.tables import TargetGridTable
from qpdp.planning.views.context import UnitYearMixin, in_scope, link

MAX_TARGET = Decimal("999999999999")


def field_name(unit: Unit, code: str) -> str:
    return f"t-{unit.pk}-{code}"


class TargetView(UnitYearMixin, TemplateView):
    template_name = "planning/targets.html"

    def members(self) -> list[Unit]:
        unit = self.chosen_unit()
        return in_scope(self.request, [unit, *children_in_year(unit, self.year)])

    def settable(self, members: list[Unit]) -> set[int]:
        """The units whose targets the user may set: a commander's, within the scope."""
        if not is_commander(self.request.user) or not can_write(self.request.user):
            return set()
        return {u.pk for u in members}  # ``members`` are already those in the scope

    def get(self, request: HttpRequest) -> HttpResponse:
        members = self.members()
        values = {key: str(v) for key, v in targets_for(members, self.year).items()}
        return self.page(members, values, [])

    def post(self, request: HttpRequest) -> HttpResponse:
        members = self.members()
        parent = members[0]
        settable = self.settable(members)
        if not settable:
            raise PermissionDenied(_("Chỉ chỉ huy đơn vị mới được giao chỉ tiêu."))
        kinds = services.target_kinds()
        posted: dict[tuple[int, str], str] = {}
        changes: dict[tuple[int, str], Decimal | None] = {}
        errors = []
        for unit in members:
            if unit.pk not in settable:
                continue
            for kind in kinds:
                raw = request.POST.get(field_name(unit, kind.code), "").strip().replace(",", ".")
                posted[(unit.pk, kind.code)] = raw
                if not raw:
                    changes[(unit.pk, kind.code)] = None
                    continue
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    errors.append(
                        _("%(unit)s, %(label)s: “%(raw)s” không phải là số.")
                        % {"unit": unit.label, "label": kind.label, "raw": raw}
                    )
                    continue
                if not value.is_finite() or value < 0 or value > MAX_TARGET:
                    errors.append(
                        _("%(unit)s, %(label)s: chỉ tiêu phải là số không âm.")
                        % {"unit": unit.label, "label": kind.label}
                    )
                    continue
                changes[(unit.pk, kind.code)] = value.quantize(Decimal("0.01"))
        if not errors:
            try:
                warnings = services.set_targets(
                    request.user, services.TargetChanges(parent, self.year, changes)
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Đã lưu chỉ tiêu năm %(year)s.") % {"year": self.year})
                for warning in warnings:
                    messages.warning(request, warning)
                return HttpResponseRedirect(link("planning:targets", parent, self.year))
        values = {**{k: str(v) for k, v in targets_for(members, self.year).items()}, **posted}
        return self.page(members, values, errors, status=400)

    def page(
        self,
        members: list[Unit],
        values: dict[tuple[int, str], str],
        errors: list[str],
        status: int = 200,
    ) -> HttpResponse:
        assert self.unit is not None
        kinds = services.target_kinds()
        settable = self.settable(members)
        rows = [
            {
                "unit": unit,
                "is_parent": unit.pk == self.unit.pk,
                "editable": unit.pk in settable,
                "cells": [
                    {
                        "name": field_name(unit, k.code),
                        "label": k.label,
                        "value": _shown(values.get((unit.pk, k.code))),
                    }
                    for k in kinds
                ],
            }
            for unit in members
        ]
        totals: list[Any] = []
        for kind in kinds:
            if kind.rate:
                totals.append(None)
                continue
            shares = [
                Decimal(v)
                for u in members[1:]
                if (v := values.get((u.pk, kind.code))) and _is_number(v)
            ]
            totals.append(sum(shares, Decimal(0)) if shares else None)
        checks = [] if errors else services.target_checks(self.unit, self.year)
        table = TargetGridTable(
            rows,
            user=self.request.user,
            kinds=kinds,
            totals=totals,
            can_edit=bool(settable),
            has_children=len(members) > 1,
        )
        context = self.get_context_data(
            table=table,
            errors=errors,
            warnings=[c.message for c in checks],
            can_edit=bool(settable),
        )
        return self.render_to_response(context, status=status)


def _is_number(raw: str) -> bool:
    try:
        Decimal(raw)
    except InvalidOperation:
        return False
    return True


def _shown(raw: str | None) -> str:
    """A stored target as typed: 85 rather than 85.00, 97,5 rather than 97.50."""
    if raw is None or not _is_number(raw):
        return raw or ""
    value = Decimal(raw).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")
