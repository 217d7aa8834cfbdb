"""The administrators' pages of the dated parameters (``/tham-so/``)."""

from django.urls import path

from qpdp.core.views import parameters as views

app_name = "parameters"
urlpatterns = [
    path("", views.ParameterIndexView.as_view(), name="index"),
    path("<str:label>/", views.ParameterTableView.as_view(), name="table"),
    path("<str:label>/them/", views.ParameterAddView.as_view(), name="add"),
    path("<str:label>/<int:pk>/dinh-chinh/", views.ParameterCorrectView.as_view(), name="correct"),
]
