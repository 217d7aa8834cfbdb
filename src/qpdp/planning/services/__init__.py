"""The planning workflows: each function checks who may act, validates, writes in one
transaction and audits. Views and the ``qpdp`` commands call these; refusals are
``ValidationError`` or ``PermissionDenied`` with a Vietnamese message, nothing written."""

from __future__ import annotations

from qpdp.planning.services.approval import ApprovalStep, act, approval_for, capacities
from qpdp.planning.services.budget import (
    BudgetTotals,
    add_budget_line,
    delete_budget_line,
    totals,
    update_budget_line,
)
from qpdp.planning.services.documents import (
    MAX_FILE_SIZE,
    add_document,
    check_upload,
    delete_document,
    update_document,
)
from qpdp.planning.services.events import (
    add_phase,
    create_event,
    delete_event,
    delete_phase,
    update_event,
    update_phase,
)
from qpdp.planning.services.nextyear import create_next_year_plan, successors_in
from qpdp.planning.services.plans import (
    add_task,
    approve_plan,
    create_plan,
    delete_task,
    set_task_progress,
    update_plan,
    update_task,
)
from qpdp.planning.services.targets import (
    TargetChanges,
    TargetKind,
    set_targets,
    target_checks,
    target_kinds,
)

__all__ = [
    "MAX_FILE_SIZE",
    "ApprovalStep",
    "BudgetTotals",
    "TargetChanges",
    "TargetKind",
    "act",
    "add_budget_line",
    "add_document",
    "add_phase",
    "add_task",
    "approval_for",
    "approve_plan",
    "capacities",
    "check_upload",
    "create_event",
    "create_next_year_plan",
    "create_plan",
    "delete_budget_line",
    "delete_document",
    "delete_event",
    "delete_phase",
    "delete_task",
    "set_targets",
    "set_task_progress",
    "successors_in",
    "target_checks",
    "target_kinds",
    "totals",
    "update_budget_line",
    "update_document",
    "update_event",
    "update_phase",
    "update_plan",
    "update_task",
]
