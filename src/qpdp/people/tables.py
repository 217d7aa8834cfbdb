"""The person list as a table: the page shows five columns, the export the whole record."""

from __future__ import annotations

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, DayColumn, PersonalNumberColumn, Table


class PersonTable(Table):
    name = tables.Column(
        accessor="full_name",
        verbose_name=_("Họ và tên"),
        linkify=("people:detail", [tables.A("pk")]),
        orderable=True,
        order_by=("roster_key", "pk"),
    )
    birth = tables.Column(
        accessor="birth_date_display",
        verbose_name=_("Ngày sinh"),
        orderable=True,
        order_by=("birth_date", "pk"),
    )
    gender = tables.Column(verbose_name=_("Giới tính"))
    id_number = PersonalNumberColumn(verbose_name=_("Số định danh"))
    ethnicity = tables.Column(verbose_name=_("Dân tộc"), visible=False)
    religion = tables.Column(verbose_name=_("Tôn giáo"), visible=False)
    education_level = tables.Column(verbose_name=_("Trình độ học vấn"), visible=False)
    residence_unit = tables.Column(
        accessor="residence_unit__label", verbose_name=_("Nơi thường trú")
    )
    address = tables.Column(verbose_name=_("Địa chỉ"), visible=False)
    phone = PersonalNumberColumn(verbose_name=_("Số điện thoại"), visible=False)
    occupation = tables.Column(verbose_name=_("Nghề nghiệp"), visible=False)
    workplace = tables.Column(verbose_name=_("Nơi làm việc"), visible=False)
    # Only a sort ("Mới sửa"): neither shown nor exported.
    updated = tables.Column(
        accessor="updated_at",
        visible=False,
        exclude_from_export=True,
        orderable=True,
        order_by=("-updated_at", "-pk"),
    )

    # The export is read back by the import, whose people layout knows these headers.
    export_headers = {"id_number": _("Số định danh cá nhân"), "residence_unit": _("Đơn vị")}
    orderings = (
        ("name", _("Tên (A→Z)")),
        ("-name", _("Tên (Z→A)")),
        ("birth", _("Ngày sinh tăng")),
        ("-birth", _("Ngày sinh giảm")),
        ("updated", _("Mới sửa")),
    )

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Không tìm thấy công dân nào.")


class WardTable(Table):
    """The home page's wards in force in the user's scope, with their residents (and their
    province, "Thành phố Hà Nội", when the scope spans several: ward names repeat across
    provinces). A record is ``(ward, residents)``."""

    province = tables.Column(accessor="0__parent__label", verbose_name=_("Tỉnh, thành phố"))
    ward = tables.Column(
        accessor="0__label",
        verbose_name=_("Xã, phường"),
        linkify=lambda record: f"{reverse('people:list')}?unit={record[0].pk}",
    )
    people = tables.Column(
        accessor="1",
        verbose_name=_("Số công dân đang cư trú"),
        attrs=NUM,
    )

    def render_people(self, value: int) -> str:
        return intcomma(value)


class ResidenceTable(Table):
    """A person's residence history on their page, oldest first."""

    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    valid_from = DayColumn(verbose_name=_("Từ ngày"), default="—")
    valid_to = DayColumn(verbose_name=_("Đến ngày"), default="—")

    class Meta(Table.Meta):
        attrs = {"class": "list residences"}
        empty_text = _("Chưa ghi nơi cư trú.")
