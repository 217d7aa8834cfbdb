"""The REST API (/api/v1/) and the token pages. The API answers an anonymous caller 401 (or 403);
otherwise it follows the pages: scope from ``visible_to`` (404 outside), leaders read only, the
audit log for administrators. Write endpoints are POST-only: a GET is 405 for anyone signed in.
"""

from __future__ import annotations

from typing import Any

from qpdp.api.tokens import create_token
from qpdp.conscription.models import Registration
from qpdp.core.audit import AuditEntry
from tests.security.conftest import Caller, World
from tests.security.matrix import GET_NOT_ALLOWED, Entry, admin_only, everyone
from tests.security.matrix import sees as sees_ward
from tests.security.matrix.conscription import (
    cycle,
    made_first,
    measure_of,
    recognition_of,
    sees_cycle,
    ward,
)
from tests.security.matrix.planning import selection

API = "refused"  # what an anonymous caller gets: 401/403


def person(world: World, target: str) -> dict[str, Any]:
    return {"pk": world.fit[target].pk}


def in_cycle(objects: str) -> Any:
    return lambda w, t: {"cycle": w.cycle.pk, "pk": getattr(w, objects)[t].pk}


def registration(world: World, target: str) -> dict[str, Any]:
    return {"pk": Registration.objects.get(person=world.fit[target]).pk}


def token_of(world: World, target: str) -> dict[str, Any]:
    """A token of ward A's (or B's) staff: only its owner reaches its page."""
    user = world.users["a_staff" if target == "A" else "b_staff"]
    token, _secret = create_token(user, name=f"Hệ thống {target}", days=30)
    return {"pk": token.pk}


def owner(caller: Caller, target: str | None) -> bool:
    return caller.name == ("a_staff" if target == "A" else "b_staff")


TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "api:schema": Entry(anonymous=API),
    "api:docs": Entry(),
    "api:unit-list": Entry(anonymous=API),
    "api:unit-detail": Entry(
        kwargs=lambda w, t: {"pk": w.ward[t].pk}, allow=sees_ward, anonymous=API
    ),
    "api:person-list": Entry(anonymous=API),
    "api:person-detail": Entry(kwargs=person, allow=sees_ward, anonymous=API),
    "api:person-residences": Entry(kwargs=person, allow=sees_ward, anonymous=API),
    "api:cycle-list": Entry(anonymous=API),
    "api:cycle-detail": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:quota-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:registration-list": Entry(anonymous=API),
    "api:registration-detail": Entry(kwargs=registration, allow=sees_ward, anonymous=API),
    "api:health-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:measure-list": Entry(query=made_first(measure_of), anonymous=API),
    "api:measure-detail": Entry(
        kwargs=lambda w, t: {"pk": measure_of(w, t).pk}, allow=sees_ward, anonymous=API
    ),
    "api:measure-end": Entry(
        kwargs=lambda w, t: {"pk": measure_of(w, t).pk},
        ok=GET_NOT_ALLOWED,
        anonymous=API,
        guess=False,
    ),
    "api:recognition-list": Entry(query=made_first(recognition_of), anonymous=API),
    "api:recognition-detail": Entry(
        kwargs=lambda w, t: {"pk": recognition_of(w, t).pk}, allow=sees_ward, anonymous=API
    ),
    "api:exam-call-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:results-posting-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:decision-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:decision-detail": Entry(kwargs=in_cycle("decision"), allow=sees_ward, anonymous=API),
    "api:decision-decide": Entry(
        kwargs=in_cycle("decision"), ok=GET_NOT_ALLOWED, anonymous=API, guess=False
    ),
    "api:pool": Entry(kwargs=ward, allow=sees_ward, anonymous=API),
    "api:volunteer-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:review-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:council-meeting-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:order-list": Entry(kwargs=cycle, allow=sees_cycle, anonymous=API),
    "api:order-detail": Entry(kwargs=in_cycle("order"), allow=sees_ward, anonymous=API),
    "api:order-delivery": Entry(
        kwargs=in_cycle("order"), ok=GET_NOT_ALLOWED, anonymous=API, guess=False
    ),
    "api:order-handover": Entry(
        kwargs=in_cycle("order"), ok=GET_NOT_ALLOWED, anonymous=API, guess=False
    ),
    "api:order-discharge": Entry(
        kwargs=in_cycle("order"), ok=GET_NOT_ALLOWED, anonymous=API, guess=False
    ),
    "api:order-replace": Entry(
        kwargs=in_cycle("order"), ok=GET_NOT_ALLOWED, anonymous=API, guess=False
    ),
    "api:review-figures": Entry(query=selection, allow=sees_ward, anonymous=API),
    "api:import-run-list": Entry(anonymous=API),
    "api:import-run-detail": Entry(
        kwargs=lambda w, t: {"pk": w.run[t].pk}, allow=sees_ward, anonymous=API
    ),
    "api:audit-list": Entry(allow=admin_only, anonymous=API),
    "api:audit-detail": Entry(
        kwargs=lambda w, t: {"pk": AuditEntry.objects.latest("pk").pk},
        allow=admin_only,
        anonymous=API,
        targets=("A",),
    ),
    "api_tokens:list": Entry(allow=everyone),
    "api_tokens:revoke": Entry(kwargs=token_of, allow=owner),
}
