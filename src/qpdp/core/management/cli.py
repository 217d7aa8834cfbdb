"""What every ``qpdp`` command shares: the acting user, a unit by code and date, a day-first
date, and a service's refusal as a command error.

Commands are thin: they parse, find the acting user and call a service. Every refusal (a bad
argument, a rule of the law, a missing permission) becomes a ``CommandError`` with a Vietnamese
message, so the process exits with status 1 and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError

from qpdp.core.access import User
from qpdp.core.units import Unit, UnitKind


def parse_date(value: str, *, option: str) -> dt.date:
    try:
        return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise CommandError(
            f"{option}: ngày “{value}” không đúng dạng ngày/tháng/năm (ví dụ 15/02/2026)."
        ) from None


def get_user(username: str | None) -> User:
    if not username:
        raise CommandError("Phải ghi tài khoản thực hiện (--user) cho thao tác ghi dữ liệu.")
    user = User.objects.select_related("unit").filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"Không có tài khoản “{username}” (hoặc tài khoản đã bị khóa).")
    return user


def get_unit(code: str, *, on: dt.date, kinds: tuple[str, ...] | None = None) -> Unit:
    """The unit with ``code`` in force on ``on``: codes are reused across reforms (09187 was
    Suối Hoa until 30/06/2025 and is Kinh Bắc since), so the date decides."""
    units = Unit.objects.by_code(code.strip(), on=on)
    if kinds:
        units = units.filter(kind__in=kinds)
    found = list(units[:2])
    if not found:
        labels = ", ".join(str(UnitKind(k).label) for k in kinds) if kinds else "đơn vị"
        raise CommandError(
            f"Không có đơn vị mã “{code}” ({labels}) còn hiệu lực ngày {on:%d/%m/%Y}."
        )
    if len(found) > 1:
        raise CommandError(
            f"Mã “{code}” ứng với nhiều đơn vị ngày {on:%d/%m/%Y}: {found[0]}, {found[1]}."
        )
    return found[0]


def refusal(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(m) for m in exc.messages)
    return str(exc) or "Bạn không có quyền thực hiện thao tác này."


def call[T](service: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a service; its refusal becomes a command error (exit status 1)."""
    try:
        return service(*args, **kwargs)
    except (ValidationError, PermissionDenied) as exc:
        raise CommandError(refusal(exc)) from exc
