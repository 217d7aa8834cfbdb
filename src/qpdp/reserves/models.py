"""Records of the mobilisation reserve: reserve soldiers (a ``people.Person`` each), reserve units,
assignments of soldiers to units, and readiness (concentrated training and readiness checks,
who was summoned and who reported).

A soldier belongs to the commune or agency that registered him (Reserve Law Art. 12, 2025); a
reserve unit to the commune or province that builds it; assignments and summonses are seen
through the soldier, so a ward sees its own soldiers wherever they are assigned.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import ScopedQuerySet
from qpdp.core.periods import in_force_on
from qpdp.core.units import Unit
from qpdp.people.models import Person
from qpdp.reserves.error_codes import ErrorCode
from qpdp.reserves.rules import (
    Category,
    DrillKind,
    Excuse,
    Rank,
    TransferAuthority,
    TransferReason,
    UnitLevel,
    UnitRole,
)


class SoldierQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date) -> SoldierQuerySet:
        """Soldiers registered by ``day`` and not yet transferred out."""
        return self.filter(in_force_on(day, "registered_on", "transferred_out_on"))


class ReserveSoldier(models.Model):
    """A reserve NCO or soldier: the service history Art. 24 classifies by, the class it gave (or
    the decision and reason where the law gives none), speciality and rank, and the transfer out
    of the reserve (Art. 29).

    A soldier discharged from a call-up order of QPĐP is registered by the call-up's discharge
    (``conscription.services.record_discharge``), with ``discharged_on`` from its record, and
    his page reads the record; ``discharged_on`` is typed for soldiers enlisted before QPĐP (no
    call-up order in the registry)."""

    unit_field = "unit"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="reserve_records", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("nơi đăng ký (xã, cơ quan)")
    )
    registered_on = models.DateField(_("ngày đăng ký ngạch dự bị"))
    discharged_on = models.DateField(_("ngày xuất ngũ, thôi phục vụ"), null=True, blank=True)
    category = models.CharField(_("hạng"), max_length=1, choices=Category.choices)
    category_ground = models.CharField(_("căn cứ xếp hạng"), max_length=12)
    category_reason = models.CharField(
        _("lý do xếp hạng (khi luật không quy định)"), max_length=250, blank=True
    )
    speciality = models.CharField(_("chuyên nghiệp quân sự"), max_length=120, blank=True)
    rank = models.CharField(_("cấp bậc"), max_length=10, choices=Rank.choices, blank=True)
    active_service_months = models.PositiveSmallIntegerField(_("số tháng tại ngũ"), default=0)
    served_in_combat = models.BooleanField(_("đã tham gia chiến đấu"), default=False)
    police_months = models.PositiveSmallIntegerField(_("số tháng phục vụ trong CAND"), default=0)
    commune_police_months = models.PositiveSmallIntegerField(
        _("số tháng liên tục trong Công an xã"), default=0
    )
    professional_soldier = models.BooleanField(_("đã là quân nhân chuyên nghiệp"), default=False)
    defence_worker = models.BooleanField(_("đã là công nhân, viên chức quốc phòng"), default=False)
    defence_worker_converted = models.BooleanField(
        _("công nhân, viên chức quốc phòng chuyển từ hạ sĩ quan, binh sĩ"), default=False
    )
    standing_militia_completed = models.BooleanField(
        _("đã hoàn thành nghĩa vụ dân quân thường trực"), default=False
    )
    militia_training_months = models.PositiveSmallIntegerField(
        _("số tháng huấn luyện tập trung khi là dân quân nòng cốt"), default=0
    )
    reserve_training_months = models.PositiveSmallIntegerField(
        _("số tháng huấn luyện tập trung khi là binh sĩ dự bị hạng hai"), default=0
    )
    transferred_out_on = models.DateField(_("ngày giải ngạch"), null=True, blank=True)
    transfer_reason = models.CharField(
        _("lý do giải ngạch"), max_length=10, choices=TransferReason.choices, blank=True
    )
    transfer_decided_by = models.CharField(
        _("cấp quyết định giải ngạch"), max_length=24, choices=TransferAuthority.choices, blank=True
    )
    transfer_decision_number = models.CharField(
        _("số quyết định giải ngạch"), max_length=40, blank=True
    )

    objects = SoldierQuerySet.as_manager()

    class Meta:
        verbose_name = _("quân nhân dự bị")
        verbose_name_plural = _("quân nhân dự bị")
        ordering = ["unit__path", "person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(transferred_out_on__isnull=True),
                name="reserve_one_open_record",
                violation_error_message=_("Công dân đã có trong danh sách quân nhân dự bị."),
                violation_error_code=ErrorCode.ONE_OPEN_RECORD,
            ),
            models.CheckConstraint(
                condition=Q(transferred_out_on__isnull=True)
                | Q(transferred_out_on__gte=F("registered_on")),
                name="reserve_transfer_after_registration",
                violation_error_message=_("Ngày giải ngạch không được trước ngày đăng ký."),
                violation_error_code=ErrorCode.TRANSFER_AFTER_REGISTRATION,
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "category"], name="reserve_soldier_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_category_display()})"


class ReserveUnitQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date) -> ReserveUnitQuerySet:
        return self.filter(in_force_on(day, "established_on", "dissolved_on"))


class ReserveUnit(models.Model):
    """A reserve unit a commune or the province builds (Reserve Law Art. 14, 19): its level,
    role (combat or combat support, Art. 17.2), speciality and authorised strength."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="reserve_units", verbose_name=_("địa phương xây dựng")
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    level = models.CharField(_("quy mô"), max_length=10, choices=UnitLevel.choices)
    role = models.CharField(_("loại đơn vị"), max_length=8, choices=UnitRole.choices)
    speciality = models.CharField(_("chuyên nghiệp quân sự"), max_length=120)
    authorised_strength = models.PositiveSmallIntegerField(_("biên chế (người)"))
    established_on = models.DateField(_("ngày thành lập"))
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)

    objects = ReserveUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị dự bị động viên")
        verbose_name_plural = _("đơn vị dự bị động viên")
        ordering = ["unit__path", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_strength__gte=1),
                name="reserve_unit_strength_positive",
                violation_error_message=_("Biên chế phải từ 1 người trở lên."),
                violation_error_code=ErrorCode.UNIT_STRENGTH_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("established_on")),
                name="reserve_unit_dissolved_after_established",
                violation_error_message=_("Ngày giải thể không được trước ngày thành lập."),
                violation_error_code=ErrorCode.UNIT_DISSOLVED_AFTER_ESTABLISHED,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date) -> AssignmentQuerySet:
        return self.filter(in_force_on(day, "assigned_on", "ended_on"))


class Assignment(models.Model):
    """A soldier placed in a reserve unit (Art. 16, 17): whether his speciality matches the
    unit's, and when it does not, the recorded reason for the nearest one."""

    unit_field = "soldier__unit"

    soldier = models.ForeignKey(
        ReserveSoldier, models.PROTECT, related_name="assignments", verbose_name=_("quân nhân")
    )
    reserve_unit = models.ForeignKey(
        ReserveUnit, models.PROTECT, related_name="assignments", verbose_name=_("đơn vị")
    )
    assigned_on = models.DateField(_("ngày sắp xếp"))
    post = models.CharField(_("chức vụ"), max_length=80, blank=True)
    speciality_matched = models.BooleanField(_("đúng chuyên nghiệp quân sự"))
    override_reason = models.CharField(
        _("lý do sắp xếp chuyên nghiệp gần nhất"), max_length=250, blank=True
    )
    ended_on = models.DateField(_("ngày rút khỏi đơn vị"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("sắp xếp quân nhân dự bị")
        verbose_name_plural = _("sắp xếp quân nhân dự bị")
        ordering = ["reserve_unit", "soldier__person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["soldier"],
                condition=Q(ended_on__isnull=True),
                name="reserve_one_open_assignment",
                violation_error_message=_("Quân nhân đang được sắp xếp ở một đơn vị khác."),
                violation_error_code=ErrorCode.ONE_OPEN_ASSIGNMENT,
            ),
            models.CheckConstraint(
                condition=Q(speciality_matched=True) | ~Q(override_reason=""),
                name="reserve_mismatch_has_reason",
                violation_error_message=_("Sắp xếp khác chuyên nghiệp quân sự phải ghi lý do."),
                violation_error_code=ErrorCode.MISMATCH_HAS_REASON,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("assigned_on")),
                name="reserve_assignment_end_after_start",
                violation_error_message=_("Ngày rút không được trước ngày sắp xếp."),
                violation_error_code=ErrorCode.ASSIGNMENT_END_AFTER_START,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soldier.person} — {self.reserve_unit.name}"


class Drill(models.Model):
    """A concentrated training or a mobilisation and combat readiness check (Art. 27.1; Reserve
    Law Art. 22): when, where and by when the summoned soldiers must report."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    reserve_unit = models.ForeignKey(
        ReserveUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="drills",
        verbose_name=_("đơn vị dự bị"),
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=DrillKind.choices)
    name = models.CharField(_("tên đợt"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    report_by = models.DateTimeField(_("có mặt trước"))
    place = models.CharField(_("địa điểm tập trung"), max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt huấn luyện, kiểm tra sẵn sàng động viên")
        verbose_name_plural = _("đợt huấn luyện, kiểm tra sẵn sàng động viên")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="reserve_drill_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
                violation_error_code=ErrorCode.DRILL_DATES_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%d/%m/%Y})"


class Summons(models.Model):
    """A soldier called to a drill: when he reported, or why he was absent (Art. 22.4.b)."""

    unit_field = "soldier__unit"

    drill = models.ForeignKey(Drill, models.CASCADE, related_name="summonses")
    soldier = models.ForeignKey(
        ReserveSoldier, models.PROTECT, related_name="summonses", verbose_name=_("quân nhân")
    )
    summoned_on = models.DateField(_("ngày gọi"))
    reported_at = models.DateTimeField(_("có mặt lúc"), null=True, blank=True)
    excuse = models.CharField(
        _("lý do vắng mặt"), max_length=10, choices=Excuse.choices, blank=True
    )
    confirmed_by = models.CharField(_("xác nhận của"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gọi tập trung")
        verbose_name_plural = _("gọi tập trung")
        ordering = ["drill", "soldier__person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["drill", "soldier"],
                name="reserve_summoned_once",
                violation_error_message=_("Quân nhân đã được gọi trong đợt này."),
                violation_error_code=ErrorCode.SUMMONED_ONCE,
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(excuse=""),
                name="reserve_reported_or_excused",
                violation_error_message=_("Đã có mặt thì không ghi lý do vắng mặt."),
                violation_error_code=ErrorCode.REPORTED_OR_EXCUSED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.soldier.person} — {self.drill}"

    @property
    def status(self) -> str:
        if self.reported_at is not None:
            return "reported"
        return "excused" if self.excuse else "absent"
