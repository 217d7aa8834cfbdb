"""The demo city and its people: the first demo (``qpdp seed_demo``), on which the others build.

``seed`` loads the units of Bắc Ninh province (the city of 2022 with its 19 wards, the five wards
of 07/2025), writes the deterministic population of ``people.population`` with its residence
history through the raw bulk path (``core.bulk``) and creates one account per role. With the
``scale`` option it writes a province's or the nation's population instead (``people.scale``).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any, Final

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from qpdp.core import catalogue
from qpdp.core.access import Role, User
from qpdp.core.bulk import insert_rows
from qpdp.core.demo import Demo, DemoContext, DemoError, register
from qpdp.core.scale import SCALES
from qpdp.core.units import REFORM_DATE, Unit, UnitKind
from qpdp.core.vietnamese import fold, full_name_of, name_search_key, roster_key
from qpdp.people.models import Person, Residence
from qpdp.people.population import people
from qpdp.people.scale import seed_scale

DEFAULT_PEOPLE: Final = 20_000
DEFAULT_SEED: Final = 2022
PERSON_FIELDS: Final = (
    "id_number", "legacy_id_number", "family_name", "middle_name", "given_name", "full_name",
    "search_key", "roster_key", "birth_date", "birth_precision", "gender", "ethnicity", "religion",
    "education_level", "residence_unit", "address", "phone", "party_member", "occupation",
    "workplace", "notes", "version", "created_at", "updated_at",
)  # fmt: skip


def seed(context: DemoContext) -> None:
    """The province's units (loaded once), ``people`` residents (``seed`` decides who), and
    the accounts; people already seeded are left alone."""
    started = time.perf_counter()
    if not Unit.objects.filter(code=context.city_code, kind=UnitKind.DISTRICT).exists():
        context.write("Nạp danh mục đơn vị của tỉnh Bắc Ninh…")
        catalogue.load([context.province_code], progress=lambda _msg: None)
    city = Unit.objects.get(code=context.city_code, kind=UnitKind.DISTRICT)
    province = Unit.objects.get(
        code=context.province_code, kind=UnitKind.PROVINCE, valid_from=REFORM_DATE
    )
    old_wards = list(
        Unit.objects.filter(parent=city, kind=UnitKind.COMMUNE).valid_on(dt.date(2022, 6, 1))
    )
    if len(old_wards) != 19:
        raise DemoError(f"Cần 19 phường của TP Bắc Ninh năm 2022, tìm thấy {len(old_wards)}.")
    chains = {ward.pk: _chain(ward) for ward in old_wards}
    new_wards = sorted({chain[-1] for chain in chains.values()}, key=lambda u: u.name)
    scale = context.options.get("scale")
    if scale is not None:
        _accounts(context, city, province, old_wards, new_wards)  # the registries' proposer
        seed_scale(
            context,
            SCALES[scale],
            _option(context, "people", SCALES[scale].people),
            _option(context, "seed", DEFAULT_SEED),
        )
    elif Person.objects.filter(residence_unit__in=new_wards).exists():
        context.write("Dữ liệu mẫu đã có; không tạo lại.")
    else:
        step = time.perf_counter()
        count = _people(
            context,
            old_wards,
            chains,
            _option(context, "people", DEFAULT_PEOPLE),
            _option(context, "seed", DEFAULT_SEED),
        )
        seconds = time.perf_counter() - step
        context.write(f"Đã tạo {count:,} công dân trong {seconds:.1f} giây.".replace(",", "."))
    if scale is None:
        _accounts(context, city, province, old_wards, new_wards)
    context.success(f"Xong trong {time.perf_counter() - started:.1f} giây.")


def _option(context: DemoContext, name: str, default: int) -> int:
    value = context.options.get(name)
    return default if value is None else int(value)


def _chain(ward: Unit) -> list[Unit]:
    """The ward, then each unit it was merged into, up to the ward in force today."""
    chain = [ward]
    while chain[-1].valid_to is not None:
        successor = chain[-1].successors().order_by("valid_from").first()
        if successor is None:
            raise DemoError(f"Không tìm thấy đơn vị kế thừa của {chain[-1]}.")
        chain.append(successor)
    return chain


@transaction.atomic
def _people(
    context: DemoContext,
    old_wards: list[Unit],
    chains: dict[int, list[Unit]],
    count: int,
    seed: int,
) -> int:
    """Insert people and their residence history through the raw bulk path (core.bulk)."""
    now = timezone.now()
    rng = random.Random(seed)
    rows: list[tuple[Any, ...]] = []
    homes: dict[str, tuple[list[Unit], dt.date]] = {}
    for row in people(count, seed=seed, today=context.today):
        chain = chains[rng.choice(old_wards).pk]
        parts = (row.family_name, row.middle_name, row.given_name)
        rows.append(
            (
                row.id_number,
                "",
                *parts,
                full_name_of(*parts),
                name_search_key(*parts),
                roster_key(*parts),
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
            start = max(unit.valid_from or context.history_start, born)
            residences.append((ids[id_number], unit.pk, start, unit.valid_to))
    insert_rows(Residence, ("person", "unit", "valid_from", "valid_to"), residences)
    return len(rows)


def _username(prefix: str, unit: Unit) -> str:
    return f"{prefix}.{fold(unit.name).replace(' ', '')}"


def _accounts(
    context: DemoContext,
    city: Unit,
    province: Unit,
    old_wards: list[Unit],
    new_wards: list[Unit],
) -> None:
    accounts = [
        (context.admin, "Quản trị hệ thống", Role.ADMINISTRATOR, None),
        (context.province_commander, "Chỉ huy Bộ CHQS tỉnh Bắc Ninh", Role.COMMANDER, province),
        (context.city_commander, "Chỉ huy Ban CHQS TP Bắc Ninh (2022)", Role.COMMANDER, city),
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
    context.write(f"\nTài khoản mẫu (mật khẩu chung: {context.password}):")
    password = make_password(context.password)  # hashed once: a deliberate hash costs ~0.5 s
    for username, label, role, unit in accounts:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": label, "role": role, "unit": unit}
        )
        if created:
            user.password = password
            user.is_superuser = role == Role.ADMINISTRATOR
            user.is_staff = role == Role.ADMINISTRATOR
            user.save()
        context.write(f"  {username:<24} {user.get_role_display().split(' (')[0]:<18} {label}")


register(Demo("people", seed))
