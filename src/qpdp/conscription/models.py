"""Records of the annual call-up: cycles, quotas, registrations, health results, deferral and
exemption decisions, council meetings and their resolutions, council reviews, call-up orders,
their handover outcome and the soldier's discharge; and two facts about a person that hold
across cycles: the Art. 13 measures that bar him, and the service recognised without enlistment
(Art. 4.4).

Every record belongs to a unit (``unit_field``) and is scoped through ``ScopedQuerySet``; the law
lives in ``rules`` and the workflow in ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.conscription import rules
from qpdp.conscription.error_codes import ErrorCode
from qpdp.conscription.rules import (
    CouncilStep,
    DecisionKind,
    DischargeKind,
    MeasureKind,
    PoolState,
    RecognitionGround,
)
from qpdp.core.access import ScopedQuerySet
from qpdp.core.units import Unit
from qpdp.people.models import Person


class HandoverAdjustment(models.TextChoices):
    """Why a locality's call-up moved out of February and March (Art. 33)."""

    NONE = "", _("Không điều chỉnh")
    DISASTER = "disaster", _("Thảm họa thiên tai")
    EPIDEMIC = "epidemic", _("Dịch bệnh nguy hiểm")


class CallUpCycle(models.Model):
    """An intake (đợt tuyển quân): the year's call, or a second call, run by one unit; a first
    call handed over outside February and March names its Art. 33 adjustment and reason."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    year = models.PositiveSmallIntegerField(_("năm gọi nhập ngũ"))
    sequence = models.PositiveSmallIntegerField(_("đợt"), default=1)
    list_date = models.DateField(_("ngày lập danh sách nam đủ 17 tuổi"))
    registration_date = models.DateField(_("ngày đăng ký lần đầu"))
    exam_start = models.DateField(_("khám sức khỏe từ ngày"))
    exam_end = models.DateField(_("khám sức khỏe đến ngày"))
    handover_date = models.DateField(_("ngày giao quân"))
    calls_women = models.BooleanField(
        _("gọi công dân nữ tình nguyện"),
        default=False,
        help_text=_("Chỉ khi quân đội có nhu cầu (khoản 2 Điều 6 Luật Nghĩa vụ quân sự)."),
    )
    handover_adjustment = models.CharField(
        _("điều chỉnh thời gian giao quân"),
        max_length=10,
        choices=HandoverAdjustment.choices,
        blank=True,
        default=HandoverAdjustment.NONE,
    )
    handover_adjustment_reason = models.CharField(
        _("lý do điều chỉnh thời gian giao quân"), max_length=250, blank=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt tuyển quân")
        verbose_name_plural = _("đợt tuyển quân")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sequence"],
                name="cycle_unit_year_sequence_unique",
                violation_error_message=_("Đơn vị này đã có đợt tuyển quân cùng năm và số đợt."),
                violation_error_code=ErrorCode.CYCLE_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(registration_date__gte=F("list_date"))
                & Q(exam_start__lte=F("exam_end"))
                & Q(exam_end__lt=F("handover_date")),
                name="cycle_dates_ordered",
                violation_error_message=_(
                    "Các mốc của đợt phải theo thứ tự: lập danh sách, đăng ký, khám sức khỏe, "
                    "giao quân."
                ),
                violation_error_code=ErrorCode.CYCLE_DATES_ORDER,
            ),
            models.CheckConstraint(
                condition=Q(handover_adjustment="", handover_adjustment_reason="")
                | (~Q(handover_adjustment="") & ~Q(handover_adjustment_reason="")),
                name="cycle_adjustment_has_reason",
                violation_error_message=_(
                    "Điều chỉnh thời gian giao quân phải ghi cả nguyên nhân (thảm họa thiên tai, "
                    "dịch bệnh nguy hiểm) và lý do."
                ),
                violation_error_code=ErrorCode.HANDOVER_ADJUSTMENT_INCOMPLETE,
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Tuyển quân năm')} {self.year}" + (
            f" ({_('đợt')} {self.sequence})" if self.sequence > 1 else ""
        )

    @property
    def regime(self) -> rules.Regime:
        return rules.cycle_regime(self.handover_date)


class Quota(models.Model):
    """The number to call assigned to a unit for a cycle, top-down through the regime's levels."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    number = models.PositiveIntegerField(_("chỉ tiêu"))
    assigned_on = models.DateField(_("ngày giao"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu gọi nhập ngũ")
        verbose_name_plural = _("chỉ tiêu gọi nhập ngũ")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                name="quota_cycle_unit_unique",
                violation_error_message=_("Đơn vị đã được giao chỉ tiêu trong đợt này."),
                violation_error_code=ErrorCode.QUOTA_EXISTS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.number}"


class Registration(models.Model):
    """A citizen's first military-service registration (Art. 16): once in a lifetime."""

    unit_field = "unit"

    person = models.OneToOneField(
        Person, models.CASCADE, related_name="registration", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("nơi đăng ký"))
    registered_on = models.DateField(_("ngày đăng ký"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    number = models.CharField(_("số đăng ký"), max_length=30)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký nghĩa vụ quân sự lần đầu")
        verbose_name_plural = _("đăng ký nghĩa vụ quân sự lần đầu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "number"],
                name="registration_number_unique",
                violation_error_message=_("Số đăng ký này đã dùng ở đơn vị."),
                violation_error_code=ErrorCode.REGISTRATION_NUMBER_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.number}"


class HealthKind(models.TextChoices):
    PRE_SCREENING = "pre", _("Sơ tuyển")
    EXAMINATION = "exam", _("Khám tuyển")


class HealthResult(models.Model):
    """A pre-screening or examination result (Circular 105/2023): class 1–6 and exclusions."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="health_results")
    person = models.ForeignKey(Person, models.CASCADE, related_name="health_results")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    kind = models.CharField(_("loại"), max_length=4, choices=HealthKind.choices)
    examined_on = models.DateField(_("ngày khám"))
    health_class = models.PositiveSmallIntegerField(_("phân loại sức khỏe"))
    drug_addicted = models.BooleanField(_("nghiện ma túy, tiền chất"), default=False)
    myopia_dioptres = models.DecimalField(
        _("cận thị (đi-ốp)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    hyperopia = models.BooleanField(_("viễn thị"), default=False)
    bmi = models.DecimalField(
        _("chỉ số BMI"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    notes = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả sức khỏe")
        verbose_name_plural = _("kết quả sức khỏe")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person", "kind"],
                name="health_once_per_kind",
                violation_error_message=_("Công dân đã có kết quả loại này trong đợt."),
                violation_error_code=ErrorCode.HEALTH_RESULT_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(health_class__gte=1, health_class__lte=6),
                name="health_class_1_to_6",
                violation_error_message=_("Phân loại sức khỏe phải từ 1 đến 6."),
                violation_error_code=ErrorCode.HEALTH_CLASS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {_('loại')} {self.health_class}"


class ExamCall(models.Model):
    """The call to pre-screening or examination as delivered to a citizen: it must reach him
    15 days before the day it names (Art. 40.3)."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="exam_calls")
    person = models.ForeignKey(
        Person, models.CASCADE, related_name="exam_calls", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    kind = models.CharField(_("gọi"), max_length=4, choices=HealthKind.choices)
    exam_on = models.DateField(_("ngày có mặt khám"))
    delivered_on = models.DateField(_("ngày giao cho công dân"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("giấy gọi khám sức khỏe")
        verbose_name_plural = _("giấy gọi khám sức khỏe")
        ordering = ["cycle", "exam_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person", "kind"],
                name="exam_call_once_per_kind",
                violation_error_message=_("Công dân đã có giấy gọi loại này trong đợt."),
                violation_error_code=ErrorCode.EXAM_CALL_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__lte=F("exam_on")),
                name="exam_call_delivered_before_exam",
                violation_error_message=_("Giấy gọi phải giao trước ngày khám."),
                violation_error_code=ErrorCode.EXAM_CALL_NOTICE_LATE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} {self.exam_on:%d/%m/%Y}"


class ResultsPosting(models.Model):
    """The posting of a ward's examination results at the commune office and on its portal,
    within 20 days (Art. 40.6)."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="results_postings")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    posted_on = models.DateField(_("ngày niêm yết"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("niêm yết kết quả khám sức khỏe")
        verbose_name_plural = _("niêm yết kết quả khám sức khỏe")
        ordering = ["cycle", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                name="results_posted_once",
                violation_error_message=_("Kết quả khám của đơn vị này đã được niêm yết."),
                violation_error_code=ErrorCode.RESULTS_POSTING_EXISTS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.unit}: {self.posted_on:%d/%m/%Y}"


class Decision(models.Model):
    """A deferral or exemption (Art. 41): proposed by the commune council, decided by the
    authority of the regime (district chair before 01/07/2025, provincial chair since)."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="decisions")
    person = models.ForeignKey(Person, models.CASCADE, related_name="callup_decisions")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    kind = models.CharField(
        _("loại"), max_length=10, choices=[(k.value, k.label) for k in DecisionKind]
    )
    ground = models.CharField(_("lý do (điểm, Điều 41)"), max_length=3)
    evidence = models.CharField(_("giấy tờ chứng minh"), max_length=250)
    until = models.DateField(_("tạm hoãn đến ngày"), null=True, blank=True)
    higher_education = models.BooleanField(_("học cao đẳng, đại học hệ chính quy"), default=False)
    proposed_on = models.DateField(_("ngày đề nghị"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định tạm hoãn, miễn gọi nhập ngũ")
        verbose_name_plural = _("quyết định tạm hoãn, miễn gọi nhập ngũ")
        constraints = [
            models.CheckConstraint(
                condition=~Q(ground=""),
                name="decision_has_ground",
                violation_error_message=_("Phải ghi lý do (điểm của Điều 41)."),
                violation_error_code=ErrorCode.GROUND_REQUIRED,
            ),
            models.CheckConstraint(
                condition=~Q(kind="deferral") | Q(until__isnull=False),
                name="deferral_has_end",
                violation_error_message=_("Tạm hoãn phải có ngày hết lý do."),
                violation_error_code=ErrorCode.DEFERRAL_UNTIL_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True, decided_by__isnull=True)
                | Q(decided_on__gte=F("proposed_on"), decided_by__isnull=False),
                name="decision_decided_after_proposal",
                violation_error_message=_(
                    "Quyết định phải có ngày, người quyết định và không trước ngày đề nghị."
                ),
                violation_error_code=ErrorCode.DECIDED_BEFORE_PROPOSAL,
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=F("proposed_on")),
                name="decision_ends_after_proposal",
                violation_error_message=_("Ngày hết lý do phải sau ngày đề nghị."),
                violation_error_code=ErrorCode.UNTIL_BEFORE_PROPOSAL,
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(until__gte=F("decided_on")),
                name="decision_ends_after_decided",
                violation_error_message=_("Ngày hết lý do không được trước ngày quyết định."),
                violation_error_code=ErrorCode.GROUND_EXPIRED,
            ),
            models.CheckConstraint(
                condition=Q(higher_education=False) | Q(kind="deferral", ground="g"),
                name="higher_education_only_ground_g",
                violation_error_message=_(
                    "Chỉ tạm hoãn theo điểm g (đang học) mới ghi là học cao đẳng, đại học."
                ),
                violation_error_code=ErrorCode.HIGHER_EDUCATION_GROUND,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.ground})"

    def as_rule(self) -> rules.Decision | None:
        """The decision as the rules read it; a proposal not yet decided counts for nothing."""
        if self.decided_on is None:
            return None
        return rules.Decision(
            DecisionKind(self.kind),
            self.ground,
            self.decided_on,
            until=self.until,
            higher_education=self.higher_education,
        )


class Review(models.Model):
    """The council's review of a commune's lists for a cycle, approved by the regime's authority."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    approved_on = models.DateField(_("ngày phê duyệt"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    posted_from = models.DateField(_("niêm yết từ ngày"))
    posted_until = models.DateField(_("niêm yết đến ngày"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xét duyệt")
        verbose_name_plural = _("xét duyệt")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit"],
                name="review_once",
                violation_error_message=_("Danh sách của đơn vị này đã được phê duyệt."),
                violation_error_code=ErrorCode.REVIEW_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(posted_from__gte=F("approved_on"))
                & Q(posted_until__gte=F("posted_from")),
                name="review_posting_ordered",
                violation_error_message=_("Thời gian niêm yết phải sau ngày phê duyệt."),
                violation_error_code=ErrorCode.POSTED_BEFORE_APPROVAL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.unit}"


class CouncilMeeting(models.Model):
    """A Military Service Council's meeting on a cycle's lists and the resolution it voted: the
    commune council reviewing its commune's lists (Art. 39.2), or the council of the approving
    chair's level proposing communes' lists (Art. 34.3). It passes with more than half of all
    members for it (Art. 36.3, ``rules.resolution_passes``)."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="council_meetings")
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("hội đồng nghĩa vụ quân sự cấp")
    )
    step = models.CharField(_("nội dung họp"), max_length=10, choices=CouncilStep.choices)
    held_on = models.DateField(_("ngày họp"))
    members_total = models.PositiveSmallIntegerField(_("tổng số thành viên hội đồng"))
    members_present = models.PositiveSmallIntegerField(_("số thành viên có mặt"))
    votes_for = models.PositiveSmallIntegerField(_("số tán thành"))
    votes_against = models.PositiveSmallIntegerField(_("số không tán thành"))
    resolution_number = models.CharField(_("số nghị quyết"), max_length=40, blank=True)
    content = models.CharField(_("nội dung nghị quyết"), max_length=1000)
    communes = models.ManyToManyField(
        Unit, related_name="+", verbose_name=_("danh sách của xã, phường")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc họp hội đồng nghĩa vụ quân sự")
        verbose_name_plural = _("cuộc họp hội đồng nghĩa vụ quân sự")
        ordering = ["cycle", "unit__path", "held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(members_total__gte=1),
                name="council_has_members",
                violation_error_message=_("Hội đồng phải có ít nhất một thành viên."),
                violation_error_code=ErrorCode.COUNCIL_MEMBERS_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(members_present__lte=F("members_total")),
                name="council_present_within_members",
                violation_error_message=_(
                    "Số thành viên có mặt không được nhiều hơn tổng số thành viên hội đồng."
                ),
                violation_error_code=ErrorCode.COUNCIL_PRESENT_OVER_TOTAL,
            ),
            models.CheckConstraint(
                condition=Q(votes_for__lte=F("members_present") - F("votes_against")),
                name="council_votes_within_present",
                violation_error_message=_(
                    "Tổng số tán thành và không tán thành không được nhiều hơn số thành viên "
                    "có mặt."
                ),
                violation_error_code=ErrorCode.COUNCIL_VOTES_OVER_PRESENT,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_step_display()} ({self.held_on:%d/%m/%Y})"

    @property
    def passed(self) -> bool:
        return rules.resolution_passes(self.votes_for, self.members_total)


class Outcome(models.TextChoices):
    PENDING = "pending", _("Chờ giao quân")
    HANDED_OVER = "handed_over", _("Đã giao quân")
    FAILED = "failed", _("Không có mặt")
    CANCELLED = "cancelled", _("Đã hủy")


class CallUpOrder(models.Model):
    """A call-up order (lệnh gọi nhập ngũ, district-issued, until 06/2025) or call-up decision
    (quyết định gọi nhập ngũ, commune-issued, since 07/2025), numbered per issuer and year, and
    the outcome at the handover."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="orders")
    person = models.ForeignKey(Person, models.PROTECT, related_name="callup_orders")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    issuer = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("cơ quan ra lệnh")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    issued_on = models.DateField(_("ngày ký"))
    report_on = models.DateField(_("ngày có mặt"))
    report_place = models.CharField(_("địa điểm có mặt"), max_length=200)
    delivered_on = models.DateField(_("ngày giao cho công dân"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gọi thay cho"),
    )
    outcome = models.CharField(
        _("kết quả"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    handed_over_on = models.DateField(_("ngày giao quân"), null=True, blank=True)
    receiving_unit = models.CharField(_("đơn vị nhận quân"), max_length=200, blank=True)
    failure_reason = models.CharField(_("lý do không có mặt"), max_length=250, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lệnh (quyết định) gọi nhập ngũ")
        verbose_name_plural = _("lệnh (quyết định) gọi nhập ngũ")
        ordering = ["issuer", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                name="order_number_unique",
                violation_error_message=_("Số lệnh này đã được dùng trong năm."),
                violation_error_code=ErrorCode.ORDER_NUMBER_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["cycle", "person"],
                condition=~Q(outcome="cancelled"),
                name="one_live_order_per_person",
                violation_error_message=_("Công dân đã có lệnh gọi nhập ngũ trong đợt này."),
                violation_error_code=ErrorCode.ORDER_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="order_number_positive",
                violation_error_message=_("Số lệnh gọi phải từ 1 trở lên."),
                violation_error_code=ErrorCode.ORDER_NUMBER_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(report_on__gte=F("issued_on")),
                name="order_reports_after_issue",
                violation_error_message=_("Ngày có mặt không được trước ngày ký."),
                violation_error_code=ErrorCode.REPORT_BEFORE_ORDER,
            ),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True) | Q(delivered_on__gte=F("issued_on")),
                name="order_delivered_after_issue",
                violation_error_message=_("Ngày giao cho công dân không được trước ngày ký."),
                violation_error_code=ErrorCode.ORDER_DELIVERED_BEFORE_ISSUE,
            ),
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True) | Q(handed_over_on__gte=F("issued_on")),
                name="order_handover_after_issue",
                violation_error_message=_("Ngày giao quân không được trước ngày ký lệnh gọi."),
                violation_error_code=ErrorCode.HANDOVER_BEFORE_ORDER,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.person}"


class Discharge(models.Model):
    """The discharge (xuất ngũ) of a citizen handed over on a call-up order: the day, the kind
    (Art. 43.1 at the end of the term, 43.2 before it, with the reason) and the unit's decision,
    which the reserve registration's dossier holds a copy of (Decree 13/2016 Art. 5). The months
    served are counted from the order's handover day (Art. 22), never typed. Kept by the ward of
    the order."""

    unit_field = "unit"

    order = models.OneToOneField(
        CallUpOrder,
        models.PROTECT,
        related_name="discharge",
        verbose_name=_("lệnh (quyết định) gọi nhập ngũ"),
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    discharged_on = models.DateField(_("ngày xuất ngũ"))
    kind = models.CharField(_("hình thức xuất ngũ"), max_length=12, choices=DischargeKind.choices)
    reason = models.CharField(_("lý do xuất ngũ trước thời hạn"), max_length=250, blank=True)
    decision_number = models.CharField(_("số quyết định xuất ngũ"), max_length=40)
    decision_date = models.DateField(_("ngày quyết định xuất ngũ"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("xuất ngũ")
        verbose_name_plural = _("xuất ngũ")
        ordering = ["-discharged_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="early") | ~Q(reason=""),
                name="discharge_early_has_reason",
                violation_error_message=_("Xuất ngũ trước thời hạn phải ghi lý do."),
                violation_error_code=ErrorCode.DISCHARGE_REASON_REQUIRED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.person}: {_('xuất ngũ')} {self.discharged_on:%d/%m/%Y}"

    @property
    def service(self) -> rules.Service:
        """Time served from the handover day to the discharge (Art. 22)."""
        handed_over_on = self.order.handed_over_on
        assert handed_over_on is not None  # the service records only handed-over orders
        return rules.service_length(handed_over_on, self.discharged_on)


class Volunteering(models.Model):
    """A citizen's application to serve in a cycle: a woman (Art. 6.2, called only when the
    cycle calls women), or a deferred or exempt man (Art. 41.3), then considered for selection."""

    unit_field = "unit"

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="volunteers")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="callup_volunteering", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    applied_on = models.DateField(_("ngày làm đơn"))
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn tình nguyện nhập ngũ")
        verbose_name_plural = _("đơn tình nguyện nhập ngũ")
        ordering = ["cycle", "applied_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "person"],
                name="volunteering_once_per_cycle",
                violation_error_message=_("Công dân đã có đơn tình nguyện trong đợt này."),
                violation_error_code=ErrorCode.VOLUNTEERING_EXISTS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.cycle}"


class BarringMeasure(models.Model):
    """A measure of Art. 13.1 applied to a citizen (prosecution, a sentence, an administrative
    measure, the loss of the right to serve): while it lasts he is neither registered nor called
    (Art. 13.2). Kept by the ward the citizen lives in when it is recorded."""

    unit_field = "unit"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="barring_measures", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    kind = models.CharField(_("biện pháp"), max_length=24, choices=MeasureKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=40)
    document_date = models.DateField(_("ngày văn bản"))
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("biện pháp không đăng ký, không gọi nhập ngũ (Điều 13)")
        verbose_name_plural = _("biện pháp không đăng ký, không gọi nhập ngũ (Điều 13)")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="measure_ends_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
                violation_error_code=ErrorCode.MEASURE_ENDS_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"

    def as_rule(self) -> rules.Measure:
        return rules.Measure(self.starts_on, self.ends_on)


class ServiceRecognition(models.Model):
    """The decision recognising a citizen as having completed active service without enlisting
    (Art. 4.4: standing militia, commune police, reserve officers, economic-defence units,
    fisheries control ships): from its date he is no longer called (Art. 42.2)."""

    unit_field = "unit"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="service_recognitions", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường"))
    ground = models.CharField(_("trường hợp"), max_length=20, choices=RecognitionGround.choices)
    months_served = models.PositiveSmallIntegerField(_("số tháng phục vụ"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"))
    decision_number = models.CharField(_("số quyết định"), max_length=40)
    signer = models.CharField(_("người ký"), max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("công nhận hoàn thành nghĩa vụ quân sự tại ngũ")
        verbose_name_plural = _("công nhận hoàn thành nghĩa vụ quân sự tại ngũ")
        ordering = ["-recognised_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                name="recognition_once_per_person",
                violation_error_message=_(
                    "Công dân đã được công nhận hoàn thành nghĩa vụ quân sự tại ngũ."
                ),
                violation_error_code=ErrorCode.RECOGNITION_EXISTS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_ground_display()}"


class PoolSnapshot(models.Model):
    """A ward's pool as evaluated on one day, stored so that its page reads states instead of
    re-running the rules over every citizen of call-up age (issue 15: 1.3 s at a million people).

    One per cycle and ward: a page asking for another day rebuilds it. Every write to what the
    rules read refreshes the people it names (``services.pool_store``); bulk writes (imports,
    restores, reforms of the unit tree) drop the snapshots, which the next page rebuilds.
    ``refreshed_at`` is shown on the page, so the officer sees when the states were computed.
    """

    derived_from_inputs = True  # computed from the registries: writing it changes no input

    cycle = models.ForeignKey(CallUpCycle, models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    on = models.DateField(_("tính đến ngày"))
    refreshed_at = models.DateTimeField(_("cập nhật lúc"))
    # How many standings are in each state, kept with them: the page's counts without a
    # GROUP BY over the ward's pool (20 ms of a 45,000-person ward on every view).
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("trạng thái nguồn đã tính")
        verbose_name_plural = _("trạng thái nguồn đã tính")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "unit"], name="pool_snapshot_per_ward"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.unit} · {self.on:%d/%m/%Y}"


class PoolStanding(models.Model):
    """One citizen's state in a stored pool, with the roster key the page sorts by (a copy:
    a rename is a write to the person, which refreshes the row)."""

    derived_from_inputs = True

    snapshot = models.ForeignKey(PoolSnapshot, models.CASCADE, related_name="standings")
    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=PoolState.choices)
    roster_key = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "person"], name="pool_standing_once_per_snapshot"
            ),
        ]
        indexes = [
            models.Index(fields=["snapshot", "roster_key", "person"], name="pool_standing_roster"),
            models.Index(
                fields=["snapshot", "state", "roster_key", "person"], name="pool_standing_state"
            ),
            models.Index(fields=["person"], name="pool_standing_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_state_display()}"
