"""The site's own 403/404/500 pages: Vietnamese, and never Django's debug pages with the URL map."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from qpdp.urls import urlpatterns as site_urls


def broken(request):  # a view that fails, to reach handler500
    raise RuntimeError("boom")


urlpatterns = [*site_urls, path("hong/", broken)]


@override_settings(DEBUG=False)
def test_an_unknown_page_answers_the_vietnamese_404_without_the_url_map(accounts) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "URLconf" not in html and "api/v1/" not in html


@override_settings(DEBUG=False)
def test_a_refused_page_answers_the_vietnamese_403(accounts) -> None:
    client = Client()
    client.force_login(accounts.kinh_bac_staff)
    response = client.get("/nhat-ky/")  # the audit log is for administrators only
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.urls(__name__)
@override_settings(DEBUG=False)
def test_a_server_error_answers_the_vietnamese_500_page(db) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/hong/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Lỗi máy chủ" in html and "boom" not in html
