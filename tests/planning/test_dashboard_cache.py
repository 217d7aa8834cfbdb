"""The dashboard at a province's scale (issue 15): its charts loaded on demand through a view
with the page's own scope, the assembled review and the rendered tables cached under the
generations of the figures' inputs and of the plans, so never older than the last write."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from qpdp.planning import generation
from qpdp.planning.models import FigureInputs, StoredFigure, Target, WrittenLimitations
from tests.planning.conftest import SORT, with_charts
from tests.planning.test_board import _children, _names, _tables
from tests.planning.test_stored import commit

DASHBOARD = reverse("review:dashboard")
CHARTS = reverse("review:charts")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_ward_officer_cannot_fetch_another_wards_charts(tree, accounts) -> None:
    client = client_for(accounts.kinh_bac_staff)
    own = client.get(CHARTS, {"unit": tree.kinh_bac.pk, "year": 2026, "folded": "1"})
    assert own.status_code == 200 and 'class="card chart-card"' in own.content.decode()
    other = client.get(CHARTS, {"unit": tree.vo_cuong.pk, "year": 2026, "folded": "1"})
    assert other.status_code == 404
    assert "chart-card" not in other.content.decode()


def test_a_cached_card_is_not_served_outside_the_scope(tree, accounts) -> None:
    """The province's commander fills the cache with Võ Cường's charts; Kinh Bắc's officer
    asking for them is refused before anything is read from the cache."""
    commit()
    query = {"unit": tree.vo_cuong.pk, "year": 2026, "folded": "1"}
    assert client_for(accounts.province_commander).get(CHARTS, query).status_code == 200
    assert client_for(accounts.kinh_bac_staff).get(CHARTS, query).status_code == 404


def test_signed_out_the_charts_ask_to_sign_in(tree) -> None:
    response = Client().get(CHARTS, {"unit": tree.kinh_bac.pk, "year": 2026})
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_page_says_where_its_charts_load_from(tree, accounts, intake) -> None:
    client = client_for(accounts.city_commander)
    page = client.get(DASHBOARD, {"unit": tree.city.pk, "year": 2022}).content.decode()
    assert 'hx-trigger="load"' in page and 'hx-trigger="intersect once"' in page
    assert "Đang tải biểu đồ…" in page  # and a link to them without JavaScript
    assert page.count('class="card chart-card"') == 0
    assert with_charts(client, page).count('class="card chart-card"') > 0


def test_the_warm_dashboard_costs_a_fixed_number_of_queries(
    tree, accounts, intake, django_assert_max_num_queries
) -> None:
    """Once viewed, neither the review nor its tables and charts are read again: the session,
    the account, the generations and the year's approval."""
    commit()
    client = client_for(accounts.city_commander)
    query = {"unit": tree.city.pk, "year": 2022}
    page = client.get(DASHBOARD, query).content.decode()
    charts = re.findall(r'hx-get="(/tong-ket/bieu-do/[^"]+)"', page)
    with_charts(client, page)
    with django_assert_max_num_queries(8):
        assert client.get(DASHBOARD, query).status_code == 200
    for url in charts:
        with django_assert_max_num_queries(7):
            assert client.get(url.replace("&amp;", "&")).status_code == 200


def test_a_target_set_after_the_page_was_cached_shows_at_once(
    tree, accounts, intake, django_capture_on_commit_callbacks
) -> None:
    commit()
    client = client_for(accounts.city_commander)
    query = {"unit": tree.city.pk, "year": 2022}
    row = r'data-code="welfare.families">.*?</tr>'
    before = re.search(row, client.get(DASHBOARD, query).content.decode(), re.S)
    assert before is not None and ">5<" not in before.group(0)
    with django_capture_on_commit_callbacks(execute=True):
        Target.objects.create(unit=tree.city, year=2022, indicator_code="welfare.families", value=5)
    after = re.search(row, client.get(DASHBOARD, query).content.decode(), re.S)
    assert after is not None and ">5<" in after.group(0)


def test_plans_are_counted_apart_from_the_figures_inputs(
    tree, accounts, intake, django_capture_on_commit_callbacks
) -> None:
    """A written limitation changes the review, not a figure: the plans' generation counts
    it and the stored figures stay; storing figures on a page view counts as neither."""
    commit()
    client_for(accounts.city_commander).get(DASHBOARD, {"unit": tree.city.pk, "year": 2022})
    assert StoredFigure.objects.exists()
    figures, plans = generation.current_generations()
    with django_capture_on_commit_callbacks(execute=True):
        WrittenLimitations.objects.create(unit=tree.city, year=2022, text="Còn hạn chế.")
    assert generation.current_generations() == (figures, plans + 1)
    assert generation.is_plan(Target) and generation.is_plan(WrittenLimitations)
    assert not generation.is_plan(StoredFigure) and not generation.is_plan(FigureInputs)


def test_the_cached_board_follows_the_sort_asked(tree, communes, accounts) -> None:
    commit()
    client = client_for(accounts.province_commander)
    high = _names(_tables(_children(client, tree, sort=f"-{SORT}"))[0])
    low = _names(_tables(_children(client, tree, sort=SORT))[0])
    assert high and low and high != low
    assert _names(_tables(_children(client, tree, sort=f"-{SORT}"))[0]) == high
