"""``qpdp createsuperuser`` makes the first administrator; ``qpdp createuser`` makes officers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from qpdp.core.access import Role, User
from qpdp.core.audit import Action, AuditEntry
from tests.conftest import Tree

PASSWORD = "Mat-khau-moi-2026!"


def test_createsuperuser_noinput_makes_an_administrator_without_unit(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "quantri@example.org")
    call_command("createsuperuser", "--noinput", "--username", "quantri")
    user = User.objects.get(username="quantri")
    assert user.role == Role.ADMINISTRATOR
    assert user.unit is None
    assert user.is_superuser
    assert user.check_password(PASSWORD)


def test_createuser_makes_an_officer_of_a_unit_and_records_it(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QPDP_USER_PASSWORD", PASSWORD)
    call_command(
        "createuser", "canbo.kinhbac", "--unit", tree.kinh_bac.code, "--role", "staff",
        "--no-input",
    )  # fmt: skip
    user = User.objects.get(username="canbo.kinhbac")
    assert (user.role, user.unit, user.is_superuser) == (Role.STAFF, tree.kinh_bac, False)
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(user.pk))
    assert "password" not in entry.changes


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["x1", "--unit", "09187", "--role", "chief"], "Không có vai trò “chief”"),
        (["x2", "--unit", "99999", "--role", "staff"], "Không có đơn vị mã “99999”"),
        (["x3", "--role", "commander"], "phải thuộc một đơn vị"),
    ],
    ids=["unknown-role", "unknown-unit", "no-unit"],
)
def test_createuser_refuses_in_vietnamese(
    tree: Tree, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str
) -> None:
    monkeypatch.setenv("QPDP_USER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match=message):
        call_command("createuser", *argv, "--no-input")
    assert not User.objects.filter(username=argv[0]).exists()


def test_createuser_refuses_a_weak_password_or_a_taken_name(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QPDP_USER_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("createuser", "yeu", "--role", "admin", "--no-input")
    assert not User.objects.filter(username="yeu").exists()
    monkeypatch.setenv("QPDP_USER_PASSWORD", PASSWORD)
    call_command("createuser", "quantri2", "--role", "admin", "--no-input")
    with pytest.raises(CommandError, match="đã có"):
        call_command("createuser", "quantri2", "--role", "admin", "--no-input")
