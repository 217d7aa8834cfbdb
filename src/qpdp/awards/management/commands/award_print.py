"""``qpdp award_print``: an award decision (with its list) or its certificates, as a Word file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qpdp.awards import documents
from qpdp.awards.models import AwardDecision
from qpdp.core import audit
from qpdp.core.management.cli import get_user


class Command(BaseCommand):
    help = "In quyết định khen thưởng (kèm danh sách) hoặc giấy khen của từng người, ra tệp DOCX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--decision", type=int, required=True, help="Số hiệu (id) quyết định.")
        parser.add_argument("-o", "--output", required=True, help="Tệp DOCX ghi ra.")
        parser.add_argument(
            "--certificates", action="store_true", help="In giấy khen thay cho quyết định."
        )
        parser.add_argument("--user", help="Tài khoản in (để ghi nhật ký).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user(options["user"])
        decision = AwardDecision.objects.visible_to(user).filter(pk=options["decision"]).first()
        if decision is None:
            raise CommandError(f"Không có quyết định khen thưởng số {options['decision']}.")
        part = "certificates" if options["certificates"] else "decision"
        body = (
            documents.render_certificates(decision)
            if options["certificates"]
            else documents.render_decision(decision)
        )
        Path(options["output"]).write_bytes(body)
        audit.record(
            user,
            audit.Action.EXPORT,
            decision,
            unit=decision.authority,
            extra={"format": "docx", "part": part, "file": options["output"]},
        )
        self.stdout.write(f"Đã in {decision} ra {options['output']}.")
