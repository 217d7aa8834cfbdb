from django.urls import path

from qpdp.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.ProposalListView.as_view(), name="home"),
    path("de-nghi/them/", views.ProposalCreateView.as_view(), name="propose"),
    path("de-nghi/tu-cham-diem/", views.RankingProposalView.as_view(), name="from_ranking"),
    path("de-nghi/xet/", views.ReviewBulkView.as_view(), name="review"),
    path("quyet-dinh/", views.DecisionListView.as_view(), name="decisions"),
    path("quyet-dinh/them/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.DecisionDetailView.as_view(), name="decision"),
    path("quyet-dinh/<int:pk>/in/", views.DecisionPrintView.as_view(), name="decision_print"),
    path(
        "quyet-dinh/<int:pk>/giay-khen/",
        views.DecisionPrintView.as_view(part="certificates"),
        name="certificates",
    ),
]
