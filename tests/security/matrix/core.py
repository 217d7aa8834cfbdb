"""Core and account URLs: home, login and logout, password, second factor, audit log, the
dated parameters' pages."""

from __future__ import annotations

from typing import Any

from qpdp.welfare.models import BaseSalary
from tests.security.conftest import World
from tests.security.matrix import GET_NOT_ALLOWED, OK_OR_REDIRECT, Entry, admin_only, everyone


def salaries(world: World, target: str) -> dict[str, Any]:
    return {"label": "welfare.basesalary"}


def salary_row(world: World, target: str) -> dict[str, Any]:
    row = BaseSalary.objects.order_by("valid_from").first()
    assert row is not None  # seeded by welfare's migration 0002
    return {"label": "welfare.basesalary", "pk": row.pk}


def new_salary(world: World, target: str) -> dict[str, Any]:
    return {"valid_from": "01/01/2031", "amount": "1", "source": "Ma trận phân quyền"}


def corrected_salary(world: World, target: str) -> dict[str, Any]:
    return {
        "valid_from": "01/05/2016",
        "amount": "1",
        "source": "Ma trận phân quyền",
        "reason": "Thử",
        "confirmed": "on",
    }


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "home": Entry(),
    # A logged-in caller is sent on (redirect_authenticated_user).
    "login": Entry(anonymous="public", ok=OK_OR_REDIRECT),
    "logout": Entry(anonymous="public", ok=GET_NOT_ALLOWED),  # POST only
    "password_change": Entry(),
    "password_change_done": Entry(),
    "set_language": Entry(anonymous="public", ok=frozenset({302, 204})),
    # For monitors: states only, no data (tests/core/test_health.py).
    "healthz": Entry(anonymous="public", ok=frozenset({200, 503})),
    # Every caller here is verified, so the code page sends them on.
    "otp_verify": Entry(ok=frozenset({302})),
    "account": Entry(),
    "otp_enrol": Entry(allow=everyone),
    "otp_backup_codes": Entry(ok=GET_NOT_ALLOWED),
    "otp_disable": Entry(ok=GET_NOT_ALLOWED),
    "audit_log": Entry(allow=admin_only),
    # Every account picks units of its own scope; the answer is cut to that scope.
    "unit_search": Entry(),
    # Legal amounts and powers every unit's rules read: administrators alone change them.
    "parameters:index": Entry(allow=admin_only),
    "parameters:table": Entry(kwargs=salaries, allow=admin_only, guess=False, targets=("A",)),
    "parameters:add": Entry(
        kwargs=salaries, allow=admin_only, guess=False, targets=("A",), post=new_salary
    ),
    "parameters:correct": Entry(
        kwargs=salary_row, allow=admin_only, targets=("A",), post=corrected_salary
    ),
}
