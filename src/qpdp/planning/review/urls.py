from django.urls import path

from qpdp.planning.review import views

app_name = "review"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("bieu-do/", views.ChartsView.as_view(), name="charts"),
    path("chi-so/<str:code>/", views.IndicatorView.as_view(), name="indicator"),
    path("chi-so/<str:code>/danh-sach/", views.PeopleView.as_view(), name="people"),
    path("xep-hang/", views.RankingView.as_view(), name="ranking"),
    path("xep-hang/trong-so/", views.WeightsView.as_view(), name="weights"),
    path("ton-tai-han-che/", views.LimitationsView.as_view(), name="limitations"),
    path("tai-ve/", views.ReportDownloadView.as_view(), name="download"),
]
