"""The call-up workflow: each function validates, writes in one transaction and audits.

Views, the API and the ``qpdp`` commands call these functions; the law is asked of ``rules``.
Refusals raise ``ValidationError`` (or ``PermissionDenied``) with a Vietnamese message before
anything is written, so a refused call leaves the database unchanged.

A cycle runs in the units in force on its handover date, under the regime of that date
(``rules.cycle_regime``): the 2023 cycle belongs to the city and its 2022 wards, the 2026 cycle to
the province and the new wards. A person's records of a cycle belong to the ward he lived in then
(``cycle_commune``), so a 2023 record stays with Suối Hoa after the 2025 merger.
"""

from __future__ import annotations

from qpdp.conscription.services._common import commune_on, cycle_commune
from qpdp.conscription.services.completion import Completion, completion, handed_over_count
from qpdp.conscription.services.council import (
    MeetingInput,
    check_council_proposal,
    check_meeting,
    council_name,
    record_meeting,
)
from qpdp.conscription.services.cycles import (
    QuotaMismatch,
    assign_quota,
    create_cycle,
    quota_levels,
    quota_mismatches,
)
from qpdp.conscription.services.decisions import (
    check_decider,
    decide,
    deciding_level,
    propose_decision,
)
from qpdp.conscription.services.discharges import (
    Discharged,
    DischargeInput,
    DischargePlan,
    check_discharge,
    record_discharge,
)
from qpdp.conscription.services.health import post_results, record_exam_call, record_health
from qpdp.conscription.services.measures import (
    MeasureInput,
    check_not_barred,
    end_measure,
    record_measure,
)
from qpdp.conscription.services.orders import (
    LIVE_OUTCOMES,
    OverdueStep,
    approve_review,
    issue_order,
    issue_replacement,
    next_order_number,
    order_issuer,
    overdue_steps,
    record_delivery,
    record_handover,
)
from qpdp.conscription.services.pool import PoolEntry, pool, reserve_list, state_of
from qpdp.conscription.services.recognitions import RecognitionInput, record_recognition
from qpdp.conscription.services.registration import (
    check_registration,
    first_registration_list,
    record_registration,
)
from qpdp.conscription.services.volunteers import record_volunteering

__all__ = [
    "LIVE_OUTCOMES",
    "Completion",
    "DischargeInput",
    "DischargePlan",
    "Discharged",
    "MeasureInput",
    "MeetingInput",
    "OverdueStep",
    "PoolEntry",
    "QuotaMismatch",
    "RecognitionInput",
    "approve_review",
    "assign_quota",
    "check_council_proposal",
    "check_decider",
    "check_discharge",
    "check_meeting",
    "check_not_barred",
    "check_registration",
    "commune_on",
    "completion",
    "council_name",
    "create_cycle",
    "cycle_commune",
    "decide",
    "deciding_level",
    "end_measure",
    "first_registration_list",
    "handed_over_count",
    "issue_order",
    "issue_replacement",
    "next_order_number",
    "order_issuer",
    "overdue_steps",
    "pool",
    "post_results",
    "propose_decision",
    "quota_levels",
    "quota_mismatches",
    "record_delivery",
    "record_discharge",
    "record_exam_call",
    "record_handover",
    "record_health",
    "record_measure",
    "record_meeting",
    "record_recognition",
    "record_registration",
    "record_volunteering",
    "reserve_list",
    "state_of",
]
