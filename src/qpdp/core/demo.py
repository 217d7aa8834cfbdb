"""The demo database, composed from every app's declaration: ``qpdp demo``.

Each app with demo data declares it in ``<app>/demo.py`` by calling ``register(Demo(...))``:
its name, the demos it builds on (``after``), ``seed(context)`` which writes its data through
the app's services, and optionally ``share(context)`` which puts into the context, read from the
database, what later demos use of its data. The registry imports those modules the first time
it is asked (``core.registry``) and runs the demos in dependency order; no demo imports another
app's demo. What the demos share is in the ``DemoContext``: the demo city and province, the
accounts, and the figures a demo's data amounts to (``figures``, keyed by indicator code).

A demo is idempotent: what already exists is left alone and said so. Each demo can also run on
its own (``qpdp seed_demo``, ``qpdp seed_callup_demo``, ``qpdp seed_planning_demo``): the
demos it builds on are then not seeded but asked to ``share`` what they already wrote, so a
missing step is an error naming the command to run first. See ``docs/architecture.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from qpdp.core.access import Role, User
from qpdp.core.management.cli import refusal
from qpdp.core.registry import Registry
from qpdp.core.units import Unit, UnitKind

if TYPE_CHECKING:
    from qpdp.core.scale import Cohort

CITY_CODE: Final = "256"
"""Thành phố Bắc Ninh, a district until 30/06/2025, with its 19 wards of 2022."""
PROVINCE_CODE: Final = "24"
"""Bắc Ninh province since 01/07/2025 (the merger with Bắc Giang)."""
NEW_WARD_CODES: Final = ("09187", "09169", "09190", "09286", "09325")
"""The five wards of 01/07/2025 that replaced the city's wards: Kinh Bắc, Vũ Ninh, Võ Cường,
Nam Sơn, Hạp Lĩnh."""


class DemoError(Exception):
    """The database lacks something a demo needs (a unit, an account, an earlier demo's data)."""


@dataclass
class DemoContext:
    """What the demos share, passed to every ``seed`` and ``share`` in turn.

    ``options`` are the command's options (``people``, ``seed``, ``only``: each demo reads its
    own, with its default); ``write`` and ``success`` report a line. ``figures`` holds what a
    demo's data amounts to for the demos after it: (indicator code, year) → unit id → value,
    e.g. the call-up quotas the planning demo sets as targets.
    """

    write: Callable[[str], None]
    success: Callable[[str], None]
    today: dt.date
    options: Mapping[str, Any] = field(default_factory=dict)
    city_code: str = CITY_CODE
    province_code: str = PROVINCE_CODE
    new_ward_codes: tuple[str, ...] = NEW_WARD_CODES
    admin: str = "quantri"
    city_commander: str = "chihuy.tpbacninh"
    province_commander: str = "chihuy.bacninh"
    password: str = "QpdpDemo@2026"
    history_start: dt.date = dt.date(2020, 1, 1)
    """Where the demo's residence history starts: earlier, people are placed by their ward."""
    figures: dict[tuple[str, int], dict[int, Decimal | int]] = field(default_factory=dict)

    def unit(self, code: str, kind: str, on: dt.date) -> Unit:
        """The unit of ``kind`` with ``code`` in force on ``on``."""
        unit = Unit.objects.by_code(code, on=on).filter(kind=kind).first()
        if unit is None:
            raise DemoError(
                f"Không có đơn vị mã {code} ngày {on:%d/%m/%Y}: hãy chạy “qpdp seed_demo”."
            )
        return unit

    def wards(self, parent: Unit, on: dt.date) -> list[Unit]:
        """The communes of ``parent`` in force on ``on`` that the people demo populates, by
        code: every ward of the city in 2022; of the province, the five new wards only."""
        communes = Unit.objects.filter(parent=parent, kind=UnitKind.COMMUNE).valid_on(on)
        if parent.code == self.province_code:
            communes = communes.filter(code__in=self.new_ward_codes)
        wards = list(communes.order_by("code"))
        if not wards:
            raise DemoError(f"{parent} chưa có phường: hãy chạy “qpdp seed_demo”.")
        return wards

    def city_wards(self, on: dt.date) -> list[Unit]:
        """The wards of the demo city in force on ``on``, by code (19 in 2022)."""
        return self.wards(self.unit(self.city_code, UnitKind.DISTRICT, on), on)

    def staff_of(self, unit: Unit, fallback: User) -> User:
        """The demo's staff account of ``unit`` (``seed_demo`` makes one per ward), else
        ``fallback``: who records a ward's own work."""
        return User.objects.filter(unit=unit, role=Role.STAFF).first() or fallback

    def account(self, username: str) -> User:
        """A demo account (``seed_demo`` creates them)."""
        user = User.objects.select_related("unit").filter(username=username).first()
        if user is None:
            raise DemoError(f"Chưa có tài khoản “{username}”: hãy chạy “qpdp seed_demo” trước.")
        return user

    def figure(self, code: str, year: int, *, missing: str) -> dict[int, Decimal | int]:
        """The figures an earlier demo shared for ``code`` and ``year``; ``missing`` is the
        error when it has not run."""
        found = self.figures.get((code, year))
        if found is None:
            raise DemoError(missing)
        return found


@dataclass(frozen=True, slots=True)
class Demo:
    """One app's demo data: ``seed`` writes it, ``share`` tells later demos what it wrote."""

    name: str
    seed: Callable[[DemoContext], None]
    after: tuple[str, ...] = ()
    share: Callable[[DemoContext], None] | None = None
    scale: Callable[[DemoContext, Cohort], None] | None = None
    """Adds the app's records for a province's generated people (``qpdp seed_demo --scale``),
    column-wise and in proportion; records what it wrote in ``Cohort.counts``."""


_DEMOS: Registry[Demo] = Registry("demo", "demo", lambda demo: demo.name)

register = _DEMOS.register


def in_order(demos: Mapping[str, Demo] | None = None) -> list[Demo]:
    """Every demo after the demos it builds on; ties keep registration order.

    A dependency on an unregistered demo, or a cycle, is a programming error (``ValueError``).
    """
    if demos is None:
        demos = _DEMOS.items()
    ordered: list[Demo] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise ValueError(f"demos depend on each other: {' → '.join((*chain, name))}")
        if name not in demos:
            raise ValueError(f"demo {chain[-1]!r} needs {name!r}, which is not registered")
        state[name] = "visiting"
        for before in demos[name].after:
            visit(before, (*chain, name))
        state[name] = "done"
        ordered.append(demos[name])

    for name in demos:
        visit(name, ())
    return ordered


def _needed(name: str, demos: Mapping[str, Demo]) -> set[str]:
    needed: set[str] = set()
    pending = list(demos[name].after)
    while pending:
        before = pending.pop()
        if before not in needed:
            needed.add(before)
            pending.extend(demos[before].after)
    return needed


def run(
    context: DemoContext, only: str | None = None, demos: Mapping[str, Demo] | None = None
) -> None:
    """Seed every demo in order, each sharing its data with the next; or seed ``only`` one,
    after the demos it builds on have shared what is already in the database. ``demos`` is the
    registry unless given."""
    if demos is None:
        demos = _DEMOS.items()
    order = in_order(demos)
    needed = None if only is None else _needed(only, demos)
    for demo in order:
        if needed is None or demo.name == only:
            demo.seed(context)
        elif demo.name not in needed:
            continue
        if demo.share is not None:
            demo.share(context)


class DemoCommand(BaseCommand):
    """A command that seeds demo data: ``demo`` names the one it seeds, ``None`` all of them.

    Refusals become command errors (exit status 1): a missing earlier step, or a service that
    refused the demo's data.
    """

    demo: str | None = None

    def _line(self, line: str) -> None:
        """Write a line and flush it, so a progress bar shows as it moves, even into a log."""
        self.stdout.write(line)
        self.stdout.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        context = DemoContext(
            write=self._line,
            success=lambda line: self.stdout.write(self.style.SUCCESS(line)),
            today=timezone.localdate(),
            options=options,
        )
        try:
            run(context, only=self.demo)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(f"Dữ liệu mẫu bị từ chối: {refusal(exc)}") from exc
