"""/api/v1/: one path per registry and workflow step, as the pages are laid out."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from qpdp.api.views import conscription, core, docs, people, planning

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
    path("imports/runs/", core.ImportRunList.as_view(), name="import-run-list"),
    path("imports/runs/<int:pk>/", core.ImportRunDetail.as_view(), name="import-run-detail"),
    path("audit/", core.AuditList.as_view(), name="audit-list"),
    path("audit/<int:pk>/", core.AuditDetail.as_view(), name="audit-detail"),
]
