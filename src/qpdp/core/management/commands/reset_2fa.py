"""``qpdp reset_2fa USERNAME``: an officer lost the phone and the backup codes.

The account's authenticator and backup codes are deleted (and the deletion recorded); at the next
login an administrator or commander is asked to enrol a new phone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.core import otp
from qpdp.core.access import User


class Command(BaseCommand):
    help = "Xóa thiết bị xác thực hai bước của một tài khoản (mất điện thoại và mã dự phòng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của tài khoản.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.")
        removed = otp.remove_devices(None, user, reason="reset by `qpdp reset_2fa`")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã xóa {removed} thiết bị xác thực của “{user.username}”; lần đăng nhập sau "
                "cần đăng ký lại."
            )
        )
