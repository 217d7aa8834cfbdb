"""``qpdp militia_status``: a unit's militia on a day: each unit's strength against its
authorised strength, the members past their term or age (Art. 8), and the broad militia."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from qpdp.core.management.cli import get_unit, parse_date
from qpdp.militia import selectors
from qpdp.militia.models import Membership, MilitiaUnit


class Command(BaseCommand):
    help = (
        "Tình hình dân quân tự vệ của một đơn vị (và cấp dưới) vào một ngày: quân số so với "
        "biên chế, người hết thời hạn hoặc quá tuổi, lực lượng rộng rãi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Mã đơn vị (ví dụ 09187, 24).")
        parser.add_argument("--on", help="Tính đến ngày (ngày/tháng/năm; mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        on = parse_date(options["on"], option="--on") if options["on"] else timezone.localdate()
        unit = get_unit(options["unit"], on=on)
        keepers = unit.subtree()
        units = list(
            MilitiaUnit.objects.filter(unit__in=keepers.values("pk"))
            .active_on(on)
            .select_related("unit")
            .order_by("unit__path", "name")
        )
        self.stdout.write(f"Dân quân tự vệ của {unit} ngày {on:%d/%m/%Y}")
        if not units:
            self.stdout.write("Chưa có đơn vị dân quân tự vệ.")
            return
        strength = selectors.strength(units, on)
        width = max(len(str(u)) for u in units) + 2
        self.stdout.write(f"{'Đơn vị':<{width}}{'Quân số':>9}{'Biên chế':>10}")
        for militia_unit in units:
            serving = strength.get(militia_unit.pk, 0)
            self.stdout.write(
                f"{militia_unit!s:<{width}}{serving:>9}{militia_unit.authorised_strength:>10}"
            )
        self._flags(keepers, on)

    def _flags(self, keepers: Any, on: dt.date) -> None:
        members = Membership.objects.filter(militia_unit__unit__in=keepers.values("pk"))
        flagged = selectors.flagged(members, on)
        if flagged:
            self.stdout.write("\nCần xử lý (kéo dài, công nhận hoàn thành hoặc cho thôi):")
        for membership, flags in flagged:
            reasons = "; ".join(str(flag) for flag in flags)
            self.stdout.write(f"  {membership.person} — {membership.militia_unit.name}: {reasons}")
        residents = Membership.objects.filter(person__residence_unit__in=keepers.values("pk"))
        broad = selectors.broad_militia(residents, on)
        self.stdout.write(f"\nLực lượng rộng rãi (đã hoàn thành, còn trong độ tuổi): {len(broad)}")
