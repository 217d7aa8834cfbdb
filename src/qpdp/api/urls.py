"""/api/v1/: one path per registry and workflow step, as the pages are laid out."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from qpdp.api.views import (
    awards,
    conscription,
    core,
    docs,
    education,
    militia,
    people,
    planning,
    reserves,
    welfare,
)

app_name = "api"

cycle = "conscription/cycles/<int:cycle>"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    path("units/", core.UnitList.as_view(), name="unit-list"),
    path("units/<int:pk>/", core.UnitDetail.as_view(), name="unit-detail"),
    path("people/", people.PersonList.as_view(), name="person-list"),
    path("people/<int:pk>/", people.PersonDetail.as_view(), name="person-detail"),
    path("people/<int:pk>/residences/", people.ResidenceList.as_view(), name="person-residences"),
    path("conscription/cycles/", conscription.CycleList.as_view(), name="cycle-list"),
    path(f"{cycle}/", conscription.CycleDetail.as_view(), name="cycle-detail"),
    path(f"{cycle}/quotas/", conscription.QuotaList.as_view(), name="quota-list"),
    path(
        "conscription/registrations/",
        conscription.RegistrationList.as_view(),
        name="registration-list",
    ),
    path(
        "conscription/registrations/<int:pk>/",
        conscription.RegistrationDetail.as_view(),
        name="registration-detail",
    ),
    path("conscription/measures/", conscription.MeasureList.as_view(), name="measure-list"),
    path(
        "conscription/measures/<int:pk>/",
        conscription.MeasureDetail.as_view(),
        name="measure-detail",
    ),
    path(
        "conscription/measures/<int:pk>/end/",
        conscription.MeasureEndView.as_view(),
        name="measure-end",
    ),
    path(
        "conscription/recognitions/",
        conscription.RecognitionList.as_view(),
        name="recognition-list",
    ),
    path(
        "conscription/recognitions/<int:pk>/",
        conscription.RecognitionDetail.as_view(),
        name="recognition-detail",
    ),
    path(f"{cycle}/health-results/", conscription.HealthList.as_view(), name="health-list"),
    path(f"{cycle}/exam-calls/", conscription.ExamCallList.as_view(), name="exam-call-list"),
    path(
        f"{cycle}/results-postings/",
        conscription.ResultsPostingList.as_view(),
        name="results-posting-list",
    ),
    path(f"{cycle}/decisions/", conscription.DecisionList.as_view(), name="decision-list"),
    path(
        f"{cycle}/decisions/<int:pk>/",
        conscription.DecisionDetail.as_view(),
        name="decision-detail",
    ),
    path(
        f"{cycle}/decisions/<int:pk>/decide/",
        conscription.DecideView.as_view(),
        name="decision-decide",
    ),
    path(f"{cycle}/volunteers/", conscription.VolunteeringList.as_view(), name="volunteer-list"),
    path(f"{cycle}/wards/<int:ward>/pool/", conscription.PoolView.as_view(), name="pool"),
    path(
        f"{cycle}/council-meetings/",
        conscription.CouncilMeetingList.as_view(),
        name="council-meeting-list",
    ),
    path(f"{cycle}/reviews/", conscription.ReviewList.as_view(), name="review-list"),
    path(f"{cycle}/orders/", conscription.OrderList.as_view(), name="order-list"),
    path(f"{cycle}/orders/<int:pk>/", conscription.OrderDetail.as_view(), name="order-detail"),
    path(
        f"{cycle}/orders/<int:pk>/delivery/",
        conscription.DeliveryView.as_view(),
        name="order-delivery",
    ),
    path(
        f"{cycle}/orders/<int:pk>/handover/",
        conscription.HandoverView.as_view(),
        name="order-handover",
    ),
    path(
        f"{cycle}/orders/<int:pk>/discharge/",
        conscription.DischargeView.as_view(),
        name="order-discharge",
    ),
    path(
        f"{cycle}/orders/<int:pk>/replace/",
        conscription.ReplacementView.as_view(),
        name="order-replace",
    ),
    path("militia/units/", militia.UnitList.as_view(), name="militia-unit-list"),
    path("militia/units/<int:pk>/", militia.UnitDetail.as_view(), name="militia-unit-detail"),
    path("militia/members/", militia.MemberList.as_view(), name="militia-member-list"),
    path("militia/members/<int:pk>/", militia.MemberDetail.as_view(), name="militia-member-detail"),
    path(
        "militia/members/<int:pk>/extend/",
        militia.ExtendView.as_view(),
        name="militia-member-extend",
    ),
    path("militia/members/<int:pk>/end/", militia.EndView.as_view(), name="militia-member-end"),
    path(
        "militia/members/<int:pk>/transfer/",
        militia.TransferView.as_view(),
        name="militia-member-transfer",
    ),
    path("militia/decisions/", militia.DecisionList.as_view(), name="militia-decision-list"),
    path("militia/training-plans/", militia.PlanList.as_view(), name="militia-plan-list"),
    path(
        "militia/training-plans/<int:pk>/",
        militia.PlanDetail.as_view(),
        name="militia-plan-detail",
    ),
    path(
        "militia/training-plans/<int:pk>/enrol/",
        militia.EnrolView.as_view(),
        name="militia-plan-enrol",
    ),
    path(
        "militia/training-plans/<int:plan>/attendance/",
        militia.AttendanceList.as_view(),
        name="militia-attendance-list",
    ),
    path(
        "militia/training-plans/<int:plan>/attendance/<int:pk>/",
        militia.AttendanceRecord.as_view(),
        name="militia-attendance-record",
    ),
    path("reserves/soldiers/", reserves.SoldierList.as_view(), name="reserve-soldier-list"),
    path(
        "reserves/soldiers/<int:pk>/",
        reserves.SoldierDetail.as_view(),
        name="reserve-soldier-detail",
    ),
    path(
        "reserves/soldiers/<int:pk>/transfer-out/",
        reserves.TransferOutView.as_view(),
        name="reserve-soldier-transfer-out",
    ),
    path("reserves/units/", reserves.UnitList.as_view(), name="reserve-unit-list"),
    path("reserves/units/<int:pk>/", reserves.UnitDetail.as_view(), name="reserve-unit-detail"),
    path(
        "reserves/assignments/", reserves.AssignmentList.as_view(), name="reserve-assignment-list"
    ),
    path(
        "reserves/assignments/<int:pk>/end/",
        reserves.EndAssignmentView.as_view(),
        name="reserve-assignment-end",
    ),
    path("reserves/drills/", reserves.DrillList.as_view(), name="reserve-drill-list"),
    path("reserves/drills/<int:pk>/", reserves.DrillDetail.as_view(), name="reserve-drill-detail"),
    path(
        "reserves/drills/<int:drill>/summonses/",
        reserves.SummonsList.as_view(),
        name="reserve-summons-list",
    ),
    path(
        "reserves/drills/<int:drill>/summonses/<int:pk>/report/",
        reserves.ReportView.as_view(),
        name="reserve-summons-report",
    ),
    path("review/figures/", planning.ReviewFigures.as_view(), name="review-figures"),
    # defense education
    path("education/groups/", education.GroupList.as_view(), name="education-group-list"),
    path("education/officials/", education.OfficialList.as_view(), name="education-official-list"),
    path("education/due/", education.DueList.as_view(), name="education-due"),
    path("education/plans/", education.PlanList.as_view(), name="education-plan-list"),
    path("education/courses/", education.CourseList.as_view(), name="education-course-list"),
    path(
        "education/courses/<int:pk>/",
        education.CourseDetail.as_view(),
        name="education-course-detail",
    ),
    path(
        "education/courses/<int:pk>/attendees/",
        education.AttendeeList.as_view(),
        name="education-attendee-list",
    ),
    path(
        "education/attendees/<int:pk>/result/",
        education.ResultView.as_view(),
        name="education-attendee-result",
    ),
    # rear policy
    path("welfare/families/", welfare.FamilyList.as_view(), name="welfare-family-list"),
    path(
        "welfare/families/<int:pk>/", welfare.FamilyDetail.as_view(), name="welfare-family-detail"
    ),
    path(
        "welfare/families/<int:pk>/members/",
        welfare.MemberCreate.as_view(),
        name="welfare-member-create",
    ),
    path(
        "welfare/families/<int:pk>/payments/",
        welfare.PaymentList.as_view(),
        name="welfare-payment-list",
    ),
    path(
        "welfare/families/<int:pk>/visits/",
        welfare.VisitCreate.as_view(),
        name="welfare-visit-create",
    ),
    path(
        "welfare/families/<int:pk>/discharge-allowance/",
        welfare.DischargeAllowanceView.as_view(),
        name="welfare-discharge-allowance",
    ),
    path("welfare/cases/", welfare.CaseList.as_view(), name="welfare-case-list"),
    path("welfare/cases/overdue/", welfare.OverdueList.as_view(), name="welfare-case-overdue"),
    path("welfare/cases/<int:pk>/", welfare.CaseDetail.as_view(), name="welfare-case-detail"),
    path(
        "welfare/cases/<int:pk>/documents/",
        welfare.CaseDocumentCreate.as_view(),
        name="welfare-case-document",
    ),
    path(
        "welfare/cases/<int:pk>/steps/", welfare.CaseStepCreate.as_view(), name="welfare-case-step"
    ),
    # awards
    path("awards/forms/", awards.FormList.as_view(), name="awards-form-list"),
    path("awards/proposals/", awards.ProposalList.as_view(), name="awards-proposal-list"),
    path(
        "awards/units/<int:unit>/ranking-proposals/",
        awards.FromRanking.as_view(),
        name="awards-ranking-proposals",
    ),
    path(
        "awards/proposals/<int:pk>/",
        awards.ProposalDetail.as_view(),
        name="awards-proposal-detail",
    ),
    path(
        "awards/proposals/<int:pk>/review/",
        awards.ProposalReview.as_view(),
        name="awards-proposal-review",
    ),
    path("awards/decisions/", awards.DecisionList.as_view(), name="awards-decision-list"),
    path(
        "awards/decisions/<int:pk>/",
        awards.DecisionDetail.as_view(),
        name="awards-decision-detail",
    ),
    path(
        "awards/decisions/<int:pk>/decision.docx",
        awards.DecisionPrint.as_view(part="decision"),
        name="awards-decision-print",
    ),
    path(
        "awards/decisions/<int:pk>/certificates.docx",
        awards.DecisionPrint.as_view(part="certificates"),
        name="awards-decision-certificates",
    ),
    path("imports/runs/", core.ImportRunList.as_view(), name="import-run-list"),
    path("imports/runs/<int:pk>/", core.ImportRunDetail.as_view(), name="import-run-detail"),
    path("audit/", core.AuditList.as_view(), name="audit-list"),
    path("audit/<int:pk>/", core.AuditDetail.as_view(), name="audit-detail"),
]
