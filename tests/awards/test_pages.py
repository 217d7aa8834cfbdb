"""Awards pages: the proposal list (filter, export, scope), a proposal and a decision refused on
their forms by the services, the council's opinion in bulk after a confirmation, proposals from
the ranking, and the decision and certificates printed as audited DOCX downloads."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from qpdp.awards import services
from qpdp.awards.models import AwardDecision, AwardForm, AwardProposal
from qpdp.core.access import User
from qpdp.core.audit import Action, AuditEntry
from qpdp.core.units import Unit
from qpdp.core.views import DOCX
from tests.conftest import Accounts, Tree

pytestmark = pytest.mark.django_db
D = dt.date


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def forms(db: None) -> dict[str, AwardForm]:
    return {f.code: f for f in AwardForm.objects.all()}


@pytest.fixture
def proposal(accounts: Accounts, tree: Tree, forms: dict[str, AwardForm]) -> AwardProposal:
    """The city's proposal of a Giấy khen for Suối Hoa in 2022, not yet reviewed."""
    return services.propose(
        accounts.city_commander,
        proposer=tree.city,
        year=2022,
        form=forms["giay_khen"],
        field="local_defense",
        achievement="Hoàn thành xuất sắc nhiệm vụ quốc phòng địa phương",
        proposed_on=D(2022, 12, 10),
        collective=tree.suoi_hoa,
    )


def agree(accounts: Accounts, proposal: AwardProposal) -> AwardProposal:
    return services.review(
        accounts.city_commander, proposal, agreed=True, reviewed_on=D(2022, 12, 15)
    )


def decision_data(tree: Tree, forms: dict[str, AwardForm], *proposals: AwardProposal) -> dict:
    return {
        "authority": tree.city.pk,
        "number": "125/QĐ-UBND",
        "year": 2022,
        "signed_on": "28/12/2022",
        "form": forms["giay_khen"].pk,
        "field": "local_defense",
        "proposals": [p.pk for p in proposals],
        "signer_title": "CHỦ TỊCH",
    }


def listed(client: Client, url: str, query: dict | None = None) -> str:
    """The rows of a list page (its filter form names units too)."""
    page = client.get(url, query or {}).content.decode()
    return page[page.index("<tbody>") : page.index("</tbody>")]


def test_the_proposal_list_filters_exports_and_keeps_to_the_scope(
    proposal: AwardProposal, accounts: Accounts
) -> None:
    client = client_for(accounts.city_commander)
    url = reverse("awards:home")
    assert "Phường Suối Hoa" in listed(client, url)
    assert "Phường Suối Hoa" not in listed(client, url, {"status": "awarded"})
    assert "Phường Suối Hoa" in listed(client, url, {"q": "suoi hoa"})
    rows = list(
        openpyxl.load_workbook(
            io.BytesIO(client.get(url, {"format": "xlsx"}).content)
        ).active.values
    )
    assert rows[1][0].startswith("Phường Suối Hoa") and "Thành tích" in rows[0]
    assert "Phường Suối Hoa" not in listed(client_for(accounts.vo_cuong_staff), url)


def test_a_proposal_is_refused_on_its_form_when_the_service_refuses(
    accounts: Accounts, tree: Tree, forms: dict[str, AwardForm]
) -> None:
    client = client_for(accounts.city_commander)
    data: dict[str, Any] = {
        "proposer": tree.city.pk,
        "year": 2022,
        "form": forms["giay_khen"].pk,
        "field": "local_defense",
        "achievement": "Hoàn thành tốt nhiệm vụ",
        "proposed_on": "10/12/2022",
    }
    unknown = client.post(reverse("awards:propose"), {**data, "person": "001099999999"})
    assert unknown.status_code == 400 and "Không có công dân" in unknown.content.decode()
    nobody = client.post(reverse("awards:propose"), data)
    assert nobody.status_code == 400
    assert "một tập thể hoặc một cá nhân" in nobody.content.decode()
    assert not AwardProposal.objects.exists()
    ok = client.post(reverse("awards:propose"), {**data, "collective": tree.suoi_hoa.pk})
    assert ok.status_code == 302
    twice = client.post(reverse("awards:propose"), {**data, "collective": tree.suoi_hoa.pk})
    assert twice.status_code == 400 and "đã được đề nghị" in twice.content.decode()


def test_the_councils_opinion_in_bulk_is_confirmed_first(
    proposal: AwardProposal, accounts: Accounts
) -> None:
    client = client_for(accounts.city_commander)
    url = reverse("awards:review")
    assert "Phường Suối Hoa" in client.get(url).content.decode()
    data = {"proposals": [proposal.pk], "agreed": "yes", "reviewed_on": "15/12/2022"}
    preview = client.post(url, data)
    assert preview.status_code == 200 and "Nhất trí" in preview.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "agreed"
    assert client_for(accounts.leader).post(url, data).status_code == 403


def test_a_decision_is_refused_on_its_form_then_issued_and_printed(
    proposal: AwardProposal, accounts: Accounts, tree: Tree, forms: dict[str, AwardForm]
) -> None:
    agree(accounts, proposal)
    client = client_for(accounts.city_commander)
    url = reverse("awards:decision_create")
    data = decision_data(tree, forms, proposal)
    not_allowed = client.post(url, {**data, "form": forms["bang_khen_tinh"].pk})
    assert not_allowed.status_code == 400
    assert "không có thẩm quyền" in not_allowed.content.decode()
    assert not AwardDecision.objects.exists()
    assert client.post(url, data).status_code == 302
    decision = AwardDecision.objects.get()
    detail = client.get(reverse("awards:decision", args=[decision.pk])).content.decode()
    assert "Phường Suối Hoa" in detail and "125/QĐ-UBND" in detail
    for name in ("awards:decision_print", "awards:certificates"):
        printed = client.get(reverse(name, args=[decision.pk]))
        assert printed.status_code == 200 and printed["Content-Type"] == DOCX
        assert printed.content[:2] == b"PK"
    exports = AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(decision.pk))
    assert exports.count() == 2
    outsider = client_for(accounts.vo_cuong_staff)
    assert outsider.get(reverse("awards:decision_print", args=[decision.pk])).status_code == 404
    assert "125/QĐ-UBND" in client.get(reverse("awards:decisions")).content.decode()


def test_proposals_from_the_ranking_in_one_step(
    accounts: Accounts,
    tree: Tree,
    forms: dict[str, AwardForm],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Score:
        def __init__(self, unit: Unit) -> None:
            self.unit, self.rank, self.score, self.tied = unit, 1, 95, False

    monkeypatch.setattr(services, "ranking_proposed", lambda unit, year: [Score(tree.suoi_hoa)])
    client = client_for(accounts.city_commander)
    data = {
        "unit": tree.city.pk,
        "year": 2022,
        "form": forms["giay_khen"].pk,
        "field": "local_defense",
        "proposed_on": "15/12/2022",
    }
    done = client.post(reverse("awards:from_ranking"), data, follow=True)
    assert "Đã lập 1 đề nghị" in done.content.decode()
    assert AwardProposal.objects.get().collective == tree.suoi_hoa
    client.post(reverse("awards:from_ranking"), data)
    assert AwardProposal.objects.count() == 1  # a ward already proposed is left as it is


def test_writers_only_reach_the_forms(accounts: Accounts, make_person: Callable) -> None:
    leader = client_for(accounts.leader)
    for name in ("awards:propose", "awards:from_ranking", "awards:decision_create"):
        assert leader.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["awards:home", "awards:decisions"])
def test_the_lists_queries_are_bounded(
    name: str,
    proposal: AwardProposal,
    accounts: Accounts,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(accounts.city_commander)
    # Session, account, its unit and scope, the rows, the capped count, the filter's choices.
    with django_assert_max_num_queries(10):
        assert client.get(reverse(name)).status_code == 200
