"""/api/v1/: one path per registry and workflow step, as the pages are laid out."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from qpdp.api.views import awards, conscription, core, docs, education, people, planning, welfare

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
    path(f"{cycle}/health-results/", conscription.HealthList.as_view(), name="health-list"),
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
    path(f"{cycle}/wards/<int:ward>/pool/", conscription.PoolView.as_view(), name="pool"),
    path(f"{cycle}/reviews/", conscription.ReviewList.as_view(), name="review-list"),
    path(f"{cycle}/orders/", conscription.OrderList.as_view(), name="order-list"),
    path(f"{cycle}/orders/<int:pk>/", conscription.OrderDetail.as_view(), name="order-detail"),
    path(
        f"{cycle}/orders/<int:pk>/handover/",
        conscription.HandoverView.as_view(),
        name="order-handover",
    ),
    path(
        f"{cycle}/orders/<int:pk>/replace/",
        conscription.ReplacementView.as_view(),
        name="order-replace",
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
