"""Annual plans (phương hướng, nhiệm vụ), targets, directive documents, events, budget lines and
the approval of a year's figures, each belonging to a unit and scoped through ``ScopedQuerySet``.

``Target.indicator_code`` holds a *target code*: the ``target_code`` an indicator declares in
the registry (``core.indicators``), else the indicator's own code. Several indicators may be
measured against one target (the number handed over against the call-up quota), so the target
is set once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import ScopedQuerySet
from qpdp.core.units import Unit
from qpdp.planning.error_codes import ErrorCode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Section(models.TextChoices):
    """The areas of a year's local defense work, in the order the city's review reads them
    (the seed's review of 2022 and its directions for 2023)."""

    STATE_MANAGEMENT = "state_management", _("Lãnh đạo, chỉ đạo, quản lý nhà nước về quốc phòng")
    EDUCATION = "education", _("Tuyên truyền, phổ biến chủ trương, pháp luật về quốc phòng")
    RECRUITMENT = "recruitment", _("Tuyển chọn và gọi công dân nhập ngũ")
    MILITIA = "militia", _("Xây dựng lực lượng dân quân tự vệ")
    RESERVES = "reserves", _("Lực lượng dự bị động viên, huấn luyện sẵn sàng chiến đấu")
    DEFENSE_EDUCATION = "defense_education", _("Giáo dục quốc phòng và an ninh")
    REAR_POLICY = "rear_policy", _("Chính sách hậu phương quân đội")
    EXERCISE = "exercise", _("Diễn tập khu vực phòng thủ")
    LOGISTICS = "logistics", _("Bảo đảm hậu cần - kỹ thuật, kinh phí")
    POLICE = "police", _("Phối hợp giữa lực lượng công an - quân sự")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


class ApprovalStatus(models.TextChoices):
    OPEN = "open", _("Đang cập nhật")
    COMPLETED = "completed", _("Đã hoàn thành, chờ khóa")
    LOCKED = "locked", _("Đã khóa")


def _unique(
    fields: list[str], name: str, message: StrOrPromise, code: ErrorCode
) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=fields, name=name, violation_error_message=message, violation_error_code=code
    )


class Plan(models.Model):
    """A unit's plan for a year: its directions and tasks by section (one per unit and year).
    ``version`` guards against two officers overwriting each other's edits."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("ngày phê duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "unit__path"]
        constraints = [
            _unique(
                ["unit", "year"],
                "plan_unit_year_unique",
                _("Đơn vị đã có kế hoạch năm này."),
                ErrorCode.PLAN_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanTask(models.Model):
    """One task of a plan: what, who, by when, and how far it got (with the evidence)."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="tasks")
    section = models.CharField(_("lĩnh vực"), max_length=20, choices=Section.choices)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("tiến độ"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    evidence = models.TextField(_("kết quả, minh chứng"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A quantitative target (chỉ tiêu) given to a unit for a year, top-down."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator_code = models.CharField(_("mã chỉ tiêu"), max_length=100)
    value = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(_("ngày giao"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["year", "unit__path", "indicator_code"]
        constraints = [
            _unique(
                ["unit", "year", "indicator_code"],
                "target_unit_year_code_unique",
                _("Đơn vị đã được giao chỉ tiêu này trong năm."),
                ErrorCode.TARGET_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("Chỉ tiêu không được âm."),
                violation_error_code=ErrorCode.TARGET_NEGATIVE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.indicator_code}: {self.value}"


def _document_path(instance: DirectiveDocument, filename: str) -> str:
    return f"planning/documents/{instance.year}/{filename}"


class DirectiveDocument(models.Model):
    """An entry of the register of directive documents (văn bản lãnh đạo, chỉ đạo)."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    summary = models.TextField(_("trích yếu"))
    file = models.FileField(_("tệp"), upload_to=_document_path, null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản lãnh đạo, chỉ đạo")
        verbose_name_plural = _("văn bản lãnh đạo, chỉ đạo")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            _unique(
                ["unit", "number", "issued_on"],
                "document_unit_number_date_unique",
                _("Văn bản cùng số, ký hiệu và ngày ban hành đã có trong sổ."),
                ErrorCode.DOCUMENT_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class EventKind(models.TextChoices):
    EXERCISE = "exercise", _("Diễn tập khu vực phòng thủ")
    COMBAT_DEFENSE = "combat_defense", _("Diễn tập chiến đấu phòng thủ cấp xã")
    CIVIL_DEFENSE = "civil_defense", _("Diễn tập phòng thủ dân sự")
    INSPECTION = "inspection", _("Kiểm tra")
    TRAINING = "training", _("Huấn luyện, hội thao")
    CONFERENCE = "conference", _("Hội nghị")


class EventRating(models.TextChoices):
    EXCELLENT = "excellent", _("Xuất sắc")
    GOOD = "good", _("Giỏi")
    FAIR = "fair", _("Khá")
    PASS = "pass", _("Đạt")
    FAIL = "fail", _("Không đạt")


class Event(models.Model):
    """An event of the year, above all the defense-zone exercise, with its outcome and grade."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=EventKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    outcome = models.TextField(_("kết quả"), blank=True)
    rating = models.CharField(_("xếp loại"), max_length=10, choices=EventRating.choices, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
                violation_error_code=ErrorCode.DATES_ORDER,
            )
        ]

    def __str__(self) -> str:
        return self.name


class EventPhase(models.Model):
    """A phase of an event (a step of the exercise: preparation, command-post, live drill)."""

    unit_field = "event__unit"

    event = models.ForeignKey(Event, models.CASCADE, related_name="phases")
    name = models.CharField(_("giai đoạn"), max_length=300)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    outcome = models.TextField(_("kết quả"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["event", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_phase_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
                violation_error_code=ErrorCode.DATES_ORDER,
            )
        ]

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """A line of the year's defense budget: planned against spent, in đồng."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="budget_lines")
    section = models.CharField(_("lĩnh vực"), max_length=20, choices=Section.choices)
    description = models.CharField(_("nội dung chi"), max_length=300)
    planned = models.DecimalField(_("dự toán (đồng)"), max_digits=16, decimal_places=0)
    spent = models.DecimalField(_("đã chi (đồng)"), max_digits=16, decimal_places=0, default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["plan", "section", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned__gte=0) & Q(spent__gte=0),
                name="budget_amounts_not_negative",
                violation_error_message=_("Số tiền không được âm."),
                violation_error_code=ErrorCode.AMOUNT_NEGATIVE,
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent


class DataApproval(models.Model):
    """Where a unit's figures for a year stand: being updated, declared complete by the unit,
    or locked by the level above (``rules.approval``); a lock keeps ``snapshots``."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.OPEN,
    )
    completed_at = models.DateTimeField(_("ngày báo hoàn thành"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("ngày khóa"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unlocked_at = models.DateTimeField(_("ngày mở khóa"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phê duyệt số liệu")
        verbose_name_plural = _("phê duyệt số liệu")
        ordering = ["-year", "unit__path"]
        constraints = [
            _unique(
                ["unit", "year"],
                "approval_unit_year_unique",
                _("Đơn vị đã có bản ghi phê duyệt số liệu năm này."),
                ErrorCode.APPROVAL_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.get_status_display()}"


class IndicatorSnapshot(models.Model):
    """One figure as it stood when the approval was locked: the report issued from it stays
    the same whatever the registries say later. ``value`` NULL means not applicable;
    ``places`` is the computed value's decimal places (NULL for a count), so 97.6% reads back
    as 97.6, not 97.6000. Label and unit of measure are kept for an indicator since removed."""

    unit_field = "unit"

    approval = models.ForeignKey(DataApproval, models.CASCADE, related_name="snapshots")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    indicator_code = models.CharField(_("mã chỉ số"), max_length=100)
    label = models.CharField(_("chỉ số"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    better = models.CharField(max_length=6, default="higher")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True)
    places = models.PositiveSmallIntegerField(null=True)
    target = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2, null=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu đã khóa")
        verbose_name_plural = _("số liệu đã khóa")
        ordering = ["approval", "order", "unit__path"]
        constraints = [
            _unique(
                ["approval", "unit", "indicator_code"],
                "snapshot_approval_unit_code_unique",
                _("Số liệu đã khóa bị trùng."),
                ErrorCode.SNAPSHOT_DUPLICATE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.indicator_code}: {self.value}"


class FigureInputs(models.Model):
    """How many times the registries the indicators read have changed since the first write:
    a row counted up after every committed write (``planning.stored``; a second row counts
    the plans' writes, ``PLANS_ROW``). A figure stored at
    an older count may differ from the registries now and is computed again."""

    ROW = 1
    """The primary key of the row counting the indicators' inputs."""
    PLANS_ROW = 2
    """The primary key of the row counting the writes to the plans, targets, locks, weights
    and written limitations a review reads besides the figures (``generation``)."""

    generation = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("lượt thay đổi dữ liệu chỉ số")
        verbose_name_plural = _("lượt thay đổi dữ liệu chỉ số")

    def __str__(self) -> str:
        return str(self.generation)


class StoredFigure(models.Model):
    """One indicator of a finished year over a unit's territory that year, as computed at
    ``computed_at`` from the registries as they stood at ``generation`` (``planning.stored``):
    the dashboard's earlier years read it instead of recomputing them. Unlike a lock's
    snapshot it follows the registries: a later write makes it stale and it is computed again.
    ``value`` NULL is no figure; ``places`` as in ``IndicatorSnapshot``."""

    derived_from_inputs = True  # computed from the registries: writing it changes no plan

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator_code = models.CharField(_("mã chỉ số"), max_length=100)
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True)
    places = models.PositiveSmallIntegerField(null=True)
    generation = models.PositiveBigIntegerField()
    computed_at = models.DateTimeField(_("thời điểm tính"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("số liệu năm trước đã tính")
        verbose_name_plural = _("số liệu năm trước đã tính")
        ordering = ["year", "unit__path", "indicator_code"]
        constraints = [
            _unique(
                ["unit", "year", "indicator_code"],
                "stored_figure_unit_year_code_unique",
                _("Số liệu năm trước bị trùng."),
                ErrorCode.STORED_FIGURE_DUPLICATE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.indicator_code}: {self.value}"


class RankingWeight(models.Model):
    """The weight a city gives an indicator when scoring its wards for emulation."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator_code = models.CharField(_("mã chỉ số"), max_length=100)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("trọng số xếp hạng")
        verbose_name_plural = _("trọng số xếp hạng")
        ordering = ["year", "unit__path", "indicator_code"]
        constraints = [
            _unique(
                ["unit", "year", "indicator_code"],
                "ranking_weight_unit_year_code_unique",
                _("Chỉ số này đã có trọng số trong năm."),
                ErrorCode.WEIGHT_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="ranking_weight_not_negative",
                violation_error_message=_("Trọng số không được âm."),
                violation_error_code=ErrorCode.WEIGHT_NEGATIVE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.indicator_code}: {self.weight}"


class RankingTieBreak(models.Model):
    """The indicator a commander chose to order wards whose scores are equal.

    Without one, equal scores stay ties (đồng hạng) and every ward tied within the proposal
    places is proposed: no order by name or by code is ever presented as a ranking.
    """

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator_code = models.CharField(_("chỉ số phân định đồng hạng"), max_length=100)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cách phân định đồng hạng")
        verbose_name_plural = _("cách phân định đồng hạng")
        ordering = ["year", "unit__path", "pk"]
        constraints = [
            _unique(
                ["unit", "year"],
                "ranking_tie_break_unit_year_unique",
                _("Đơn vị đã chọn cách phân định đồng hạng cho năm này."),
                ErrorCode.TIE_BREAK_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.indicator_code}"


class WrittenLimitations(models.Model):
    """The review's "Tồn tại, hạn chế" as the unit's officer wrote it for a year.

    The report generates the section from the figures behind target; an officer starts from
    those lines, adds what figures do not show (causes, shortcomings of the work) and saves
    them here. Once saved, the DOCX, PDF and JSON print this text instead of the generated one.
    """

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    text = models.TextField(_("tồn tại, hạn chế"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tồn tại, hạn chế")
        verbose_name_plural = _("tồn tại, hạn chế")
        ordering = ["year", "unit__path", "pk"]
        constraints = [
            _unique(
                ["unit", "year"],
                "written_limitations_unit_year_unique",
                _("Đơn vị đã có phần tồn tại, hạn chế của năm này."),
                ErrorCode.LIMITATIONS_EXIST,
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {_('tồn tại, hạn chế')}"

    @property
    def lines(self) -> list[str]:
        """The text's non-blank lines: one item of the report each."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]
