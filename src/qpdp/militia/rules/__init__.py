"""The law of the militia and self-defense forces as pure functions: no ORM, dates passed in.

- ``organisation``: kinds of force, unit levels, posts; who sets a unit up, who signs a member's
  decisions (Art. 6, 15, 19, 22; Art. 8.3, 10.4, 11.4, 12.3, 13.4 as amended in 2025).
- ``duty``: ages (Art. 8.1), term and extension (Art. 8.2), flags, months of service.
- ``grounds``: deferral and exemption (Art. 11), volunteering (11.3), release and removal (12).
- ``training``: yearly training days (Art. 28.1).
"""

from __future__ import annotations

from qpdp.core.dated import NoRuleInForce

from .base import BEFORE_REFORM, MILITIA_LAW, REFORM, Breach, Flag
from .duty import (
    AGE_UNCERTAIN,
    PAST_AGE,
    PAST_TERM,
    MemberFacts,
    age_limit,
    age_limit_end,
    duty_age_check,
    eligibility_breach,
    extension_breach,
    extension_ceiling,
    flags,
    nominal_term_end,
    service_months,
    term_end,
    terms,
)
from .grounds import (
    CALLED_UP_RELEASE_GROUND,
    DEFERRAL_GROUNDS,
    EXEMPTION_GROUNDS,
    RELEASE_GROUNDS,
    REMOVAL_GROUNDS,
    VOLUNTEER_ARTICLE,
    DutyDecisionKind,
    EndReason,
    Ground,
    duty_ground,
    end_ground,
    may_volunteer,
)
from .organisation import (
    SPECIALISED,
    DecisionAuthority,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
    decider_breach,
    default_decider,
    establishing_authorities,
    establishment_breach,
    post_title,
)
from .training import training_article, training_days

__all__ = [
    "AGE_UNCERTAIN",
    "BEFORE_REFORM",
    "CALLED_UP_RELEASE_GROUND",
    "DEFERRAL_GROUNDS",
    "EXEMPTION_GROUNDS",
    "MILITIA_LAW",
    "PAST_AGE",
    "PAST_TERM",
    "REFORM",
    "RELEASE_GROUNDS",
    "REMOVAL_GROUNDS",
    "SPECIALISED",
    "VOLUNTEER_ARTICLE",
    "Breach",
    "DecisionAuthority",
    "DutyDecisionKind",
    "EndReason",
    "EstablishingAuthority",
    "Flag",
    "ForceKind",
    "Ground",
    "Level",
    "MemberFacts",
    "NoRuleInForce",
    "Post",
    "age_limit",
    "age_limit_end",
    "decider_breach",
    "default_decider",
    "duty_age_check",
    "duty_ground",
    "eligibility_breach",
    "end_ground",
    "establishing_authorities",
    "establishment_breach",
    "extension_breach",
    "extension_ceiling",
    "flags",
    "may_volunteer",
    "nominal_term_end",
    "post_title",
    "service_months",
    "term_end",
    "terms",
    "training_article",
    "training_days",
]
