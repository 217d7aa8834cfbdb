"""The call-up lists as tables: each class gives its page's HTML table and its XLSX export (columns
``visible=False`` are the export's only, columns ``exclude_from_export`` the page's only). The
lists read from the database (cycles, decisions, orders) sort by their linked headers.

The lists of a ward (pool, health, review, the men waiting for an order) are computed in Python
from ``services.pool``; their records are ``PoolEntry`` objects or small dicts around one, and
the tables read them through accessors. A table that needs facts of the page (the cycle, the
reference date, the records ticked, who decides) takes them as keyword arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qpdp.conscription import rules
from qpdp.conscription.models import (
    BarringMeasure,
    CallUpCycle,
    CallUpOrder,
    CouncilMeeting,
    Decision,
    Outcome,
    ServiceRecognition,
    Volunteering,
)
from qpdp.conscription.rules.recognition import RECOGNITION_RULES
from qpdp.conscription.services import PoolEntry
from qpdp.core.access import can_write
from qpdp.core.tables import NUM, DayColumn, Table, TickColumn

MONO = {"td": {"class": "mono"}}


def person_link(person: Any) -> SafeString:
    url = reverse("people:detail", args=[person.pk])
    return format_html('<a href="{}">{}</a>', url, person.full_name)


def name_and_birth(person: Any) -> SafeString:
    """The name linked to the person's page, the birth date below it."""
    return format_html("{}<br><small>{}</small>", person_link(person), person.birth_date_display)


def _grounds(entry: PoolEntry) -> list[tuple[Any, Any]]:
    """The evaluation's reasons, then the flags the commune should act on (the militia's)."""
    reasons = [(r.message, r.article) for r in entry.evaluation.reasons]
    return reasons + [(f.message, f.article) for f in entry.flags]


def reasons_text(entry: PoolEntry) -> str:
    return "; ".join(f"{message} ({article})" for message, article in _grounds(entry))


def reasons_html(entry: PoolEntry) -> SafeString:
    return format_html_join("; ", '{} <small class="help">({})</small>', _grounds(entry))


def tick_person(record: Any) -> str:
    person = record.person if hasattr(record, "person") else record
    return gettext("Chọn %(name)s") % {"name": person.full_name}


class CycleTable(Table):
    """The cycles the user may see (the module's home page)."""

    cycle = tables.Column(
        accessor="pk",
        verbose_name=_("Đợt"),
        exclude_from_export=True,
        linkify=("conscription:cycle", [tables.A("pk")]),
        orderable=True,
        order_by=("year", "sequence", "pk"),
    )
    year = tables.Column(verbose_name=_("Năm"), visible=False)
    sequence = tables.Column(verbose_name=_("Đợt"), visible=False)
    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị chủ trì"))
    exam = tables.Column(
        accessor="exam_start", verbose_name=_("Khám sức khỏe"), exclude_from_export=True
    )
    handover_date = DayColumn(
        verbose_name=_("Ngày giao quân"), orderable=True, order_by=("handover_date", "pk")
    )
    exam_start = DayColumn(verbose_name=_("Khám từ ngày"), visible=False)
    exam_end = DayColumn(verbose_name=_("Khám đến ngày"), visible=False)
    regime = tables.Column(accessor="regime__title", verbose_name=_("Quy định áp dụng"))

    class Meta(Table.Meta):
        empty_text = _("Chưa có đợt tuyển quân nào.")

    def render_cycle(self, record: CallUpCycle) -> str:
        return str(record)

    def render_exam(self, record: CallUpCycle) -> str:
        return f"{record.exam_start:%d/%m/%Y} – {record.exam_end:%d/%m/%Y}"

    def value_regime(self, value: Any) -> str:
        return str(value)


class CompletionTable(Table):
    """A cycle's quotas and handover results, unit by unit, sub-units indented. Records are
    ``{"unit", "indent", "row"}`` (``services.completion``'s row)."""

    unit = tables.Column(accessor="unit__label", verbose_name=_("Đơn vị"))
    quota = tables.Column(accessor="row__quota", verbose_name=_("Chỉ tiêu"), attrs=NUM)
    handed_over = tables.Column(
        accessor="row__handed_over", verbose_name=_("Đã giao quân"), attrs=NUM
    )
    percent = tables.Column(
        accessor="row__percent", verbose_name=_("Hoàn thành"), attrs=NUM, empty_values=()
    )
    failed = tables.Column(
        accessor="row__failed_to_report", verbose_name=_("Không có mặt"), attrs=NUM
    )
    graduates = tables.Column(
        accessor="row__college_graduates", verbose_name=_("Tốt nghiệp CĐ, ĐH"), attrs=NUM
    )
    party = tables.Column(accessor="row__party_members", verbose_name=_("Đảng viên"), attrs=NUM)
    assign = tables.Column(
        accessor="unit__pk", verbose_name="", exclude_from_export=True, empty_values=()
    )

    export_headers = {
        "percent": _("Tỷ lệ hoàn thành (%)"),
        "graduates": _("Tốt nghiệp cao đẳng, đại học"),
    }

    class Meta(Table.Meta):
        attrs = {"class": "list completion"}
        empty_text = _("Chưa giao chỉ tiêu.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, **kwargs: Any):
        self.cycle = cycle
        super().__init__(data, **kwargs)

    def render_unit(self, value: str, record: dict[str, Any]) -> SafeString:
        if not record["indent"]:
            return format_html("{}", value)
        return format_html(
            '<span aria-hidden="true">{}└ </span>{}', SafeString("&emsp;" * record["indent"]), value
        )

    def render_quota(self, value: int) -> Any:
        return value or "—"

    def render_percent(self, value: Any) -> str:
        return "—" if value is None else f"{localize(value)}%"

    def value_percent(self, value: Any) -> Any:
        return "" if value is None else float(value)

    def value_unit(self, value: str) -> str:
        return value

    def render_assign(self, record: dict[str, Any]) -> SafeString:
        url = reverse("conscription:quota", args=[self.cycle.pk])
        return format_html('<a href="{}?unit={}">{}</a>', url, record["unit"].pk, _("Giao"))


class DecisionTable(Table):
    """Deferral and exemption proposals of a cycle, with their decisions."""

    person = tables.Column(
        verbose_name=_("Họ và tên"), orderable=True, order_by=("person__roster_key", "pk")
    )
    birth = tables.Column(
        accessor="person__birth_date_display", verbose_name=_("Ngày sinh"), visible=False
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("Xã, phường"))
    kind = tables.Column(verbose_name=_("Đề nghị"))
    ground = tables.Column(verbose_name=_("Lý do và căn cứ"))
    article = tables.Column(
        accessor="ground", verbose_name=_("Căn cứ"), visible=False, empty_values=()
    )
    evidence = tables.Column(verbose_name=_("Giấy tờ chứng minh"))
    until = DayColumn(verbose_name=_("Đến ngày"), orderable=True, order_by=("until", "pk"))
    proposed_on = DayColumn(
        verbose_name=_("Ngày đề nghị"), orderable=True, order_by=("proposed_on", "pk")
    )
    decision = tables.Column(
        accessor="pk", verbose_name=_("Quyết định"), exclude_from_export=True, empty_values=()
    )
    decision_number = tables.Column(verbose_name=_("Số quyết định"), visible=False)
    decided_on = DayColumn(verbose_name=_("Ngày quyết định"), visible=False)

    export_headers = {"kind": _("Loại"), "ground": _("Lý do")}

    class Meta(Table.Meta):
        attrs = {"class": "list decisions"}
        empty_text = _("Chưa có đề nghị nào.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, **kwargs: Any):
        self.cycle = cycle
        self.deciders: Collection[int] = ()  # the units whose decisions the user takes
        super().__init__(data, **kwargs)

    @staticmethod
    def ground_of(record: Decision) -> rules.Ground:
        return rules.ground(rules.DecisionKind(record.kind), record.ground)

    def render_person(self, record: Decision) -> SafeString:
        return name_and_birth(record.person)

    def value_person(self, record: Decision) -> str:
        return record.person.full_name

    def value_unit(self, record: Decision) -> str:
        return record.unit.label

    def render_kind(self, record: Decision) -> str:
        return record.get_kind_display()

    def value_kind(self, record: Decision) -> str:
        return record.get_kind_display()

    def render_ground(self, record: Decision) -> SafeString:
        g = self.ground_of(record)
        return format_html('{}) {} <small class="help">({})</small>', g.letter, g.title, g.article)

    def value_ground(self, record: Decision) -> str:
        return str(self.ground_of(record).title)

    def value_article(self, record: Decision) -> str:
        return str(self.ground_of(record).article)

    def render_decision(self, record: Decision) -> SafeString:
        if record.decided_on:
            return format_html(
                "{}",
                gettext("Số %(number)s, ngày %(day)s")
                % {"number": record.decision_number, "day": f"{record.decided_on:%d/%m/%Y}"},
            )
        if record.unit_id in self.deciders:
            url = reverse("conscription:decide", args=[self.cycle.pk, record.pk])
            return format_html('<a class="button primary" href="{}">{}</a>', url, _("Quyết định"))
        return format_html('<span class="help">{}</span>', _("Chờ quyết định"))


def order_number(order: CallUpOrder) -> str:
    return f"{order.number}/{order.year}"


class OrderTable(Table):
    """A cycle's call-up orders: ticked to print, their outcome recorded or replaced."""

    tick = TickColumn(
        "order",
        lambda o: gettext("Chọn lệnh %(number)s/%(year)s") % {"number": o.number, "year": o.year},
    )
    number = tables.Column(
        accessor="pk",
        verbose_name=_("Số"),
        attrs=MONO,
        orderable=True,
        order_by=("issuer", "year", "number"),
    )
    person = tables.Column(
        verbose_name=_("Họ và tên"), orderable=True, order_by=("person__roster_key", "pk")
    )
    birth = tables.Column(
        accessor="person__birth_date_display", verbose_name=_("Ngày sinh"), visible=False
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("Xã, phường"))
    issued_on = DayColumn(verbose_name=_("Ngày ký"), orderable=True, order_by=("issued_on", "pk"))
    report = tables.Column(accessor="report_on", verbose_name=_("Có mặt"))
    report_place = tables.Column(verbose_name=_("Địa điểm có mặt"), visible=False)
    delivered_on = tables.Column(
        verbose_name=_("Giao cho công dân"),
        orderable=True,
        order_by=("delivered_on", "pk"),
        empty_values=(),
    )
    outcome = tables.Column(verbose_name=_("Kết quả"))
    handed_over_on = DayColumn(verbose_name=_("Ngày giao quân"), visible=False)
    receiving_unit = tables.Column(verbose_name=_("Đơn vị nhận quân"), visible=False)
    failure_reason = tables.Column(verbose_name=_("Lý do không có mặt"), visible=False)
    replaces = tables.Column(verbose_name=_("Gọi thay cho"), visible=False)
    actions = tables.Column(
        accessor="pk", verbose_name="", exclude_from_export=True, empty_values=()
    )

    export_headers = {"report": _("Ngày có mặt")}

    class Meta(Table.Meta):
        attrs = {"class": "list orders"}
        empty_text = _("Chưa có lệnh gọi nhập ngũ nào.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, **kwargs: Any):
        self.cycle = cycle
        self.signs_for: Collection[int] = ()  # the wards whose orders the user signs
        self.replaced: Collection[int] = ()  # the orders already replaced
        super().__init__(data, **kwargs)

    def render_number(self, record: CallUpOrder) -> SafeString:
        if not record.replaces:
            return format_html("{}", order_number(record))
        return format_html(
            "{}<br><small>{}</small>",
            order_number(record),
            gettext("gọi thay %(number)s") % {"number": order_number(record.replaces)},
        )

    def value_number(self, record: CallUpOrder) -> str:
        return order_number(record)

    def render_person(self, record: CallUpOrder) -> SafeString:
        return name_and_birth(record.person)

    def value_person(self, record: CallUpOrder) -> str:
        return record.person.full_name

    def value_unit(self, record: CallUpOrder) -> str:
        return record.unit.label

    def render_report(self, record: CallUpOrder) -> str:
        return f"{record.report_on:%d/%m/%Y}, {record.report_place}"

    def value_report(self, value: dt.date) -> dt.date:
        return value

    def render_delivered_on(self, record: CallUpOrder) -> SafeString:
        if record.delivered_on is not None:
            return format_html("{}", f"{record.delivered_on:%d/%m/%Y}")
        if record.outcome != Outcome.PENDING:
            return format_html("{}", "—")
        return format_html("<b>{}</b>", _("Chưa giao"))

    def value_delivered_on(self, record: CallUpOrder) -> dt.date | str:
        return record.delivered_on or ""

    def render_outcome(self, record: CallUpOrder) -> SafeString:
        text = format_html("{}", record.get_outcome_display())
        if record.handed_over_on:
            day = f"{record.handed_over_on:%d/%m/%Y}"
            text = format_html("{}<br><small>{} · {}</small>", text, day, record.receiving_unit)
        discharge = getattr(record, "discharge", None)
        if discharge is not None:
            text = format_html(
                "{}<br><small>{}</small>",
                text,
                gettext("Đã xuất ngũ ngày %(day)s (%(months)s tháng tại ngũ)")
                % {
                    "day": f"{discharge.discharged_on:%d/%m/%Y}",
                    "months": discharge.service.months,
                },
            )
        if record.failure_reason:
            text = format_html("{}<br><small>{}</small>", text, record.failure_reason)
        return text

    def value_outcome(self, record: CallUpOrder) -> str:
        return record.get_outcome_display()

    def value_replaces(self, value: CallUpOrder) -> str:
        return order_number(value)

    def render_actions(self, record: CallUpOrder) -> SafeString:
        if not can_write(self.user):
            return SafeString("")
        if record.outcome == Outcome.PENDING:
            deliver = reverse("conscription:deliver", args=[self.cycle.pk, record.pk])
            url = reverse("conscription:handover", args=[self.cycle.pk, record.pk])
            if record.delivered_on is None:
                return format_html(
                    '<a href="{}">{}</a><br><a href="{}">{}</a>',
                    deliver,
                    _("Ghi ngày giao cho công dân"),
                    url,
                    _("Ghi không có mặt"),
                )
            return format_html('<a href="{}">{}</a>', url, _("Ghi kết quả giao quân"))
        if record.outcome == Outcome.HANDED_OVER and getattr(record, "discharge", None) is None:
            url = reverse("conscription:discharge", args=[self.cycle.pk, record.pk])
            return format_html('<a href="{}">{}</a>', url, _("Ghi nhận xuất ngũ"))
        if (
            record.outcome == Outcome.FAILED
            and record.pk not in self.replaced
            and record.unit_id in self.signs_for
        ):
            url = reverse("conscription:replace", args=[self.cycle.pk, record.pk])
            return format_html('<a href="{}">{}</a>', url, _("Gọi thay"))
        return SafeString("")


class WardOrderTable(Table):
    """The orders issued in one ward, below the men still waiting for one."""

    number = tables.Column(accessor="pk", verbose_name=_("Số"), attrs=MONO)
    person = tables.Column(accessor="person__full_name", verbose_name=_("Họ và tên"))
    issued_on = DayColumn(verbose_name=_("Ngày ký"))
    outcome = tables.Column(verbose_name=_("Kết quả"))

    class Meta(Table.Meta):
        empty_text = _("Chưa có lệnh nào.")

    def render_number(self, record: CallUpOrder) -> str:
        return order_number(record)

    def render_outcome(self, record: CallUpOrder) -> str:
        return record.get_outcome_display()


class PoolTable(Table):
    """A ward's pool on the reference date: each man's state and its reasons."""

    name = tables.Column(accessor="person__full_name", verbose_name=_("Họ và tên"))
    birth = tables.Column(accessor="person__birth_date_display", verbose_name=_("Ngày sinh"))
    age = tables.Column(accessor="person__pk", verbose_name=_("Tuổi"), attrs=NUM)
    state = tables.Column(accessor="state__label", verbose_name=_("Trạng thái"))
    reasons = tables.Column(
        accessor="evaluation", verbose_name=_("Lý do và căn cứ"), empty_values=()
    )
    propose = tables.Column(
        accessor="person__pk", verbose_name="", exclude_from_export=True, empty_values=()
    )

    class Meta(Table.Meta):
        attrs = {"class": "list pool"}
        empty_text = _("Không có công dân nào.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, on: dt.date, **kwargs: Any):
        self.cycle, self.on = cycle, on
        super().__init__(data, **kwargs)

    def render_name(self, record: PoolEntry) -> SafeString:
        return person_link(record.person)

    def render_age(self, record: PoolEntry) -> int:
        return record.person.age_on(self.on)

    def value_age(self, record: PoolEntry) -> int:
        return record.person.age_on(self.on)

    def render_state(self, value: str) -> SafeString:
        return format_html("<b>{}</b>", value)

    def value_state(self, value: str) -> str:
        return str(value)

    def render_reasons(self, record: PoolEntry) -> SafeString:
        return format_html(
            '<ul class="changes">{}</ul>',
            format_html_join(
                "",
                '<li>{} <small class="help">({})</small></li>',
                _grounds(record),
            ),
        )

    def value_reasons(self, record: PoolEntry) -> str:
        return reasons_text(record)

    def render_propose(self, record: PoolEntry) -> SafeString:
        if not can_write(self.user):
            return SafeString("")
        args = [self.cycle.pk, record.person.pk]
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a>',
            reverse("conscription:propose", args=args),
            _("Đề nghị tạm hoãn, miễn"),
            reverse("conscription:volunteer", args=args),
            _("Đơn tình nguyện"),
        )


def health_text(result: Any) -> SafeString:
    """``Loại 1 (15/11/2022)``, and the exclusion an examination found."""
    if result is None:
        return SafeString("—")
    text = format_html(
        "{}",
        gettext("Loại %(cls)s (%(day)s)")
        % {"cls": result.health_class, "day": f"{result.examined_on:%d/%m/%Y}"},
    )
    return text


class HealthTable(Table):
    """The ward's pool with its pre-screening and examination results, ticked to record more.
    Records are ``{"entry", "pre", "exam"}``."""

    tick = TickColumn("people", lambda r: tick_person(r["entry"]), accessor="entry__person__pk")
    name = tables.Column(accessor="entry__person__full_name", verbose_name=_("Họ và tên"))
    birth = tables.Column(accessor="entry__person__birth_date_display", verbose_name=_("Ngày sinh"))
    call = DayColumn(accessor="call__delivered_on", verbose_name=_("Giao giấy gọi khám"))
    call_exam_on = DayColumn(
        accessor="call__exam_on", verbose_name=_("Giấy gọi: ngày khám"), visible=False
    )
    pre = tables.Column(verbose_name=_("Sơ tuyển"), exclude_from_export=True, empty_values=())
    pre_day = DayColumn(
        accessor="pre__examined_on", verbose_name=_("Sơ tuyển: ngày"), visible=False
    )
    pre_class = tables.Column(
        accessor="pre__health_class", verbose_name=_("Sơ tuyển: loại"), visible=False
    )
    exam = tables.Column(verbose_name=_("Khám tuyển"), exclude_from_export=True, empty_values=())
    exam_day = DayColumn(
        accessor="exam__examined_on", verbose_name=_("Khám tuyển: ngày"), visible=False
    )
    exam_class = tables.Column(
        accessor="exam__health_class", verbose_name=_("Khám tuyển: loại"), visible=False
    )
    state = tables.Column(accessor="entry__state__label", verbose_name=_("Trạng thái"))
    detail = tables.Column(
        accessor="entry__person__pk", verbose_name="", exclude_from_export=True, empty_values=()
    )

    class Meta(Table.Meta):
        empty_text = _("Không có công dân nào.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, checked: Collection[int], **kwargs: Any):
        self.cycle, self.checked = cycle, checked
        super().__init__(data, **kwargs)

    def render_name(self, record: dict[str, Any]) -> SafeString:
        return person_link(record["entry"].person)

    def render_pre(self, value: Any) -> SafeString:
        return health_text(value)

    def render_exam(self, value: Any) -> SafeString:
        if value is not None and value.drug_addicted:
            return format_html("{} · {}", health_text(value), _("nghiện ma túy"))
        return health_text(value)

    def value_state(self, value: str) -> str:
        return str(value)

    def render_detail(self, value: int) -> SafeString:
        if not can_write(self.user):
            return SafeString("")
        url = reverse("conscription:health_person", args=[self.cycle.pk, value])
        call = reverse("conscription:exam_call", args=[self.cycle.pk, value])
        return format_html(
            '<a href="{}">{}</a><br><a href="{}">{}</a>', url, _("Chi tiết"), call, _("Giấy gọi")
        )


class DueTable(Table):
    """Men turning 17 in the registration year not yet registered, ticked to register."""

    tick = TickColumn("people", tick_person)
    name = tables.Column(
        accessor="full_name",
        verbose_name=_("Họ và tên"),
        linkify=("people:detail", [tables.A("pk")]),
    )
    birth = tables.Column(accessor="birth_date_display", verbose_name=_("Ngày sinh"))
    address = tables.Column(verbose_name=_("Địa chỉ"))
    # The export shares the registered list's columns; these two are empty here.
    number = tables.Column(
        accessor="pk", verbose_name=_("Số đăng ký"), visible=False, empty_values=()
    )
    registered_on = tables.Column(
        accessor="pk", verbose_name=_("Ngày đăng ký"), visible=False, empty_values=()
    )

    class Meta(Table.Meta):
        empty_text = _("Không còn công dân nào phải đăng ký.")

    def __init__(self, data: Any, *, checked: Collection[int] = (), **kwargs: Any):
        self.checked = checked
        super().__init__(data, **kwargs)

    def value_number(self) -> str:
        return ""

    def value_registered_on(self) -> str:
        return ""


class RegisteredTable(Table):
    """The ward's first registrations of the year, by number."""

    number_shown = tables.Column(
        accessor="number", verbose_name=_("Số đăng ký"), attrs=MONO, exclude_from_export=True
    )
    name = tables.Column(accessor="person__full_name", verbose_name=_("Họ và tên"))
    birth = tables.Column(accessor="person__birth_date_display", verbose_name=_("Ngày sinh"))
    address = tables.Column(accessor="person__address", verbose_name=_("Địa chỉ"), visible=False)
    number = tables.Column(verbose_name=_("Số đăng ký"), visible=False)
    registered_on = DayColumn(verbose_name=_("Ngày đăng ký"))
    place = tables.Column(verbose_name=_("Địa điểm"), exclude_from_export=True)

    class Meta(Table.Meta):
        attrs = {"class": "list registered"}
        empty_text = _("Chưa có ai đăng ký.")


class WaitingTable(Table):
    """Callable men without an order, those within the quota first. Records are
    ``{"entry", "within"}``."""

    tick = TickColumn("people", lambda r: tick_person(r["entry"]), accessor="entry__person__pk")
    name = tables.Column(accessor="entry__person__full_name", verbose_name=_("Họ và tên"))
    birth = tables.Column(accessor="entry__person__birth_date_display", verbose_name=_("Ngày sinh"))
    within = tables.Column(verbose_name=_("Danh sách"), empty_values=())

    class Meta(Table.Meta):
        empty_text = _("Không còn công dân đủ điều kiện chưa có lệnh gọi.")

    def __init__(self, data: Any, *, checked: Collection[int], **kwargs: Any):
        self.checked = checked
        super().__init__(data, **kwargs)

    def render_name(self, record: dict[str, Any]) -> SafeString:
        return person_link(record["entry"].person)

    def render_within(self, value: bool) -> str:
        return gettext("Trong chỉ tiêu") if value else gettext("Dự bị")

    def value_within(self, value: bool) -> str:
        return gettext("Gọi nhập ngũ") if value else gettext("Dự bị")


class ReviewTable(Table):
    """One of the council's lists (callable, reserve, deferred, exempt); the export holds the
    four, each row naming its list. Records are ``{"n", "list", "entry"}``."""

    n = tables.Column(verbose_name="#", attrs=NUM, exclude_from_export=True)
    list = tables.Column(verbose_name=_("Danh sách"), visible=False)
    name = tables.Column(accessor="entry__person__full_name", verbose_name=_("Họ và tên"))
    birth = tables.Column(accessor="entry__person__birth_date_display", verbose_name=_("Ngày sinh"))
    reasons = tables.Column(accessor="entry", verbose_name=_("Lý do và căn cứ"), empty_values=())

    class Meta(Table.Meta):
        empty_text = _("Không có.")

    def render_name(self, record: dict[str, Any]) -> SafeString:
        return person_link(record["entry"].person)

    def render_reasons(self, value: PoolEntry) -> SafeString:
        return reasons_html(value)

    def value_list(self, value: Any) -> str:
        return str(value)

    def value_reasons(self, value: PoolEntry) -> str:
        return reasons_text(value)


class OverdueTable(Table):
    """The cycle's wards behind a legal deadline (``selectors.overdue``)."""

    ward = tables.Column(accessor="ward__label", verbose_name=_("Xã, phường"))
    deadline = DayColumn(verbose_name=_("Hạn"))
    detail = tables.Column(verbose_name=_("Tình hình"), attrs={"td": {"class": "error"}})

    class Meta(Table.Meta):
        attrs = {"class": "list overdue"}


class WardStepsTable(Table):
    """The cycle's wards in the user's scope, each with a link to every step of the ward."""

    ward = tables.Column(accessor="label", verbose_name=_("Xã, phường"))
    steps = tables.Column(accessor="pk", verbose_name=_("Các bước"))

    class Meta(Table.Meta):
        empty_text = _("Không có xã, phường nào trong phạm vi của bạn.")

    def __init__(self, data: Any, *, cycle: CallUpCycle, steps: Any, **kwargs: Any):
        self.cycle, self.steps = cycle, steps
        super().__init__(data, **kwargs)

    def render_steps(self, value: int) -> SafeString:
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse(f"conscription:{name}", args=[self.cycle.pk, value]), label)
                for name, label in self.steps
            ),
        )


class MeasureTable(Table):
    """Art. 13 measures of the people in scope: who, which measure, from when to when."""

    person = tables.Column(
        verbose_name=_("Họ và tên"), orderable=True, order_by=("person__roster_key", "pk")
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("Xã, phường"))
    kind = tables.Column(verbose_name=_("Biện pháp"))
    starts_on = DayColumn(verbose_name=_("Từ ngày"), orderable=True, order_by=("starts_on", "pk"))
    ends_on = DayColumn(verbose_name=_("Đến ngày"), default="—")
    document = tables.Column(accessor="document_number", verbose_name=_("Văn bản"))
    document_date = DayColumn(verbose_name=_("Ngày văn bản"), visible=False)
    note = tables.Column(verbose_name=_("Ghi chú"), visible=False)
    end = tables.Column(accessor="pk", verbose_name="", exclude_from_export=True, empty_values=())

    class Meta(Table.Meta):
        attrs = {"class": "list measures"}
        order_by = ("-starts_on",)
        empty_text = _("Chưa ghi biện pháp nào.")

    def render_person(self, record: BarringMeasure) -> SafeString:
        return name_and_birth(record.person)

    def value_person(self, record: BarringMeasure) -> str:
        return record.person.full_name

    def render_kind(self, record: BarringMeasure) -> SafeString:
        kind = rules.MeasureKind(record.kind)
        return format_html(
            '{} <small class="help">({})</small>', kind.label, rules.measure_article(kind)
        )

    def value_kind(self, record: BarringMeasure) -> str:
        return record.get_kind_display()

    def render_end(self, record: BarringMeasure) -> SafeString:
        if record.ends_on is not None or not can_write(self.user):
            return SafeString("")
        url = reverse("conscription:measure_end", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, _("Ghi ngày kết thúc"))


class RecognitionTable(Table):
    """Recognitions of completed active service without enlistment (Art. 4.4)."""

    person = tables.Column(
        verbose_name=_("Họ và tên"), orderable=True, order_by=("person__roster_key", "pk")
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("Xã, phường"))
    ground = tables.Column(verbose_name=_("Trường hợp"))
    months_served = tables.Column(verbose_name=_("Số tháng"), attrs=NUM, empty_values=())
    recognised_on = DayColumn(
        verbose_name=_("Ngày công nhận"), orderable=True, order_by=("recognised_on", "pk")
    )
    decision_number = tables.Column(verbose_name=_("Số quyết định"))
    signer = tables.Column(verbose_name=_("Người ký"))

    orderings = (("-recognised_on", _("Mới nhất trước")), ("person", _("Tên (A→Z)")))

    class Meta(Table.Meta):
        attrs = {"class": "list recognitions"}
        order_by = ("-recognised_on",)
        empty_text = _("Chưa ghi quyết định công nhận nào.")

    def render_person(self, record: ServiceRecognition) -> SafeString:
        return name_and_birth(record.person)

    def value_person(self, record: ServiceRecognition) -> str:
        return record.person.full_name

    def render_ground(self, record: ServiceRecognition) -> SafeString:
        ground = rules.RecognitionGround(record.ground)
        return format_html(
            '{} <small class="help">({})</small>', ground.label, rules.recognition_article(ground)
        )

    def value_ground(self, record: ServiceRecognition) -> str:
        return record.get_ground_display()

    def render_months_served(self, record: ServiceRecognition) -> Any:
        """The months served; a ground the law gives no length (point c, reserve officers) is
        "không áp dụng", a month count left unrecorded "—"."""
        if record.months_served is not None:
            return record.months_served
        if RECOGNITION_RULES[rules.RecognitionGround(record.ground)].min_months is None:
            return gettext("không áp dụng")
        return "—"

    def value_months_served(self, record: ServiceRecognition) -> Any:
        return self.render_months_served(record)


class VolunteerTable(Table):
    """Applications to serve (Art. 6.2, 41.3) in the user's wards, each under its cycle."""

    person = tables.Column(
        verbose_name=_("Họ và tên"), orderable=True, order_by=("person__roster_key", "pk")
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("Xã, phường"))
    cycle = tables.Column(verbose_name=_("Đợt tuyển quân"))
    applied_on = DayColumn(
        verbose_name=_("Ngày làm đơn"), orderable=True, order_by=("applied_on", "pk")
    )
    note = tables.Column(verbose_name=_("Ghi chú"), default="")

    orderings = (("-applied_on", _("Mới nhất trước")), ("person", _("Tên (A→Z)")))

    class Meta(Table.Meta):
        attrs = {"class": "list volunteers"}
        order_by = ("-applied_on",)
        empty_text = _("Chưa ghi đơn tình nguyện nào.")

    def render_person(self, record: Volunteering) -> SafeString:
        return name_and_birth(record.person)

    def value_person(self, record: Volunteering) -> str:
        return record.person.full_name

    def render_cycle(self, record: Volunteering) -> SafeString:
        url = reverse("conscription:cycle", args=[record.cycle.pk])
        return format_html('<a href="{}">{}</a>', url, record.cycle)

    def value_cycle(self, record: Volunteering) -> str:
        return str(record.cycle)


class CouncilMeetingTable(Table):
    """A cycle's council meetings, council by council: the votes, whether the resolution passed
    (more than half of all members for it, Art. 36.3) and the communes whose lists it covers."""

    unit = tables.Column(
        accessor="unit__label",
        verbose_name=_("Hội đồng nghĩa vụ quân sự"),
        orderable=True,
        order_by=("unit__path", "held_on", "pk"),
    )
    step = tables.Column(verbose_name=_("Nội dung họp"))
    held_on = DayColumn(verbose_name=_("Ngày họp"), orderable=True, order_by=("held_on", "pk"))
    members_total = tables.Column(verbose_name=_("Tổng số thành viên"), attrs=NUM)
    members_present = tables.Column(verbose_name=_("Có mặt"), attrs=NUM)
    votes_for = tables.Column(verbose_name=_("Tán thành"), attrs=NUM)
    votes_against = tables.Column(verbose_name=_("Không tán thành"), attrs=NUM)
    result = tables.Column(accessor="pk", verbose_name=_("Kết quả"), empty_values=())
    resolution_number = tables.Column(verbose_name=_("Số nghị quyết"), default="—")
    communes = tables.Column(accessor="pk", verbose_name=_("Danh sách của"), empty_values=())
    content = tables.Column(verbose_name=_("Nội dung nghị quyết"), visible=False)

    class Meta(Table.Meta):
        attrs = {"class": "list council"}
        order_by = ("unit",)
        empty_text = _("Chưa ghi cuộc họp nào của hội đồng nghĩa vụ quân sự.")

    def render_step(self, record: CouncilMeeting) -> str:
        return record.get_step_display()

    def value_step(self, record: CouncilMeeting) -> str:
        return record.get_step_display()

    def value_result(self, record: CouncilMeeting) -> str:
        if record.passed:
            return gettext("Thông qua")
        return gettext("Không thông qua")

    def render_result(self, record: CouncilMeeting) -> SafeString:
        needed = gettext("cần %(n)s/%(total)s") % {
            "n": rules.votes_needed(record.members_total),
            "total": record.members_total,
        }
        return format_html(
            '<b class="{}">{}</b> <small class="help">({})</small>',
            "passed" if record.passed else "failed",
            self.value_result(record),
            needed,
        )

    def value_communes(self, record: CouncilMeeting) -> str:
        return ", ".join(unit.label for unit in record.communes.all())

    def render_communes(self, record: CouncilMeeting) -> str:
        return self.value_communes(record)
