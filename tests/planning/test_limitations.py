"""The review's "Tồn tại, hạn chế" written by the unit's officer: pre-filled from the figures
behind target, saved per unit and year (audited, scoped), printed instead of the generated one.

The intake hands over 2 of the city's quota of 3: the generated section says so.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from docx import Document

from qpdp.core.audit import AuditEntry
from qpdp.planning.models import WrittenLimitations
from qpdp.planning.review import layout, services
from qpdp.planning.review.data import assemble
from qpdp.planning.review.outputs import render

ISSUED = dt.date(2022, 12, 14)
URL = "/tong-ket/ton-tai-han-che/"
WRITTEN = "Công tác tuyên truyền Luật Nghĩa vụ quân sự còn hạn chế.\n\nMột phường giao quân chậm."


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_starts_from_the_figures_behind_target(tree, accounts, intake) -> None:
    html = _client(accounts.city_commander).get(URL, {"unit": tree.city.pk, "year": 2022})
    assert html.status_code == 200
    generated = assemble(tree.city, 2022, issued_on=ISSUED).limitations
    assert generated and all(line in html.content.decode() for line in generated)
    assert "còn thiếu 1 công dân" in generated[0]


def test_saved_text_is_printed_instead_of_the_generated_one(tree, accounts, intake) -> None:
    response = _client(accounts.city_commander).post(
        f"{URL}?unit={tree.city.pk}&year=2022", {"text": WRITTEN}
    )
    assert response.status_code == 302
    saved = WrittenLimitations.objects.get(unit=tree.city, year=2022)
    assert AuditEntry.objects.filter(object_repr=str(saved), action="create").exists()
    lines = [
        "Công tác tuyên truyền Luật Nghĩa vụ quân sự còn hạn chế.",
        "Một phường giao quân chậm.",
    ]
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    assert review.limitations == lines and review.limitations_written
    data = json.loads(render(review, "json").content)
    assert data["limitations"] == lines and data["limitations_written"] is True
    blocks = [b.text for b in layout.body(review)]  # the DOCX and the PDF draw these blocks
    section = blocks[blocks.index("2. Tồn tại, hạn chế") + 1 :][:2]
    assert section == lines
    text = "\n".join(
        p.text for p in Document(io.BytesIO(render(review, "docx").content)).paragraphs
    )
    assert lines[0] in text and "còn thiếu 1 công dân" not in text.split("2. Tồn tại, hạn chế")[1]


def test_blank_text_goes_back_to_the_generated_section(tree, accounts, intake) -> None:
    entry = services.Limitations(tree.city, 2022, WRITTEN)
    services.set_limitations(accounts.city_commander, entry)
    cleared = services.Limitations(tree.city, 2022, "  \n ")
    assert services.set_limitations(accounts.city_commander, cleared) is None
    assert not WrittenLimitations.objects.exists()
    assert AuditEntry.objects.filter(action="delete").exists()
    review = assemble(tree.city, 2022, issued_on=ISSUED)
    assert not review.limitations_written and "còn thiếu" in review.limitations[0]


def test_only_writers_of_a_unit_in_scope_write_it(tree, accounts, intake) -> None:
    entry = services.Limitations(tree.city, 2022, WRITTEN)
    with pytest.raises(PermissionDenied):
        services.set_limitations(accounts.vo_cuong_staff, entry)
    refused = _client(accounts.leader).post(
        f"{URL}?unit={tree.province.pk}&year=2026", {"text": WRITTEN}
    )
    assert refused.status_code == 403
    assert not WrittenLimitations.objects.exists()
