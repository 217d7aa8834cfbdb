from django.urls import path

from qpdp.conscription import views

app_name = "conscription"

ward = "dot/<int:cycle>/phuong/<int:ward>"
urlpatterns = [
    path("", views.CycleListView.as_view(), name="home"),
    path("dot/them/", views.CycleCreateView.as_view(), name="cycle_create"),
    path("dot/<int:cycle>/", views.CycleDetailView.as_view(), name="cycle"),
    path("dot/<int:cycle>/chi-tieu/", views.QuotaView.as_view(), name="quota"),
    path(f"{ward}/dang-ky/", views.RegistrationView.as_view(), name="registration"),
    path(f"{ward}/suc-khoe/", views.HealthView.as_view(), name="health"),
    path(
        f"{ward}/suc-khoe/niem-yet/",
        views.ResultsPostingView.as_view(),
        name="post_results",
    ),
    path(f"{ward}/nguon/", views.PoolView.as_view(), name="pool"),
    path(f"{ward}/xet-duyet/", views.ReviewView.as_view(), name="review"),
    path(f"{ward}/goi-nhap-ngu/", views.OrderIssueView.as_view(), name="issue"),
    path(
        "dot/<int:cycle>/cong-dan/<int:person>/suc-khoe/",
        views.HealthPersonView.as_view(),
        name="health_person",
    ),
    path(
        "dot/<int:cycle>/cong-dan/<int:person>/giay-goi-kham/",
        views.ExamCallView.as_view(),
        name="exam_call",
    ),
    path(
        "dot/<int:cycle>/cong-dan/<int:person>/de-nghi/",
        views.ProposalView.as_view(),
        name="propose",
    ),
    path(
        "dot/<int:cycle>/cong-dan/<int:person>/tinh-nguyen/",
        views.VolunteeringView.as_view(),
        name="volunteer",
    ),
    path("dot/<int:cycle>/tam-hoan-mien/", views.DecisionListView.as_view(), name="decisions"),
    path(
        "dot/<int:cycle>/tam-hoan-mien/<int:decision>/quyet-dinh/",
        views.DecideView.as_view(),
        name="decide",
    ),
    path("dot/<int:cycle>/hoi-dong/", views.CouncilMeetingListView.as_view(), name="council"),
    path(
        "dot/<int:cycle>/hoi-dong/ghi/",
        views.CouncilMeetingCreateView.as_view(),
        name="council_record",
    ),
    path("dot/<int:cycle>/lenh-goi/", views.OrderListView.as_view(), name="orders"),
    path("bien-phap-dieu-13/", views.MeasureListView.as_view(), name="measures"),
    path("bien-phap-dieu-13/them/", views.MeasureCreateView.as_view(), name="measure_create"),
    path(
        "bien-phap-dieu-13/<int:pk>/ket-thuc/", views.MeasureEndView.as_view(), name="measure_end"
    ),
    path("cong-nhan-hoan-thanh/", views.RecognitionListView.as_view(), name="recognitions"),
    path(
        "cong-nhan-hoan-thanh/them/",
        views.RecognitionCreateView.as_view(),
        name="recognition_create",
    ),
    path("tinh-nguyen/", views.VolunteerListView.as_view(), name="volunteers"),
    path("dot/<int:cycle>/lenh-goi/in/", views.OrderPrintView.as_view(), name="orders_print"),
    path(
        "dot/<int:cycle>/lenh-goi/<int:order>/giao-cho-cong-dan/",
        views.DeliveryView.as_view(),
        name="deliver",
    ),
    path(
        "dot/<int:cycle>/lenh-goi/<int:order>/giao-quan/",
        views.HandoverView.as_view(),
        name="handover",
    ),
    path(
        "dot/<int:cycle>/lenh-goi/<int:order>/xuat-ngu/",
        views.DischargeView.as_view(),
        name="discharge",
    ),
    path(
        "dot/<int:cycle>/lenh-goi/<int:order>/goi-thay/",
        views.ReplacementView.as_view(),
        name="replace",
    ),
]
