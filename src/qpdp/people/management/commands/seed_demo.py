"""``qpdp seed_demo``: the Bắc Ninh demo city, its people and one account per role
(``people.demo``; ``qpdp demo`` seeds every app's demo)."""

from __future__ import annotations

from django.core.management.base import CommandParser

from qpdp.core.demo import DemoCommand
from qpdp.people.demo import DEFAULT_PEOPLE, DEFAULT_SEED


class Command(DemoCommand):
    help = (
        "Tạo dữ liệu mẫu thành phố Bắc Ninh: 19 phường (2022), 5 phường mới (07/2025), "
        "công dân, tài khoản."
    )
    demo = "people"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Hạt giống ngẫu nhiên (mặc định 2022)."
        )
        parser.add_argument(
            "--people", type=int, default=DEFAULT_PEOPLE, help="Số công dân (mặc định 20.000)."
        )
