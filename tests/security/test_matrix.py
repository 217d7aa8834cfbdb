"""Every URL of the project, called by every caller, for objects inside and outside its scope.

The expected answers live in ``tests/security/matrix/<app>.py``. A URL the resolver knows but no
table lists fails ``test_every_url_has_an_entry`` (docs/security.md says how to add one). Besides
the status code, every page a caller gets must not show the names of people outside its scope,
leaders must never see a full identity number, every download must be in the audit log, and a
refused POST must change nothing.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from qpdp.api.tokens import create_token
from qpdp.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardProposal,
    RewardRate,
    TitlePrerequisite,
)
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    Discharge,
    HealthResult,
    Quota,
    Registration,
    Review,
    ServiceRecognition,
    Volunteering,
)
from qpdp.core.access import Role
from qpdp.core.audit import Action, AuditEntry
from qpdp.education.models import Attendance as CourseAttendance
from qpdp.education.models import Course, EducationPlan, RefreshPeriod
from qpdp.imports.models import ImportedRow, ImportRun
from qpdp.militia.models import Attendance, DutyDecision, Membership, MilitiaUnit, TrainingPlan
from qpdp.people.models import Person, Residence
from qpdp.planning.models import BudgetLine, DirectiveDocument, Event, EventPhase, Plan, PlanTask
from qpdp.reserves.models import Assignment, Drill, ReserveSoldier, ReserveUnit, Summons
from qpdp.welfare.models import (
    AllowanceRate,
    BaseSalary,
    BenefitCase,
    CaseStep,
    Decision62Rate,
    FamilyMember,
    SoldierFamily,
    StepDeadline,
    SupportPayment,
    Visit,
)
from tests.security.conftest import CALLERS, Caller, World
from tests.security.matrix import Entry
from tests.security.matrix import api as api_table
from tests.security.matrix import awards as awards_table
from tests.security.matrix import conscription as conscription_table
from tests.security.matrix import core as core_table
from tests.security.matrix import education as education_table
from tests.security.matrix import forces as forces_table
from tests.security.matrix import imports as imports_table
from tests.security.matrix import people as people_table
from tests.security.matrix import planning as planning_table
from tests.security.matrix import welfare as welfare_table

pytestmark = pytest.mark.django_db

TABLES: dict[str, dict[str, Entry | tuple[Entry, ...]]] = {
    "core": core_table.TABLE,
    "people": people_table.TABLE,
    "conscription": conscription_table.TABLE,
    "imports": imports_table.TABLE,
    "api": api_table.TABLE,
    "planning": planning_table.TABLE,
    "forces": forces_table.TABLE,
    "education": education_table.TABLE,
    "welfare": welfare_table.TABLE,
    "awards": awards_table.TABLE,
}
REFUSED = frozenset({403, 404})
UNAUTHENTICATED = frozenset({401, 403})
GUESSED_ID = 987_654_321
WATCHED: tuple[type[Model], ...] = (
    Person,
    Residence,
    CallUpCycle,
    Quota,
    Registration,
    HealthResult,
    Decision,
    Review,
    CouncilMeeting,
    CallUpOrder,
    Discharge,
    BarringMeasure,
    ServiceRecognition,
    Volunteering,
    ImportRun,
    ImportedRow,
    Plan,
    PlanTask,
    BudgetLine,
    DirectiveDocument,
    Event,
    EventPhase,
    MilitiaUnit,
    Membership,
    DutyDecision,
    TrainingPlan,
    Attendance,
    ReserveSoldier,
    ReserveUnit,
    Assignment,
    Drill,
    Summons,
    Course,
    CourseAttendance,
    EducationPlan,
    SoldierFamily,
    FamilyMember,
    SupportPayment,
    Visit,
    BenefitCase,
    CaseStep,
    AwardProposal,
    AwardDecision,
    # The dated parameters (core's pages): a refused POST must not add or correct a row.
    BaseSalary,
    AllowanceRate,
    StepDeadline,
    Decision62Rate,
    RefreshPeriod,
    AwardAuthority,
    TitlePrerequisite,
    RewardRate,
)


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every URL name of the project, namespaced (``people:detail``); a pattern without a name
    is listed by its route so that it cannot hide from the matrix either."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def all_entries() -> dict[str, Entry | tuple[Entry, ...]]:
    merged: dict[str, Entry | tuple[Entry, ...]] = {}
    for table in TABLES.values():
        merged.update(table)
    return merged


def test_every_url_has_an_entry() -> None:
    names = set(url_names())
    listed = set(all_entries())
    missing = sorted(names - listed)
    assert not missing, (
        "These URLs have no entry in the authorisation matrix. Add each to the table of its app "
        "in tests/security/matrix/<app>.py (see docs/security.md, 'Adding a URL to the "
        "matrix'):\n  " + "\n  ".join(missing)
    )
    stale = sorted(listed - names)
    assert not stale, "Entries for URLs that no longer exist: " + ", ".join(stale)


def fingerprint() -> dict[str, list[dict[str, Any]]]:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in WATCHED}  # type: ignore[attr-defined]


def text_of(response: HttpResponse) -> str | None:
    """The text a caller receives: a page, JSON, CSV, or the XML inside an XLSX/DOCX file."""
    kind = response.get("Content-Type", "")
    if response.status_code != 200:
        return None
    if kind.startswith(("text/", "application/json")):
        return response.content.decode("utf-8", errors="replace")
    if kind.startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            parts = [n for n in archive.namelist() if n.endswith(".xml")]
            return "".join(archive.read(n).decode("utf-8", errors="replace") for n in parts)
    return None


class Matrix:
    """Calls one app's URLs and collects every wrong answer, so one run lists them all."""

    def __init__(self, world: World, clients: dict[str, Client] | None = None) -> None:
        self.world = world
        self.clients = clients or world.clients
        self.failures: list[str] = []
        self.numbers = [p.id_number for p in Person.objects.all() if p.id_number]

    def fail(self, caller: Caller, call: str, message: str) -> None:
        self.failures.append(f"{caller.name:15} {call}: {message}")

    def check_get(self, name: str, entry: Entry, target: str | None, caller: Caller) -> None:
        kwargs = entry.kwargs(self.world, target or "A") if entry.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        query = self.query(entry, target)
        client = self.clients[caller.name]
        exports_before = AuditEntry.objects.filter(action=Action.EXPORT).count()
        response = client.get(url, query)
        shown = f"{url}?{urlencode(query)}" if query else url
        status = response.status_code
        if caller.anonymous and entry.anonymous == "login":
            if status != 302 or not response["Location"].startswith(reverse("login")):
                self.fail(
                    caller, f"GET {shown}", f"{status}, expected a redirect to the login page"
                )
            return
        if caller.anonymous and entry.anonymous == "refused":
            if status not in UNAUTHENTICATED:
                self.fail(caller, f"GET {shown}", f"{status}, expected 401 or 403")
            return
        allowed = caller.anonymous or entry.allow(caller, target)
        expected = entry.ok if allowed else REFUSED
        if status not in expected:
            self.fail(caller, f"GET {shown}", f"{status}, expected one of {sorted(expected)}")
            return
        download = response.get("Content-Disposition", "").startswith("attachment")
        if download and AuditEntry.objects.filter(action=Action.EXPORT).count() <= exports_before:
            self.fail(caller, f"GET {shown}", "a download that the audit log does not hold")
        text = text_of(response)
        if text is None:
            return
        for ward, names in self.world.names.items():
            if not caller.sees(ward):
                for person_name in names:
                    if person_name in text:
                        self.fail(caller, f"GET {shown}", f"shows {person_name} of ward {ward}")
        if caller.role == Role.LEADER:
            for number in self.numbers:
                if number in text:
                    self.fail(
                        caller, f"GET {shown}", f"shows the identity number {number} to a leader"
                    )

    def query(self, entry: Entry, target: str | None) -> dict[str, str]:
        if callable(entry.query):
            return dict(entry.query(self.world, target or "A"))
        return dict(entry.query)

    def check_post(self, name: str, entry: Entry, target: str | None, caller: Caller) -> None:
        assert entry.post is not None
        may_post = entry.post_allow or entry.allow
        if not caller.anonymous and may_post(caller, target):
            return
        kwargs = entry.kwargs(self.world, target or "A") if entry.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        before = fingerprint()
        response = self.clients[caller.name].post(url, entry.post(self.world, target or "A"))
        status = response.status_code
        if caller.anonymous and entry.anonymous == "refused":
            if status not in UNAUTHENTICATED:
                self.fail(caller, f"POST {url}", f"{status}, expected 401 or 403")
        elif caller.anonymous:
            if status != 302 or not response["Location"].startswith(reverse("login")):
                self.fail(caller, f"POST {url}", f"{status}, expected a redirect to the login page")
        elif status not in REFUSED:
            self.fail(caller, f"POST {url}", f"{status}, expected 403 or 404")
        if fingerprint() != before:
            self.fail(caller, f"POST {url}", "a refused POST changed the data")

    def check_guess(self, name: str, entry: Entry, caller: Caller) -> None:
        """Made-up ids in each argument in turn: refused, never a server error."""
        assert entry.kwargs is not None
        kwargs = entry.kwargs(self.world, "A")
        for key, value in kwargs.items():
            if not isinstance(value, int):
                continue
            url = reverse(name, kwargs={**kwargs, key: GUESSED_ID})
            status = self.clients[caller.name].get(url, self.query(entry, "A")).status_code
            if status not in REFUSED:
                self.fail(
                    caller, f"GET {url}", f"{status} for a made-up {key}, expected 403 or 404"
                )

    def run(self, table: dict[str, Entry | tuple[Entry, ...]]) -> None:
        for name, entries in table.items():
            for entry in entries if isinstance(entries, tuple) else (entries,):
                per_target = entry.kwargs is not None or callable(entry.query)
                targets: tuple[str | None, ...] = entry.targets if per_target else (None,)
                for target, caller in itertools.product(targets, CALLERS):
                    self.check_get(name, entry, target, caller)
                    if entry.post is not None:
                        self.check_post(name, entry, target, caller)
                if entry.kwargs and entry.guess:
                    for caller in CALLERS:
                        if caller.name in ("admin", "a_staff"):
                            self.check_guess(name, entry, caller)


def assert_no_failures(matrix: Matrix) -> None:
    assert not matrix.failures, f"{len(matrix.failures)} wrong answers:\n" + "\n".join(
        matrix.failures
    )


@pytest.mark.parametrize("app", list(TABLES))
def test_every_caller_gets_the_expected_answer(app: str, world: World) -> None:
    # The names the leak check looks for are written as the pages write them.
    listing = world.clients["admin"].get(reverse("people:list")).content.decode()
    assert all(name in listing for names in world.names.values() for name in names)
    matrix = Matrix(world)
    matrix.run(TABLES[app])
    assert_no_failures(matrix)


def test_api_callers_with_tokens_get_the_same_answers(world: World) -> None:
    """The API once more with a bearer token per account instead of the session."""
    clients = {"anonymous": Client()}
    for name, user in world.users.items():
        _token, secret = create_token(user, name="Kiểm thử ma trận", days=1)
        clients[name] = Client(headers={"Authorization": f"Bearer {secret}"})
    endpoints = {
        name: entry
        for name, entry in all_entries().items()
        if name.startswith("api:") and name != "api:docs"  # the docs page is a session page
    }
    matrix = Matrix(world, clients)
    matrix.run(endpoints)
    assert_no_failures(matrix)


def test_leaders_print_no_identity_numbers(world: World) -> None:
    url = reverse("conscription:orders_print", args=[world.cycle.pk])
    response = world.clients["a_leader"].get(url, {"all": "1"})
    assert response.status_code == 403
    assert world.fit["A"].id_number not in (text_of(response) or "")
