"""The unit and year a planning page is about (``?unit=`` or ``?code=``, ``?year=``), the
sub-navigation every planning page shows, and the links between the pages.

Pages are built from the kit (``core.views``); ``UnitYearMixin`` only adds what planning's pages
share: a unit of the user's scope (default the user's own) and a year (default this year).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import F, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import User, scope_units
from qpdp.core.units import Unit
from qpdp.planning.figures import default_year, in_force_during, year_period
from qpdp.planning.forms import MAX_YEAR, MIN_YEAR, ContextForm

R = TypeVar("R", bound=Model)

PAGE_SIZE = 100
SAVED = _("Đã lưu.")
SUBPAGES = (
    ("planning:home", _("Kế hoạch")),
    ("planning:targets", _("Chỉ tiêu")),
    ("planning:documents", _("Văn bản chỉ đạo")),
    ("planning:events", _("Sự kiện, diễn tập")),
    ("planning:approval", _("Phê duyệt số liệu")),
    ("review:dashboard", _("Tổng kết năm")),
)


def page_query(unit: Unit | None, year: int) -> str:
    params: dict[str, Any] = {"year": year}
    if unit is not None:
        params["unit"] = unit.pk
    return urlencode(params)


def link(name: str, unit: Unit | None, year: int, *args: Any) -> str:
    return f"{reverse(name, args=args)}?{page_query(unit, year)}"


def optional_link(name: str, unit: Unit | None, year: int) -> str | None:
    """A link to a page of another module, None while that module is not installed."""
    try:
        return link(name, unit, year)
    except NoReverseMatch:
        return None


def units_in_scope(request: HttpRequest, year: int) -> Any:
    """The units the user may see that were in force at some point in ``year``."""
    return scope_units(request.user).filter(in_force_during(*year_period(year)))


def in_scope(request: HttpRequest, units: Sequence[Unit]) -> list[Unit]:
    """Those of ``units`` the user may see, in their order (one query over just those ids)."""
    allowed = set(
        scope_units(request.user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True)
    )
    return [u for u in units if u.pk in allowed]


class UnitYearMixin(LoginRequiredMixin):
    """A page about one unit (``?unit=`` id or ``?code=``, default the user's) and one year
    (``?year=``, default ``figures.default_year``: this year, or an abolished unit's last).
    Administrators without a unit may see every unit. Its context carries the unit and year
    picker and the planning sub-navigation."""

    request: HttpRequest

    @cached_property
    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
            return int(raw)
        # The default follows the unit: an abolished unit opens on its last locked year.
        unit_raw = self.request.GET.get("unit", "")
        user = self.request.user
        if unit_raw.isdigit():
            unit = scope_units(user).filter(pk=int(unit_raw)).first()
        else:
            unit = user.unit if isinstance(user, User) else None
        today = timezone.localdate()
        return default_year(unit, today) if unit is not None else today.year

    @cached_property
    def unit(self) -> Unit | None:
        units = units_in_scope(self.request, self.year)
        raw = self.request.GET.get("unit", "")
        code = self.request.GET.get("code", "").strip()
        if code:
            return units.filter(code=code).order_by(F("valid_from").desc(nulls_last=True)).first()
        if raw.isdigit():
            return scope_units(self.request.user).filter(pk=int(raw)).first()
        user = self.request.user
        return user.unit if isinstance(user, User) else None

    def of_page(self, records: QuerySet[R]) -> QuerySet[R]:
        """``records`` of the page's year, of its unit and the units under it when one is chosen
        (every unit in scope otherwise)."""
        records = records.filter(year=self.year)
        if self.unit is None:
            return records
        return records.filter(unit__in=Unit.objects.subtree_of([self.unit]).values("pk"))

    def chosen_unit(self) -> Unit:
        """The page's unit; 404 while none is chosen (nothing to show or add to)."""
        if self.unit is None:
            raise Http404(_("Chọn một đơn vị."))
        return self.unit

    def about(self, unit: Unit, year: int) -> None:
        """A page of one record is about the record's unit and year, whatever the query says."""
        self.__dict__.update(unit=unit, year=year)

    def page_context(self) -> dict[str, Any]:
        unit, year = self.unit, self.year
        return {
            "context_unit": unit,
            "year": year,
            "context_form": ContextForm(initial={"code": unit.code if unit else "", "year": year}),
            "subpages": [
                (label, url, url.split("?")[0] == self.request.path)
                for name, label in SUBPAGES
                if (url := optional_link(name, unit, year)) is not None
            ],
            "query": page_query(unit, year),
            "today": timezone.localdate(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]  # the view's
        return {**self.page_context(), **context}


class UnitRequiredMixin(UnitYearMixin):
    """A page that adds to one unit's register: 404 until a unit is chosen, before the role is
    checked (there is nothing to add to)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.chosen_unit()
        return super().dispatch(request, *args, **kwargs)
