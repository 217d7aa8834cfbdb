from django.urls import path

from qpdp.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.ImportHomeView.as_view(), name="home"),
    path("anh-xa/<str:token>/", views.MappingView.as_view(), name="mapping"),
    path("<int:pk>/", views.RunDetailView.as_view(), name="detail"),
    path("<int:pk>/tien-do/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/ghi/", views.CommitView.as_view(), name="commit"),
    path("<int:pk>/chay-lai/", views.RestartView.as_view(), name="restart"),
    path("<int:pk>/hoan-tac/", views.UndoView.as_view(), name="undo"),
    path("<int:pk>/loi.xlsx", views.ErrorReportView.as_view(), name="errors"),
]
