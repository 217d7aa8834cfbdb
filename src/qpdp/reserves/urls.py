from django.urls import path

from qpdp.reserves import views

app_name = "reserves"
urlpatterns = [
    path("", views.SoldierListView.as_view(), name="home"),
    path("quan-nhan/them/", views.SoldierCreateView.as_view(), name="soldier_create"),
    path("quan-nhan/<int:pk>/", views.SoldierDetailView.as_view(), name="soldier"),
    path("giai-ngach/", views.TransferOutView.as_view(), name="transfer_out"),
    path("don-vi/", views.ReserveUnitListView.as_view(), name="units"),
    path("don-vi/them/", views.ReserveUnitCreateView.as_view(), name="unit_create"),
    path("don-vi/<int:pk>/", views.ReserveUnitDetailView.as_view(), name="unit"),
    path("don-vi/<int:pk>/in/", views.ReserveUnitPrintView.as_view(), name="unit_print"),
    path("don-vi/<int:pk>/sap-xep/", views.AssignView.as_view(), name="assign"),
    path("sap-xep/<int:pk>/rut/", views.EndAssignmentView.as_view(), name="end_assignment"),
    path("kiem-tra/", views.DrillListView.as_view(), name="drills"),
    path("kiem-tra/them/", views.DrillCreateView.as_view(), name="drill_create"),
    path("kiem-tra/<int:pk>/", views.DrillDetailView.as_view(), name="drill"),
    path("kiem-tra/<int:drill>/goi/<int:pk>/", views.ReportView.as_view(), name="report"),
]
