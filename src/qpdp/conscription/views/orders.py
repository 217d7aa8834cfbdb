"""Call-up orders and the handover: issued in bulk from a ward's approved lists, printed, their
outcome recorded, and a citizen who failed to report replaced from the reserve (Art. 34.6, 35);
a handed-over soldier's discharge (Art. 43) and his reserve registration (Art. 45).
Orders are signed for the body the regime names: the district before 07/2025, the ward since."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qpdp.conscription import selectors, services
from qpdp.conscription.filters import OrderFilter
from qpdp.conscription.forms import (
    DeliveryForm,
    DischargeForm,
    HandoverForm,
    OrderBulkForm,
    ReplacementForm,
)
from qpdp.conscription.models import CallUpCycle, CallUpOrder, Outcome, Review
from qpdp.conscription.rules import DischargeKind
from qpdp.conscription.rules.deadlines import CALL_NOTICE_DAYS
from qpdp.conscription.tables import OrderTable, WaitingTable, WardOrderTable
from qpdp.conscription.views.scope import (
    PAGE_SIZE,
    CycleMixin,
    PoolMixin,
    WardBulkView,
    refusal_for,
    visible,
)
from qpdp.core.access import AnyUser, can_see_personal_numbers, check_unit_writable
from qpdp.core.tables import Table
from qpdp.core.units import Unit
from qpdp.core.views import (
    ConfirmedFormView,
    Download,
    ListView,
    ServiceFormView,
    download_response,
    stamped,
)
from qpdp.people.models import Person
from qpdp.reserves.rules import Category

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def can_sign_orders(user: AnyUser, cycle: CallUpCycle, ward: Unit) -> bool:
    """Whether the user writes for the body that signs the ward's orders (Art. 34.6): the
    district military command before 07/2025, the ward since."""
    try:
        check_unit_writable(user, services.order_issuer(cycle, ward))
    except (PermissionDenied, ValidationError):
        return False
    return True


def require_signer(user: AnyUser, cycle: CallUpCycle, ward: Unit) -> None:
    """Refuse, naming the document and who signs it, a user who does not sign the ward's orders."""
    if not can_sign_orders(user, cycle, ward):
        raise PermissionDenied(
            _("%(document)s do %(signer)s ký.")
            % {
                "document": cycle.regime.call_up_document,
                "signer": cycle.regime.call_up_document_issued_by,
            }
        )


class OrderIssueView(PoolMixin, WardBulkView):
    template_name = "conscription/order_issue.html"
    form_class = OrderBulkForm
    action_title = gettext_lazy("Ra lệnh gọi nhập ngũ")
    export_slug = "cho-goi-nhap-ngu"

    @cached_property
    def orders(self) -> dict[int, CallUpOrder]:
        return selectors.live_orders(self.cycle, [e.person.pk for e in self.entries])

    @cached_property
    def lists(self) -> selectors.ReviewLists:
        quota = selectors.ward_quota(self.cycle, self.ward)
        return selectors.review_lists(self.entries, quota, self.orders)

    def waiting(self) -> list[dict[str, Any]]:
        """Callable people without an order, those within the quota first."""
        return [
            {"entry": e, "within": within}
            for within, entries in ((True, self.lists.callable), (False, self.lists.reserve))
            for e in entries
            if e.person.pk not in self.orders
        ]

    def candidates(self) -> QuerySet[Person]:
        ids = [row["entry"].person.pk for row in self.waiting()]
        return visible(Person.objects.filter(pk__in=ids), self.request.user)

    def get_initial(self) -> dict[str, Any]:
        return {"issued_on": self.on}

    def check_allowed(self) -> None:
        super().check_allowed()
        require_signer(self.request.user, self.cycle, self.ward)

    def waiting_table(self) -> WaitingTable:
        return WaitingTable(self.waiting(), checked=self.checked(), user=self.request.user)

    def list_context(self) -> dict[str, Any]:
        ward_orders = (
            selectors.cycle_orders(self.cycle, self.request.user)
            .filter(unit=self.ward)
            .order_by("-issued_on", "-number")
        )
        return {
            "waiting": self.waiting_table(),
            "ward_orders": WardOrderTable(ward_orders, user=self.request.user),
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
            with refusal_for(person):
                services.issue_order(
                    self.request.user,
                    self.cycle,
                    person,
                    issued_on=data["issued_on"],
                    report_place=data["report_place"],
                )
        return _("Đã ra %(n)s lệnh gọi nhập ngũ.") % {"n": len(people)}

    def export_table(self) -> tuple[Table, Iterable[Any], str]:
        table = self.waiting_table()
        return table, table.ordered_data, _("Chờ gọi %(ward)s") % {"ward": self.ward.name}


class OrderListView(CycleMixin, ListView[CallUpOrder]):
    model = CallUpOrder
    table_class = OrderTable
    filterset_class = OrderFilter
    title = gettext_lazy("Lệnh gọi nhập ngũ")
    template_name = "conscription/order_list.html"
    page_size = PAGE_SIZE
    export_slug = "lenh-goi"

    def get_queryset(self) -> QuerySet[CallUpOrder]:
        return selectors.cycle_orders(self.cycle, self.request.user)

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {"wards": selectors.cycle_wards(self.cycle, self.request.user)}

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"cycle": self.cycle}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = {**super().get_context_data(**kwargs), **self.cycle_context()}
        context["document"] = self.cycle.regime.call_up_document
        table = self.table
        assert isinstance(table, OrderTable)
        signable = {o.unit for o in context["page"].rows}
        table.signs_for = {
            u.pk for u in signable if can_sign_orders(self.request.user, self.cycle, u)
        }
        table.replaced = set(
            CallUpOrder.objects.filter(cycle=self.cycle, replaces__isnull=False).values_list(
                "replaces_id", flat=True
            )
        )
        return context


class OrderPrintView(OrderListView):
    """The chosen orders (or all the list shows) as one DOCX, one order per page."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from qpdp.conscription.documents import render_orders

        if not can_see_personal_numbers(request.user):  # the orders carry full identity numbers
            raise PermissionDenied(_("Vai trò của bạn không được in lệnh gọi nhập ngũ."))
        orders = self.filtered_queryset()
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
        download = Download(
            content=render_orders(selected),
            filename=stamped("lenh-goi-nhap-ngu", "docx"),
            content_type=DOCX,
            title=str(self.cycle.regime.call_up_document),
            extra={"orders": [o.pk for o in selected], "format": "docx"},
        )
        return download_response(request, download)


class OrderMixin(CycleMixin):
    @cached_property
    def order(self) -> CallUpOrder:
        orders = selectors.cycle_orders(self.cycle, self.request.user)
        return get_object_or_404(orders, pk=self.kwargs["order"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(  # type: ignore[misc]  # ServiceFormView's
            **self.cycle_context(),
            order=self.order,
            person=self.order.person,
            back=reverse("conscription:orders", args=[self.cycle.pk]),
            **kwargs,
        )


class DeliveryView(OrderMixin, ServiceFormView):
    """The day the order reached the citizen: the Art. 34.6 notice counts from it."""

    form_class = DeliveryForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Ngày giao cho công dân")

    def get_initial(self) -> dict[str, Any]:
        return {"delivered_on": self.order.delivered_on or self.order.issued_on}

    def save(self, form: Any) -> str:
        services.record_delivery(
            self.request.user, self.order, delivered_on=form.cleaned_data["delivered_on"]
        )
        messages.success(
            self.request,
            _("Đã ghi ngày giao %(document)s cho %(name)s.")
            % {
                "document": str(self.cycle.regime.call_up_document).lower(),
                "name": self.order.person,
            },
        )
        return reverse("conscription:orders", args=[self.cycle.pk])


class HandoverView(OrderMixin, ServiceFormView):
    form_class = HandoverForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Kết quả giao quân")

    def get_initial(self) -> dict[str, Any]:
        day = max(self.order.issued_on, min(self.today, self.order.report_on))
        return {"on": day, "result": "handed_over"}

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


class ReplacementView(OrderMixin, ServiceFormView):
    form_class = ReplacementForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Gọi thay người không có mặt")

    def get_form_kwargs(self) -> dict[str, Any]:
        ward_units = Unit.objects.filter(pk=self.order.unit_id)
        reserve = services.reserve_list(self.cycle, ward_units, on=self.on)
        ids = [e.person.pk for e in reserve]
        return {"people": visible(Person.objects.filter(pk__in=ids), self.request.user)}

    def get_initial(self) -> dict[str, Any]:
        notice = dt.timedelta(days=CALL_NOTICE_DAYS)
        return {
            "issued_on": self.on,
            "report_on": max(self.cycle.handover_date, self.on + notice),
        }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            require_signer(request.user, self.cycle, self.order.unit)
            if self.order.outcome != Outcome.FAILED:
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


class DischargeView(OrderMixin, ConfirmedFormView):
    """Record the discharge of a handed-over soldier, confirmed on a second page that shows what
    the save's own checks (``services.check_discharge``) found: the time served and the reserve
    class Art. 24 gives it, or why he is not registered again."""

    form_class = DischargeForm
    template_name = "conscription/form.html"
    title = gettext_lazy("Ghi nhận xuất ngũ")
    confirm_question = gettext_lazy(
        "Thời gian tại ngũ tính từ ngày giao quân (Điều 22); hạng quân nhân dự bị do hệ thống "
        "xác định theo Điều 24 Luật Nghĩa vụ quân sự. Kiểm tra lại trước khi lưu."
    )
    error_aliases = {
        "registered_on": "reserve_registered_on",
        "person": "__all__",
        "unit": "__all__",
        "category": "__all__",
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            message = None
            if self.order.outcome != Outcome.HANDED_OVER:
                message = _("Chỉ ghi nhận xuất ngũ cho công dân đã giao quân.")
            elif selectors.order_discharge(self.order.pk) is not None:
                message = _("Đã ghi nhận xuất ngũ của %(name)s.") % {"name": self.order.person}
            if message is not None:
                messages.error(request, message)
                return HttpResponseRedirect(reverse("conscription:orders", args=[self.cycle.pk]))
        return super().dispatch(request, *args, **kwargs)

    def check(self, form: DischargeForm) -> list[tuple[str, Any]]:
        order, data = self.order, form.discharge()
        plan = services.check_discharge(self.request.user, order, data)
        served = _("%(months)s tháng %(days)s ngày") % {
            "months": plan.service.months,
            "days": plan.service.days,
        }
        if plan.reserve is not None and plan.reserve_unit is not None:
            reserve = _("%(category)s (%(article)s), tại %(unit)s, ngày %(day)s") % {
                "category": Category(plan.reserve.category).label,
                "article": plan.reserve.ground.article,
                "unit": plan.reserve_unit.label,
                "day": f"{plan.registered_on:%d/%m/%Y}",
            }
        else:
            reserve = plan.reserve_note
        rows: list[tuple[str, Any]] = [
            (_("Công dân"), str(order.person)),
            (_("Ngày giao quân"), f"{order.handed_over_on:%d/%m/%Y}"),
            (_("Ngày xuất ngũ"), f"{data.discharged_on:%d/%m/%Y}"),
            (_("Thời gian tại ngũ"), served),
            (_("Hình thức xuất ngũ"), DischargeKind(data.kind).label),
            (
                _("Quyết định xuất ngũ"),
                _("Số %(number)s, ngày %(day)s")
                % {
                    "number": data.decision_number,
                    "day": f"{data.decision_date:%d/%m/%Y}",
                },
            ),
            (_("Đăng ký quân nhân dự bị"), reserve),
        ]
        if data.reason:
            rows.insert(5, (_("Lý do xuất ngũ trước thời hạn"), data.reason))
        return rows

    def save(self, form: DischargeForm) -> str:
        done = services.record_discharge(self.request.user, self.order, form.discharge())
        message = _("Đã ghi nhận xuất ngũ của %(name)s.") % {"name": self.order.person}
        if done.soldier is not None:
            message += " " + _("Đã đăng ký quân nhân dự bị %(category)s.") % {
                "category": done.soldier.get_category_display().lower()
            }
        elif done.reserve_note:
            message += " " + done.reserve_note
        messages.success(self.request, message)
        return reverse("conscription:orders", args=[self.cycle.pk])
