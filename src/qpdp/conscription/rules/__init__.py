"""The law of military service as pure functions: no ORM, no I/O, every date passed in.

Modules, each with one reason to change:

- ``regime``: which workflow (three-tier before 01/07/2025, two-tier since) governs a date.
- ``ages``: partial birth dates, anniversaries, the call-up age (Art. 30).
- ``grounds``: deferral and exemption grounds (Art. 41) and decisions applying them.
- ``standards``: health (Circular 105/2023, Circular 148/2018 as amended) and education.
- ``states``: the pool states, their precedence, reasons and evaluations.
- ``pool``: ``evaluate`` one person, ``evaluate_many`` a register.
- ``registration``: who must register (Art. 12–16).
- ``bars``: the measures that bar registration and the call while they last (Art. 13).
- ``recognition``: service recognised without enlistment (Art. 4.4); the militia's flags.
- ``service``: time served from the handover (Art. 22) and the discharge (Art. 43).
- ``council``: the Military Service Council's votes (Art. 36.3), who proposes the list (34.3).
- ``deadlines``: notice, posting and examination periods (Art. 33, 34, 40, 41).
"""

from __future__ import annotations

from .ages import AgeCheck, BirthDate, anniversary, call_up_age, completed_years
from .bars import Measure, MeasureKind, barred_until, measure_article
from .council import (
    RESOLUTION_ARTICLE,
    CouncilStep,
    council_article,
    has_council,
    proposing_level,
    resolution_passes,
    votes_needed,
)
from .dated import NoRuleInForce
from .deadlines import (
    deferral_list_posting_deadline,
    deferral_list_posting_end,
    exam_call_is_late,
    exam_season_start,
    exam_window,
    in_exam_window,
    latest_exam_call_date,
    latest_order_date,
    order_is_late,
    order_overdue,
    results_posting_deadline,
    results_posting_overdue,
    validate_exam_period,
    validate_handover_date,
)
from .grounds import (
    DEFERRAL_GROUNDS,
    EXEMPTION_GROUNDS,
    Decision,
    DecisionKind,
    Ground,
    ground,
    grounds_in_force,
)
from .pool import PersonFacts, evaluate, evaluate_many
from .recognition import (
    RecognitionGround,
    militia_flags,
    months_short,
    recognition_article,
)
from .regime import REGIMES, Regime, cycle_regime, regime_on
from .registration import first_registration_due, registration_subject
from .service import (
    ACTIVE_SERVICE_MONTHS,
    DISCHARGE_ARTICLES,
    DischargeKind,
    Service,
    add_months,
    discharge_breach,
    service_length,
)
from .standards import (
    HEALTH_STANDARDS,
    MIN_EDUCATION_GRADE,
    PERMITTED_EDUCATION_GRADE,
    HealthStandard,
    health_standard_on,
)
from .states import Evaluation, PoolState, Reason

__all__ = [
    "ACTIVE_SERVICE_MONTHS",
    "DEFERRAL_GROUNDS",
    "DISCHARGE_ARTICLES",
    "EXEMPTION_GROUNDS",
    "HEALTH_STANDARDS",
    "MIN_EDUCATION_GRADE",
    "PERMITTED_EDUCATION_GRADE",
    "REGIMES",
    "RESOLUTION_ARTICLE",
    "AgeCheck",
    "BirthDate",
    "CouncilStep",
    "Decision",
    "DecisionKind",
    "DischargeKind",
    "Evaluation",
    "Ground",
    "HealthStandard",
    "Measure",
    "MeasureKind",
    "NoRuleInForce",
    "PersonFacts",
    "PoolState",
    "Reason",
    "RecognitionGround",
    "Regime",
    "Service",
    "add_months",
    "anniversary",
    "barred_until",
    "call_up_age",
    "completed_years",
    "council_article",
    "cycle_regime",
    "deferral_list_posting_deadline",
    "deferral_list_posting_end",
    "discharge_breach",
    "evaluate",
    "evaluate_many",
    "exam_call_is_late",
    "exam_season_start",
    "exam_window",
    "first_registration_due",
    "ground",
    "grounds_in_force",
    "has_council",
    "health_standard_on",
    "in_exam_window",
    "latest_exam_call_date",
    "latest_order_date",
    "measure_article",
    "militia_flags",
    "months_short",
    "order_is_late",
    "order_overdue",
    "proposing_level",
    "recognition_article",
    "regime_on",
    "registration_subject",
    "resolution_passes",
    "results_posting_deadline",
    "results_posting_overdue",
    "service_length",
    "validate_exam_period",
    "validate_handover_date",
    "votes_needed",
]
