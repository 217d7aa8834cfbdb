"""The review dashboard: every indicator with its target, charts, drill-down, download."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from qpdp.core import indicators
from qpdp.core.audit import AuditEntry
from qpdp.core.indicators import Indicator
from qpdp.planning.models import RankingTieBreak, Target
from qpdp.planning.review import layout
from qpdp.planning.review.data import assemble
from tests.planning.conftest import with_charts

DASHBOARD = reverse("review:dashboard")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def quota_target(tree, intake) -> None:
    Target.objects.create(unit=tree.city, year=2022, indicator_code="conscription.quota", value=3)


def test_the_dashboard_shows_every_declared_indicator_with_its_target(
    tree, accounts, quota_target
) -> None:
    def constant(units, start, end):  # type: ignore[no-untyped-def]
        return {u.pk: 7 for u in units}

    extra = Indicator("test.later", "Chỉ số khai báo sau", "lượt", constant)
    indicators.register(extra)  # declared later: shown without any change to the dashboard
    try:
        client = client_for(accounts.city_commander)
        response = client.get(DASHBOARD, {"unit": tree.city.pk, "year": 2022})
        html = response.content.decode()
        charts = with_charts(client, html)
    finally:
        indicators.unregister("test.later")
    assert response.status_code == 200
    for indicator in [*indicators.all_indicators(), extra]:
        assert f'data-code="{indicator.code}"' in html
        assert str(indicator.label) in html
    row = re.search(
        r'<tr class="behind[a-z ]*" data-code="conscription.handed_over">.*?</tr>', html, re.S
    )
    assert row is not None and ">2<" in row.group(0) and ">3<" in row.group(0)
    assert "<svg" in charts and 'class="bar behind"' in charts  # old Kinh Bắc: 0 of its 1
    assert "style=" not in charts and "<script>" not in charts  # CSP: no inline style or script
    assert "Số liệu chưa khóa" in html


def test_the_dashboard_costs_a_bounded_number_of_queries(
    tree, accounts, quota_target, django_assert_max_num_queries
) -> None:
    client = client_for(accounts.city_commander)
    declared = indicators.all_indicators()
    per_indicator = len(declared)
    # which units keep each registry: at most two queries per registry's ``recorded``
    per_registry = 2 * len({i.recorded for i in declared if i.recorded is not None})
    # one grouped query per indicator and registry for the year and for each of the four
    # earlier years, plus a fixed number for the session, units, plan, targets and weights
    with django_assert_max_num_queries(5 * (per_indicator + per_registry) + 40):
        assert client.get(DASHBOARD, {"unit": tree.city.pk, "year": 2022}).status_code == 200


def test_a_unit_outside_the_scope_is_not_found(tree, accounts) -> None:
    response = client_for(accounts.vo_cuong_staff).get(
        DASHBOARD, {"unit": tree.city.pk, "year": 2022}
    )
    assert response.status_code == 404


def test_drill_down_from_the_city_to_a_ward_to_its_people(tree, accounts, quota_target) -> None:
    client = client_for(accounts.city_commander)
    detail = client.get(
        reverse("review:indicator", args=["conscription.handed_over"]),
        {"unit": tree.city.pk, "year": 2022},
    )
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Phường Suối Hoa" in html and "Phường Kinh Bắc" in html
    people_url = reverse("review:people", args=["conscription.handed_over"])
    assert f"{people_url}?unit={tree.suoi_hoa.pk}&amp;year=2022" in html
    listing = client.get(people_url, {"unit": tree.suoi_hoa.pk, "year": 2022})
    names = re.findall(r'people/\d+/">|/cong-dan/\d+/">([^<]+)<', listing.content.decode())
    assert sorted(n for n in names if n) == ["Nguyễn Văn An", "Nguyễn Văn Bình"]


def test_a_leader_sees_the_people_masked(tree, accounts, make_user, quota_target) -> None:
    from qpdp.core.access import Role

    leader = make_user(Role.LEADER, tree.city, "lanhdao2022")
    listing = client_for(leader).get(
        reverse("review:people", args=["conscription.handed_over"]),
        {"unit": tree.city.pk, "year": 2022},
    )
    html = listing.content.decode()
    assert "Nguyễn Văn An" in html
    assert re.search(r"\*{9}\d{3}", html) and not re.search(r">027\d{9}<", html)
    # a ward's staff cannot list another ward's people
    other = client_for(accounts.vo_cuong_staff).get(
        reverse("review:people", args=["conscription.handed_over"]),
        {"unit": tree.suoi_hoa.pk, "year": 2022},
    )
    assert other.status_code == 404


def test_the_download_is_the_report_and_is_audited(tree, accounts, quota_target) -> None:
    client = client_for(accounts.city_commander)
    response = client.get(
        reverse("review:download"), {"unit": tree.city.pk, "year": 2022, "format": "docx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bao-cao-tong-ket-qpdp-256-2022.docx"')
    entry = AuditEntry.objects.get(action="export", unit=tree.city)
    assert entry.changes["format"] == "docx" and entry.changes["year"] == 2022
    assert entry.object_repr == "Báo cáo tổng kết công tác Quốc phòng địa phương năm 2022"


def test_the_commander_sets_the_ranking_weights(tree, accounts, quota_target) -> None:
    url = f"{reverse('review:weights')}?unit={tree.city.pk}&year=2022"
    assert client_for(accounts.suoi_hoa_staff).get(url).status_code in (403, 404)
    client = client_for(accounts.city_commander)
    assert client.get(url).status_code == 200
    data = {i.code: "0" for i in indicators.all_indicators()}
    data["conscription.handed_over"] = "2"
    response = client.post(url, data)
    assert response.status_code == 302
    ranking = client.get(response["Location"]).content.decode()
    assert "Trọng số do chỉ huy đơn vị đặt." in ranking
    assert "Phường Suối Hoa" in ranking
    assert AuditEntry.objects.filter(content_type__model="rankingweight").count() == len(data)


def test_equal_scores_stay_tied_until_the_commander_chooses_a_tie_break(
    tree, accounts, quota_target
) -> None:
    url = f"{reverse('review:weights')}?unit={tree.city.pk}&year=2022"
    client = client_for(accounts.city_commander)
    data = {i.code: "0" for i in indicators.all_indicators()}
    data["conscription.deferrals"] = "1"  # nobody deferred: every ward scores 100
    client.post(url, data)
    review = assemble(tree.city, 2022, issued_on=dt.date(2022, 12, 14))
    assert all(s.tied for s in review.ranking if s.score is not None)
    text = "\n".join(b.text for b in layout.body(review))
    assert "đồng hạng 1" in text
    assert "trọng số cho thêm chỉ số" not in text  # no instruction to the user in the report
    data["tie_break"] = "conscription.handed_over"
    assert client.post(url, data).status_code == 302
    assert (
        RankingTieBreak.objects.get(unit=tree.city, year=2022).indicator_code == data["tie_break"]
    )
    review = assemble(tree.city, 2022, issued_on=dt.date(2022, 12, 14))
    text = "\n".join(b.text for b in layout.body(review))
    assert "phân định theo chỉ số" in text
    assert review.ranking[0].unit.name == "Suối Hoa"  # handed over 2 of its quota
    assert not review.ranking[0].tied
    data["tie_break"] = ""
    client.post(url, data)
    assert not RankingTieBreak.objects.exists()
    assert AuditEntry.objects.filter(content_type__model="rankingtiebreak").count() == 2
