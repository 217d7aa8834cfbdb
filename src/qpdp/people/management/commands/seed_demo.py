"""``qpdp seed_demo``: the Bắc Ninh demo city, its people and one account per role
(``people.demo``; ``qpdp demo`` seeds every app's demo)."""

from __future__ import annotations

from django.core.management.base import CommandParser

from qpdp.core.demo import DemoCommand
from qpdp.core.scale import SCALES
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
            "--people",
            type=int,
            default=None,
            help=f"Số công dân (mặc định {DEFAULT_PEOPLE:,}; với --scale: cỡ của quy mô).".replace(
                ",", "."
            ),
        )
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default=None,
            help="Quy mô: province (2.000.000 công dân ở các xã, phường của tỉnh Bắc Ninh) hoặc "
            "national (30.000.000 ở 34 tỉnh, thành phố), cùng hồ sơ các phân hệ theo tỉ lệ.",
        )
