"""Why the awards services refuse a write: one code per refusal."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    ACHIEVEMENT_AWARDED = "achievement_awarded"
    ACHIEVEMENT_PROPOSED = "achievement_proposed"
    ACHIEVEMENT_REQUIRED = "achievement_required"
    DECISION_NUMBER_REQUIRED = "decision_number_required"
    DECISION_NUMBER_TAKEN = "decision_number_taken"
    DECISION_WITHOUT_AWARDEES = "decision_without_awardees"
    FIELD_UNKNOWN = "field_unknown"
    FORM_NOT_ALLOWED = "form_not_allowed"
    FORM_NOT_FOR_COLLECTIVE = "form_not_for_collective"
    FORM_NOT_FOR_INDIVIDUAL = "form_not_for_individual"
    NOMINEE_OUTSIDE_PROPOSER = "nominee_outside_proposer"
    NOMINEE_REQUIRED = "nominee_required"
    PREREQUISITE_MISSING = "prerequisite_missing"
    PROPOSAL_MISMATCH = "proposal_mismatch"
    PROPOSAL_NOT_AGREED = "proposal_not_agreed"
    PROPOSAL_OUTSIDE_AUTHORITY = "proposal_outside_authority"
    REVIEW_DONE = "review_done"
    SIGNED_BEFORE_PROPOSAL = "signed_before_proposal"
    # database constraints (the last guard behind the services)
    FORM_HAS_RECIPIENT = "form_has_recipient"
    AUTHORITY_ONCE_PER_DAY = "authority_once_per_day"
    AUTHORITY_PERIOD_ORDERED = "authority_period_ordered"
    RATE_ONCE_PER_DAY = "rate_once_per_day"
    DECISION_NUMBER_UNIQUE = "decision_number_unique"
    PROPOSAL_ONE_NOMINEE = "proposal_one_nominee"
    AWARDED_HAS_DECISION = "awarded_has_decision"
    COLLECTIVE_ONCE_PER_ACHIEVEMENT = "collective_once_per_achievement"
    PERSON_ONCE_PER_ACHIEVEMENT = "person_once_per_achievement"
