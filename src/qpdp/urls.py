"""URL map: one prefix per domain app; Vietnamese slugs as officers read them."""

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from qpdp.core import account_views, health
from qpdp.core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            authentication_form=account_views.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("xac-thuc/", account_views.VerifyView.as_view(), name="otp_verify"),
    path("tai-khoan/", account_views.AccountView.as_view(), name="account"),
    path("tai-khoan/xac-thuc-hai-buoc/", account_views.EnrolView.as_view(), name="otp_enrol"),
    path(
        "tai-khoan/ma-du-phong/",
        account_views.BackupCodesView.as_view(),
        name="otp_backup_codes",
    ),
    path(
        "tai-khoan/tat-xac-thuc-hai-buoc/",
        account_views.DisableView.as_view(),
        name="otp_disable",
    ),
    path("ngon-ngu/", set_language, name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("nhat-ky/", core_views.AuditLogView.as_view(), name="audit_log"),
    path("don-vi/tim/", core_views.UnitSearchView.as_view(), name="unit_search"),
    path("tham-so/", include("qpdp.core.parameter_urls")),
    path("cong-dan/", include("qpdp.people.urls")),
    path("nghia-vu-quan-su/", include("qpdp.conscription.urls")),
    path("dan-quan-tu-ve/", include("qpdp.militia.urls")),
    path("du-bi-dong-vien/", include("qpdp.reserves.urls")),
    path("nhap-xuat/", include("qpdp.imports.urls")),
    path("giao-duc-quoc-phong/", include("qpdp.education.urls")),
    path("hau-phuong-quan-doi/", include("qpdp.welfare.urls")),
    path("thi-dua-khen-thuong/", include("qpdp.awards.urls")),
    path("ke-hoach/", include("qpdp.planning.urls")),
    path("tong-ket/", include("qpdp.planning.review.urls")),
    path("api/v1/", include("qpdp.api.urls")),
    path("tai-khoan/api-token/", include("qpdp.api.token_urls")),
]

handler404 = core_views.not_found
handler500 = core_views.server_error
