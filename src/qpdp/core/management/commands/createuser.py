"""``qpdp createuser USERNAME --unit CODE --role ROLE``: an officer's account from the server.

The first administrator comes from ``qpdp createsuperuser``; officers come from here (or the
admin pages). The password is asked twice and checked against the password rules; with
``--no-input`` it is read from ``QPDP_USER_PASSWORD`` (scripts, provisioning). The creation is
recorded in the audit log like any other write.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from qpdp.core import audit
from qpdp.core.access import Role, User
from qpdp.core.management.cli import get_unit, refusal

PASSWORD_ENV = "QPDP_USER_PASSWORD"


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ: tên đăng nhập, đơn vị (mã) và vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập.")
        parser.add_argument("--unit", help="Mã đơn vị đang có hiệu lực (không bắt buộc với admin).")
        roles = ", ".join(f"{role.value} ({role.label})" for role in Role)
        parser.add_argument("--role", required=True, help=f"Vai trò: {roles}.")
        parser.add_argument("--email", default="", help="Thư điện tử (không bắt buộc).")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Không hỏi mật khẩu: đọc từ biến môi trường {PASSWORD_ENV}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role = self._role(options["role"])
        unit = None
        if options["unit"]:
            unit = get_unit(options["unit"], on=timezone.localdate())
        elif role != Role.ADMINISTRATOR:
            raise CommandError(f"Vai trò “{role.value}” phải thuộc một đơn vị: thêm --unit MÃ.")
        username = options["username"].strip()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Tài khoản “{username}” đã có.")
        user = User(username=username, email=options["email"], role=role, unit=unit, is_staff=False)
        user.set_password(self._password(user, interactive=options["interactive"]))
        try:
            with transaction.atomic():
                audit.create_audited(None, user, unit)
        except ValidationError as exc:
            raise CommandError(refusal(exc)) from exc
        where = f"đơn vị {unit}" if unit else "toàn hệ thống"
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo tài khoản “{username}” ({role.label}, {where}).")
        )

    @staticmethod
    def _role(value: str) -> Role:
        try:
            return Role(value.strip())
        except ValueError:
            roles = ", ".join(f"{role.value} ({role.label})" for role in Role)
            raise CommandError(f"Không có vai trò “{value}”; chọn một trong: {roles}.") from None

    def _password(self, user: User, *, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"Với --no-input, đặt mật khẩu vào biến {PASSWORD_ENV}.")
            self._validate(password, user)
            return password
        while True:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                self.stderr.write("Hai lần nhập không khớp, thử lại.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write(refusal(exc))
                continue
            return password

    @staticmethod
    def _validate(password: str, user: User) -> None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(refusal(exc)) from exc
