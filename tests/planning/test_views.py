"""The planning pages: each renders for the roles that use it, writes go through the services
(htmx task progress, targets, approval with confirmation), and no ward reaches another's plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from qpdp.core.access import User
from qpdp.planning import services
from qpdp.planning.models import (
    ApprovalStatus,
    DataApproval,
    DirectiveDocument,
    Plan,
    PlanTask,
    Section,
    Target,
    TaskStatus,
)

QUOTA = "conscription.quota"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(tree, accounts) -> Plan:
    plan = services.create_plan(accounts.city_commander, {"unit": tree.city, "year": 2022})
    services.add_task(
        accounts.city_commander,
        plan,
        {
            "section": Section.RECRUITMENT,
            "title": "Hoàn thành 100% chỉ tiêu tuyển quân",
            "responsible_unit": tree.suoi_hoa,
            "deadline": dt.date(2022, 2, 15),
        },
    )
    services.add_budget_line(
        accounts.city_commander,
        plan,
        {
            "section": Section.EXERCISE,
            "description": "Diễn tập khu vực phòng thủ",
            "planned": 1_200_000_000,
            "spent": 1_150_000_000,
        },
    )
    event = services.create_event(
        accounts.city_commander,
        tree.city,
        {
            "year": 2022,
            "name": "Diễn tập khu vực phòng thủ thành phố",
            "kind": "exercise",
            "starts_on": dt.date(2022, 9, 20),
            "ends_on": dt.date(2022, 9, 23),
        },
    )
    services.add_phase(
        accounts.city_commander,
        event,
        {"name": "Thực binh", "starts_on": dt.date(2022, 9, 22), "ends_on": dt.date(2022, 9, 23)},
    )
    return plan


def test_every_page_renders_for_the_city_commander(tree, accounts, plan) -> None:
    client = client_for(accounts.city_commander)
    query = {"unit": tree.city.pk, "year": 2022}
    task = plan.tasks.get()
    pages = [
        (reverse("planning:home"), query, "Phương hướng, nhiệm vụ công tác quốc phòng"),
        (reverse("planning:plan", args=[plan.pk]), {}, "Tuyển chọn và gọi công dân nhập ngũ"),
        (reverse("planning:plan_edit", args=[plan.pk]), {}, "Sửa kế hoạch"),
        (reverse("planning:task_create", args=[plan.pk]), {}, "Thêm nhiệm vụ"),
        (reverse("planning:task_edit", args=[task.pk]), {}, "Sửa nhiệm vụ"),
        (reverse("planning:plan_next_year", args=[plan.pk]), {}, "năm 2023"),
        (reverse("planning:budget", args=[plan.pk]), {}, "1.200.000.000"),
        (reverse("planning:targets"), query, "Tổng các đơn vị trực thuộc"),
        (reverse("planning:documents"), query, "Sổ văn bản lãnh đạo, chỉ đạo năm 2022"),
        (reverse("planning:document_create"), query, "Thêm văn bản chỉ đạo"),
        (reverse("planning:events"), query, "Thực binh"),
        (reverse("planning:event_create"), query, "Thêm sự kiện"),
        (reverse("planning:approval"), query, "Các đơn vị trực thuộc"),
        (reverse("planning:approval"), {**query, "action": "complete"}, "Báo hoàn thành"),
    ]
    for url, params, text in pages:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
    body = client.get(reverse("planning:home"), query).content.decode().split("</head>")[1]
    assert "<script" not in body and "style=" not in body  # CSP: no inline script or style


def test_the_plan_is_laid_out_by_the_seeds_sections(accounts, plan) -> None:
    page = client_for(accounts.city_commander).get(reverse("planning:plan", args=[plan.pk]))
    text = page.content.decode()
    positions = [text.index(str(label)) for label in Section.labels]
    assert positions == sorted(positions)


def test_task_progress_is_updated_in_place_with_htmx(accounts, plan) -> None:
    task = plan.tasks.get()
    client = client_for(accounts.city_commander)
    url = reverse("planning:task_progress", args=[task.pk])
    refused = client.post(url, {"status": "done", "evidence": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200
    assert "minh chứng" in refused.content.decode()
    assert refused.content.decode().lstrip().startswith("<tr")
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.NOT_STARTED
    done = client.post(
        url, {"status": "done", "evidence": "Giao 85/85 công dân"}, HTTP_HX_REQUEST="true"
    )
    assert ">Giao 85/85 công dân</textarea>" in done.content.decode()
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.DONE
    plain = client.post(url, {"status": "in_progress", "evidence": "Đang làm"})
    assert plain.status_code == 302 and plain["Location"].endswith(f"#task-{task.pk}")


def test_a_ward_cannot_reach_another_wards_plan(tree, accounts, plan) -> None:
    other = services.create_plan(accounts.city_commander, {"unit": tree.kinh_bac_old, "year": 2022})
    task = services.add_task(
        accounts.city_commander, other, {"section": Section.MILITIA, "title": "Huấn luyện"}
    )
    client = client_for(accounts.suoi_hoa_staff)
    assert client.get(reverse("planning:plan", args=[other.pk])).status_code == 404
    assert client.get(reverse("planning:plan", args=[plan.pk])).status_code == 404
    response = client.post(
        reverse("planning:task_progress", args=[task.pk]), {"status": "done", "evidence": "x"}
    )
    assert response.status_code == 404
    listing = client.get(reverse("planning:home"), {"year": 2022}).content.decode()
    assert other.title not in listing
    assert PlanTask.objects.get(pk=task.pk).status == TaskStatus.NOT_STARTED


def test_a_leader_reads_but_does_not_write(tree, accounts, plan) -> None:
    client = client_for(accounts.leader)
    page = client.get(reverse("planning:plan", args=[plan.pk]))
    assert page.status_code == 200 and "task_progress" not in page.content.decode()
    assert "/tien-do/" not in page.content.decode()
    assert client.get(reverse("planning:task_create", args=[plan.pk])).status_code == 403


def test_targets_are_saved_from_the_grid_and_over_sharing_is_shown(tree, accounts) -> None:
    client = client_for(accounts.city_commander)
    url = f"{reverse('planning:targets')}?unit={tree.city.pk}&year=2022"
    field = "t-{}-" + QUOTA
    response = client.post(
        url, {field.format(tree.city.pk): "3", field.format(tree.suoi_hoa.pk): "2"}
    )
    assert response.status_code == 302
    assert Target.objects.get(unit=tree.city).value == Decimal(3)
    page = client.get(response["Location"]).content.decode()
    assert "còn 1 chưa giao" in page
    refused = client.post(
        url,
        {
            field.format(tree.city.pk): "3",
            field.format(tree.suoi_hoa.pk): "2",
            field.format(tree.kinh_bac_old.pk): "2",
        },
    )
    assert refused.status_code == 400
    assert "vượt chỉ tiêu" in refused.content.decode()
    assert not Target.objects.filter(unit=tree.kinh_bac_old).exists()
    staff = client_for(accounts.suoi_hoa_staff)
    assert staff.post(url, {field.format(tree.city.pk): "9"}).status_code in (403, 404)


def test_the_approval_flow_through_the_pages(tree, accounts, intake) -> None:
    url = f"{reverse('planning:approval')}?unit={tree.suoi_hoa.pk}&year=2022"
    ward = client_for(accounts.suoi_hoa_staff)
    assert "action=complete" in ward.get(url).content.decode()
    assert ward.post(url, {"action": "complete"}).status_code == 302
    refused = ward.post(url, {"action": "lock"})
    assert refused.status_code == 400 and "cấp trên" in refused.content.decode()
    city = client_for(accounts.city_commander)
    assert "action=lock" in city.get(url).content.decode()
    assert city.post(url, {"action": "lock"}).status_code == 302
    approval = DataApproval.objects.get(unit=tree.suoi_hoa, year=2022)
    assert approval.status == ApprovalStatus.LOCKED
    assert "Chỉ số đã khóa ngày" in city.get(url).content.decode()
    missing = city.post(url, {"action": "unlock", "reason": ""})
    assert missing.status_code == 400 and "lý do" in missing.content.decode()
    assert city.post(url, {"action": "unlock", "reason": "Bổ sung số liệu"}).status_code == 302
    assert DataApproval.objects.get(pk=approval.pk).status == ApprovalStatus.OPEN


def test_a_document_is_uploaded_and_downloaded_by_its_scope_only(
    tree, accounts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(accounts.city_commander)
    response = client.post(
        f"{reverse('planning:document_create')}?unit={tree.city.pk}&year=2022",
        {
            "number": "125/KH-UBND",
            "issued_on": "2022-01-10",
            "issuer": "UBND thành phố Bắc Ninh",
            "summary": "Kế hoạch công tác quốc phòng địa phương năm 2022",
            "file": SimpleUploadedFile("kh.pdf", b"%PDF-1.7 test"),
        },
    )
    assert response.status_code == 302
    document = DirectiveDocument.objects.get()
    file_url = reverse("planning:document_file", args=[document.pk])
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(accounts.vo_cuong_staff).get(file_url).status_code == 404
