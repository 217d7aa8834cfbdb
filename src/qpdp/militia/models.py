"""Records of the militia and self-defense forces: units, members (a ``people.Person`` each, never
a copy), deferral and exemption decisions, training plans and attendance.

A unit is kept by a commune (dân quân), a host organisation (tự vệ: a ``Unit`` of kind
organisation under its commune) or the province; every record is scoped through that keeper, so
an enterprise's self-defense unit is seen by its commune and the levels above. The law lives in
``rules``, the workflow in ``services``.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import ScopedQuerySet
from qpdp.core.periods import in_force_on
from qpdp.core.units import Unit, UnitKind
from qpdp.militia import rules
from qpdp.militia.error_codes import ErrorCode
from qpdp.militia.rules import (
    DecisionAuthority,
    DutyDecisionKind,
    EndReason,
    EstablishingAuthority,
    ForceKind,
    Level,
    Post,
)
from qpdp.people.models import Person


class MilitiaUnitQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date) -> MilitiaUnitQuerySet:
        """Units set up by ``day`` and not dissolved by it."""
        return self.filter(in_force_on(day, "established_on", "dissolved_on"))


class MilitiaUnit(models.Model):
    """A militia or self-defense unit (Art. 15): its level, kind of force, the decision that set
    it up and its authorised strength (a configurable number: the law leaves head-counts to a
    Minister's circular, Art. 15.5)."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="militia_units", verbose_name=_("đơn vị quản lý")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc đơn vị"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    level = models.CharField(_("quy mô"), max_length=10, choices=Level.choices)
    force_kind = models.CharField(_("thành phần"), max_length=20, choices=ForceKind.choices)
    authorised_strength = models.PositiveSmallIntegerField(_("biên chế (người)"))
    established_on = models.DateField(_("ngày thành lập"))
    established_by = models.CharField(
        _("cấp quyết định thành lập"), max_length=24, choices=EstablishingAuthority.choices
    )
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=40)
    decision_signer = models.CharField(_("người ký"), max_length=120, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)

    objects = MilitiaUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị dân quân tự vệ")
        verbose_name_plural = _("đơn vị dân quân tự vệ")
        ordering = ["unit__path", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_strength__gte=1),
                name="militia_unit_strength_positive",
                violation_error_message=_("Biên chế phải từ 1 người trở lên."),
                violation_error_code=ErrorCode.UNIT_STRENGTH_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("established_on")),
                name="militia_unit_dissolved_after_established",
                violation_error_message=_("Ngày giải thể không được trước ngày thành lập."),
                violation_error_code=ErrorCode.UNIT_DISSOLVED_AFTER_ESTABLISHED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit.name})"

    @property
    def self_defense(self) -> bool:
        """Tự vệ: kept by an agency or enterprise, not by a commune (Art. 2.1)."""
        return self.unit.kind == UnitKind.ORGANISATION

    def commander_title(self) -> str:
        return str(rules.post_title(self.level, Post.COMMANDER))


class MembershipQuerySet(ScopedQuerySet):
    def active_on(self, day: dt.date) -> MembershipQuerySet:
        """Members serving on ``day``: joined by then and not yet left."""
        return self.filter(in_force_on(day, "joined_on", "ended_on"))


class Membership(models.Model):
    """A person's service in one unit: the joining decision, the term the law gives, its
    extension, and how it ended. A transfer ends one membership and starts the next, which keeps
    the term."""

    unit_field = "militia_unit__unit"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="militia_memberships", verbose_name=_("công dân")
    )
    militia_unit = models.ForeignKey(
        MilitiaUnit, models.PROTECT, related_name="memberships", verbose_name=_("đơn vị")
    )
    post = models.CharField(_("chức vụ"), max_length=10, choices=Post.choices, default=Post.MEMBER)
    volunteer = models.BooleanField(_("tự nguyện (quá độ tuổi nghĩa vụ)"), default=False)
    term_start = models.DateField(_("ngày bắt đầu thực hiện nghĩa vụ"))
    joined_on = models.DateField(_("ngày vào đơn vị"))
    term_end = models.DateField(_("ngày hết thời hạn"))
    decision_number = models.CharField(_("số quyết định"), max_length=40)
    decision_date = models.DateField(_("ngày quyết định"))
    decision_signer = models.CharField(_("người ký"), max_length=120)
    decided_by = models.CharField(
        _("cấp quyết định"), max_length=20, choices=DecisionAuthority.choices
    )
    extended_until = models.DateField(_("kéo dài đến ngày"), null=True, blank=True)
    extension_number = models.CharField(_("số quyết định kéo dài"), max_length=40, blank=True)
    extension_date = models.DateField(_("ngày quyết định kéo dài"), null=True, blank=True)
    ended_on = models.DateField(_("ngày thôi"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do thôi"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_ground = models.CharField(_("điểm (Điều 12)"), max_length=3, blank=True)
    end_decision_number = models.CharField(_("số quyết định thôi"), max_length=40, blank=True)
    end_decision_date = models.DateField(_("ngày quyết định thôi"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("dân quân tự vệ")
        verbose_name_plural = _("dân quân tự vệ")
        ordering = ["militia_unit", "person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="militia_one_open_membership",
                violation_error_message=_("Công dân đang ở một đơn vị dân quân tự vệ khác."),
                violation_error_code=ErrorCode.ONE_OPEN_MEMBERSHIP,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("joined_on")),
                name="militia_membership_ended_after_joining",
                violation_error_message=_("Ngày thôi không được trước ngày vào đơn vị."),
                violation_error_code=ErrorCode.MEMBERSHIP_ENDED_AFTER_JOINING,
            ),
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")) & Q(joined_on__gte=F("term_start")),
                name="militia_membership_term_ordered",
                violation_error_message=_(
                    "Ngày vào đơn vị và ngày hết thời hạn không được trước ngày bắt đầu nghĩa vụ."
                ),
                violation_error_code=ErrorCode.MEMBERSHIP_TERM_ORDERED,
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=F("term_end")),
                name="militia_membership_extension_later",
                violation_error_message=_("Ngày kéo dài phải sau ngày hết thời hạn."),
                violation_error_code=ErrorCode.MEMBERSHIP_EXTENSION_LATER,
            ),
        ]
        indexes = [
            models.Index(fields=["militia_unit", "ended_on"], name="militia_member_unit_idx"),
            models.Index(fields=["person", "joined_on"], name="militia_member_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.militia_unit.name}"

    @property
    def service_end(self) -> dt.date:
        """The last day of duty as decided: the term's end, or its extension."""
        return self.extended_until or self.term_end

    def post_title(self) -> str:
        return str(rules.post_title(self.militia_unit.level, self.post))


class DutyDecision(models.Model):
    """A deferral or exemption from militia duty (Art. 11), signed for the commune or the host
    organisation (Art. 11.4): the person is not selected while it holds, unless he volunteers on
    a ground that allows it (Art. 11.3)."""

    unit_field = "unit"

    person = models.ForeignKey(
        Person, models.PROTECT, related_name="militia_duty_decisions", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("xã, phường hoặc cơ quan, tổ chức")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=DutyDecisionKind.choices)
    ground = models.CharField(_("lý do (điểm, Điều 11)"), max_length=3)
    evidence = models.CharField(_("giấy tờ chứng minh"), max_length=250)
    decided_on = models.DateField(_("ngày quyết định"))
    until = models.DateField(_("tạm hoãn đến ngày"), null=True, blank=True)
    number = models.CharField(_("số quyết định"), max_length=40)
    signer = models.CharField(_("người ký"), max_length=120)
    decided_by = models.CharField(
        _("cấp quyết định"), max_length=20, choices=DecisionAuthority.choices
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tạm hoãn, miễn tham gia dân quân tự vệ")
        verbose_name_plural = _("tạm hoãn, miễn tham gia dân quân tự vệ")
        ordering = ["-decided_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=DutyDecisionKind.EXEMPTION, until__isnull=True)
                | Q(kind=DutyDecisionKind.DEFERRAL, until__gt=F("decided_on")),
                name="militia_deferral_has_later_end",
                violation_error_message=_(
                    "Tạm hoãn phải ghi ngày hết lý do, sau ngày quyết định; miễn thì không ghi."
                ),
                violation_error_code=ErrorCode.DEFERRAL_HAS_LATER_END,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.ground})"


class TrainingPlan(models.Model):
    """A year's training of one kind of force in a commune or organisation (Art. 28.1): the
    members of that kind are enrolled with the days the law sets for each."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức huấn luyện")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    force_kind = models.CharField(_("thành phần"), max_length=20, choices=ForceKind.choices)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch huấn luyện dân quân tự vệ")
        verbose_name_plural = _("kế hoạch huấn luyện dân quân tự vệ")
        ordering = ["-year", "unit__path", "force_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "force_kind"],
                name="militia_training_plan_unique",
                violation_error_message=_(
                    "Đơn vị đã có kế hoạch huấn luyện thành phần này trong năm."
                ),
                violation_error_code=ErrorCode.TRAINING_PLAN_UNIQUE,
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="militia_training_plan_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
                violation_error_code=ErrorCode.TRAINING_PLAN_DATES_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Huấn luyện')} {self.get_force_kind_display()} {self.year} — {self.unit.name}"


class Attendance(models.Model):
    """A member's training in a plan: the days he owes (Art. 28.1, fixed at enrolment) and the
    days he attended; complete when he attended them all."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(TrainingPlan, models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(
        Membership, models.PROTECT, related_name="attendances", verbose_name=_("dân quân tự vệ")
    )
    required_days = models.PositiveSmallIntegerField(_("số ngày phải huấn luyện"))
    attended_days = models.PositiveSmallIntegerField(_("số ngày đã huấn luyện"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả huấn luyện")
        verbose_name_plural = _("kết quả huấn luyện")
        ordering = ["plan", "membership__person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "membership"],
                name="militia_attendance_once_per_plan",
                violation_error_message=_("Dân quân tự vệ này đã có trong kế hoạch huấn luyện."),
                violation_error_code=ErrorCode.ATTENDANCE_ONCE_PER_PLAN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.person}: {self.attended_days}/{self.required_days}"

    @property
    def complete(self) -> bool:
        return self.attended_days >= self.required_days
