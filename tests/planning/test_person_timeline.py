"""A person's page shows their military service as a timeline (issue 12 item 6), through the
conscription app's section of core.timeline."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from qpdp.conscription.models import CallUpOrder


def test_the_person_page_shows_registration_health_order_and_handover_in_order(
    intake, accounts
) -> None:
    order = CallUpOrder.objects.get(cycle=intake, person__given_name="An")
    client = Client()
    client.force_login(accounts.city_commander)
    page = client.get(reverse("people:detail", args=[order.person_id])).content.decode()
    section = page[page.index("Nghĩa vụ quân sự</h2>") :]
    days = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', section[: section.index("</ol>")])
    assert days == ["2018-04-15", "2021-11-20", "2022-01-25", "2022-02-15"]  # oldest first
    assert "Đăng ký nghĩa vụ quân sự lần đầu, số 2018/An" in section
    assert "sức khỏe loại 1" in section
    assert f"Lệnh gọi nhập ngũ số {order.number}/{order.year}" in section
    assert "Giao quân cho QK1" in section


def test_another_wards_officer_sees_no_service_of_a_person_out_of_scope(intake, accounts) -> None:
    order = CallUpOrder.objects.get(cycle=intake, person__given_name="An")
    client = Client()
    client.force_login(accounts.vo_cuong_staff)
    assert client.get(reverse("people:detail", args=[order.person_id])).status_code == 404
