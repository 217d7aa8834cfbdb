from django.urls import path

from qpdp.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="home"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("<int:pk>/sua/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/phe-duyet/", views.PlanApproveView.as_view(), name="plan_approve"),
    path("<int:pk>/nam-sau/", views.PlanNextYearView.as_view(), name="plan_next_year"),
    path("<int:pk>/nhiem-vu/them/", views.TaskCreateView.as_view(), name="task_create"),
    path("nhiem-vu/<int:pk>/sua/", views.TaskEditView.as_view(), name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("nhiem-vu/<int:pk>/tien-do/", views.TaskProgressView.as_view(), name="task_progress"),
    path("<int:pk>/kinh-phi/", views.BudgetView.as_view(), name="budget"),
    path("<int:pk>/kinh-phi/them/", views.BudgetLineCreateView.as_view(), name="budget_create"),
    path("kinh-phi/<int:pk>/sua/", views.BudgetLineEditView.as_view(), name="budget_edit"),
    path("kinh-phi/<int:pk>/xoa/", views.BudgetLineDeleteView.as_view(), name="budget_delete"),
    path("chi-tieu/", views.TargetView.as_view(), name="targets"),
    path("van-ban/", views.DocumentListView.as_view(), name="documents"),
    path("van-ban/them/", views.DocumentCreateView.as_view(), name="document_create"),
    path("van-ban/<int:pk>/sua/", views.DocumentEditView.as_view(), name="document_edit"),
    path("van-ban/<int:pk>/xoa/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("van-ban/<int:pk>/tep/", views.DocumentFileView.as_view(), name="document_file"),
    path("su-kien/", views.EventListView.as_view(), name="events"),
    path("su-kien/them/", views.EventCreateView.as_view(), name="event_create"),
    path("su-kien/<int:pk>/", views.EventDetailView.as_view(), name="event"),
    path("su-kien/<int:pk>/sua/", views.EventEditView.as_view(), name="event_edit"),
    path("su-kien/<int:pk>/xoa/", views.EventDeleteView.as_view(), name="event_delete"),
    path("su-kien/<int:pk>/giai-doan/them/", views.PhaseCreateView.as_view(), name="phase_create"),
    path("giai-doan/<int:pk>/sua/", views.PhaseEditView.as_view(), name="phase_edit"),
    path("giai-doan/<int:pk>/xoa/", views.PhaseDeleteView.as_view(), name="phase_delete"),
    path("phe-duyet-so-lieu/", views.ApprovalView.as_view(), name="approval"),
]
