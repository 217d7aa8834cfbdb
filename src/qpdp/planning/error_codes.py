"""Codes of the planning workflows' refusals (``ValidationError(message, code=…)``)."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # Plans and tasks
    UNIT_NOT_IN_YEAR = "unit_not_in_year"
    """The unit does not exist at any point of the plan's year."""
    PLAN_EXISTS = "plan_exists"
    """The unit already has a plan for that year."""
    NO_SINGLE_SUCCESSOR = "no_single_successor"
    """Next year's plan: the unit ended and was not carried on by exactly one unit."""
    PLAN_APPROVED = "plan_approved"
    PLAN_WITHOUT_TASKS = "plan_without_tasks"
    RESPONSIBLE_OUTSIDE_PLAN = "responsible_outside_plan"
    """The unit in charge is neither the plan's unit nor one below it."""
    DEADLINE_YEAR = "deadline_year"
    TASK_STATUS = "task_status"
    """No such progress status."""
    EVIDENCE_REQUIRED = "evidence_required"
    """A task marked done without its result or evidence."""
    # Targets and ranking weights
    TARGET_UNIT_OUTSIDE = "target_unit_outside"
    """A target for a unit that is neither the unit nor one of its children that year."""
    TARGET_UNKNOWN = "target_unknown"
    TARGET_NEGATIVE = "target_negative"
    TARGET_OVER_SHARED = "target_over_shared"
    """The children's shares of a count exceed the parent's own target."""
    INDICATOR_UNKNOWN = "indicator_unknown"
    WEIGHT_NEGATIVE = "weight_negative"
    # Data approval (planning.rules.next_status)
    APPROVAL_STATUS = "approval_status"
    """The action is not possible from the figures' current status."""
    APPROVAL_SUPERIOR_ONLY = "approval_superior_only"
    """Only a commander of the level above may take this action."""
    APPROVAL_UNIT_ONLY = "approval_unit_only"
    """Only the unit whose figures they are may take this action."""
    UNLOCK_REASON_REQUIRED = "unlock_reason_required"
    # Documents and events
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    """Not a PDF, Word, OpenDocument, JPG or PNG file."""
    FILE_CONTENT = "file_content"
    """The file's first bytes do not match its extension."""
    DOCUMENT_YEAR = "document_year"
    """Issued neither in the document's year nor the year before."""
    EVENT_YEAR = "event_year"
    """The event starts outside its year."""
    PHASE_OUTSIDE_EVENT = "phase_outside_event"
