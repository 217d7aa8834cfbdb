"""Planning pages (``/ke-hoach/``): plans and tasks, targets, the documents register, events,
budget and data approval. Views parse and authorise; ``services`` write."""

from __future__ import annotations

from qpdp.planning.views.approval import ApprovalView
from qpdp.planning.views.budget import (
    BudgetLineCreateView,
    BudgetLineDeleteView,
    BudgetLineEditView,
    BudgetView,
)
from qpdp.planning.views.documents import (
    DocumentCreateView,
    DocumentDeleteView,
    DocumentEditView,
    DocumentFileView,
    DocumentListView,
)
from qpdp.planning.views.events import (
    EventCreateView,
    EventDeleteView,
    EventDetailView,
    EventEditView,
    EventListView,
    PhaseCreateView,
    PhaseDeleteView,
    PhaseEditView,
)
from qpdp.planning.views.plans import (
    PlanApproveView,
    PlanDetailView,
    PlanEditView,
    PlanListView,
    PlanNextYearView,
    TaskCreateView,
    TaskDeleteView,
    TaskEditView,
    TaskProgressView,
)
from qpdp.planning.views.targets import TargetView

__all__ = [
    "ApprovalView",
    "BudgetLineCreateView",
    "BudgetLineDeleteView",
    "BudgetLineEditView",
    "BudgetView",
    "DocumentCreateView",
    "DocumentDeleteView",
    "DocumentEditView",
    "DocumentFileView",
    "DocumentListView",
    "EventCreateView",
    "EventDeleteView",
    "EventDetailView",
    "EventEditView",
    "EventListView",
    "PhaseCreateView",
    "PhaseDeleteView",
    "PhaseEditView",
    "PlanApproveView",
    "PlanDetailView",
    "PlanEditView",
    "PlanListView",
    "PlanNextYearView",
    "TargetView",
    "TaskCreateView",
    "TaskDeleteView",
    "TaskEditView",
    "TaskProgressView",
]
