"""``qpdp upgrade``: what an operator runs after installing a new version, in a safe order.

1. ``check --deploy``: refuse to touch anything if the configuration is wrong;
2. ``backup``: a copy of the database as the old version left it (the way back);
3. ``migrate``: the new version's schema changes;
4. ``collectstatic``: the new version's stylesheets and scripts.

The first step that fails stops the upgrade, says which step and what to do, and exits non-zero;
the services are restarted by the operator afterwards (docs/operator-guide.md, "Upgrades").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

# (title, what to do when it fails, the step); a step returns what call_command returns.
Step = tuple[str, str, Callable[[], object]]


class Command(BaseCommand):
    help = (
        "Nâng cấp sau khi cài phiên bản mới: kiểm tra cấu hình (check --deploy), sao lưu cơ sở "
        "dữ liệu, áp dụng thay đổi cấu trúc (migrate), thu thập tệp tĩnh (collectstatic). Dừng "
        "ở bước đầu tiên bị lỗi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-backup",
            action="store_true",
            help="Bỏ qua bước sao lưu (chỉ khi vừa sao lưu bằng tay ngay trước đó).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = {"stdout": self.stdout, "stderr": self.stderr}
        check: Step = (
            "kiểm tra cấu hình",
            "Sửa cấu hình trong /etc/qpdp/qpdp.env theo thông báo ở trên rồi chạy lại.",
            lambda: call_command("check", deploy=True, **out),
        )
        backup: Step = (
            "sao lưu cơ sở dữ liệu",
            "Chưa có gì bị thay đổi. Kiểm tra chỗ trống trên đĩa và quyền ghi thư mục sao lưu "
            "rồi chạy lại.",
            lambda: call_command("backup", **out),
        )
        migrate: Step = (
            "áp dụng thay đổi cấu trúc (migrate)",
            "Cơ sở dữ liệu có thể đã đổi một phần: khôi phục bản sao lưu vừa tạo bằng "
            "“qpdp restore --force TỆP” với phiên bản cũ, hoặc báo nhóm phát triển.",
            lambda: call_command("migrate", interactive=False, **out),
        )
        static: Step = (
            "thu thập tệp tĩnh (collectstatic)",
            "Dữ liệu đã được nâng cấp. Kiểm tra quyền ghi thư mục QPDP_VAR_DIR/static rồi chạy "
            "lại “qpdp collectstatic --noinput”.",
            lambda: call_command("collectstatic", interactive=False, **out),
        )
        steps = (
            [check, migrate, static] if options["skip_backup"] else [check, backup, migrate, static]
        )
        for number, (title, remedy, run) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] Bước {title}…")
            try:
                run()
            except Exception as exc:  # every failure stops here with the step's own advice
                raise CommandError(
                    f"Nâng cấp dừng ở bước {number}/{len(steps)} ({title}): {exc}\n{remedy}"
                ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Nâng cấp xong. Khởi động lại dịch vụ: systemctl restart qpdp-web qpdp-worker"
            )
        )
