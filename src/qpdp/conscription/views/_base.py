"""What the call-up pages share: access checks, the cycle and ward a page belongs to, the two page
shapes (a bulk action confirmed on a second page, a single form) and the XLSX export.

Views parse the request, pick what the user may see (``selectors``, ``visible_to``) and call
``services``; every refusal of the workflow comes back as the service's Vietnamese message on
the form, with nothing saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qpdp.conscription import selectors, services
from qpdp.conscription.filters import CycleListFilter, PoolFilter
from qpdp.conscription.forms import BulkForm
from qpdp.conscription.models import CallUpCycle
from qpdp.conscription.services import PoolEntry
from qpdp.conscription.services.pool import PoolRow, pool_entries, pool_rows
from qpdp.core.access import AnyUser, can_see_personal_numbers, require_writer
from qpdp.core.exports import to_xlsx
from qpdp.core.forms import add_service_errors
from qpdp.core.pagination import Page, paginate, parse_page_number
from qpdp.core.units import Unit
from qpdp.core.views import BulkActionView, Download, download_response, stamped
from qpdp.core.views.downloads import XLSX
from qpdp.people.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 100
WARD_STEPS = (
    ("registration", gettext_lazy("Đăng ký lần đầu")),
    ("health", gettext_lazy("Sức khỏe")),
    ("pool", gettext_lazy("Nguồn")),
    ("review", gettext_lazy("Xét duyệt")),
    ("issue", gettext_lazy("Gọi nhập ngũ")),
)


# -- access -----------------------------------------------------------------------------------


def can_decide(user: AnyUser, cycle: CallUpCycle, unit: Unit) -> bool:
    try:
        services.check_decider(user, cycle, unit)
    except PermissionDenied:
        return False
    return True


def visible(people: QuerySet[Person], user: AnyUser) -> QuerySet[Person]:
    """The ``people`` the user may see, in roster order."""
    return people.filter(pk__in=Person.objects.visible_to(user).values("pk")).order_by(
        "roster_key", "pk"
    )


# -- helpers ----------------------------------------------------------------------------------


@contextmanager
def refusal_for(person: Person) -> Iterator[None]:
    """In a bulk action, name the person a service refused, so the officer knows whom to fix."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError(f"{person.full_name}: {'; '.join(exc.messages)}") from exc


def xlsx_response(
    request: HttpRequest,
    title: str,
    slug: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """The list as an XLSX download, audited by the kit like every download."""
    content = to_xlsx(title, headers, rows)
    download = Download(content, stamped(slug, "xlsx"), XLSX, title, extra={"format": "xlsx"})
    return download_response(request, download)


def page_of(rows: Sequence[Any], raw_number: str | None, size: int = PAGE_SIZE) -> Page:
    """A page of a list computed in Python (the pool), shaped like ``core.pagination``'s."""
    number = parse_page_number(raw_number)
    start = (number - 1) * size
    return Page(
        rows=list(rows[start : start + size]),
        number=number,
        size=size,
        has_next=len(rows) > start + size,
        total=len(rows),
        total_capped=False,
    )


def reasons_text(entry: PoolEntry) -> str:
    return "; ".join(f"{r.message} ({r.article})" for r in entry.evaluation.reasons)


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


# -- base views -------------------------------------------------------------------------------


class ExportPage(TemplateView):
    """A page whose list also downloads as XLSX (``?format=xlsx``) and, asked by htmx for a new
    page or filter, re-renders only its table (``partial_template_name``)."""

    partial_template_name = ""

    def export(self) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            return self.export()
        return super().get(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        if self.partial_template_name:
            htmx = self.request.htmx  # type: ignore[attr-defined]  # set by django-htmx's middleware
            if htmx and not htmx.boosted:
                return [self.partial_template_name]
        return super().get_template_names()


class CycleMixin(LoginRequiredMixin):
    """A page of one cycle the user may see (404 otherwise)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def cycle(self) -> CallUpCycle:
        return get_object_or_404(selectors.cycles_for(self.request.user), pk=self.kwargs["cycle"])

    @cached_property
    def today(self) -> dt.date:
        return timezone.localdate()

    @cached_property
    def on(self) -> dt.date:
        return selectors.reference_date(self.cycle, self.today)

    @cached_property
    def wards(self) -> list[Unit]:
        return list(selectors.cycle_wards(self.cycle, self.request.user))

    def cycle_context(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "regime": self.cycle.regime,
            "wards": self.wards,
            "on": self.on,
        }


class CycleListPage[M: Model](CycleMixin, ExportPage):
    """A filtered, paginated list of the cycle's records the user may see (decisions, orders)."""

    filter_class: type[CycleListFilter]

    def records(self) -> QuerySet[M]:
        raise NotImplementedError

    @cached_property
    def list_filter(self) -> CycleListFilter:
        return self.filter_class(
            self.request.GET or None,
            queryset=self.records(),
            wards=selectors.cycle_wards(self.cycle, self.request.user),
        )

    def filtered(self) -> QuerySet[M]:
        f = self.list_filter
        return f.qs if f.is_bound else f.queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["filter"] = self.list_filter
        context["page"] = paginate(self.filtered(), self.request.GET.get("page"), PAGE_SIZE)
        return context


class WardMixin(CycleMixin):
    """A page of one commune of the cycle; a ward outside the user's scope is a 404."""

    @cached_property
    def ward(self) -> Unit:
        return get_object_or_404(
            selectors.cycle_wards(self.cycle, self.request.user), pk=self.kwargs["ward"]
        )

    @cached_property
    def ward_units(self) -> QuerySet[Unit]:
        return Unit.objects.filter(pk=self.ward.pk)

    def cycle_context(self) -> dict[str, Any]:
        return {**super().cycle_context(), "ward": self.ward, "ward_steps": WARD_STEPS}


class PoolMixin(WardMixin):
    """The ward's pool on the reference date, filtered by the query string."""

    @cached_property
    def pool_filter(self) -> PoolFilter:
        return PoolFilter(
            self.request.GET or None, by_number=can_see_personal_numbers(self.request.user)
        )

    @cached_property
    def on(self) -> dt.date:
        default = selectors.reference_date(self.cycle, self.today)
        return self.pool_filter.reference_date(default)

    @cached_property
    def entries(self) -> list[PoolEntry]:
        return services.pool(self.cycle, self.ward_units, on=self.on)

    def filtered(self) -> list[PoolEntry]:
        people = Person.objects.filter(pk__in=[e.person.pk for e in self.entries])
        return self.pool_filter.apply(self.entries, people, self.on)

    def narrows_by_person(self) -> bool:
        """Whether the filter asks for an age or a name, which only the people themselves
        answer; a state filter alone is answered by ``pool_rows``."""
        form = self.pool_filter
        if not form.is_bound or not form.is_valid():
            return False
        data = form.cleaned_data
        return data["age_min"] is not None or data["age_max"] is not None or bool(data["q"].strip())

    def filtered_page(self, raw_number: str | None) -> tuple[Page, Sequence[PoolEntry | PoolRow]]:
        """The page of entries the filter leaves, and the whole pool it was taken from.

        Without an age or name filter only the page's people are loaded (``pool_rows``, then
        ``pool_entries``): a ward of 400,000 residents has some 45,000 in its pool, and building
        every ``Person`` was most of the page's time. Both ways give the same rows and order.
        """
        if self.narrows_by_person():
            return page_of(self.filtered(), raw_number), self.entries
        rows = pool_rows(self.cycle, self.ward_units, on=self.on)
        form = self.pool_filter
        state = form.cleaned_data["state"] if form.is_bound and form.is_valid() else ""
        listed = [row for row in rows if row.state == state] if state else rows
        page = page_of(listed, raw_number)
        return replace(page, rows=pool_entries(page.rows)), rows


class BulkView(WardMixin, BulkActionView):
    """A ward list with ticked people and a bulk action, confirmed on a second page (the kit's
    ``BulkActionView`` over the ward's candidates)."""

    confirm_template_name = "conscription/confirm.html"
    checked_field = "people"
    form_class: type[BulkForm]

    def candidates(self) -> QuerySet[Person]:
        raise NotImplementedError

    def initial(self) -> dict[str, Any]:
        return {}

    def get_initial(self) -> dict[str, Any]:
        return self.initial()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"people": self.candidates()}

    def page_context(self) -> dict[str, Any]:
        return self.cycle_context()

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        return [(person, "") for person in form.chosen()]

    def export(self) -> HttpResponse:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            return self.export()
        return super().get(request, *args, **kwargs)


class FormPage(LoginRequiredMixin, View):
    """A single form; ``save`` calls the service and returns where to go next."""

    template_name = "conscription/form.html"
    title: StrOrPromise = ""

    def make_form(self, data: Any = None) -> Form:
        raise NotImplementedError

    def context(self) -> dict[str, Any]:
        return {}

    def save(self, form: Any) -> str:
        raise NotImplementedError

    def render_form(self, form: Form, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": self.title, **self.context()}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        require_writer(request.user)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                return HttpResponseRedirect(self.save(form))
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.render_form(form, status=400)


class PersonMixin(CycleMixin):
    """A page about one person of one of the user's wards of the cycle; 404 otherwise."""

    @cached_property
    def found(self) -> tuple[Person, Unit]:
        people = Person.objects.visible_to(self.request.user).select_related("residence_unit")
        person = get_object_or_404(people, pk=self.kwargs["person"])
        try:
            ward = services.cycle_commune(self.cycle, person)
        except ValidationError as exc:
            raise Http404 from exc
        if ward.pk not in {w.pk for w in self.wards}:
            raise Http404
        return person, ward

    @property
    def person(self) -> Person:
        return self.found[0]

    @property
    def person_ward(self) -> Unit:
        return self.found[1]
