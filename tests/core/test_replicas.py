"""Read replicas (core.replicas): which reads go to the replica, read-your-writes, and nothing
changed without ``QPDP_REPLICA_URL``.

Two databases on one server stand in for primary and replica (tests/conftest.py: the ``replica``
alias has its own test database). ``replicate`` copies rows across as streaming replication
would; a row deleted on the primary afterwards is a write the replica has not replayed yet, so
seeing it proves a read went to the replica.
"""

from __future__ import annotations

import datetime as dt
import re
import runpy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections, models, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

import qpdp.settings
from qpdp.api import tokens
from qpdp.core import replicas
from qpdp.core.access import User
from qpdp.core.audit import Action, AuditEntry
from qpdp.core.replicas import ReplicaMiddleware, ReplicaRouter, reads_replica
from qpdp.core.units import Unit, UnitSuccession
from qpdp.people.models import Person, Residence
from tests.conftest import Accounts, Tree
from tests.core.helpers import id_number

BOTH = ["default", "replica"]
PEOPLE_API = "/api/v1/people/"
MIDDLEWARE = "qpdp.core.replicas.ReplicaMiddleware"
ROUTER = "qpdp.core.replicas.ReplicaRouter"
# What the primary may still be asked during a page read on the replica: the session and the
# account with its unit (AuthenticationMiddleware), its second-factor devices and the audit log.
ACCOUNT_TABLES = {
    "django_session",
    "core_user",
    "core_auditentry",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
}


@pytest.fixture
def routing(settings: Any) -> None:
    """What the settings install when QPDP_REPLICA_URL is set (test_the_settings_… checks)."""
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


def replicate(*model_list: type[models.Model]) -> None:
    """Copy the primary's rows of these models to the replica, in this order (foreign keys)."""
    for model in model_list:
        rows = list(model._base_manager.using("default").order_by("pk"))
        model._base_manager.using("replica").bulk_create(rows)


@pytest.fixture
def lagging(accounts: Accounts, tree: Tree, make_person: Callable[..., Person]) -> Person:
    """An on both databases; Bình deleted on the primary only: a write not yet replayed."""
    make_person(tree.kinh_bac, given_name="An")
    binh = make_person(tree.kinh_bac, given_name="Bình")
    replicate(Unit, UnitSuccession, User, Person, Residence)
    Person.objects.filter(pk=binh.pk).delete()
    return binh


def token_client(user: User) -> Client:
    """A program with a bearer token; like requests.Session or httpx.Client, it keeps cookies."""
    _token, secret = tokens.create_token(user, name="Bản sao", days=1)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def given_names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["given_name"] for row in response.json()["results"])


def new_person(tree: Tree) -> dict[str, Any]:
    return {
        "family_name": "Trần",
        "middle_name": "Quốc",
        "given_name": "Toản",
        "gender": "M",
        "birth_date": "15/03/2005",
        "id_number": id_number(dt.date(2005, 3, 15)),
        "residence_unit": tree.kinh_bac.pk,
    }


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_api_reads_the_replica_until_the_officer_writes_then_the_primary(
    routing: None, accounts: Accounts, tree: Tree, lagging: Person
) -> None:
    client = token_client(accounts.kinh_bac_staff)
    assert given_names(client.get(PEOPLE_API)) == ["An", "Bình"]  # the replica, behind

    created = client.post(PEOPLE_API, new_person(tree), content_type="application/json")
    assert created.status_code == 201, created.content
    assert replicas.PIN_COOKIE in client.cookies
    # the officer who just saved reads the primary: his new person, and Bình gone
    assert given_names(client.get(PEOPLE_API)) == ["An", "Toản"]
    # the write went to the primary only
    assert Person.objects.using("default").filter(pk=created.json()["id"]).exists()
    assert not Person.objects.using("replica").filter(pk=created.json()["id"]).exists()
    assert not AuditEntry.objects.using("replica").exists()

    other = token_client(accounts.kinh_bac_staff)  # another program of the same ward: not pinned
    assert given_names(other.get(PEOPLE_API)) == ["An", "Bình"]


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_without_a_replica_url_every_read_is_the_primary_s(
    accounts: Accounts, lagging: Person
) -> None:
    client = token_client(accounts.kinh_bac_staff)
    assert given_names(client.get(PEOPLE_API)) == ["An"]
    assert replicas.PIN_COOKIE not in client.cookies


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_export_reads_the_replica_and_audits_on_the_primary_while_the_page_reads_the_primary(
    routing: None, accounts: Accounts, lagging: Person
) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    export = client.get(reverse("people:list"), {"format": "csv"})
    assert export.status_code == 200
    assert "Bình" in export.content.decode("utf-8-sig")
    page = client.get(reverse("people:list"))
    assert "An" in page.content.decode() and "Bình" not in page.content.decode()
    # one export entry, on the primary: the middleware's own check found the view's entry there
    assert AuditEntry.objects.filter(action=Action.EXPORT).count() == 1
    assert not AuditEntry.objects.using("replica").exists()


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_dashboard_reads_the_replica_with_the_same_queries_until_it_writes(
    settings: Any, accounts: Accounts, tree: Tree, lagging: Person
) -> None:
    from django.core.cache import cache

    from qpdp.planning.generation import Kept

    dashboard = reverse("review:dashboard")
    query = {"unit": tree.province.pk, "year": 2026}

    def read() -> tuple[list[str], list[str]]:
        cache.clear()
        Kept.clear_all()  # the review kept in the process: assembled again by each read
        client = Client()
        client.force_login(accounts.province_commander)
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            assert client.get(dashboard, query).status_code == 200
        return [q["sql"] for q in primary], [q["sql"] for q in replica]

    alone, none = read()
    assert not none
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]
    primary, replica = read()
    assert len(primary) + len(replica) == len(alone)  # routing adds no query
    assert len(replica) > len(primary)
    assert all(sql.startswith("SELECT") for sql in replica)  # no write on the replica
    # until the page writes (it stores the finished years' figures), the primary is asked for
    # the session and the account only; after that write, its reads are the primary's
    writes = [i for i, sql in enumerate(primary) if not sql.startswith("SELECT")]
    before = primary[: writes[0]] if writes else primary
    tables = {m.group(1) for sql in before if (m := re.search(r'FROM "(\w+)"', sql))}
    assert tables <= ACCOUNT_TABLES, tables


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_transaction_or_a_domain_write_sends_the_rest_of_the_request_to_the_primary(
    rf: RequestFactory,
) -> None:
    router = ReplicaRouter()
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        assert request.resolver_match is not None
        middleware.process_view(request, request.resolver_match.func, (), {})
        seen.append(router.db_for_read(Person))
        with transaction.atomic():
            seen.append(router.db_for_read(Person))
        seen.append(router.db_for_read(User))  # accounts: always the primary
        seen.append(router.db_for_write(AuditEntry))  # the audit log: the primary...
        seen.append(router.db_for_read(Person))  # ...and it does not turn the request
        seen.append(router.db_for_write(Person))
        seen.append(router.db_for_read(Person))  # after a domain write: the primary
        return HttpResponse()

    middleware = ReplicaMiddleware(view)
    request = rf.get(PEOPLE_API)
    request.resolver_match = resolve(PEOPLE_API)
    middleware(request)
    assert seen == ["replica", "default", "default", "default", "replica", "default", "default"]
    # outside a request (commands, the worker): Django's own choice, the primary
    assert router.db_for_read(Person) is None
    assert router.db_for_write(Person) == "default"


@pytest.mark.parametrize(
    ("method", "path", "replica"),
    [
        ("get", "/tong-ket/", True),
        ("head", "/tong-ket/xep-hang/", True),
        ("get", "/tong-ket/tai-ve/?format=pdf", True),
        ("get", "/api/v1/people/", True),
        ("get", "/api/v1/conscription/cycles/3/wards/4/pool/", True),
        ("post", "/api/v1/people/", False),
        ("post", "/tong-ket/ton-tai-han-che/", False),
        ("get", "/tong-ket/ton-tai-han-che/", False),  # a form: what its save checks against
        ("get", "/tong-ket/xep-hang/trong-so/", False),
        ("get", "/cong-dan/them/", False),
        ("get", "/cong-dan/", False),
        ("get", "/cong-dan/?format=xlsx", True),
        ("get", "/cong-dan/xuat/", True),
        ("get", "/thi-dua-khen-thuong/quyet-dinh/5/in/", True),
        ("get", "/nhap-xuat/5/loi.xlsx", True),
        ("get", "/ke-hoach/", False),
        ("get", "/tai-khoan/api-token/", False),
        ("get", "/nhat-ky/", False),
    ],
)
def test_which_requests_read_the_replica(
    rf: RequestFactory, method: str, path: str, replica: bool
) -> None:
    request = getattr(rf, method)(path)
    request.resolver_match = match = resolve(request.path)
    assert reads_replica(request, match.func) is replica


def test_the_pin_lasts_the_configured_seconds(
    rf: RequestFactory, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.QPDP_REPLICA_PIN_SECONDS = 15
    answer = ReplicaMiddleware(lambda request: HttpResponse())(rf.post("/cong-dan/them/"))
    cookie = answer.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == 15 and cookie["httponly"]
    assert (
        replicas.PIN_COOKIE
        not in ReplicaMiddleware(lambda r: HttpResponse())(rf.get("/cong-dan/")).cookies
    )
    request = rf.get("/tong-ket/")
    request.COOKIES[replicas.PIN_COOKIE] = cookie.value
    assert replicas.pinned(request)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 16)
    assert not replicas.pinned(request)
    request.COOKIES[replicas.PIN_COOKIE] = "1"  # unsigned: not a pin
    monkeypatch.undo()
    assert not replicas.pinned(request)


def test_the_settings_add_a_replica_only_with_its_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QPDP_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("QPDP_REPLICA_URL", raising=False)
    plain = runpy.run_path(qpdp.settings.__file__)
    assert set(plain["DATABASES"]) == {"default"}
    assert "DATABASE_ROUTERS" not in plain
    assert MIDDLEWARE not in plain["MIDDLEWARE"]

    monkeypatch.setenv("QPDP_REPLICA_URL", "postgres://qpdp@replica.example:5432/qpdp")
    monkeypatch.setenv("QPDP_REPLICA_PIN_SECONDS", "30")
    routed = runpy.run_path(qpdp.settings.__file__)
    replica = routed["DATABASES"]["replica"]
    assert (replica["HOST"], replica["NAME"]) == ("replica.example", "qpdp")
    assert replica["TEST"] == {"MIRROR": "default"}
    assert (replica["CONN_MAX_AGE"], replica["CONN_HEALTH_CHECKS"]) == (600, True)
    assert routed["DATABASE_ROUTERS"] == [ROUTER]
    assert routed["MIDDLEWARE"][-1] == MIDDLEWARE
    assert routed["QPDP_REPLICA_PIN_SECONDS"] == 30


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_unreachable_replica_leaves_the_reads_on_the_primary(
    routing: None,
    accounts: Accounts,
    lagging: Person,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refused() -> None:
        raise OperationalError("connection refused")

    connections["replica"].close()
    monkeypatch.setattr(connections["replica"], "ensure_connection", refused)
    client = token_client(accounts.kinh_bac_staff)
    assert given_names(client.get(PEOPLE_API)) == ["An"]
    assert "Read replica unreachable" in caplog.text
