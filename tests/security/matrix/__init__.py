"""The authorisation matrix: what every URL answers to every caller, declared per app.

Each app's module holds ``TABLE``: URL name → ``Entry`` (or a tuple of entries, e.g. the page and
its ``?format=xlsx`` export). An entry says how to build the URL for a target (ward "A" or "B",
or an object of that ward), which callers get through (``allow``), and which status codes count
as getting through. Everyone else must be refused: 302 to the login page when anonymous, 403 or
404 otherwise. ``tests/security/test_matrix.py`` checks every URL the resolver knows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qpdp.core.access import Role
from tests.security.conftest import Caller, World

Rule = Callable[[Caller, str | None], bool]
Kwargs = Callable[[World, str], dict[str, Any]]
Query = Callable[[World, str], Mapping[str, str]]


def everyone(caller: Caller, target: str | None) -> bool:
    return not caller.anonymous


def admin_only(caller: Caller, target: str | None) -> bool:
    return caller.role == Role.ADMINISTRATOR


def writers(caller: Caller, target: str | None) -> bool:
    """Every role but the leaders (and nobody anonymous)."""
    return not caller.anonymous and caller.role != Role.LEADER


def sees(caller: Caller, target: str | None) -> bool:
    """The target ward is in the caller's scope."""
    return caller.sees(target)


def writes(caller: Caller, target: str | None) -> bool:
    return caller.writes(target)


def commanding_writers(caller: Caller, target: str | None) -> bool:
    """Administrators and commanders (cycles and quotas are set by the commanding unit)."""
    return caller.role in (Role.ADMINISTRATOR, Role.COMMANDER)


def district_deciders(caller: Caller, target: str | None) -> bool:
    """Before 07/2025 the district (here the city 256) decides and signs (Art. 42.1, 34.6)."""
    return caller.role == Role.ADMINISTRATOR or (
        caller.role == Role.COMMANDER and caller.ward == "city"
    )


def nobody(caller: Caller, target: str | None) -> bool:
    return False


@dataclass(frozen=True)
class Entry:
    """How one URL is called and who gets through.

    ``kwargs`` builds the URL's arguments for a target; without it (and without a ``query``
    built per target) the URL takes none and is called once. ``anonymous="public"`` marks pages
    open without login (the login page itself); ``anonymous="refused"`` an API endpoint, which
    answers 401/403 instead of a redirect.
    ``post`` builds form data for a write that the callers ``post_allow`` refuses (by default
    those ``allow`` refuses) try: they get 403/404 (anonymous: the login page), nothing changes.
    ``guess=False`` skips the call with a made-up id (URLs whose arguments are not ids).
    """

    kwargs: Kwargs | None = None
    allow: Rule = everyone
    ok: frozenset[int] = frozenset({200})
    anonymous: str = "login"
    query: Mapping[str, str] | Query = field(default_factory=dict)
    post: Kwargs | None = None
    post_allow: Rule | None = None
    guess: bool = True
    targets: tuple[str, ...] = ("A", "B")


OK_OR_REDIRECT = frozenset({200, 302})
GET_NOT_ALLOWED = frozenset({405})
