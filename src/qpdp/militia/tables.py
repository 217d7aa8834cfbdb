"""The militia lists as tables (``core.tables.Table``): each gives its page's HTML, its sorts and
its spreadsheet export; columns hidden on the page still go to the export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, PersonalNumberColumn, Table
from qpdp.militia.models import DutyDecision
from qpdp.militia.rules import duty_ground


class MilitiaUnitTable(Table):
    name = tables.Column(
        verbose_name=_("Tên đơn vị"),
        linkify=("militia:unit", [tables.A("pk")]),
        orderable=True,
        order_by=("name", "pk"),
    )
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị quản lý"))
    level = tables.Column(verbose_name=_("Quy mô"))
    force_kind = tables.Column(verbose_name=_("Thành phần"))
    authorised_strength = tables.Column(verbose_name=_("Biên chế"), attrs=NUM)
    established_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Ngày thành lập"),
        orderable=True,
        order_by=("established_on", "pk"),
    )
    established_by = tables.Column(verbose_name=_("Cấp quyết định thành lập"), visible=False)
    decision_number = tables.Column(verbose_name=_("Số quyết định"), visible=False)
    dissolved_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Ngày giải thể"), visible=False)

    orderings = (
        ("name", _("Tên (A→Z)")),
        ("-established_on", _("Mới thành lập")),
    )

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Chưa có đơn vị dân quân tự vệ nào.")


class MemberTable(Table):
    name = tables.Column(
        accessor="person__full_name",
        verbose_name=_("Họ và tên"),
        linkify=("militia:member", [tables.A("pk")]),
        orderable=True,
        order_by=("person__roster_key", "pk"),
    )
    birth = tables.Column(accessor="person__birth_date_display", verbose_name=_("Ngày sinh"))
    id_number = PersonalNumberColumn(accessor="person__id_number", verbose_name=_("Số định danh"))
    militia_unit = tables.Column(accessor="militia_unit__name", verbose_name=_("Đơn vị"))
    force_kind = tables.Column(
        accessor="militia_unit__get_force_kind_display", verbose_name=_("Thành phần")
    )
    post = tables.Column(verbose_name=_("Chức vụ"))
    joined_on = tables.DateColumn(
        format="d/m/Y", verbose_name=_("Ngày vào"), orderable=True, order_by=("joined_on", "pk")
    )
    service_end = tables.DateColumn(format="d/m/Y", verbose_name=_("Hết thời hạn"))
    ended_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Ngày thôi"))
    end_reason = tables.Column(verbose_name=_("Lý do thôi"), visible=False)
    keeper = tables.Column(
        accessor="militia_unit__unit__label", verbose_name=_("Đơn vị quản lý"), visible=False
    )
    decision_number = tables.Column(verbose_name=_("Số quyết định"), visible=False)
    address = tables.Column(accessor="person__address", verbose_name=_("Địa chỉ"), visible=False)

    orderings = (
        ("name", _("Tên (A→Z)")),
        ("-name", _("Tên (Z→A)")),
        ("-joined_on", _("Mới vào")),
    )

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Không tìm thấy dân quân tự vệ nào.")


class TrainingPlanTable(Table):
    name = tables.Column(
        accessor="pk",
        verbose_name=_("Kế hoạch"),
        linkify=("militia:plan", [tables.A("pk")]),
    )
    year = tables.Column(verbose_name=_("Năm"), orderable=True, order_by=("-year", "pk"))
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị tổ chức"))
    force_kind = tables.Column(verbose_name=_("Thành phần"))
    starts_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Từ ngày"))
    ends_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Đến ngày"))
    place = tables.Column(verbose_name=_("Địa điểm"), visible=False)

    class Meta(Table.Meta):
        order_by = ("year",)
        empty_text = _("Chưa có kế hoạch huấn luyện nào.")

    def render_name(self, record: object) -> str:
        return str(record)

    def value_name(self, record: object) -> str:
        return str(record)


class DutyDecisionTable(Table):
    name = tables.Column(
        accessor="person__full_name",
        verbose_name=_("Họ và tên"),
        linkify=("people:detail", [tables.A("person_id")]),
        orderable=True,
        order_by=("person__roster_key", "pk"),
    )
    birth = tables.Column(accessor="person__birth_date_display", verbose_name=_("Ngày sinh"))
    id_number = PersonalNumberColumn(accessor="person__id_number", verbose_name=_("Số định danh"))
    kind = tables.Column(verbose_name=_("Loại"))
    ground = tables.Column(verbose_name=_("Lý do (điểm, Điều 11)"))
    decided_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Ngày quyết định"),
        orderable=True,
        order_by=("decided_on", "pk"),
    )
    until = tables.DateColumn(format="d/m/Y", verbose_name=_("Tạm hoãn đến"))
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Nơi quyết định"))
    number = tables.Column(verbose_name=_("Số quyết định"), visible=False)
    signer = tables.Column(verbose_name=_("Người ký"), visible=False)
    evidence = tables.Column(verbose_name=_("Giấy tờ chứng minh"), visible=False)

    orderings = (
        ("-decided_on", _("Mới quyết định")),
        ("name", _("Tên (A→Z)")),
    )

    class Meta(Table.Meta):
        order_by = ("-decided_on",)
        empty_text = _("Chưa có quyết định tạm hoãn, miễn nào.")

    def render_ground(self, record: DutyDecision) -> str:
        return str(duty_ground(record.kind, record.ground).article)

    def value_ground(self, record: DutyDecision) -> str:
        return self.render_ground(record)
