"""Pages of the call-up cycle: cycles and quotas, first registration, health, the pool, deferral
and exemption decisions, the council's meetings and resolutions, the council review, call-up
orders and the handover.

Views parse the request, pick what the user may see (``selectors``, ``visible_to``) and call
``services``; every refusal of the workflow comes back as the service's Vietnamese message on
the form, with nothing saved. A person's Art. 13 measures and Art. 4.4 recognition belong to no
cycle and have pages of their own, as has the list of volunteers across cycles. Bulk actions are
posted twice: once to check, once confirmed.
"""

from __future__ import annotations

from qpdp.conscription.views.council import CouncilMeetingCreateView, CouncilMeetingListView
from qpdp.conscription.views.cycles import (
    CycleCreateView,
    CycleDetailView,
    CycleListView,
    QuotaView,
)
from qpdp.conscription.views.decisions import (
    DecideView,
    DecisionListView,
    ProposalView,
    VolunteeringView,
)
from qpdp.conscription.views.facts import (
    MeasureCreateView,
    MeasureEndView,
    MeasureListView,
    RecognitionCreateView,
    RecognitionListView,
    VolunteerListView,
)
from qpdp.conscription.views.health import (
    ExamCallView,
    HealthPersonView,
    HealthView,
    ResultsPostingView,
)
from qpdp.conscription.views.orders import (
    DeliveryView,
    DischargeView,
    HandoverView,
    OrderIssueView,
    OrderListView,
    OrderPrintView,
    ReplacementView,
)
from qpdp.conscription.views.pool import PoolView
from qpdp.conscription.views.registration import RegistrationView
from qpdp.conscription.views.review import ReviewView

__all__ = [
    "CouncilMeetingCreateView",
    "CouncilMeetingListView",
    "CycleCreateView",
    "CycleDetailView",
    "CycleListView",
    "DecideView",
    "DecisionListView",
    "DeliveryView",
    "DischargeView",
    "ExamCallView",
    "HandoverView",
    "HealthPersonView",
    "HealthView",
    "MeasureCreateView",
    "MeasureEndView",
    "MeasureListView",
    "OrderIssueView",
    "OrderListView",
    "OrderPrintView",
    "PoolView",
    "ProposalView",
    "QuotaView",
    "RecognitionCreateView",
    "RecognitionListView",
    "RegistrationView",
    "ReplacementView",
    "ResultsPostingView",
    "ReviewView",
    "VolunteerListView",
    "VolunteeringView",
]
