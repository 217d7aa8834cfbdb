"""The year-end figures through the API: the review's JSON, scoped, locked figures kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qpdp.core.audit import AuditEntry
from qpdp.planning.review.data import assemble
from qpdp.planning.review.outputs import as_json_data


@pytest.mark.django_db
def test_a_ward_reads_its_own_figures_and_not_another_wards(tree: Any, accounts: Any) -> None:
    client = APIClient()
    client.force_authenticate(accounts.kinh_bac_staff)
    url = reverse("api:review-figures")
    response = client.get(url, {"unit": tree.kinh_bac.pk, "year": 2026})
    assert response.status_code == 200
    body = response.json()
    expected = as_json_data(assemble(tree.kinh_bac, 2026, issued_on=body_issued(body)))
    assert body["figures"] == expected["figures"]
    assert AuditEntry.objects.filter(action="export", changes__format="json").exists()
    other = client.get(url, {"unit": tree.vo_cuong.pk, "year": 2026})
    assert other.status_code == 404
    assert client.get(url, {"unit": tree.kinh_bac.pk, "year": "x"}).status_code == 400


def body_issued(body: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(body["issued_on"])
