"""``qpdp reserves_status``: a unit's reserve on a day: soldiers by class and age group (Art. 24,
26), reserve units' staffing, and who must be transferred out or registered late (Art. 25, 45)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.core.indicators import percentage
from qpdp.core.management.cli import get_unit, parse_date, percent
from qpdp.reserves import rules, selectors
from qpdp.reserves.models import ReserveSoldier, ReserveUnit

GROUPS = {
    rules.AgeGroup.A: "nhóm A",
    rules.AgeGroup.B: "nhóm B",
    rules.PAST_LIMIT: "quá tuổi",
    rules.UNCERTAIN: "chưa rõ tuổi",
}


class Command(BaseCommand):
    help = (
        "Tình hình lực lượng dự bị động viên của một đơn vị (và cấp dưới) vào một ngày: hạng, "
        "nhóm tuổi, sắp xếp vào đơn vị, người phải giải ngạch, đăng ký quá hạn."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ 09187, 24).")
        parser.add_argument("--on", help="Tính đến ngày (ngày/tháng/năm; mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        unit = get_unit(options["unit"], on=on)
        keepers = unit.subtree().values("pk")
        soldiers = ReserveSoldier.objects.filter(unit__in=keepers)
        serving = list(soldiers.active_on(on).select_related("person"))
        self.stdout.write(f"Lực lượng dự bị động viên của {unit} ngày {on:%d/%m/%Y}")
        by_class = Counter(s.get_category_display() for s in serving)
        by_group = Counter(GROUPS[selectors.age_group(s, on)] for s in serving)
        self.stdout.write(
            f"Quân nhân dự bị: {len(serving)} ("
            + ", ".join(f"{label} {n}" for label, n in sorted(by_class.items()))
            + "; "
            + ", ".join(f"{label} {n}" for label, n in sorted(by_group.items()))
            + ")"
        )
        units = list(ReserveUnit.objects.filter(unit__in=keepers).active_on(on).order_by("name"))
        strength = selectors.strength(units, on)
        for reserve_unit in units:
            assigned = strength.get(reserve_unit.pk, 0)
            share = percentage(assigned, reserve_unit.authorised_strength)
            self.stdout.write(
                f"  {reserve_unit.name}: {assigned}/{reserve_unit.authorised_strength} "
                f"({percent(share)})"
            )
        for soldier in serving:
            for flag in selectors.flags(soldier, on):
                self.stdout.write(f"  {soldier.person}: {flag}")
