"""Pages of the call-up cycle: cycles and quotas, first registration, health, the pool, deferral
and exemption decisions, the council review, call-up orders and the handover.

Views parse the request, pick what the user may see (``selectors``, ``visible_to``) and call
``services``; every refusal of the workflow comes back as the service's Vietnamese message on
the form, with nothing saved. Bulk actions are posted twice: once to check, once confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from qpdp.conscription import rules, selectors, services
from qpdp.conscription.filters import DecisionFilter, OrderFilter, PoolFilter
from qpdp.conscription.forms import (
    ApproveForm,
    BulkForm,
    CycleForm,
    DecideForm,
    HandoverForm,
    HealthBulkForm,
    HealthForm,
    OrderBulkForm,
    ProposalForm,
    QuotaForm,
    RegistrationBulkForm,
    ReplacementForm,
)
from qpdp.conscription.models import (
    CallUpCycle,
    CallUpOrder,
    Decision,
    HealthKind,
    Outcome,
    Registration,
    Review,
)
from qpdp.conscription.rules import PoolState
from qpdp.conscription.rules.deadlines import CALL_NOTICE_DAYS
from qpdp.conscription.services import PoolEntry
from qpdp.core import audit
from qpdp.core.access import (
    AnyUser,
    Role,
    can_write,
    check_unit_writable,
    is_admin,
    scope_units,
)
from qpdp.core.exports import to_xlsx
from qpdp.core.pagination import Page, paginate, parse_page_number
from qpdp.core.units import Unit, UnitKind
from qpdp.core.views import WriterRequiredMixin
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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# -- access -----------------------------------------------------------------------------------


def is_commander(user: AnyUser) -> bool:
    return is_admin(user) or (user.is_authenticated and user.role == Role.COMMANDER)


def require_writer(user: AnyUser) -> None:
    if not can_write(user):
        raise PermissionDenied(_("Vai trò của bạn chỉ được xem, không được sửa dữ liệu."))


def can_decide(user: AnyUser, cycle: CallUpCycle, unit: Unit) -> bool:
    try:
        services.check_decider(user, cycle, unit)
    except PermissionDenied:
        return False
    return True


def can_sign_orders(user: AnyUser, cycle: CallUpCycle, ward: Unit) -> bool:
    """Whether the user writes for the body that signs the ward's orders (Art. 34.6): the
    district military command before 07/2025, the ward since."""
    try:
        check_unit_writable(user, services.order_issuer(cycle, ward))
    except (PermissionDenied, ValidationError):
        return False
    return True


class CommanderRequiredMixin(LoginRequiredMixin):
    """Cycles and quotas are set by the commanding unit, not by a ward's staff."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not (
            is_commander(request.user) and can_write(request.user)
        ):
            raise PermissionDenied(
                _("Chỉ chỉ huy đơn vị được lập đợt tuyển quân và giao chỉ tiêu.")
            )
        return super().dispatch(request, *args, **kwargs)


def visible(people: QuerySet[Person], user: AnyUser) -> QuerySet[Person]:
    return people.filter(pk__in=Person.objects.visible_to(user).values("pk"))


# -- helpers ----------------------------------------------------------------------------------


def add_service_errors(form: Form, exc: ValidationError, prefix: str = "") -> None:
    """Show a service's refusal on the form: on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, prefix + error)
    else:
        for error in exc.messages:
            form.add_error(None, prefix + error)


def xlsx_response(
    request: HttpRequest,
    title: str,
    slug: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> HttpResponse:
    """The list as an XLSX download; the export is audited like the person list's."""
    body = to_xlsx(title, headers, rows)
    audit.record(
        request.user,
        audit.Action.EXPORT,
        object_repr=title,
        extra={"path": request.path, "query": request.GET.urlencode(), "format": "xlsx"},
    )
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{stamp}.xlsx"'
    return response


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


def summary(form: Form) -> list[tuple[str, Any]]:
    """The values a bulk form will apply, as the officer reads them before confirming."""
    rows = []
    for field in form.visible_fields():
        value = form.cleaned_data.get(field.name)
        if isinstance(value, dt.date):
            value = f"{value:%d/%m/%Y}"
        elif hasattr(field.field, "choices") and value is not None:
            value = dict(field.field.choices).get(value, value)
        rows.append((str(field.label), value))
    return rows


def reasons_text(entry: PoolEntry) -> str:
    return "; ".join(f"{r.message} ({r.article})" for r in entry.evaluation.reasons)


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


# -- base views -------------------------------------------------------------------------------


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


class BulkView(WardMixin, View):
    """A ward list with ticked people and a bulk action, confirmed on a second page."""

    template_name: str
    form_class: type[BulkForm]
    action_title: StrOrPromise

    def candidates(self) -> QuerySet[Person]:
        raise NotImplementedError

    def list_context(self) -> dict[str, Any]:
        raise NotImplementedError

    def initial(self) -> dict[str, Any]:
        return {}

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        """What the action will do to each person, shown before confirming."""
        return [(person, "") for person in form.chosen()]

    def perform(self, form: Any) -> str:
        raise NotImplementedError

    def check_allowed(self) -> None:
        require_writer(self.request.user)

    def export(self) -> HttpResponse:
        raise NotImplementedError

    def render_list(self, form: Any, status: int = 200) -> HttpResponse:
        checked = {int(pk) for pk in self.request.POST.getlist("people") if pk.isdigit()}
        context = {**self.cycle_context(), **self.list_context(), "form": form, "checked": checked}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            return self.export()
        form = self.form_class(initial=self.initial(), people=self.candidates())
        return self.render_list(form)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.check_allowed()
        form = self.form_class(request.POST, people=self.candidates())
        if not form.is_valid():
            return self.render_list(form, status=400)
        if not form.cleaned_data["confirmed"]:
            try:
                preview = self.preview(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
                return self.render_list(form, status=400)
            hidden = [
                (key, value)
                for key, values in request.POST.lists()
                if key not in ("csrfmiddlewaretoken", "confirmed")
                for value in values
            ]
            context = {
                **self.cycle_context(),
                "form": form,
                "title": self.action_title,
                "preview": preview,
                "summary": summary(form),
                "hidden": hidden,
                "back": request.get_full_path(),
            }
            return render(request, "conscription/confirm.html", context)
        try:
            with transaction.atomic():
                message = self.perform(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_list(form, status=400)
        messages.success(request, message)
        return HttpResponseRedirect(request.get_full_path())


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


def person_in_cycle(view: CycleMixin, pk: int) -> tuple[Person, Unit]:
    """A person of one of the user's wards of the cycle, with that ward; 404 otherwise."""
    people = Person.objects.visible_to(view.request.user).select_related("residence_unit")
    person = get_object_or_404(people, pk=pk)
    try:
        ward = services.cycle_commune(view.cycle, person)
    except ValidationError as exc:
        raise Http404 from exc
    if ward.pk not in {w.pk for w in view.wards}:
        raise Http404
    return person, ward


# -- cycles and quotas ------------------------------------------------------------------------


class CycleListView(LoginRequiredMixin, TemplateView):
    template_name = "conscription/cycle_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            rows = (
                (
                    c.year,
                    c.sequence,
                    c.unit.label,
                    c.handover_date,
                    c.exam_start,
                    c.exam_end,
                    str(c.regime.title),
                )
                for c in selectors.cycles_for(request.user)
            )
            headers = [
                _("Năm"),
                _("Đợt"),
                _("Đơn vị chủ trì"),
                _("Ngày giao quân"),
                _("Khám từ ngày"),
                _("Khám đến ngày"),
                _("Quy định áp dụng"),
            ]
            return xlsx_response(request, _("Đợt tuyển quân"), "dot-tuyen-quan", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cycles"] = selectors.cycles_for(self.request.user)
        context["can_create"] = is_commander(self.request.user) and can_write(self.request.user)
        return context


class CycleCreateView(CommanderRequiredMixin, FormPage):
    title = gettext_lazy("Lập đợt tuyển quân")

    def make_form(self, data: Any = None) -> Form:
        units = scope_units(self.request.user).filter(
            kind__in=[UnitKind.PROVINCE, UnitKind.DISTRICT]
        )
        return CycleForm(data, units=units.order_by("path"))

    def context(self) -> dict[str, Any]:
        return {"back": reverse("conscription:home")}

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        cycle = services.create_cycle(
            self.request.user,
            unit=data["unit"],
            year=data["year"],
            sequence=data["sequence"],
            handover_date=data["handover_date"],
            list_date=data["list_date"],
            registration_date=data["registration_date"],
            exam_start=data["exam_start"],
            exam_end=data["exam_end"],
        )
        messages.success(self.request, _("Đã lập %(cycle)s.") % {"cycle": cycle})
        return reverse("conscription:cycle", args=[cycle.pk])


class CycleDetailView(CycleMixin, TemplateView):
    template_name = "conscription/cycle_detail.html"

    def quota_rows(self) -> list[dict[str, Any]]:
        units = list(selectors.quota_units(self.cycle, self.request.user))
        top = min((u.depth for u in units), default=0)
        return [
            {"unit": row.unit, "indent": row.unit.depth - top, "row": row}
            for row in services.completion(self.cycle, units)
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            headers = [
                _("Đơn vị"),
                _("Chỉ tiêu"),
                _("Đã giao quân"),
                _("Tỷ lệ hoàn thành (%)"),
                _("Không có mặt"),
                _("Tốt nghiệp cao đẳng, đại học"),
                _("Đảng viên"),
            ]
            rows = (
                (
                    r["unit"].label,
                    r["row"].quota,
                    r["row"].handed_over,
                    float(r["row"].percent) if r["row"].percent is not None else "",
                    r["row"].failed_to_report,
                    r["row"].college_graduates,
                    r["row"].party_members,
                )
                for r in self.quota_rows()
            )
            title = _("Chỉ tiêu %(cycle)s") % {"cycle": self.cycle}
            return xlsx_response(request, title, "chi-tieu", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        cycle, user = self.cycle, self.request.user
        units = {u.pk for u in selectors.quota_units(cycle, user)}
        context["quota_rows"] = self.quota_rows()
        context["mismatches"] = [
            m for m in services.quota_mismatches(cycle) if m.parent.pk in units
        ]
        context["latest_order_date"] = rules.latest_order_date(cycle.handover_date)
        context["reviews"] = (
            Review.objects.visible_to(user).filter(cycle=cycle).select_related("unit")
        )
        context["overdue"] = selectors.overdue(cycle, self.wards, self.today)
        context["can_assign"] = is_commander(user) and can_write(user)
        context["deciding_level"] = UnitKind(services.deciding_level(cycle)).label
        return context


class QuotaView(CommanderRequiredMixin, CycleMixin, FormPage):
    title = gettext_lazy("Giao chỉ tiêu gọi nhập ngũ")

    def make_form(self, data: Any = None) -> Form:
        units = selectors.quota_units(self.cycle, self.request.user)
        initial: dict[str, Any] = {"assigned_on": self.on}
        unit = units.filter(pk=self.request.GET.get("unit") or 0).first()
        if unit is not None:
            initial["unit"] = unit
            initial["number"] = selectors.ward_quota(self.cycle, unit)
        return QuotaForm(data, units=units, initial=initial)

    def context(self) -> dict[str, Any]:
        return {
            **self.cycle_context(),
            "back": reverse("conscription:cycle", args=[self.cycle.pk]),
            "intro": _(
                "Chỉ tiêu giao theo các cấp: %(levels)s. Chỉ tiêu không được thấp hơn số "
                "đã giao quân."
            )
            % {
                "levels": ", ".join(
                    str(UnitKind(k).label) for k in services.quota_levels(self.cycle)
                )
            },
        }

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        quota = services.assign_quota(
            self.request.user,
            self.cycle,
            data["unit"],
            data["number"],
            assigned_on=data["assigned_on"],
        )
        messages.success(
            self.request,
            _("Đã giao chỉ tiêu %(number)s cho %(unit)s.")
            % {"number": quota.number, "unit": quota.unit.label},
        )
        for mismatch in services.quota_mismatches(self.cycle):
            messages.warning(self.request, str(mismatch))
        return reverse("conscription:cycle", args=[self.cycle.pk])


# -- first registration -----------------------------------------------------------------------


class RegistrationView(BulkView):
    template_name = "conscription/registration.html"
    form_class = RegistrationBulkForm
    action_title = gettext_lazy("Ghi nhận đăng ký nghĩa vụ quân sự lần đầu")

    @property
    def year(self) -> int:
        return self.cycle.registration_date.year

    def candidates(self) -> QuerySet[Person]:
        due = services.first_registration_list(self.year, self.ward_units)
        return visible(due, self.request.user)

    def registered(self) -> QuerySet[Registration]:
        return (
            Registration.objects.visible_to(self.request.user)
            .filter(unit=self.ward, person__birth_date__year=self.year - 17)
            .select_related("person")
            .order_by("number", "pk")
        )

    def is_overdue(self) -> bool:
        return self.today > self.cycle.registration_date

    def initial(self) -> dict[str, Any]:
        return {"registered_on": min(self.today, self.cycle.registration_date)}

    def list_context(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "page": paginate(self.candidates(), self.request.GET.get("page"), PAGE_SIZE),
            "overdue": self.is_overdue(),
            "registered": self.registered()[:500],
        }

    def numbers(self, form: Any) -> list[str]:
        registered_on = form.cleaned_data["registered_on"]
        count = len(form.chosen())
        return selectors.next_registration_numbers(self.ward, registered_on.year, count)

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        numbers = self.numbers(form)
        return [
            (p, _("số đăng ký %(number)s") % {"number": n})
            for p, n in zip(form.chosen(), numbers, strict=True)
        ]

    def perform(self, form: Any) -> str:
        data = form.cleaned_data
        people = form.chosen()
        for person, number in zip(people, self.numbers(form), strict=True):
            try:
                services.record_registration(
                    self.request.user,
                    person,
                    registered_on=data["registered_on"],
                    number=number,
                    place=data["place"],
                    unit=self.ward,
                )
            except ValidationError as exc:
                raise ValidationError(f"{person.full_name}: {'; '.join(exc.messages)}") from exc
        return _("Đã ghi nhận đăng ký cho %(n)s công dân.") % {"n": len(people)}

    def export(self) -> HttpResponse:
        headers = [_("Họ và tên"), _("Ngày sinh"), _("Địa chỉ"), _("Số đăng ký"), _("Ngày đăng ký")]
        if self.request.GET.get("list") == "registered":
            title = _("Đã đăng ký NVQS %(year)s") % {"year": self.year}
            rows: Iterable[Sequence[Any]] = (
                (
                    r.person.full_name,
                    r.person.birth_date_display,
                    r.person.address,
                    r.number,
                    r.registered_on,
                )
                for r in self.registered()
            )
        else:
            title = _("Phải đăng ký NVQS %(year)s") % {"year": self.year}
            rows = (
                (p.full_name, p.birth_date_display, p.address, "", "") for p in self.candidates()
            )
        return xlsx_response(self.request, title, "dang-ky-nvqs", headers, rows)


# -- health -----------------------------------------------------------------------------------


class PoolMixin(WardMixin):
    """The ward's pool on the reference date, filtered by the query string."""

    @cached_property
    def pool_filter(self) -> PoolFilter:
        return PoolFilter(self.request.GET or None)

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


class HealthView(PoolMixin, BulkView):
    template_name = "conscription/health.html"
    form_class = HealthBulkForm
    action_title = gettext_lazy("Ghi kết quả sức khỏe")

    def candidates(self) -> QuerySet[Person]:
        return visible(
            Person.objects.filter(pk__in=[e.person.pk for e in self.entries]), self.request.user
        ).order_by("roster_key", "pk")

    def initial(self) -> dict[str, Any]:
        return {"examined_on": min(self.today, self.cycle.exam_start)}

    def rows(self, entries: Sequence[PoolEntry]) -> list[dict[str, Any]]:
        results = selectors.health_results(self.cycle, [e.person.pk for e in entries])
        return [
            {
                "entry": e,
                "pre": results.get(e.person.pk, {}).get(HealthKind.PRE_SCREENING),
                "exam": results.get(e.person.pk, {}).get(HealthKind.EXAMINATION),
            }
            for e in entries
        ]

    def list_context(self) -> dict[str, Any]:
        page = page_of(self.filtered(), self.request.GET.get("page"))
        return {"filter": self.pool_filter, "page": page, "rows": self.rows(page.rows)}

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        data = form.cleaned_data
        text = _("%(kind)s ngày %(day)s: loại %(cls)s") % {
            "kind": HealthKind(data["kind"]).label,
            "day": f"{data['examined_on']:%d/%m/%Y}",
            "cls": data["health_class"],
        }
        return [(p, text) for p in form.chosen()]

    def perform(self, form: Any) -> str:
        data = form.cleaned_data
        people = form.chosen()
        for person in people:
            try:
                services.record_health(
                    self.request.user,
                    self.cycle,
                    person,
                    kind=data["kind"],
                    examined_on=data["examined_on"],
                    health_class=data["health_class"],
                )
            except ValidationError as exc:
                raise ValidationError(f"{person.full_name}: {'; '.join(exc.messages)}") from exc
        return _("Đã ghi kết quả sức khỏe cho %(n)s công dân.") % {"n": len(people)}

    def export(self) -> HttpResponse:
        headers = [
            _("Họ và tên"),
            _("Ngày sinh"),
            _("Sơ tuyển: ngày"),
            _("Sơ tuyển: loại"),
            _("Khám tuyển: ngày"),
            _("Khám tuyển: loại"),
            _("Trạng thái"),
        ]
        rows = (
            (
                r["entry"].person.full_name,
                r["entry"].person.birth_date_display,
                r["pre"].examined_on if r["pre"] else "",
                r["pre"].health_class if r["pre"] else "",
                r["exam"].examined_on if r["exam"] else "",
                r["exam"].health_class if r["exam"] else "",
                str(r["entry"].state.label),
            )
            for r in self.rows(self.filtered())
        )
        title = _("Sức khỏe %(ward)s") % {"ward": self.ward.name}
        return xlsx_response(self.request, title, "suc-khoe", headers, rows)


class HealthPersonView(CycleMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Kết quả sức khỏe")

    @cached_property
    def found(self) -> tuple[Person, Unit]:
        return person_in_cycle(self, self.kwargs["person"])

    @property
    def person(self) -> Person:
        return self.found[0]

    def make_form(self, data: Any = None) -> Form:
        existing = selectors.health_results(self.cycle, [self.person.pk]).get(self.person.pk, {})
        result = existing.get(HealthKind.EXAMINATION) or existing.get(HealthKind.PRE_SCREENING)
        initial: dict[str, Any] = {"examined_on": min(self.today, self.cycle.exam_start)}
        if result is not None:
            initial.update(
                {
                    field: getattr(result, field)
                    for field in (
                        "kind",
                        "examined_on",
                        "health_class",
                        "drug_addicted",
                        "myopia_dioptres",
                        "hyperopia",
                        "bmi",
                        "notes",
                    )
                }
            )
        return HealthForm(data, initial=initial)

    def back(self) -> str:
        return reverse("conscription:health", args=[self.cycle.pk, self.found[1].pk])

    def context(self) -> dict[str, Any]:
        return {**self.cycle_context(), "person": self.person, "back": self.back()}

    def save(self, form: Any) -> str:
        services.record_health(self.request.user, self.cycle, self.person, **form.cleaned_data)
        messages.success(
            self.request, _("Đã ghi kết quả sức khỏe của %(name)s.") % {"name": self.person}
        )
        return self.back()


# -- the pool ---------------------------------------------------------------------------------


class PoolView(PoolMixin, TemplateView):
    template_name = "conscription/pool.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            headers = [
                _("Họ và tên"),
                _("Ngày sinh"),
                _("Tuổi"),
                _("Trạng thái"),
                _("Lý do và căn cứ"),
            ]
            rows = (
                (
                    e.person.full_name,
                    e.person.birth_date_display,
                    e.person.age_on(self.on),
                    str(e.state.label),
                    reasons_text(e),
                )
                for e in self.filtered()
            )
            title = _("Nguồn %(ward)s") % {"ward": self.ward.name}
            return xlsx_response(request, title, "nguon", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        rows = self.filtered()
        page = page_of(rows, self.request.GET.get("page"))
        context["filter"] = self.pool_filter
        context["page"] = page
        context["rows"] = [{"entry": e, "age": e.person.age_on(self.on)} for e in page.rows]
        context["counts"] = [
            (state, sum(1 for e in self.entries if e.state is state))
            for state in PoolState
            if any(e.state is state for e in self.entries)
        ]
        return context

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx  # type: ignore[attr-defined]  # set by django-htmx's middleware
        if htmx and not htmx.boosted:
            return ["conscription/_pool_table.html"]
        return [self.template_name]


# -- deferral and exemption -------------------------------------------------------------------


class DecisionListView(CycleMixin, TemplateView):
    template_name = "conscription/decision_list.html"

    @cached_property
    def decision_filter(self) -> DecisionFilter:
        return DecisionFilter(
            self.request.GET or None,
            queryset=selectors.cycle_decisions(self.cycle, self.request.user),
            wards=selectors.cycle_wards(self.cycle, self.request.user),
        )

    def decisions(self) -> QuerySet[Decision]:
        f = self.decision_filter
        return f.qs if f.is_bound else f.queryset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            headers = [
                _("Họ và tên"),
                _("Ngày sinh"),
                _("Xã, phường"),
                _("Loại"),
                _("Lý do"),
                _("Căn cứ"),
                _("Giấy tờ chứng minh"),
                _("Đến ngày"),
                _("Ngày đề nghị"),
                _("Số quyết định"),
                _("Ngày quyết định"),
            ]
            rows = (
                (
                    d.person.full_name,
                    d.person.birth_date_display,
                    d.unit.label,
                    d.get_kind_display(),
                    str(rules.ground(rules.DecisionKind(d.kind), d.ground).title),
                    str(rules.ground(rules.DecisionKind(d.kind), d.ground).article),
                    d.evidence,
                    d.until or "",
                    d.proposed_on,
                    d.decision_number,
                    d.decided_on or "",
                )
                for d in self.decisions()
            )
            return xlsx_response(request, _("Tạm hoãn, miễn"), "tam-hoan-mien", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        page = paginate(self.decisions(), self.request.GET.get("page"), PAGE_SIZE)
        units = {d.unit for d in page.rows}
        deciders = {u.pk for u in units if can_decide(self.request.user, self.cycle, u)}
        context["filter"] = self.decision_filter
        context["page"] = page
        context["rows"] = [
            {
                "decision": d,
                "ground": rules.ground(rules.DecisionKind(d.kind), d.ground),
                "can_decide": d.decided_on is None and d.unit_id in deciders,
            }
            for d in page.rows
        ]
        context["deciding_level"] = UnitKind(services.deciding_level(self.cycle)).label
        return context


class ProposalView(CycleMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Đề nghị tạm hoãn, miễn gọi nhập ngũ")

    @cached_property
    def found(self) -> tuple[Person, Unit]:
        return person_in_cycle(self, self.kwargs["person"])

    @property
    def person(self) -> Person:
        return self.found[0]

    def make_form(self, data: Any = None) -> Form:
        return ProposalForm(data, initial={"proposed_on": self.on})

    def context(self) -> dict[str, Any]:
        return {
            **self.cycle_context(),
            "person": self.person,
            "state": services.state_of(self.person, self.on),
            "back": reverse("conscription:pool", args=[self.cycle.pk, self.found[1].pk]),
        }

    def save(self, form: Any) -> str:
        kind, ground = form.decision()
        data = form.cleaned_data
        services.propose_decision(
            self.request.user,
            self.cycle,
            self.person,
            kind=kind,
            ground=ground,
            evidence=data["evidence"],
            proposed_on=data["proposed_on"],
            until=data["until"],
            higher_education=data["higher_education"],
        )
        messages.success(self.request, _("Đã gửi đề nghị cho %(name)s.") % {"name": self.person})
        return reverse("conscription:decisions", args=[self.cycle.pk])


class DecideView(CycleMixin, FormPage):
    title = gettext_lazy("Quyết định tạm hoãn, miễn gọi nhập ngũ")

    @cached_property
    def decision(self) -> Decision:
        decisions = selectors.cycle_decisions(self.cycle, self.request.user)
        return get_object_or_404(decisions, pk=self.kwargs["decision"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            services.check_decider(request.user, self.cycle, self.decision.unit)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data: Any = None) -> Form:
        initial = {"decided_on": max(self.decision.proposed_on, self.on)}
        return DecideForm(data, initial=initial)

    def context(self) -> dict[str, Any]:
        d = self.decision
        return {
            **self.cycle_context(),
            "person": d.person,
            "decision": d,
            "ground": rules.ground(rules.DecisionKind(d.kind), d.ground),
            "back": reverse("conscription:decisions", args=[self.cycle.pk]),
        }

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        services.decide(
            self.request.user, self.decision, decided_on=data["decided_on"], number=data["number"]
        )
        messages.success(
            self.request,
            _("Đã quyết định %(kind)s cho %(name)s.")
            % {"kind": self.decision.get_kind_display().lower(), "name": self.decision.person},
        )
        return reverse("conscription:decisions", args=[self.cycle.pk])


# -- council review ---------------------------------------------------------------------------


class ReviewView(PoolMixin, TemplateView):
    template_name = "conscription/review.html"

    @cached_property
    def review(self) -> Review | None:
        return (
            Review.objects.visible_to(self.request.user)
            .filter(cycle=self.cycle, unit=self.ward)
            .select_related("approved_by")
            .first()
        )

    def lists(self) -> selectors.ReviewLists:
        orders = selectors.live_orders(self.cycle, [e.person.pk for e in self.entries])
        quota = selectors.ward_quota(self.cycle, self.ward)
        return selectors.review_lists(self.entries, quota, orders)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            lists = self.lists()
            sections = [
                (_("Gọi nhập ngũ"), lists.callable),
                (_("Dự bị"), lists.reserve),
                (_("Tạm hoãn"), lists.deferred),
                (_("Miễn"), lists.exempt),
            ]
            headers = [_("Danh sách"), _("Họ và tên"), _("Ngày sinh"), _("Lý do và căn cứ")]
            rows = (
                (str(name), e.person.full_name, e.person.birth_date_display, reasons_text(e))
                for name, entries in sections
                for e in entries
            )
            title = _("Xét duyệt %(ward)s") % {"ward": self.ward.name}
            return xlsx_response(request, title, "xet-duyet", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["lists"] = self.lists()
        context["quota"] = selectors.ward_quota(self.cycle, self.ward)
        context["review"] = self.review
        context["can_approve"] = (
            self.review is None
            and can_write(self.request.user)
            and can_decide(self.request.user, self.cycle, self.ward)
        )
        context["approve_form"] = kwargs.get("approve_form") or ApproveForm(
            initial={"approved_on": self.on}
        )
        context["approver"] = self.cycle.regime.call_up_list_approved_by
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_writer(request.user)
        services.check_decider(request.user, self.cycle, self.ward)
        form = ApproveForm(request.POST)
        if form.is_valid():
            try:
                services.approve_review(
                    request.user,
                    self.cycle,
                    self.ward,
                    approved_on=form.cleaned_data["approved_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã phê duyệt danh sách của %(ward)s.") % {"ward": self.ward.label},
                )
                return HttpResponseRedirect(request.path)
        context = self.get_context_data(approve_form=form)
        return self.render_to_response(context, status=400)


# -- call-up orders and handover --------------------------------------------------------------


class OrderIssueView(PoolMixin, BulkView):
    template_name = "conscription/order_issue.html"
    form_class = OrderBulkForm
    action_title = gettext_lazy("Ra lệnh gọi nhập ngũ")

    @cached_property
    def orders(self) -> dict[int, CallUpOrder]:
        return selectors.live_orders(self.cycle, [e.person.pk for e in self.entries])

    @cached_property
    def lists(self) -> selectors.ReviewLists:
        quota = selectors.ward_quota(self.cycle, self.ward)
        return selectors.review_lists(self.entries, quota, self.orders)

    def waiting(self) -> list[tuple[PoolEntry, bool]]:
        """Callable people without an order, those within the quota first."""
        return [
            (e, within)
            for within, entries in ((True, self.lists.callable), (False, self.lists.reserve))
            for e in entries
            if e.person.pk not in self.orders
        ]

    def candidates(self) -> QuerySet[Person]:
        ids = [e.person.pk for e, _within in self.waiting()]
        return visible(Person.objects.filter(pk__in=ids), self.request.user).order_by(
            "roster_key", "pk"
        )

    def initial(self) -> dict[str, Any]:
        return {"issued_on": self.on}

    def check_allowed(self) -> None:
        super().check_allowed()
        if not can_sign_orders(self.request.user, self.cycle, self.ward):
            raise PermissionDenied(
                _("%(document)s do %(signer)s ký.")
                % {
                    "document": self.cycle.regime.call_up_document,
                    "signer": self.cycle.regime.call_up_document_issued_by,
                }
            )

    def list_context(self) -> dict[str, Any]:
        ward_orders = (
            selectors.cycle_orders(self.cycle, self.request.user)
            .filter(unit=self.ward)
            .order_by("-issued_on", "-number")
        )
        return {
            "waiting": self.waiting(),
            "ward_orders": ward_orders,
            "approved": Review.objects.filter(cycle=self.cycle, unit=self.ward).exists(),
            "document": self.cycle.regime.call_up_document,
            "signer": self.cycle.regime.call_up_document_issued_by,
            "can_sign": can_sign_orders(self.request.user, self.cycle, self.ward),
        }

    def preview(self, form: Any) -> list[tuple[Person, str]]:
        issuer = services.order_issuer(self.cycle, self.ward)
        first = services.next_order_number(issuer, form.cleaned_data["issued_on"].year)
        year = form.cleaned_data["issued_on"].year
        return [
            (p, _("số %(number)s/%(year)s") % {"number": first + i, "year": year})
            for i, p in enumerate(form.chosen())
        ]

    def perform(self, form: Any) -> str:
        data = form.cleaned_data
        people = form.chosen()
        for person in people:
            try:
                services.issue_order(
                    self.request.user,
                    self.cycle,
                    person,
                    issued_on=data["issued_on"],
                    report_place=data["report_place"],
                )
            except ValidationError as exc:
                raise ValidationError(f"{person.full_name}: {'; '.join(exc.messages)}") from exc
        return _("Đã ra %(n)s lệnh gọi nhập ngũ.") % {"n": len(people)}

    def export(self) -> HttpResponse:
        headers = [_("Họ và tên"), _("Ngày sinh"), _("Danh sách")]
        rows = (
            (
                e.person.full_name,
                e.person.birth_date_display,
                _("Gọi nhập ngũ") if within else _("Dự bị"),
            )
            for e, within in self.waiting()
        )
        title = _("Chờ gọi %(ward)s") % {"ward": self.ward.name}
        return xlsx_response(self.request, title, "cho-goi-nhap-ngu", headers, rows)


class OrderListView(CycleMixin, TemplateView):
    template_name = "conscription/order_list.html"

    @cached_property
    def order_filter(self) -> OrderFilter:
        return OrderFilter(
            self.request.GET or None,
            queryset=selectors.cycle_orders(self.cycle, self.request.user),
            wards=selectors.cycle_wards(self.cycle, self.request.user),
        )

    def orders(self) -> QuerySet[CallUpOrder]:
        f = self.order_filter
        return f.qs if f.is_bound else f.queryset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if wants_xlsx(request):
            headers = [
                _("Số"),
                _("Họ và tên"),
                _("Ngày sinh"),
                _("Xã, phường"),
                _("Ngày ký"),
                _("Ngày có mặt"),
                _("Địa điểm có mặt"),
                _("Kết quả"),
                _("Ngày giao quân"),
                _("Đơn vị nhận quân"),
                _("Lý do không có mặt"),
                _("Gọi thay cho"),
            ]
            rows = (
                (
                    f"{o.number}/{o.year}",
                    o.person.full_name,
                    o.person.birth_date_display,
                    o.unit.label,
                    o.issued_on,
                    o.report_on,
                    o.report_place,
                    o.get_outcome_display(),
                    o.handed_over_on or "",
                    o.receiving_unit,
                    o.failure_reason,
                    f"{o.replaces.number}/{o.replaces.year}" if o.replaces else "",
                )
                for o in self.orders()
            )
            return xlsx_response(request, _("Lệnh gọi nhập ngũ"), "lenh-goi", headers, rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["filter"] = self.order_filter
        context["page"] = paginate(self.orders(), self.request.GET.get("page"), PAGE_SIZE)
        context["document"] = self.cycle.regime.call_up_document
        signable = {o.unit for o in context["page"].rows}
        context["signs_for"] = {
            u.pk for u in signable if can_sign_orders(self.request.user, self.cycle, u)
        }
        context["replaced"] = set(
            CallUpOrder.objects.filter(cycle=self.cycle, replaces__isnull=False).values_list(
                "replaces_id", flat=True
            )
        )
        return context

    def get_template_names(self) -> list[str]:
        htmx = self.request.htmx  # type: ignore[attr-defined]  # set by django-htmx's middleware
        if htmx and not htmx.boosted:
            return ["conscription/_order_table.html"]
        return [self.template_name]


class OrderPrintView(OrderListView):
    """The chosen orders (or all the list shows) as one DOCX, one order per page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from qpdp.conscription.documents import render_orders

        orders = self.orders()
        chosen = [pk for pk in request.GET.getlist("order") if pk.isdigit()]
        if request.GET.get("all") != "1" and chosen:
            orders = orders.filter(pk__in=chosen)
        elif request.GET.get("all") != "1":
            messages.error(request, _("Chọn ít nhất một lệnh để in."))
            return HttpResponseRedirect(reverse("conscription:orders", args=[self.cycle.pk]))
        selected = list(orders)
        if not selected:
            messages.error(request, _("Không có lệnh nào để in."))
            return HttpResponseRedirect(reverse("conscription:orders", args=[self.cycle.pk]))
        body = render_orders(selected)
        audit.record(
            request.user,
            audit.Action.EXPORT,
            object_repr=str(self.cycle.regime.call_up_document),
            extra={"orders": [o.pk for o in selected], "format": "docx"},
        )
        response = HttpResponse(body, content_type=DOCX)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="lenh-goi-nhap-ngu-{stamp}.docx"'
        return response


class OrderMixin(CycleMixin):
    @cached_property
    def order(self) -> CallUpOrder:
        orders = selectors.cycle_orders(self.cycle, self.request.user)
        return get_object_or_404(orders, pk=self.kwargs["order"])

    def order_context(self) -> dict[str, Any]:
        return {
            **self.cycle_context(),
            "order": self.order,
            "person": self.order.person,
            "back": reverse("conscription:orders", args=[self.cycle.pk]),
        }


class HandoverView(OrderMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Kết quả giao quân")

    def make_form(self, data: Any = None) -> Form:
        day = max(self.order.issued_on, min(self.today, self.order.report_on))
        return HandoverForm(data, initial={"on": day, "result": "handed_over"})

    def context(self) -> dict[str, Any]:
        return self.order_context()

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        services.record_handover(
            self.request.user,
            self.order,
            handed_over=data["result"] == "handed_over",
            on=data["on"],
            receiving_unit=data["receiving_unit"],
            failure_reason=data["failure_reason"],
        )
        messages.success(
            self.request, _("Đã ghi kết quả giao quân của %(name)s.") % {"name": self.order.person}
        )
        return reverse("conscription:orders", args=[self.cycle.pk])


class ReplacementView(OrderMixin, WriterRequiredMixin, FormPage):
    title = gettext_lazy("Gọi thay người không có mặt")

    def people(self) -> QuerySet[Person]:
        ward_units = Unit.objects.filter(pk=self.order.unit_id)
        reserve = services.reserve_list(self.cycle, ward_units, on=self.on)
        ids = [e.person.pk for e in reserve]
        return visible(Person.objects.filter(pk__in=ids), self.request.user).order_by(
            "roster_key", "pk"
        )

    def make_form(self, data: Any = None) -> Form:
        notice = dt.timedelta(days=CALL_NOTICE_DAYS)
        initial = {
            "issued_on": self.on,
            "report_on": max(self.cycle.handover_date, self.on + notice),
        }
        return ReplacementForm(data, people=self.people(), initial=initial)

    def context(self) -> dict[str, Any]:
        return self.order_context()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated and not can_sign_orders(user, self.cycle, self.order.unit):
            raise PermissionDenied(
                _("%(document)s do %(signer)s ký.")
                % {
                    "document": self.cycle.regime.call_up_document,
                    "signer": self.cycle.regime.call_up_document_issued_by,
                }
            )
        if user.is_authenticated and self.order.outcome != Outcome.FAILED:
            messages.error(request, _("Chỉ gọi thay cho lệnh mà công dân không có mặt."))
            return HttpResponseRedirect(reverse("conscription:orders", args=[self.cycle.pk]))
        return super().dispatch(request, *args, **kwargs)

    def save(self, form: Any) -> str:
        data = form.cleaned_data
        order = services.issue_replacement(
            self.request.user,
            self.order,
            data["person"],
            issued_on=data["issued_on"],
            report_on=data["report_on"],
            report_place=data["report_place"],
        )
        messages.success(
            self.request,
            _("Đã ra lệnh số %(number)s/%(year)s gọi %(name)s thay cho %(old)s.")
            % {
                "number": order.number,
                "year": order.year,
                "name": order.person,
                "old": self.order.person,
            },
        )
        return reverse("conscription:orders", args=[self.cycle.pk])
