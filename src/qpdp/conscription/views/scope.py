"""What the call-up pages share beyond the page kit: the cycle, ward and person a page belongs to
(404 when outside the user's scope), the ward's pool as the filter asks for it, and the export
of a list computed in Python through its table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from qpdp.conscription import selectors, services
from qpdp.conscription.filters import PoolFilter
from qpdp.conscription.models import CallUpCycle, PoolSnapshot
from qpdp.conscription.rules import PoolState
from qpdp.conscription.services import PoolEntry, pool_store
from qpdp.conscription.services.pool import pool_entries, pool_rows
from qpdp.core.access import AnyUser, can_see_personal_numbers
from qpdp.core.error_codes import ErrorCode as CoreErrorCode
from qpdp.core.pagination import Page, paginate_list, parse_page_number
from qpdp.core.tables import Table
from qpdp.core.units import Unit
from qpdp.core.views import BulkActionView, download_response, table_download
from qpdp.people.models import Person

PAGE_SIZE = 100
WARD_STEPS = (
    ("registration", gettext_lazy("Đăng ký lần đầu")),
    ("health", gettext_lazy("Sức khỏe")),
    ("pool", gettext_lazy("Nguồn")),
    ("review", gettext_lazy("Xét duyệt")),
    ("issue", gettext_lazy("Gọi nhập ngũ")),
)


def act_day(form: forms.Form, field: str, default: dt.date) -> dt.date:
    """The day an act will carry: the date typed in the posted ``form`` when it reads, else the
    page's default. Who may act follows that day (``services.check_decider``)."""
    if form.is_bound:
        form.is_valid()
        typed = getattr(form, "cleaned_data", {}).get(field)
        if isinstance(typed, dt.date):
            return typed
    return default


def can_decide(user: AnyUser, unit: Unit, on: dt.date) -> bool:
    """Whether the user may decide for ``unit`` on ``on``, the day the act would carry."""
    try:
        services.check_decider(user, unit, on)
    except PermissionDenied:
        return False
    return True


def visible(people: QuerySet[Person], user: AnyUser) -> QuerySet[Person]:
    """The ``people`` the user may see, in roster order."""
    return people.filter(pk__in=Person.objects.visible_to(user).values("pk")).order_by(
        "roster_key", "pk"
    )


@contextmanager
def refusal_for(person: Person) -> Iterator[None]:
    """In a bulk action, name the person a service refused, so the officer knows whom to fix."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError(
            f"{person.full_name}: {'; '.join(exc.messages)}",
            code=getattr(exc, "code", None) or CoreErrorCode.REFUSED_FOR_PERSON,
        ) from exc


class TableExportMixin:
    """``?format=xlsx`` downloads the page's list, written by its table (``export_table``) over
    the records ``export_records`` gives; every download is audited by the kit."""

    request: HttpRequest
    export_slug = "danh-sach"

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        """The table, its records and the sheet's title."""
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "xlsx":
            table, records, title = self.export_table()
            return download_response(
                request, table_download(table, records, "xlsx", title, self.export_slug)
            )
        return super().get(request, *args, **kwargs)  # type: ignore[misc]  # the view's


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

    def filtered_page(
        self, raw_number: str | None
    ) -> tuple[Page, Counter[PoolState], PoolSnapshot | None]:
        """The page of entries the filter leaves, the count of the whole pool by state, and the
        stored pool they were read from (None when computed live).

        On the default day without an age or name filter the states come from the ward's stored
        pool (``pool_store``): a count by state and a hundred rows, the page's people evaluated
        live for their reasons. Another day is computed live: ``pool_rows`` then the page's
        entries (building every ``Person`` of a 45,000-person pool was most of the time); an age
        or name filter evaluates the whole pool, which only the people themselves answer.
        """
        if self.narrows_by_person():
            page = paginate_list(self.filtered(), raw_number, PAGE_SIZE)
            return page, Counter(e.state for e in self.entries), None
        form = self.pool_filter
        state = form.cleaned_data["state"] if form.is_bound and form.is_valid() else ""
        if self.on != selectors.reference_date(self.cycle, self.today):
            rows = pool_rows(self.cycle, self.ward_units, on=self.on)
            listed = [row for row in rows if row.state == state] if state else rows
            page = paginate_list(listed, raw_number, PAGE_SIZE)
            return replace(page, rows=pool_entries(page.rows)), Counter(r.state for r in rows), None
        stored = pool_store.snapshot(self.cycle, self.ward, self.on)
        counts = pool_store.counts(stored)
        total = counts[PoolState(state)] if state else counts.total()
        number = parse_page_number(raw_number)
        start = (number - 1) * PAGE_SIZE
        shown = list(pool_store.standings(stored, state)[start : start + PAGE_SIZE])
        page = Page(
            rows=pool_store.page_entries(stored, shown),
            number=number,
            size=PAGE_SIZE,
            has_next=total > start + PAGE_SIZE,
            total=total,
            total_capped=False,
        )
        return page, counts, stored


class WardBulkView(TableExportMixin, WardMixin, BulkActionView):
    """A ward's list with ticked people and one action, confirmed on a second page (the kit's
    ``BulkActionView``); ``candidates`` are the people the action may be applied to."""

    confirm_template_name = "conscription/confirm.html"
    checked_field = "people"

    def candidates(self) -> QuerySet[Person]:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"people": self.candidates()}

    def page_context(self) -> dict[str, Any]:
        return self.cycle_context()


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
