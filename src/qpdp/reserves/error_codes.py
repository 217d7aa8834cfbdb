"""Why a reserve-forces write was refused, as codes a program can act on (the message says it
in Vietnamese; the API sends both)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # soldiers
    NOT_RESERVE_SUBJECT = "not_reserve_subject"
    CATEGORY_NEEDS_DECISION = "category_needs_decision"
    CATEGORY_CONTRADICTS_HISTORY = "category_contradicts_history"
    OVER_RESERVE_AGE = "over_reserve_age"
    AGE_UNCERTAIN = "age_uncertain"
    ALREADY_REGISTERED = "already_registered"
    REGISTERED_BEFORE_DISCHARGE = "registered_before_discharge"
    HOST_UNIT_KIND = "host_unit_kind"
    HOST_UNIT_NOT_IN_FORCE = "host_unit_not_in_force"
    TRANSFERRED_OUT = "transferred_out"
    NOT_AT_AGE_LIMIT = "not_at_age_limit"
    EVIDENCE_REQUIRED = "evidence_required"
    AUTHORITY_NOT_NAMED = "authority_not_named"
    DECISION_INCOMPLETE = "decision_incomplete"
    DATE_BEFORE_REGISTRATION = "date_before_registration"
    NO_RULE_IN_FORCE = "no_rule_in_force"
    # units and assignment
    UNIT_DISSOLVED = "unit_dissolved"
    ALREADY_ASSIGNED = "already_assigned"
    OVER_ASSIGNMENT_AGE = "over_assignment_age"
    SPECIALITY_MISMATCH = "speciality_mismatch"
    OVER_STRENGTH = "over_strength"
    ASSIGNMENT_ENDED = "assignment_ended"
    END_BEFORE_ASSIGNMENT = "end_before_assignment"
    # readiness
    DATES_OUT_OF_ORDER = "dates_out_of_order"
    READINESS_CHECK_TOO_LONG = "readiness_check_too_long"
    NOT_ASSIGNED_TO_UNIT = "not_assigned_to_unit"
    ALREADY_SUMMONED = "already_summoned"
    SUMMONED_AFTER_START = "summoned_after_start"
    REPORT_OUTSIDE_DRILL = "report_outside_drill"
    EXCUSE_UNCONFIRMED = "excuse_unconfirmed"
    REPORTED_AND_EXCUSED = "reported_and_excused"
    ONE_SOLDIER_OR_ALL = "one_soldier_or_all"  # a summons names one soldier or all assigned
    # database constraints (the last guard behind the services)
    ONE_OPEN_RECORD = "one_open_record"
    TRANSFER_AFTER_REGISTRATION = "transfer_after_registration"
    UNIT_STRENGTH_POSITIVE = "unit_strength_positive"
    UNIT_DISSOLVED_AFTER_ESTABLISHED = "unit_dissolved_after_established"
    ONE_OPEN_ASSIGNMENT = "one_open_assignment"
    MISMATCH_HAS_REASON = "mismatch_has_reason"
    ASSIGNMENT_END_AFTER_START = "assignment_end_after_start"
    DRILL_DATES_ORDERED = "drill_dates_ordered"
    SUMMONED_ONCE = "summoned_once"
    REPORTED_OR_EXCUSED = "reported_or_excused"
