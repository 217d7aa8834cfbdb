from django.urls import path

from qpdp.education import views

app_name = "education"
urlpatterns = [
    path("", views.CourseListView.as_view(), name="home"),
    path("lop/them/", views.CourseCreateView.as_view(), name="course_create"),
    path("lop/<int:pk>/", views.CourseDetailView.as_view(), name="course"),
    path("lop/<int:pk>/them-hoc-vien/", views.AttendeeAddView.as_view(), name="attendee_add"),
    path("lop/<int:pk>/ket-qua/", views.ResultBulkView.as_view(), name="results"),
    path("hoc-vien/<int:pk>/ket-qua/", views.ResultView.as_view(), name="result"),
    path("den-han/", views.DueListView.as_view(), name="due"),
    path("can-bo/them/", views.OfficialCreateView.as_view(), name="official_create"),
    path("ke-hoach/", views.PlanListView.as_view(), name="plans"),
    path("ke-hoach/them/", views.PlanCreateView.as_view(), name="plan_create"),
    path("ke-hoach/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("ke-hoach/<int:pk>/chi-tieu/", views.PlanLineView.as_view(), name="plan_line"),
]
