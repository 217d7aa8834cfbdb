"""The leader's dashboard of the year, its drill-down to wards and people, the ward ranking and
its weights, and the review report's download.

Every page starts from the unit and year the user picked among the units in scope; the figures
come from ``data.assemble`` (the same object the report is written from), so the dashboard and
the issued report cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from qpdp.core import indicators
from qpdp.core.access import is_commander, scope_units
from qpdp.core.indicators import Indicator
from qpdp.core.units import Unit
from qpdp.core.views import (
    CommanderRequiredMixin,
    Download,
    DownloadView,
    ListView,
    ServiceFormView,
    download_response,
)
from qpdp.people.models import Person
from qpdp.planning.figures import year_period
from qpdp.planning.generation import CACHE_SECONDS
from qpdp.planning.models import DataApproval, WrittenLimitations
from qpdp.planning.review import board, charts, ranking, services
from qpdp.planning.review.data import (
    Review,
    ReviewError,
    UnitFigure,
    cached_review,
    default_issue_date,
    review_key,
)
from qpdp.planning.review.forms import (
    LimitationsForm,
    ReviewFilterForm,
    WeightsForm,
    selection_form,
)
from qpdp.planning.review.outputs import FORMATS
from qpdp.planning.review.outputs import render as render_output
from qpdp.planning.review.sentences import Figure
from qpdp.planning.review.tables import (
    BehindPeopleTable,
    FigureTable,
    IndicatorTable,
    MatrixTable,
    RankingTable,
    achievement,
)

PEOPLE_PAGE_SIZE = 50


class SelectionMixin(LoginRequiredMixin):
    """The unit (in the user's scope) and year a page shows, from ``?unit=&year=``."""

    request: HttpRequest

    @cached_property
    def filter_form(self) -> ReviewFilterForm:
        return selection_form(self.request.user, self.request.GET)

    @cached_property
    def selection(self) -> tuple[Unit, int]:
        form = self.filter_form
        if not form.is_valid():
            raise Http404(_("Không có đơn vị hoặc năm này trong phạm vi của bạn."))
        return form.cleaned_data["unit"], form.cleaned_data["year"]

    @cached_property
    def issued_on(self) -> dt.date:
        unit, year = self.selection
        chosen = self.filter_form.cleaned_data.get("issued_on")
        return chosen or default_issue_date(unit, year, timezone.localdate())

    @cached_property
    def review_key(self) -> str | None:
        """What decides the review's content (``data.review_key``); None: not cached."""
        unit, year = self.selection
        return review_key(unit, year, issued_on=self.issued_on)

    @cached_property
    def review(self) -> Review:
        unit, year = self.selection
        return cached_review(unit, year, issued_on=self.issued_on, key=self.review_key)

    def query(self, **extra: Any) -> str:
        unit, year = self.selection
        return urlencode({"unit": unit.pk, "year": year, **extra})


def _people_path(code: str) -> str:
    return reverse("review:people", args=[code])


def _people_url(indicator: Indicator | None, unit_id: int, year: int) -> str:
    if indicator is None or indicator.people is None:
        return ""
    query = urlencode({"unit": unit_id, "year": year})
    return f"{_people_path(indicator.code)}?{query}"


def _declared(code: str) -> Indicator | None:
    try:
        return indicators.get(code)
    except KeyError:
        return None


def _bars(review: Review, code: str, *, edge: int | None = None) -> charts.BarChart:
    rows: list[UnitFigure] = review.by_unit.get(code, [])
    indicator = _declared(code)
    people = "" if indicator is None or indicator.people is None else _people_path(code)
    items = [
        charts.BarInput(
            uf.unit.full_name,
            uf.figure.value,
            uf.figure.target,
            uf.figure.behind,
            f"{people}?{urlencode({'unit': uf.unit.id, 'year': review.year})}" if people else "",
        )
        for uf in rows
    ]
    return charts.bar_chart(items, percent=review.figure(code).is_percentage, edge=edge)


def _trend(review: Review, figure: Figure) -> charts.TrendChart:
    years = [
        (year, values.get(figure.code), False) for year, values in sorted(review.history.items())
    ]
    years.append((review.year, figure.value, figure.behind))
    return charts.trend_chart(years, percent=figure.is_percentage)


def _is_open(figure: Figure, ranked_by: Figure | None) -> bool:
    """A card shown open: the indicator has a target or ranks the child units."""
    return figure.target is not None or figure == ranked_by


class DashboardView(SelectionMixin, TemplateView):
    """The year's figures, the child units ranked and filtered (``board``), and a card per
    indicator with its bar chart cut to the first and last units and its trend: the cards of
    the indicators with a target (and the one ranked by) open, the others folded away.

    The cards' charts are drawn by ``ChartsView`` and loaded by htmx once the page is shown
    (the folded ones once unfolded): a province's 55 cards of 10 bars each were most of the
    page's time (docs/scaling/dashboard.md)."""

    template_name = "planning/review/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, year = self.selection
        review = self.review
        cards: list[dict[str, Any]] = [
            {
                "figure": figure,
                "people_url": _people_url(_declared(figure.code), unit.pk, year),
                "detail_url": f"{reverse('review:indicator', args=[figure.code])}?{self.query()}",
            }
            for figure in review.figures
        ]
        user = self.request.user
        context.update(
            form=self.filter_form,
            review=review,
            unit=unit,
            approval=DataApproval.objects.filter(unit=unit, year=year).first(),
            cards=cards,
            figures=FigureTable(cards, user=user),
            query=self.query(),
            formats=FORMATS,
            review_key=self.review_key,
            cache_seconds=CACHE_SECONDS,
        )
        if review.children:
            context.update(self._children(review, cards))
        ranked_by = context.get("sorted_by")
        folded = [c for c in cards if not _is_open(c["figure"], ranked_by)]
        sort = {"sort": board.alias(ranked_by.code)} if ranked_by is not None else {}
        charts_url = reverse("review:charts")
        context.update(
            open_count=len(cards) - len(folded),
            folded_count=len(folded),
            open_charts=f"{charts_url}?{self.query(**sort)}",
            folded_charts=f"{charts_url}?{self.query(folded=1, **sort)}",
        )
        return context

    def _children(self, review: Review, cards: list[dict[str, Any]]) -> dict[str, Any]:
        """The child units as the board form asks: filtered, ranked, cut into first, last and
        a page of the rest (``board``)."""
        form = board.BoardForm(self.request.GET, figures=review.figures)
        sort, behind, has_data = form.chosen()
        columns = [board.alias(f.code) for f in review.figures]
        column = sort.lstrip("-")
        index = columns.index(column) if column in columns else None
        rows = board.keep(
            board.by_name(board.rows_of(review)), index, behind=behind, has_data=has_data
        )
        user, year = self.request.user, review.year

        def table(part: list[board.Row]) -> MatrixTable:
            return MatrixTable(part, cards=cards, year=year, user=user, sort=sort or None)

        ordered = table(rows).ordered_data
        parts = board.split(ordered, index, self.request.GET.get("page"))
        return {
            "board": form,
            "board_hidden": {"unit": review.unit.id, "year": year},
            "shown_total": len(rows),
            "children_total": len(review.children),
            "sorted_by": review.figures[index] if index is not None else None,
            "first": table(parts.first) if parts.ranked else None,
            "last": table(parts.last) if parts.ranked else None,
            "rest": table(parts.rest.rows),
            "rest_page": parts.rest,
            "rest_total": parts.rest_total,
            "ranked": parts.ranked,
            "edge": board.EDGE,
        }


class ChartsView(SelectionMixin, TemplateView):
    """The dashboard's chart cards, open (``?sort=`` names the indicator the board ranks by)
    or folded (``?folded=1``), for the unit and year the user may see (``SelectionMixin``:
    another ward's unit is not found). Loaded by htmx from ``DashboardView``'s page; the same
    charts without htmx are on each indicator's page. The drawn cards are cached with the
    review (``review_key``): they hold no more than the review and the query say."""

    template_name = "planning/review/_charts.html"

    @cached_property
    def cards(self) -> list[dict[str, Any]]:
        """Drawn only when the cache has no copy (the template reads ``view.cards``)."""
        review = self.review
        sort = self.request.GET.get("sort", "")
        ranked_by = next((f for f in review.figures if board.alias(f.code) == sort), None)
        folded = self.request.GET.get("folded") == "1"
        return [
            {
                "figure": figure,
                "detail_url": f"{reverse('review:indicator', args=[figure.code])}?{self.query()}",
                "bars": _bars(review, figure.code, edge=board.EDGE) if review.children else None,
                "trend": _trend(review, figure),
            }
            for figure in review.figures
            if _is_open(figure, ranked_by) != folded
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            review_key=self.review_key, cache_seconds=CACHE_SECONDS, **kwargs
        )


class IndicatorView(SelectionMixin, TemplateView):
    """One indicator: the unit's figure, each child's (highest first, without a figure last),
    bar chart and trend; links to people."""

    template_name = "planning/review/indicator.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, year = self.selection
        review = self.review
        code = kwargs["code"]
        if code not in {f.code for f in review.figures}:
            raise Http404(_("Không có chỉ số này."))
        figure = review.figure(code)
        indicator = _declared(code)
        ranked = sorted(
            review.by_unit.get(code, []),
            key=lambda uf: board.rank_key(uf.figure, uf.unit, descending=True),
        )
        rows = [(uf, _people_url(indicator, uf.unit.id, year)) for uf in ranked]
        context.update(
            form=self.filter_form,
            review=review,
            unit=unit,
            figure=figure,
            achievement=achievement(figure),
            people_url=_people_url(indicator, unit.pk, year),
            rows=IndicatorTable(rows, code=code, year=year, user=self.request.user)
            if rows
            else None,
            bars=_bars(review, code) if review.children else None,
            trend=_trend(review, figure),
            query=self.query(),
        )
        return context


class PeopleView(ListView[Person]):
    """The people behind one unit's figure, as the person list shows them (scope, masking)."""

    model = Person
    table_class = BehindPeopleTable
    template_name = "planning/review/people.html"
    page_size = PEOPLE_PAGE_SIZE
    export_formats = ()

    @cached_property
    def indicator(self) -> Indicator:
        indicator = _declared(self.kwargs["code"])
        if indicator is None or indicator.people is None:
            raise Http404(_("Chỉ số này không có danh sách người."))
        return indicator

    @cached_property
    def selection(self) -> tuple[Unit, int]:
        try:
            unit_id, year = int(self.request.GET["unit"]), int(self.request.GET["year"])
        except (KeyError, ValueError):
            raise Http404(_("Thiếu đơn vị hoặc năm.")) from None
        unit = scope_units(self.request.user).filter(pk=unit_id).first()
        if unit is None:
            raise Http404(_("Không có đơn vị này trong phạm vi của bạn."))
        return unit, year

    def get_queryset(self) -> QuerySet[Person]:
        indicator = self.indicator
        unit, year = self.selection
        behind = indicator.people_behind(unit, *year_period(year))
        return (
            Person.objects.visible_to(self.request.user)
            .filter(pk__in=behind.values("pk"))
            .select_related("residence_unit")
            .order_by("roster_key", "pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, year = self.selection
        query = urlencode({"unit": unit.pk, "year": year})
        context.update(
            title=f"{self.indicator.label}: {unit.label}, {year}",
            locked=DataApproval.objects.filter(unit=unit, year=year, locked_at__isnull=False)
            .values_list("locked_at", flat=True)
            .first(),
            back=f"{reverse('review:dashboard')}?{query}",
        )
        return context


class RankingView(SelectionMixin, TemplateView):
    template_name = "planning/review/ranking.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit, year = self.selection
        review = self.review
        codes = list(dict.fromkeys(p.code for s in review.ranking for p in s.parts))
        labels = {f.code: f.label for f in review.figures}
        context.update(
            form=self.filter_form,
            review=review,
            unit=unit,
            rows=RankingTable(
                [(score, {p.code: p for p in score.parts}) for score in review.ranking],
                columns=[(c, labels.get(c, c)) for c in codes],
                proposed={s.unit.id for s in review.proposed},
                user=self.request.user,
            )
            if review.ranking
            else None,
            custom=ranking.weights_for(unit, year) != {},
            can_edit=is_commander(self.request.user),
            query=self.query(),
            min_score=ranking.PROPOSAL_MIN_SCORE,
            count=ranking.PROPOSAL_COUNT,
        )
        return context


class WeightsView(SelectionMixin, CommanderRequiredMixin, ServiceFormView):
    """The commander sets how much each indicator weighs in the ward ranking."""

    form_class = WeightsForm
    template_name = "planning/review/weights.html"
    commander_message = gettext_lazy("Chỉ chỉ huy đơn vị mới được đặt trọng số xếp hạng.")

    def get_form_kwargs(self) -> dict[str, Any]:
        unit, year = self.selection
        saved = ranking.weights_for(unit, year)
        initial = dict(saved) if saved else ranking.default_weights(self.review.by_unit)
        tie_break = ranking.tie_break_for(unit, year)
        return {"initial_weights": initial, "initial_tie_break": tie_break}

    def save(self, form: Any) -> str:
        unit, year = self.selection
        entry = services.RankingWeights(unit, year, form.weights(), form.tie_break())
        changed = services.set_weights(self.request.user, entry)
        message = _("Đã lưu trọng số (%(count)d thay đổi).") % {"count": changed}
        messages.success(self.request, message)
        return f"{reverse('review:ranking')}?{self.query()}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit, year = self.selection
        return super().get_context_data(unit=unit, year=year, query=self.query(), **kwargs)


class LimitationsView(SelectionMixin, ServiceFormView):
    """The unit's officer writes the review's "Tồn tại, hạn chế", starting from the lines the
    figures behind target give; the report prints the saved text instead of them."""

    form_class = LimitationsForm
    template_name = "planning/review/limitations.html"

    def get_initial(self) -> dict[str, Any]:
        return {"text": "\n".join(self.review.limitations)}

    def save(self, form: Any) -> str:
        unit, year = self.selection
        entry = services.Limitations(unit, year, form.cleaned_data["text"])
        if services.set_limitations(self.request.user, entry) is None:
            messages.success(self.request, _("Báo cáo dùng phần tồn tại, hạn chế gợi ý."))
        else:
            messages.success(self.request, _("Đã lưu phần tồn tại, hạn chế."))
        return f"{reverse('review:dashboard')}?{self.query()}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit, year = self.selection
        written = WrittenLimitations.objects.filter(unit=unit, year=year).first()
        return super().get_context_data(
            unit=unit, year=year, query=self.query(), written=written, **kwargs
        )


class ReportDownloadView(SelectionMixin, DownloadView):
    """The review report as a file, audited as a report download."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("format", "docx")
        if fmt not in FORMATS:
            return HttpResponse(_("Định dạng không hỗ trợ."), status=400)
        unit, year = self.selection
        review = self.review
        try:
            output = render_output(review, fmt)
        except ReviewError as exc:
            return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
        download = Download(
            content=output.content,
            filename=output.filename,
            content_type=output.content_type,
            title=review.title,
            unit=unit,
            extra={
                "format": fmt,
                "year": year,
                "locked_at": review.locked_at.isoformat() if review.locked_at else None,
            },
        )
        return download_response(request, download)
