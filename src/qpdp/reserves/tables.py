"""The reserve lists as tables (``core.tables.Table``): each gives its page's HTML, its sorts
and its spreadsheet export; columns hidden on the page still go to the export."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, PersonalNumberColumn, Table


class SoldierTable(Table):
    name = tables.Column(
        accessor="person__full_name",
        verbose_name=_("Họ và tên"),
        linkify=("reserves:soldier", [tables.A("pk")]),
        orderable=True,
        order_by=("person__roster_key", "pk"),
    )
    birth = tables.Column(accessor="person__birth_date_display", verbose_name=_("Ngày sinh"))
    id_number = PersonalNumberColumn(accessor="person__id_number", verbose_name=_("Số định danh"))
    category = tables.Column(verbose_name=_("Hạng"))
    rank = tables.Column(verbose_name=_("Cấp bậc"))
    speciality = tables.Column(verbose_name=_("Chuyên nghiệp quân sự"))
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Nơi đăng ký"))
    registered_on = tables.DateColumn(
        format="d/m/Y",
        verbose_name=_("Ngày đăng ký"),
        orderable=True,
        order_by=("registered_on", "pk"),
    )
    transferred_out_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Ngày giải ngạch"))
    category_ground = tables.Column(verbose_name=_("Căn cứ xếp hạng"), visible=False)
    active_service_months = tables.Column(verbose_name=_("Số tháng tại ngũ"), visible=False)
    address = tables.Column(accessor="person__address", verbose_name=_("Địa chỉ"), visible=False)

    orderings = (
        ("name", _("Tên (A→Z)")),
        ("-name", _("Tên (Z→A)")),
        ("-registered_on", _("Mới đăng ký")),
    )

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Không tìm thấy quân nhân dự bị nào.")


class ReserveUnitTable(Table):
    name = tables.Column(
        verbose_name=_("Tên đơn vị"),
        linkify=("reserves:unit", [tables.A("pk")]),
        orderable=True,
        order_by=("name", "pk"),
    )
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Địa phương xây dựng"))
    level = tables.Column(verbose_name=_("Quy mô"))
    role = tables.Column(verbose_name=_("Loại đơn vị"))
    speciality = tables.Column(verbose_name=_("Chuyên nghiệp quân sự"))
    assigned = tables.Column(verbose_name=_("Đã sắp xếp"), attrs=NUM)
    authorised_strength = tables.Column(verbose_name=_("Biên chế"), attrs=NUM)
    established_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Ngày thành lập"))

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Chưa có đơn vị dự bị động viên nào.")


class DrillTable(Table):
    name = tables.Column(
        verbose_name=_("Đợt"),
        linkify=("reserves:drill", [tables.A("pk")]),
        orderable=True,
        order_by=("name", "pk"),
    )
    kind = tables.Column(verbose_name=_("Hình thức"))
    keeper = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị tổ chức"))
    reserve_unit = tables.Column(accessor="reserve_unit__name", verbose_name=_("Đơn vị dự bị"))
    starts_on = tables.DateColumn(
        format="d/m/Y", verbose_name=_("Từ ngày"), orderable=True, order_by=("-starts_on", "pk")
    )
    ends_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Đến ngày"))
    place = tables.Column(verbose_name=_("Địa điểm"), visible=False)

    class Meta(Table.Meta):
        order_by = ("starts_on",)
        empty_text = _("Chưa có đợt huấn luyện, kiểm tra nào.")
