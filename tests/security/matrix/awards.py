"""Awards in the API. Target "A"/"B": ward A's or B's own Giấy khen to its called-up man
(proposed, agreed and decided by the ward in 2023), made on first use; the ranking of ward A's
or B's children (none) for 2023."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qpdp.awards import services
from qpdp.awards.models import AwardDecision, AwardForm, AwardProposal
from tests.security.conftest import World
from tests.security.matrix import GET_NOT_ALLOWED, Entry, writers, writes
from tests.security.matrix import sees as sees_ward

API = "refused"


def _proposal(world: World, target: str) -> AwardProposal:
    key = f"awards_proposal{target}"
    if key not in world.made:
        admin = world.users["admin"]
        proposal = services.propose(
            admin,
            proposer=world.ward[target],
            year=2023,
            form=AwardForm.objects.get(code="giay_khen"),
            field="local_defense",
            achievement="Thành tích trong công tác tuyển quân",
            proposed_on=dt.date(2023, 3, 1),
            person=world.fit[target],
        )
        world.made[key] = services.review(
            admin, proposal, agreed=True, reviewed_on=dt.date(2023, 3, 5)
        )
    return world.made[key]


def _decision(world: World, target: str) -> AwardDecision:
    key = f"awards_decision{target}"
    if key not in world.made:
        world.made[key] = services.issue_decision(
            world.users["admin"],
            authority=world.ward[target],
            number=f"15{target}/QĐ-UBND",
            year=2023,
            signed_on=dt.date(2023, 3, 10),
            form=AwardForm.objects.get(code="giay_khen"),
            field="local_defense",
            proposals=[_proposal(world, target)],
        )
    return world.made[key]


def proposal(world: World, target: str) -> dict[str, Any]:
    return {"pk": _proposal(world, target).pk}


def decision(world: World, target: str) -> dict[str, Any]:
    return {"pk": _decision(world, target).pk}


def new_proposal(world: World, target: str) -> dict[str, Any]:
    return {
        "proposer": world.ward["A"].pk,
        "year": 2024,
        "form": AwardForm.objects.get(code="giay_khen").pk,
        "field": "overall",
        "collective": world.ward["A"].pk,
        "achievement": "Hoàn thành tốt nhiệm vụ",
        "proposed_on": "2024-12-10",
    }


def new_decision(world: World, target: str) -> dict[str, Any]:
    return {
        "authority": world.ward["A"].pk,
        "number": "99/QĐ-UBND",
        "year": 2023,
        "signed_on": "2023-12-28",
        "form": AwardForm.objects.get(code="giay_khen").pk,
        "field": "local_defense",
        "proposals": [],
        "signer_title": "CHỦ TỊCH",
    }


XLSX = {"format": "xlsx"}

TABLE: dict[str, Entry | tuple[Entry, ...]] = {
    "awards:home": (Entry(), Entry(query=XLSX)),
    "awards:propose": Entry(allow=writers, post=new_proposal),
    "awards:from_ranking": Entry(
        allow=writers,
        post=lambda w, t: {
            "unit": w.ward["A"].pk,
            "year": 2023,
            "form": AwardForm.objects.get(code="giay_khen").pk,
            "field": "local_defense",
            "proposed_on": "2023-12-15",
        },
    ),
    # The list is for readers; a leader's POST is refused before its form is read.
    "awards:review": Entry(
        post=lambda w, t: {"proposals": [], "agreed": "yes", "reviewed_on": "2023-03-06"},
        post_allow=writers,
    ),
    "awards:decisions": (Entry(), Entry(query=XLSX)),
    "awards:decision_create": Entry(allow=writers, post=new_decision),
    "awards:decision": Entry(kwargs=decision, allow=sees_ward),
    "awards:decision_print": Entry(kwargs=decision, allow=sees_ward),
    "awards:certificates": Entry(kwargs=decision, allow=sees_ward),
    "api:awards-form-list": Entry(anonymous=API),
    "api:awards-proposal-list": Entry(anonymous=API),
    "api:awards-proposal-detail": Entry(kwargs=proposal, allow=sees_ward, anonymous=API),
    "api:awards-proposal-review": Entry(
        kwargs=proposal,
        ok=GET_NOT_ALLOWED,
        anonymous=API,
        guess=False,
        post=lambda w, t: {"agreed": "true", "reviewed_on": "2023-03-06"},
        post_allow=writes,
    ),
    "api:awards-ranking-proposals": Entry(
        kwargs=lambda w, t: {"unit": w.ward[t].pk},
        allow=sees_ward,
        anonymous=API,
        query={"year": "2023"},
    ),
    "api:awards-decision-list": Entry(anonymous=API),
    "api:awards-decision-detail": Entry(kwargs=decision, allow=sees_ward, anonymous=API),
    "api:awards-decision-print": Entry(kwargs=decision, allow=sees_ward, anonymous=API),
    "api:awards-decision-certificates": Entry(kwargs=decision, allow=sees_ward, anonymous=API),
}
