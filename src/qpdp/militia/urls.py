from django.urls import path

from qpdp.militia import views

app_name = "militia"
urlpatterns = [
    path("", views.UnitListView.as_view(), name="home"),
    path("don-vi/them/", views.UnitCreateView.as_view(), name="unit_create"),
    path("don-vi/<int:pk>/", views.UnitDetailView.as_view(), name="unit"),
    path("don-vi/<int:pk>/in/", views.UnitPrintView.as_view(), name="unit_print"),
    path("don-vi/<int:pk>/thoi/", views.EndMembershipView.as_view(), name="end"),
    path("don-vi/<int:pk>/bien-che/", views.StrengthView.as_view(), name="strength"),
    path("don-vi/<int:pk>/giai-the/", views.DissolveView.as_view(), name="dissolve"),
    path("danh-sach/", views.MemberListView.as_view(), name="members"),
    path("danh-sach/them/", views.MemberCreateView.as_view(), name="member_create"),
    path("danh-sach/<int:pk>/", views.MemberDetailView.as_view(), name="member"),
    path("danh-sach/<int:pk>/keo-dai/", views.ExtendView.as_view(), name="extend"),
    path("danh-sach/<int:pk>/chuyen/", views.TransferView.as_view(), name="transfer"),
    path("tam-hoan-mien/", views.DecisionListView.as_view(), name="decisions"),
    path("tam-hoan-mien/them/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("huan-luyen/", views.PlanListView.as_view(), name="plans"),
    path("huan-luyen/them/", views.PlanCreateView.as_view(), name="plan_create"),
    path("huan-luyen/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("huan-luyen/<int:pk>/ket-qua/", views.AttendanceView.as_view(), name="attendance"),
]
