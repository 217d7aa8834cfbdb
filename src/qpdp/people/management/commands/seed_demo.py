"""``qpdp seed_demo``: the Bắc Ninh demo city, its people and one account per role."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from qpdp.core import catalogue
from qpdp.core.access import Role, User
from qpdp.core.bulk import insert_rows
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.core.vietnamese import fold, roster_key
from qpdp.people import demo
from qpdp.people.models import Person, Residence

CITY_CODE = "256"  # Thành phố Bắc Ninh, until 30/06/2025
PROVINCE_CODE = "24"  # Bắc Ninh since 01/07/2025
DEMO_PASSWORD = "QpdpDemo@2026"
HISTORY_START = dt.date(2020, 1, 1)
PERSON_FIELDS = (
    "id_number", "legacy_id_number", "family_name", "middle_name", "given_name", "full_name",
    "search_key", "roster_key", "birth_date", "birth_precision", "gender", "ethnicity", "religion",
    "education_level", "residence_unit", "address", "phone", "party_member", "occupation",
    "workplace", "notes", "version", "created_at", "updated_at",
)  # fmt: skip


def _username(prefix: str, unit: Unit) -> str:
    return f"{prefix}.{fold(unit.name).replace(' ', '')}"


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu thành phố Bắc Ninh: 19 phường (2022), 5 phường mới (07/2025), "
        "công dân, tài khoản."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2022, help="Hạt giống ngẫu nhiên (mặc định 2022)."
        )
        parser.add_argument(
            "--people", type=int, default=20_000, help="Số công dân (mặc định 20.000)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if not Unit.objects.filter(code=CITY_CODE, kind=UnitKind.DISTRICT).exists():
            self.stdout.write("Nạp danh mục đơn vị của tỉnh Bắc Ninh…")
            catalogue.load([PROVINCE_CODE], progress=lambda _msg: None)
        city = Unit.objects.get(code=CITY_CODE, kind=UnitKind.DISTRICT)
        province = Unit.objects.get(
            code=PROVINCE_CODE, kind=UnitKind.PROVINCE, valid_from=REFORM_DATE
        )
        old_wards = list(
            Unit.objects.filter(parent=city, kind=UnitKind.COMMUNE).valid_on(dt.date(2022, 6, 1))
        )
        if len(old_wards) != 19:
            raise CommandError(
                f"Cần 19 phường của TP Bắc Ninh năm 2022, tìm thấy {len(old_wards)}."
            )
        chains = {ward.pk: self._chain(ward) for ward in old_wards}
        new_wards = sorted({chain[-1] for chain in chains.values()}, key=lambda u: u.name)
        if Person.objects.filter(residence_unit__in=new_wards).exists():
            self.stdout.write("Dữ liệu mẫu đã có; không tạo lại.")
        else:
            step = time.perf_counter()
            count = self._people(old_wards, chains, options["people"], options["seed"])
            self.stdout.write(
                f"Đã tạo {count:,} công dân trong {time.perf_counter() - step:.1f} giây.".replace(
                    ",", "."
                )
            )
        self._accounts(city, province, old_wards, new_wards)
        self.stdout.write(
            self.style.SUCCESS(f"Xong trong {time.perf_counter() - started:.1f} giây.")
        )

    def _chain(self, ward: Unit) -> list[Unit]:
        """The ward, then each unit it was merged into, up to the ward in force today."""
        chain = [ward]
        while chain[-1].valid_to is not None:
            successor = chain[-1].successors().order_by("valid_from").first()
            if successor is None:
                raise CommandError(f"Không tìm thấy đơn vị kế thừa của {chain[-1]}.")
            chain.append(successor)
        return chain

    @transaction.atomic
    def _people(
        self, old_wards: list[Unit], chains: dict[int, list[Unit]], count: int, seed: int
    ) -> int:
        """Insert people and their residence history through the raw bulk path (core.bulk)."""
        today = timezone.localdate()
        now = timezone.now()
        rng = random.Random(seed)
        rows: list[tuple[Any, ...]] = []
        homes: dict[str, tuple[list[Unit], dt.date]] = {}
        for row in demo.people(count, seed=seed, today=today):
            chain = chains[rng.choice(old_wards).pk]
            full_name = f"{row.family_name} {row.middle_name} {row.given_name}"
            rows.append(
                (
                    row.id_number,
                    "",
                    row.family_name,
                    row.middle_name,
                    row.given_name,
                    full_name,
                    fold(full_name),
                    roster_key(row.family_name, row.middle_name, row.given_name),
                    row.birth_date,
                    row.birth_precision,
                    row.gender,
                    "Kinh",
                    "Không",
                    row.education_level,
                    chain[-1].pk,
                    row.address,
                    row.phone,
                    row.party_member,
                    row.occupation,
                    row.workplace,
                    "",
                    1,
                    now,
                    now,
                )
            )
            homes[row.id_number] = (chain, row.birth_date)
        insert_rows(Person, PERSON_FIELDS, rows)
        ids = dict(Person.objects.filter(id_number__in=homes).values_list("id_number", "pk"))
        residences = []
        for id_number, (chain, born) in homes.items():
            for unit in chain:
                if unit.valid_to is not None and unit.valid_to < born:
                    continue
                start = max(unit.valid_from or HISTORY_START, born)
                residences.append((ids[id_number], unit.pk, start, unit.valid_to))
        insert_rows(Residence, ("person", "unit", "valid_from", "valid_to"), residences)
        return len(rows)

    def _accounts(
        self, city: Unit, province: Unit, old_wards: list[Unit], new_wards: list[Unit]
    ) -> None:
        accounts = [
            ("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, None),
            ("chihuy.bacninh", "Chỉ huy Bộ CHQS tỉnh Bắc Ninh", Role.COMMANDER, province),
            ("chihuy.tpbacninh", "Chỉ huy Ban CHQS TP Bắc Ninh (2022)", Role.COMMANDER, city),
            ("lanhdao.bacninh", "Lãnh đạo UBND tỉnh Bắc Ninh", Role.LEADER, province),
            ("lanhdao.tpbacninh", "Lãnh đạo UBND TP Bắc Ninh (2022)", Role.LEADER, city),
        ]
        accounts += [
            (_username("phuong", w), f"Ban CHQS phường {w.name}", Role.STAFF, w) for w in new_wards
        ]
        accounts += [
            (_username("p2022", w), f"Ban CHQS phường {w.name} (2022)", Role.STAFF, w)
            for w in old_wards
        ]
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        password = make_password(DEMO_PASSWORD)  # hashed once: a deliberate hash costs ~0.5 s
        for username, label, role, unit in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": label, "role": role, "unit": unit}
            )
            if created:
                user.password = password
                user.is_superuser = role == Role.ADMINISTRATOR
                user.is_staff = role == Role.ADMINISTRATOR
                user.save()
            self.stdout.write(
                f"  {username:<24} {user.get_role_display().split(' (')[0]:<18} {label}"
            )
