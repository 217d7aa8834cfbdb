"""Shared fixtures: a small reform-spanning unit tree, one account per role, a person factory.

The tree mirrors the demo city in miniature: old province 27 → district 256 → wards Suối Hoa,
Kinh Bắc and Ninh Xá (Ninh Xá ended at the interim arrangement into Tiền Ninh Vệ), and since
1 July 2025 province 24 → new Kinh Bắc (reusing Suối Hoa's code 09187) and Võ Cường.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest

from qpdp.core.access import Role, User
from qpdp.core.units import REFORM_DATE, SuccessionKind, Unit, UnitKind, UnitSuccession
from qpdp.people import services
from qpdp.people.models import Person
from qpdp.people.services import PersonInput

# The suite shares two cores with a PostgreSQL server and another pytest worker: Hypothesis's
# timing checks (an example's deadline, a slow input generation) fail there from the machine's
# load, not from the code under test (seen: too_slow on a rule test at load 5). What the
# properties assert is unchanged.
hypothesis.settings.register_profile(
    "qpdp", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("qpdp")

LEGACY_END = REFORM_DATE - dt.timedelta(days=1)
TODAY = dt.date(2026, 11, 29)
PASSWORD = "Mat-khau-thu-2026"


@dataclass
class Tree:
    old_province: Unit
    city: Unit
    suoi_hoa: Unit
    kinh_bac_old: Unit
    ninh_xa: Unit
    tien_ninh_ve: Unit
    province: Unit
    kinh_bac: Unit
    vo_cuong: Unit


def _unit(
    code: str,
    name: str,
    type_label: str,
    kind: str,
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Unit:
    unit = Unit(
        code=code,
        name=name,
        type_label=type_label,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    unit.save()
    return unit


def _link(old: Unit, new: Unit, effective: dt.date) -> None:
    UnitSuccession.objects.create(
        predecessor=old, successor=new, kind=SuccessionKind.MERGE, effective=effective
    )


@pytest.fixture
def tree(db: Any) -> Tree:
    interim = dt.date(2025, 1, 1)
    old_province = _unit("27", "Bắc Ninh", "Tỉnh", UnitKind.PROVINCE, valid_to=LEGACY_END)
    city = _unit(
        "256", "Bắc Ninh", "Thành phố", UnitKind.DISTRICT, old_province, valid_to=LEGACY_END
    )
    suoi_hoa = _unit("09187", "Suối Hoa", "Phường", UnitKind.COMMUNE, city, valid_to=LEGACY_END)
    kinh_bac_old = _unit("09172", "Kinh Bắc", "Phường", UnitKind.COMMUNE, city, valid_to=LEGACY_END)
    ninh_xa = _unit(
        "09184",
        "Ninh Xá",
        "Phường",
        UnitKind.COMMUNE,
        city,
        valid_to=interim - dt.timedelta(days=1),
    )
    tien_ninh_ve = _unit(
        "09184",
        "Tiền Ninh Vệ",
        "Phường",
        UnitKind.COMMUNE,
        city,
        valid_from=interim,
        valid_to=LEGACY_END,
    )
    province = _unit("24", "Bắc Ninh", "Tỉnh", UnitKind.PROVINCE, valid_from=REFORM_DATE)
    kinh_bac = _unit(
        "09187", "Kinh Bắc", "Phường", UnitKind.COMMUNE, province, valid_from=REFORM_DATE
    )
    vo_cuong = _unit(
        "09190", "Võ Cường", "Phường", UnitKind.COMMUNE, province, valid_from=REFORM_DATE
    )
    _link(ninh_xa, tien_ninh_ve, interim)
    for old in (suoi_hoa, kinh_bac_old, tien_ninh_ve):
        _link(old, kinh_bac, REFORM_DATE)
    _link(old_province, province, REFORM_DATE)
    return Tree(
        old_province,
        city,
        suoi_hoa,
        kinh_bac_old,
        ninh_xa,
        tien_ninh_ve,
        province,
        kinh_bac,
        vo_cuong,
    )


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    counter = itertools.count()

    def make(role: str, unit: Unit | None, username: str | None = None) -> User:
        user = User(
            username=username or f"user{next(counter)}",
            role=role,
            unit=unit,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@dataclass
class Accounts:
    admin: User
    province_commander: User
    city_commander: User
    leader: User
    kinh_bac_staff: User
    vo_cuong_staff: User
    suoi_hoa_staff: User


@pytest.fixture
def accounts(tree: Tree, make_user: Callable[..., User]) -> Accounts:
    return Accounts(
        admin=make_user(Role.ADMINISTRATOR, None, "admin"),
        province_commander=make_user(Role.COMMANDER, tree.province, "chihuy"),
        city_commander=make_user(Role.COMMANDER, tree.city, "chihuy2022"),
        leader=make_user(Role.LEADER, tree.province, "lanhdao"),
        kinh_bac_staff=make_user(Role.STAFF, tree.kinh_bac, "kinhbac"),
        vo_cuong_staff=make_user(Role.STAFF, tree.vo_cuong, "vocuong"),
        suoi_hoa_staff=make_user(Role.STAFF, tree.suoi_hoa, "suoihoa2022"),
    )


_serials = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    """Fast password hashing: a deliberate PBKDF2 hash costs ~0.3 s per account.

    Administrators and commanders log in here with ``force_login`` or a password alone; the
    second factor they would owe is tested in tests/security, which turns it back on (and
    ``tests.security.helpers.login_verified`` logs in with a verified device).

    Static files come from the apps through the plain storage: the hashed storage production
    uses needs ``collectstatic`` first (tests/reliability/test_production.py runs it).
    """
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.QPDP_REQUIRE_2FA = False
    # API rates are off but in tests/api/test_throttling.py, counted in this process alone.
    settings.QPDP_API_THROTTLE_RATES = {"token": None, "user": None}
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Routing off, as without QPDP_REPLICA_URL, except in the tests that turn it on.
    settings.DATABASE_ROUTERS = []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("ReplicaMiddleware")]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The replica's database only in a run that collects a test asking for it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "replica" in (marker.kwargs.get("databases") or ()):
            from django.conf import settings

            _replica_database(settings)
            return


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Commands run Django's system checks on every database, and on SQLite one of them asks the
    database whether it stores JSON: the replica's test database answers once here, so a test
    that runs a command without asking for the replica is not refused."""
    from django.db import connections

    if "replica" in connections.settings:
        with django_db_blocker.unblock():
            connections["replica"].features.supports_json_field  # noqa: B018 (computed, kept)


def _replica_database(settings: Any) -> None:
    """A ``replica`` alias standing in for a read replica (tests/core/test_replicas.py).

    Its test database is a second one on the same server, not a mirror, so a row written only
    there proves where a read went: on SQLite Django's in-memory database of the alias (or
    ``<QPDP_TEST_SQLITE_NAME>-replica``), on PostgreSQL ``test_<name>_replica``; its tables come
    from the models (no migrations: a test copies in the rows replication would bring).
    """
    from django.db import connections

    default = settings.DATABASES["default"]
    test_name = default.get("TEST", {}).get("NAME")
    if default["ENGINE"] == "django.db.backends.sqlite3":
        replica_name = f"{test_name}-replica" if test_name else None
    else:
        replica_name = f"{test_name or 'test_' + default['NAME']}_replica"
    settings.DATABASES["replica"] = {
        **default,
        "TEST": {"NAME": replica_name, "MIGRATE": False},
    }
    connections.configure_settings(settings.DATABASES)  # Django's defaults for the new alias


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty default cache: scopes cached by an earlier test name
    units whose ids a rolled-back transaction may hand out again; and so do the reviews kept
    in the process (``planning.generation.Kept``), under generations the rollback reuses."""
    from django.core.cache import cache

    from qpdp.planning.generation import Kept

    cache.clear()
    Kept.clear_all()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploads, staging files and job progress go to a temporary directory, not ./var/media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture
def make_person(accounts: Accounts) -> Callable[..., Person]:
    """Create a person through the service (so derived fields, residence and audit are real)."""

    def make(unit: Unit, **overrides: Any) -> Person:
        gender = overrides.pop("gender", "M")
        birth = overrides.pop("birth_date", dt.date(2004, 5, 17))
        century_gender = 2 * ((birth.year - 1900) // 100) + (0 if gender == "M" else 1)
        data = {
            "family_name": "Nguyễn",
            "middle_name": "Văn",
            "given_name": "Dũng",
            "gender": gender,
            "birth_date": birth,
            "birth_precision": "D",
            "id_number": f"027{century_gender}{birth.year % 100:02d}{next(_serials):06d}",
            "ethnicity": "Kinh",
            "religion": "Không",
            "residence_unit": unit,
            "address": "Số 1 Ngô Gia Tự",
            "phone": "0912345678",
        }
        data.update(overrides)
        return services.create_person(
            accounts.admin, PersonInput(data, on=TODAY, similar_confirmed=True)
        )

    return make
