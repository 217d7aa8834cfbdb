from django.urls import path

from qpdp.welfare import views

app_name = "welfare"
urlpatterns = [
    path("", views.FamilyListView.as_view(), name="home"),
    path("gia-dinh/lap-so/", views.FamilyCreateView.as_view(), name="family_create"),
    path("gia-dinh/<int:pk>/", views.FamilyDetailView.as_view(), name="family"),
    path("gia-dinh/<int:pk>/chi-tro-cap/", views.PaymentCreateView.as_view(), name="pay"),
    path("gia-dinh/<int:pk>/than-nhan/", views.MemberAddView.as_view(), name="member_add"),
    path("gia-dinh/<int:pk>/tham-hoi/", views.VisitAddView.as_view(), name="visit_add"),
    path("gia-dinh/<int:pk>/xuat-ngu/", views.DischargeView.as_view(), name="discharge"),
    path("tong-hop/", views.WardTotalsView.as_view(), name="totals"),
    path("ho-so/", views.CaseListView.as_view(), name="cases"),
    path("ho-so/tiep-nhan/", views.CaseCreateView.as_view(), name="case_create"),
    path("ho-so/chuyen-buoc/", views.CaseBulkView.as_view(), name="case_bulk"),
    path("ho-so/<int:pk>/", views.CaseDetailView.as_view(), name="case"),
    path("ho-so/<int:pk>/giay-to/", views.DocumentAddView.as_view(), name="document_add"),
    path("ho-so/<int:pk>/buoc/<str:status>/", views.CaseStepView.as_view(), name="step"),
]
