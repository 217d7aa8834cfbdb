"""The lists of the defense education pages: courses, who is due for a course, yearly plans.
Each table gives its page's HTML, its sorts and its export (``core.tables.Table``)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qpdp.core.tables import NUM, PersonalNumberColumn, Table
from qpdp.education.models import Course, EducationPlan


class CourseTable(Table):
    code = tables.Column(
        verbose_name=_("Số hiệu lớp"),
        linkify=("education:course", [tables.A("pk")]),
        orderable=True,
        order_by=("code", "pk"),
    )
    name = tables.Column(verbose_name=_("Tên lớp"))
    group = tables.Column(accessor="group__name", verbose_name=_("Đối tượng"))
    unit = tables.Column(accessor="unit__label", verbose_name=_("Hội đồng GDQPAN cấp"))
    starts_on = tables.DateColumn(
        format="d/m/Y", verbose_name=_("Từ ngày"), orderable=True, order_by=("starts_on", "pk")
    )
    ends_on = tables.DateColumn(format="d/m/Y", verbose_name=_("Đến ngày"))
    place = tables.Column(verbose_name=_("Địa điểm"))
    attendee_count = tables.Column(verbose_name=_("Số học viên"), attrs=NUM)
    organiser = tables.Column(verbose_name=_("Cơ sở tổ chức"), visible=False)

    orderings = (("-starts_on", _("Mới nhất trước")), ("starts_on", _("Cũ nhất trước")))

    class Meta(Table.Meta):
        model = Course
        fields: tuple[str, ...] = ()
        order_by = ("-starts_on",)
        empty_text = _("Chưa có lớp bồi dưỡng nào.")


class DueTable(Table):
    """Post holders due for training: never trained for their group, or their certificate
    lapsed (``education.selectors.due``)."""

    name = tables.Column(
        accessor="person__full_name",
        verbose_name=_("Họ và tên"),
        linkify=("people:detail", [tables.A("person_id")]),
        orderable=True,
        order_by=("person__roster_key", "pk"),
    )
    id_number = PersonalNumberColumn(accessor="person__id_number", verbose_name=_("Số định danh"))
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    post = tables.Column(accessor="post", verbose_name=_("Chức vụ"), empty_values=())
    group = tables.Column(accessor="group__name", verbose_name=_("Đối tượng"))
    last_trained = tables.DateColumn(format="d/m/Y", verbose_name=_("Bồi dưỡng gần nhất"))

    class Meta(Table.Meta):
        order_by = ("name",)
        empty_text = _("Không có ai đến hạn bồi dưỡng.")

    def render_post(self, record: Any) -> str:
        return str(record.post or record.title)

    def value_post(self, record: Any) -> str:
        return self.render_post(record)


class PlanTable(Table):
    year = tables.Column(
        verbose_name=_("Năm"),
        linkify=("education:plan", [tables.A("pk")]),
        orderable=True,
        order_by=("year", "pk"),
    )
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    planned = tables.Column(
        verbose_name=_("Tổng chỉ tiêu (người)"),
        attrs=NUM,
    )
    note = tables.Column(verbose_name=_("Ghi chú"))

    class Meta(Table.Meta):
        model = EducationPlan
        fields: tuple[str, ...] = ()
        order_by = ("-year",)
        empty_text = _("Chưa có kế hoạch bồi dưỡng nào.")
