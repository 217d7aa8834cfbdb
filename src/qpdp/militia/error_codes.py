"""Why a militia write was refused, as codes a program can act on (the message says it in
Vietnamese; the API sends both)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # units
    HOST_UNIT_KIND = "host_unit_kind"
    HOST_UNIT_NOT_IN_FORCE = "host_unit_not_in_force"
    LEVEL_NOT_FOR_KIND = "level_not_for_kind"
    AUTHORITY_NOT_NAMED = "authority_not_named"
    NO_RULE_IN_FORCE = "no_rule_in_force"
    PARENT_UNIT_MISMATCH = "parent_unit_mismatch"
    UNIT_DISSOLVED = "unit_dissolved"
    UNIT_HAS_MEMBERS = "unit_has_members"
    STRENGTH_BELOW_ROSTER = "strength_below_roster"
    # members
    UNDER_AGE = "under_age"
    OVER_AGE = "over_age"
    OVER_VOLUNTEER_AGE = "over_volunteer_age"
    AGE_UNCERTAIN = "age_uncertain"
    ALREADY_IN_CORE_MILITIA = "already_in_core_militia"
    OVER_STRENGTH = "over_strength"
    DUTY_DECISION_IN_FORCE = "duty_decision_in_force"
    ASSIGNED_RESERVIST = "assigned_reservist"
    DECISION_INCOMPLETE = "decision_incomplete"
    DECISION_AFTER_JOINING = "decision_after_joining"
    DECIDER_NOT_NAMED = "decider_not_named"
    COMMANDER_POST_TAKEN = "commander_post_taken"
    MEMBERSHIP_ENDED = "membership_ended"
    END_BEFORE_JOINING = "end_before_joining"
    TERM_NOT_SERVED = "term_not_served"
    EXTENSION_NOT_LATER = "extension_not_later"
    EXTENSION_TOO_LONG = "extension_too_long"
    EXTENSION_PAST_AGE = "extension_past_age"
    TRANSFER_SAME_UNIT = "transfer_same_unit"
    # deferral, exemption, release, removal
    UNKNOWN_GROUND = "unknown_ground"
    EVIDENCE_REQUIRED = "evidence_required"
    UNTIL_REQUIRED = "until_required"
    UNTIL_BEFORE_DECISION = "until_before_decision"
    VOLUNTEER_NOT_ALLOWED = "volunteer_not_allowed"
    # training
    TRAINING_PLAN_EXISTS = "training_plan_exists"
    DATES_OUT_OF_ORDER = "dates_out_of_order"
    PLAN_OUTSIDE_YEAR = "plan_outside_year"
    ATTENDANCE_DAYS_INVALID = "attendance_days_invalid"
    # database constraints (the last guard behind the services)
    UNIT_STRENGTH_POSITIVE = "unit_strength_positive"
    UNIT_DISSOLVED_AFTER_ESTABLISHED = "unit_dissolved_after_established"
    ONE_OPEN_MEMBERSHIP = "one_open_membership"
    MEMBERSHIP_ENDED_AFTER_JOINING = "membership_ended_after_joining"
    MEMBERSHIP_TERM_ORDERED = "membership_term_ordered"
    MEMBERSHIP_EXTENSION_LATER = "membership_extension_later"
    DEFERRAL_HAS_LATER_END = "deferral_has_later_end"
    TRAINING_PLAN_UNIQUE = "training_plan_unique"
    TRAINING_PLAN_DATES_ORDERED = "training_plan_dates_ordered"
    ATTENDANCE_ONCE_PER_PLAN = "attendance_once_per_plan"
