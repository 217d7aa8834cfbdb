"""The administrators' pages of the dated parameters: every table the apps declare, each table's
rows with their state and their "CHƯA KIỂM CHỨNG" marker, a new row from a day (the model's own
validation refuses a second row on one day) and a correction only when confirmed with a reason,
both audited; nobody but an administrator gets in."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from qpdp.core import parameters
from qpdp.core.access import User
from qpdp.core.audit import Action, AuditEntry
from qpdp.core.error_codes import ErrorCode
from qpdp.welfare.models import BaseSalary, StepDeadline
from tests.conftest import Accounts

pytestmark = pytest.mark.django_db
SALARY = reverse("parameters:table", args=["welfare.basesalary"])


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(model: type) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def test_the_tables_are_found_through_the_app_registry() -> None:
    labels = {parameters.label_of(m) for m in parameters.parameter_models()}
    assert labels == {
        "awards.awardauthority",
        "awards.rewardrate",
        "awards.titleprerequisite",
        "education.refreshperiod",
        "welfare.allowancerate",
        "welfare.basesalary",
        "welfare.decision62rate",
        "welfare.stepdeadline",
    }
    assert parameters.key_fields(StepDeadline) == ("scheme", "status")
    assert parameters.key_fields(BaseSalary) == ()
    assert parameters.model_for("core.unit") is None


@pytest.mark.parametrize(
    ("source", "unverified"),
    [
        ("Điều 54 Nghị định 152/2025/NĐ-CP [S]", False),
        ("Mức Giấy khen CHƯA KIỂM CHỨNG", True),
        ("mức chưa kiểm chứng với văn bản gốc", True),
        ("Domain brief: UNVERIFIED", True),
    ],
)
def test_a_source_says_when_its_value_is_unverified(source: str, unverified: bool) -> None:
    assert parameters.is_unverified(source) is unverified


def test_the_index_lists_every_table_with_its_unverified_rows(accounts: Accounts) -> None:
    response = client_for(accounts.admin).get(reverse("parameters:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thời hạn xử lý hồ sơ" in page and "Thẩm quyền khen thưởng" in page
    assert SALARY in page


def test_a_table_shows_its_rows_their_state_and_the_unverified_marker(
    accounts: Accounts,
) -> None:
    page = client_for(accounts.admin).get(SALARY).content.decode()
    assert "01/07/2024" in page and "2.340.000" in page
    assert "Đã được thay thế" in page and "Đang áp dụng" in page
    deadlines = reverse("parameters:table", args=["welfare.stepdeadline"])
    page = client_for(accounts.admin).get(deadlines).content.decode()
    assert "CHƯA KIỂM CHỨNG</strong>" in page
    assert "Quyết định 62/2011/QĐ-TTg" in page  # a choice is shown by its label
    rates = reverse("parameters:table", args=["awards.rewardrate"])
    page = client_for(accounts.admin).get(rates).content.decode()
    assert "0,15" in page and "Giấy khen" in page  # a decimal the Vietnamese way, a key by name


def test_the_form_asks_the_key_and_values_first_with_the_models_labels(
    accounts: Accounts,
) -> None:
    url = reverse("parameters:add", args=["awards.titleprerequisite"])
    form = client_for(accounts.admin).get(url).context["form"]
    assert list(form.fields) == ["form", "requires", "or_requires", "years", "valid_from", "source"]
    assert str(form.fields["requires"].label) == "Cần đạt danh hiệu"


def test_rows_are_in_force_superseded_or_future_by_their_key() -> None:
    today = dt.date(2026, 12, 7)
    states = {
        (r.row.scheme, r.row.status, r.row.valid_from): r.state
        for r in parameters.rows_with_state(StepDeadline, today)
    }
    StepDeadline.objects.create(
        scheme="62_2011", status="received", days=5, valid_from=dt.date(2027, 1, 1), source="T"
    )
    after = {
        (r.row.scheme, r.row.status, r.row.valid_from): r.state
        for r in parameters.rows_with_state(StepDeadline, today)
    }
    assert set(states.values()) == {parameters.IN_FORCE}
    assert after[("62_2011", "received", dt.date(2027, 1, 1))] == parameters.FUTURE
    later = parameters.rows_with_state(StepDeadline, dt.date(2027, 1, 2))
    old = [r for r in later if (r.row.scheme, r.row.status) == ("62_2011", "received")]
    assert sorted(r.state for r in old) == [parameters.IN_FORCE, parameters.SUPERSEDED]


def test_an_administrator_adds_a_row_in_force_from_its_day(accounts: Accounts) -> None:
    client = client_for(accounts.admin)
    url = reverse("parameters:add", args=["welfare.basesalary"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"valid_from": "01/07/2027", "amount": "2700000", "source": "Nghị định giả định"},
    )
    assert response.status_code == 302 and response["Location"] == SALARY
    row = BaseSalary.objects.get(valid_from=dt.date(2027, 7, 1))
    assert row.amount == 2_700_000
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(row.pk))
    assert entry.username == "admin" and entry.changes["amount"] == [None, 2_700_000]


def test_a_second_row_on_the_same_day_is_refused_by_the_model(accounts: Accounts) -> None:
    before = rows(BaseSalary)
    response = client_for(accounts.admin).post(
        reverse("parameters:add", args=["welfare.basesalary"]),
        {"valid_from": "01/07/2024", "amount": "1", "source": "Trùng ngày"},
    )
    assert response.status_code == 400
    assert "Đã có mức lương cơ sở áp dụng từ ngày này." in response.content.decode()
    assert rows(BaseSalary) == before


def test_a_new_row_starts_from_the_row_it_replaces(accounts: Accounts) -> None:
    row = StepDeadline.objects.filter(scheme="49_2015", status="sent_up").first()
    assert row is not None
    url = reverse("parameters:add", args=["welfare.stepdeadline"])
    form = client_for(accounts.admin).get(url, {"from": row.pk}).context["form"]
    assert form.initial["scheme"] == "49_2015" and form.initial["status"] == "sent_up"
    assert "valid_from" not in form.initial and "source" not in form.initial


def test_a_correction_needs_the_confirmation_and_a_reason(accounts: Accounts) -> None:
    row = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    url = reverse("parameters:correct", args=["welfare.basesalary", row.pk])
    client = client_for(accounts.admin)
    data = {"valid_from": "01/07/2024", "amount": "2340001", "source": row.source}
    before = rows(BaseSalary)
    assert client.post(url, {**data, "reason": "Gõ nhầm"}).status_code == 400
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 400
    assert rows(BaseSalary) == before
    response = client.post(url, {**data, "confirmed": "on", "reason": "Gõ nhầm"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.amount == 2_340_001
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(row.pk))
    assert entry.changes["amount"] == [2_340_000, 2_340_001]
    assert entry.changes["reason"] == "Gõ nhầm" and entry.changes["correction"] is True


def test_a_correction_that_changes_nothing_is_refused(accounts: Accounts) -> None:
    row = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    with pytest.raises(ValidationError) as refused:
        parameters.correct_row(accounts.admin, row, [("amount", row.amount)], reason="Không")
    assert refused.value.error_list[0].code == ErrorCode.CORRECTION_CHANGES_NOTHING
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_only_administrators_change_parameters(accounts: Accounts) -> None:
    row = BaseSalary(valid_from=dt.date(2030, 1, 1), amount=1, source="T")
    with pytest.raises(PermissionDenied):
        parameters.add_row(accounts.province_commander, row)
    url = reverse("parameters:add", args=["welfare.basesalary"])
    data = {"valid_from": "01/01/2030", "amount": "1", "source": "T"}
    for user in (accounts.province_commander, accounts.leader, accounts.kinh_bac_staff):
        client = client_for(user)
        assert client.get(reverse("parameters:index")).status_code == 403
        assert client.get(SALARY).status_code == 403
        assert client.post(url, data).status_code == 403
    assert not BaseSalary.objects.filter(valid_from=dt.date(2030, 1, 1)).exists()


def test_an_unknown_table_is_not_found(accounts: Accounts) -> None:
    client = client_for(accounts.admin)
    assert client.get(reverse("parameters:table", args=["core.unit"])).status_code == 404
    missing = reverse("parameters:correct", args=["welfare.basesalary", 0])
    assert client.get(missing).status_code == 404


def test_the_command_lists_the_parameters_and_their_unverified_values() -> None:
    out = io.StringIO()
    call_command("parameters", "--unverified", "--table", "welfare.stepdeadline", stdout=out)
    text = out.getvalue()
    assert text.startswith("welfare.stepdeadline — thời hạn xử lý hồ sơ:")
    assert "CHƯA KIỂM CHỨNG" in text and "căn cứ:" in text
    out = io.StringIO()
    call_command("parameters", "--on", "01/01/2023", stdout=out)
    text = out.getvalue()
    assert "từ 01/07/2024" in text and "[chưa đến ngày; đã có căn cứ]" in text
    assert "Tổng:" in text.splitlines()[-1]
    with pytest.raises(CommandError, match=r"Không có bảng tham số core\.unit"):
        call_command("parameters", "--table", "core.unit")


def test_the_operators_guide_names_every_table_with_unverified_values() -> None:
    """The domain README asks that operators be told: a table seeded with unverified rows is
    listed in docs/operator-guide.md ("Legal parameters and unverified values")."""
    guide = (Path(__file__).parents[2] / "docs" / "operator-guide.md").read_text()
    section = guide.split("## Legal parameters and unverified values", 1)[1].split("\n## ", 1)[0]
    for summary in parameters.summaries():
        if summary.unverified:
            assert f"`{summary.label}`" in section, summary.label
