"""Why the rear-policy services refuse a write: one code per refusal (see ``rules.Refusal``
for the codes the rules return)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    AMOUNT_OVER_ENTITLEMENT = "amount_over_entitlement"
    AMOUNT_REQUIRED = "amount_required"
    BEFORE_SCHEME = "before_scheme"
    BENEFIT_MISMATCH = "benefit_mismatch"
    DECISION_NUMBER_REQUIRED = "decision_number_required"
    DISCHARGE_BEFORE_ENLISTMENT = "discharge_before_enlistment"
    DOCUMENT_OTHER_SCHEME = "document_other_scheme"
    DOCUMENT_TWICE = "document_twice"
    DOSSIER_INCOMPLETE = "dossier_incomplete"
    FAMILY_EXISTS = "family_exists"
    HANDOVER_NOT_DONE = "handover_not_done"
    KIND_UNKNOWN = "kind_unknown"
    MEMBER_IS_SOLDIER = "member_is_soldier"
    MEMBER_OTHER_FAMILY = "member_other_family"
    MEMBER_REQUIRED = "member_required"
    MEMBER_TWICE = "member_twice"
    NO_BASE_SALARY = "no_base_salary"
    NO_RATE = "no_rate"
    NOT_ELIGIBLE = "not_eligible"
    NOT_IN_SERVICE = "not_in_service"
    PAYMENT_OVER_ENTITLEMENT = "payment_over_entitlement"
    PERSON_LIMIT_REACHED = "person_limit_reached"
    REASON_REQUIRED = "reason_required"
    RETURN_REASON_REQUIRED = "return_reason_required"
    STEP_DATE_ORDER = "step_date_order"
    STEP_OUT_OF_ORDER = "step_out_of_order"
    YEARLY_LIMIT_REACHED = "yearly_limit_reached"
    # database constraints (the last guard behind the services)
    BASE_SALARY_ONCE_PER_DAY = "base_salary_once_per_day"
    ALLOWANCE_ONCE_PER_DAY = "allowance_once_per_day"
    FAMILY_DISCHARGE_AFTER_ENLISTMENT = "family_discharge_after_enlistment"
    MEMBER_ONCE_PER_FAMILY = "member_once_per_family"
    PAYMENT_POSITIVE = "payment_positive"
    PAYMENT_NAMES_RELATIVE = "payment_names_relative"
    DOSSIER_ITEM_CODE_UNIQUE = "dossier_item_code_unique"
    DEADLINE_ONCE_PER_DAY = "deadline_once_per_day"
    D62_RATE_ONCE_PER_DAY = "d62_rate_once_per_day"
    CASE_STEPS_AFTER_RECEIPT = "case_steps_after_receipt"
    CASE_RETURN_HAS_REASON = "case_return_has_reason"
    DOCUMENT_ONCE_PER_CASE = "document_once_per_case"
