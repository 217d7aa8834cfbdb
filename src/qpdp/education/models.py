"""Defense and security education (bồi dưỡng kiến thức quốc phòng và an ninh): target groups,
the posts that put a person in a group, officials holding those posts, yearly plans, courses and
who attended them.

Target groups, posts and refresh periods are data (seeded by migration 0002 from the domain
brief, each row with its source), because the brief marks the post lists and the refresh
interval UNVERIFIED and the 2025 reform has not yet been reflected in a new decree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qpdp.core.access import ScopedQuerySet
from qpdp.core.dated import DatedParameter
from qpdp.core.units import Unit
from qpdp.education import rules
from qpdp.education.error_codes import ErrorCode
from qpdp.people.models import Person


class Level(models.TextChoices):
    """The levels of defense education councils (Law on Defense and Security Education, Art.
    44.1 as amended by Law 98/2025/QH15: central, military region, province, commune; the
    district level until 30/06/2025)."""

    CENTRAL = "central", _("Trung ương")
    MILITARY_REGION = "military_region", _("Quân khu")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện (đến 30/06/2025)")
    COMMUNE = "commune", _("Xã, phường")


class TargetGroup(models.Model):
    """A target group (đối tượng 1–4, village heads, …): who is convened, by which level, for a
    programme of how many periods (Decree 13/2014/NĐ-CP Art. 2 as amended by Decree
    139/2020/NĐ-CP; Circular 38/2014/TT-BQP for the periods)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên đối tượng"), max_length=200)
    convened_by = models.CharField(
        _("cấp triệu tập"), max_length=16, choices=Level.choices, blank=True
    )
    periods = models.PositiveSmallIntegerField(_("số tiết chương trình"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đối tượng bồi dưỡng")
        verbose_name_plural = _("đối tượng bồi dưỡng")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class RefreshPeriod(DatedParameter):
    """After how many years a group's certificate stops counting as current. No text sets a
    civilian refresher interval (brief addendum §3.4, UNVERIFIED): the province sets it here;
    ``years`` empty means "one course is enough" from ``valid_from``."""

    group = models.ForeignKey(
        TargetGroup, models.CASCADE, related_name="refresh_periods", verbose_name=_("đối tượng")
    )
    years = models.PositiveSmallIntegerField(_("số năm bồi dưỡng lại"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn bồi dưỡng lại")
        verbose_name_plural = _("thời hạn bồi dưỡng lại")
        ordering = ["group", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "valid_from"],
                name="education_refresh_once_per_day",
                violation_error_message=_("Đối tượng này đã có thời hạn áp dụng từ ngày đó."),
                violation_error_code=ErrorCode.REFRESH_ONCE_PER_DAY,
            ),
            models.CheckConstraint(
                condition=Q(years__isnull=True)
                | Q(years__gte=1, years__lte=rules.MAX_REFRESH_YEARS),
                name="education_refresh_years_range",
                violation_error_message=_("Số năm bồi dưỡng lại phải từ 1 đến 20."),
                violation_error_code=ErrorCode.REFRESH_YEARS_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.years or '—'} ({self.valid_from:%d/%m/%Y})"


class Post(models.Model):
    """A post (chức vụ) and the target group its holders belong to. Which group a ward post
    falls in after the 2025 reform is UNVERIFIED (brief addendum §3.1): the province edits
    these rows; ``source`` says where each mapping comes from."""

    name = models.CharField(_("chức vụ"), max_length=200, unique=True)
    group = models.ForeignKey(
        TargetGroup, models.PROTECT, related_name="posts", verbose_name=_("đối tượng")
    )
    source = models.TextField(_("căn cứ"))

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["group__order", "name"]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A person holding a post in a unit for a period: who must be trained. The group comes
    from the post when the post is in the list (``group_by_hand`` False), else the officer sets
    it."""

    unit_field = "unit"

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="education_posts", verbose_name=_("công dân")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    post = models.ForeignKey(
        Post, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chức vụ")
    )
    title = models.CharField(_("chức vụ (ghi cụ thể)"), max_length=200, blank=True)
    group = models.ForeignKey(
        TargetGroup, models.PROTECT, related_name="+", verbose_name=_("đối tượng")
    )
    group_by_hand = models.BooleanField(_("đối tượng do cán bộ xác định"), default=False)
    started_on = models.DateField(_("giữ chức vụ từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ thuộc diện bồi dưỡng")
        verbose_name_plural = _("cán bộ thuộc diện bồi dưỡng")
        ordering = ["unit", "group__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="education_official_period_ordered",
                violation_error_message=_("Ngày thôi giữ chức vụ không được trước ngày bắt đầu."),
                violation_error_code=ErrorCode.OFFICIAL_PERIOD_ORDERED,
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False) | ~Q(title=""),
                name="education_official_has_post",
                violation_error_message=_("Phải chọn chức vụ hoặc ghi chức vụ cụ thể."),
                violation_error_code=ErrorCode.OFFICIAL_HAS_POST,
            ),
        ]
        indexes = [models.Index(fields=["unit", "group"], name="education_official_unit_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.post or self.title}"


class EducationPlan(models.Model):
    """A unit's plan for a year: how many of each group its council trains or sends."""

    unit_field = "unit"

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch bồi dưỡng kiến thức quốc phòng và an ninh")
        verbose_name_plural = _("kế hoạch bồi dưỡng kiến thức quốc phòng và an ninh")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="education_plan_unit_year_unique",
                violation_error_message=_("Đơn vị đã có kế hoạch bồi dưỡng năm này."),
                violation_error_code=ErrorCode.PLAN_UNIT_YEAR_UNIQUE,
            )
        ]

    def __str__(self) -> str:
        return f"{_('Kế hoạch bồi dưỡng')} {self.year} — {self.unit}"


class PlanLine(models.Model):
    """How many of one group the plan trains, and by which course when it is known."""

    unit_field = "plan__unit"

    plan = models.ForeignKey(EducationPlan, models.CASCADE, related_name="lines")
    group = models.ForeignKey(
        TargetGroup, models.PROTECT, related_name="+", verbose_name=_("đối tượng")
    )
    number = models.PositiveIntegerField(_("số người"))
    course = models.ForeignKey(
        "Course",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lớp bồi dưỡng"),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu bồi dưỡng")
        verbose_name_plural = _("chỉ tiêu bồi dưỡng")
        ordering = ["plan", "group__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "group"],
                name="education_plan_line_once_per_group",
                violation_error_message=_("Kế hoạch đã có chỉ tiêu cho đối tượng này."),
                violation_error_code=ErrorCode.PLAN_LINE_ONCE_PER_GROUP,
            )
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.number}"


class Course(models.Model):
    """A course (lớp bồi dưỡng) organised by the council of ``unit`` for one group."""

    unit_field = "unit"

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="+", verbose_name=_("hội đồng GDQPAN cấp")
    )
    group = models.ForeignKey(
        TargetGroup, models.PROTECT, related_name="courses", verbose_name=_("đối tượng")
    )
    code = models.CharField(_("số hiệu lớp"), max_length=40)
    name = models.CharField(_("tên lớp"), max_length=250)
    organiser = models.CharField(_("cơ sở tổ chức"), max_length=200, blank=True)
    place = models.CharField(_("địa điểm"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lớp bồi dưỡng kiến thức quốc phòng và an ninh")
        verbose_name_plural = _("lớp bồi dưỡng kiến thức quốc phòng và an ninh")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                name="education_course_code_unique",
                violation_error_message=_("Số hiệu lớp này đã dùng ở đơn vị."),
                violation_error_code=ErrorCode.COURSE_CODE_UNIQUE,
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="education_course_dates_ordered",
                violation_error_message=_("Ngày kết thúc lớp không được trước ngày khai giảng."),
                violation_error_code=ErrorCode.COURSE_DATES_ORDERED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Result(models.TextChoices):
    PENDING = "pending", _("Chưa có kết quả")
    EXCELLENT = "excellent", _("Giỏi")
    GOOD = "good", _("Khá")
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")


PASSING = (Result.EXCELLENT, Result.GOOD, Result.PASSED)


class Attendance(models.Model):
    """A person on a course, sent by ``unit`` (the commune or body whose council sent them), with
    the result and the certificate number (giấy chứng nhận)."""

    unit_field = "unit"

    course = models.ForeignKey(Course, models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, models.PROTECT, related_name="education_courses", verbose_name=_("học viên")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("đơn vị cử"))
    result = models.CharField(
        _("kết quả"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=40, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("học viên lớp bồi dưỡng")
        verbose_name_plural = _("học viên lớp bồi dưỡng")
        ordering = ["course", "person__roster_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                name="education_attendance_once_per_course",
                violation_error_message=_("Học viên đã có trong danh sách lớp."),
                violation_error_code=ErrorCode.ATTENDANCE_ONCE_PER_COURSE,
            ),
            models.UniqueConstraint(
                fields=["course", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="education_certificate_unique",
                violation_error_message=_("Số giấy chứng nhận này đã cấp trong lớp."),
                violation_error_code=ErrorCode.CERTIFICATE_UNIQUE,
            ),
            models.CheckConstraint(
                condition=Q(certificate_number="") | Q(result__in=[r.value for r in PASSING]),
                name="education_certificate_only_when_passed",
                violation_error_message=_("Chỉ học viên đạt yêu cầu mới được cấp giấy chứng nhận."),
                violation_error_code=ErrorCode.CERTIFICATE_ONLY_WHEN_PASSED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.course.code}"
