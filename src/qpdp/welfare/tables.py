"""The lists of the rear-policy pages: soldiers' families with what they were paid, and the
Decision 49/62 cases with where each stands and when its next step is due."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, PersonalNumberColumn, Table
from qpdp.welfare.models import BenefitCase, SoldierFamily


class FamilyTable(Table):
    soldier = tables.Column(
        accessor="soldier__full_name",
        verbose_name=_("Quân nhân"),
        linkify=("welfare:family", [tables.A("pk")]),
        orderable=True,
        order_by=("soldier__roster_key", "pk"),
    )
    id_number = PersonalNumberColumn(accessor="soldier__id_number", verbose_name=_("Số định danh"))
    unit = tables.Column(accessor="unit__label", verbose_name=_("Xã, phường"))
    enlisted_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Ngày nhập ngũ"),
        orderable=True,
        order_by=("enlisted_on", "pk"),
    )
    discharged_on = tables.DateColumn(
        accessor="discharge_day", format="d/m/Y", verbose_name=_("Ngày xuất ngũ")
    )  # selectors.with_discharge: the call-up's discharge record first
    payment_count = tables.Column(verbose_name=_("Số lần trợ cấp"), attrs=NUM)
    paid = tables.Column(verbose_name=_("Tổng tiền trợ cấp (đồng)"), attrs=NUM, default=0)

    orderings = (("soldier", _("Tên (A→Z)")), ("-enlisted_on", _("Nhập ngũ gần nhất trước")))

    class Meta(Table.Meta):
        model = SoldierFamily
        fields: tuple[str, ...] = ()
        order_by = ("soldier",)
        empty_text = _("Chưa có gia đình quân nhân nào.")


class CaseTable(Table):
    applicant = tables.Column(
        accessor="applicant__full_name",
        verbose_name=_("Người đề nghị"),
        linkify=("welfare:case", [tables.A("pk")]),
        orderable=True,
        order_by=("applicant__roster_key", "pk"),
    )
    id_number = PersonalNumberColumn(
        accessor="applicant__id_number", verbose_name=_("Số định danh")
    )
    unit = tables.Column(accessor="unit__label", verbose_name=_("Xã, phường tiếp nhận"))
    scheme = tables.Column(verbose_name=_("Chế độ"))
    benefit = tables.Column(verbose_name=_("Loại trợ cấp"))
    received_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Ngày tiếp nhận"),
        orderable=True,
        order_by=("received_on", "pk"),
    )
    status = tables.Column(verbose_name=_("Trạng thái"))
    due_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Hạn bước tiếp theo"),
        orderable=True,
        order_by=("due_on", "pk"),
    )
    amount = tables.Column(verbose_name=_("Số tiền (đồng)"), attrs=NUM, visible=False)
    decision_number = tables.Column(verbose_name=_("Số quyết định"), visible=False)

    orderings = (("-received_on", _("Mới tiếp nhận trước")), ("due_on", _("Hạn gần nhất trước")))

    class Meta(Table.Meta):
        model = BenefitCase
        fields: tuple[str, ...] = ()
        order_by = ("-received_on",)
        empty_text = _("Không có hồ sơ nào.")


class WardTotalsTable(Table):
    """Each ward's rear-policy work in a year (``selectors.WardTotals``), on the page and in the
    export."""

    unit = tables.Column(accessor="unit__label", verbose_name=_("Xã, phường"), orderable=False)
    families = tables.Column(verbose_name=_("Gia đình quân nhân"), attrs=NUM, orderable=False)
    payments = tables.Column(verbose_name=_("Lần trợ cấp"), attrs=NUM, orderable=False)
    paid = tables.Column(verbose_name=_("Tiền trợ cấp (đồng)"), attrs=NUM, orderable=False)
    visits = tables.Column(verbose_name=_("Lần thăm hỏi"), attrs=NUM, orderable=False)
    gifts = tables.Column(verbose_name=_("Suất quà Tết"), attrs=NUM, orderable=False)
    gift_value = tables.Column(verbose_name=_("Giá trị quà (đồng)"), attrs=NUM, orderable=False)

    class Meta(Table.Meta):
        attrs = {"class": "list", "id": "totals"}
        empty_text = _("Không có xã, phường nào trong phạm vi quản lý năm này.")
